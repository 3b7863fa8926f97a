// Whether this device should get the lighter effects: forced with ?lowend=1, or turned on when
// the frame rate stays low. Pure: the arena scene counts its frames into it.

/** Below this many frames a second the match looks and feels worse than with fewer effects. */
export const LOW_END_FPS = 40;
/** Frames are counted over windows this long... */
const WINDOW_MS = 1000;
/** ...and this many low windows in a row turn the mode on: one slow moment (a load, a GC) does not. */
const LOW_WINDOWS = 3;
/** A window longer than this was a stall (a hidden tab, a paused debugger), not a slow device. */
const STALL_MS = 2 * WINDOW_MS;

export type LowEndReason = "forced" | "measured";

/** What the test hook and the network panel say of it. */
export interface LowEndReadout {
  on: boolean;
  reason: LowEndReason | null;
  /** Frames a second over the latest full window; null before one. */
  fps: number | null;
}

/** `?lowend=1` (or `true`) in the page's address forces the lighter effects. */
export function lowEndRequested(search: string): boolean {
  const value = new URLSearchParams(search).get("lowend");
  return value === "1" || value === "true";
}

/**
 * Counts rendered frames per second-long window; after LOW_WINDOWS windows in a row under
 * LOW_END_FPS it switches to low-end mode and stays there for the page's life (effects that
 * come and go would be worse than fewer effects). Costs an add and a compare per frame.
 */
export class LowEndMode {
  reason: LowEndReason | null;
  fps: number | null = null;
  private windowStart: number | null = null;
  private frames = 0;
  private lowWindows = 0;

  constructor(forced: boolean) {
    this.reason = forced ? "forced" : null;
  }

  get on(): boolean {
    return this.reason !== null;
  }

  /** Counts one rendered frame at `now` (ms); true when this frame turned the mode on. */
  frame(now: number): boolean {
    if (this.windowStart === null) {
      this.restart(now);
      return false;
    }
    this.frames++;
    const elapsed = now - this.windowStart;
    if (elapsed < WINDOW_MS) return false;
    const stalled = elapsed > STALL_MS;
    if (!stalled) this.fps = (this.frames * 1000) / elapsed;
    this.lowWindows = stalled ? 0 : this.fps! < LOW_END_FPS ? this.lowWindows + 1 : 0;
    this.restart(now);
    if (this.on || this.lowWindows < LOW_WINDOWS) return false;
    this.reason = "measured";
    return true;
  }

  /** Forget the window in progress (a new match starts after time in the menu). */
  resetWindow(): void {
    this.windowStart = null;
    this.lowWindows = 0;
  }

  /** For the network panel: why effects are reduced; null when they are not. */
  describe(): string | null {
    if (this.reason === "forced") return "reduced (?lowend=1)";
    if (this.reason === "measured") return `reduced (under ${LOW_END_FPS} fps)`;
    return null;
  }

  readout(): LowEndReadout {
    return { on: this.on, reason: this.reason, fps: this.fps };
  }

  private restart(now: number): void {
    this.windowStart = now;
    this.frames = 0;
  }
}
