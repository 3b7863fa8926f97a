import { INTERP_MAX_DELAY_MS, STEP_MS } from "../../../shared/constants.ts";

/** Snapshots remembered for the arrival statistics: about three seconds at 20 Hz. */
const WINDOW = 60;
/** Quantile of arrival lateness the delay covers: late outliers beyond it are extrapolated through. */
const LATENESS_QUANTILE = 0.95;
/** Safety on top of the measured need: one display frame at 120 Hz, in ticks. */
const MARGIN_TICKS = 8 / STEP_MS;
/** The drawn timeline runs at most this much faster or slower than real time while the delay adapts. */
const MAX_RATE_CHANGE = 0.1;
/** A delay this far off its target (after a clock jump) is set at once. */
const SNAP_TICKS = 10;
const MAX_BEHIND_NEWEST_TICKS = INTERP_MAX_DELAY_MS / STEP_MS;

/**
 * When to draw other players: a little in the past of the server clock, so that snapshots
 * (stamped with their server tick) are there on both sides of the drawn moment. The delay
 * adapts to what is measured: each snapshot's lateness (its arrival on the server clock minus
 * its tick), the largest tick spacing between snapshots, and the spread of lateness (jitter).
 * Behind the newest snapshot it is never more than INTERP_MAX_DELAY_MS.
 */
export class InterpolationTimeline {
  private readonly lateness: number[] = [];
  private readonly gaps: number[] = [];
  private lastTick = -1;
  private delayTicks = 0;
  private targetDelayTicks = 0;
  private lastRenderAt = NaN;
  private started = false;

  /** A snapshot stamped `tick` arrived when the server clock read `arrivalTick`. */
  onSnapshot(tick: number, arrivalTick: number): void {
    if (tick <= this.lastTick) return; // duplicate or out of order: nothing new to draw
    if (this.lastTick >= 0) push(this.gaps, tick - this.lastTick);
    this.lastTick = tick;
    push(this.lateness, arrivalTick - tick);
    const sorted = [...this.lateness].sort((a, b) => a - b);
    const base = sorted[0];
    const late = sorted[Math.floor(LATENESS_QUANTILE * (sorted.length - 1))];
    const behindNewest = Math.min(MAX_BEHIND_NEWEST_TICKS, Math.max(1, ...this.gaps) + (late - base) + MARGIN_TICKS);
    this.targetDelayTicks = base + behindNewest;
    if (!this.started || Math.abs(this.targetDelayTicks - this.delayTicks) > SNAP_TICKS) this.delayTicks = this.targetDelayTicks;
    this.started = true;
  }

  /** The (fractional) server tick to draw other players at, given the server clock now. */
  renderTick(serverTick: number, nowMs: number): number {
    const elapsed = nowMs - this.lastRenderAt;
    if (elapsed > 0) {
      const maxStep = (elapsed / STEP_MS) * MAX_RATE_CHANGE;
      this.delayTicks += Math.max(-maxStep, Math.min(maxStep, this.targetDelayTicks - this.delayTicks));
    }
    this.lastRenderAt = nowMs;
    return serverTick - this.delayTicks;
  }

  /** How far behind the newest snapshot's expected arrival players are drawn (ms): the interpolation delay. */
  get delayMs(): number {
    return (this.delayTicks - (this.lateness.length ? Math.min(...this.lateness) : 0)) * STEP_MS;
  }

  /** Spread of snapshot arrival lateness (ms) over the window: the jitter the delay covers. */
  get jitterMs(): number {
    if (this.lateness.length < 2) return 0;
    const sorted = [...this.lateness].sort((a, b) => a - b);
    return (sorted[Math.floor(LATENESS_QUANTILE * (sorted.length - 1))] - sorted[0]) * STEP_MS;
  }

  /** Newest snapshot tick seen. */
  get newestTick(): number {
    return this.lastTick;
  }

  /** Forget everything measured (a new room, a reconnection, a clock that jumped). */
  reset(): void {
    this.lateness.length = 0;
    this.gaps.length = 0;
    this.lastTick = -1;
    this.started = false;
    this.lastRenderAt = NaN;
  }
}

function push(window: number[], value: number): void {
  window.push(value);
  if (window.length > WINDOW) window.shift();
}
