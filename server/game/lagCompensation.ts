// Lag compensation for projectiles. A shooter sees other players `behind` ticks in the past
// (its round trip, the input playout and its interpolation delay). Its shot is judged on the
// shooter's timeline: each step of its flight is tested against target positions that far
// back. Up to MAX_REWIND_TICKS of that is rewound; beyond it, up to MAX_SHOT_ADVANCE_TICKS is
// made up by launching the shot further along its flight. Anything more is the shooter's to
// lead. See docs/ARCHITECTURE.md for what the victim sees in exchange.
import { MAX_REWIND_TICKS, MAX_SHOT_ADVANCE_TICKS } from "../../shared/constants.ts";
import { decodeViewTick } from "../../shared/protocol.ts";
import type { Point } from "../../shared/sim/geometry.ts";

export interface ShotTimeline {
  /** Ticks (fractional) to rewind targets by, for every step of the flight. */
  rewindTicks: number;
  /** Whole ticks the shot starts along its flight: its spawnTick is the firing tick minus this. */
  advanceTicks: number;
  /** Ticks of the shooter's lag beyond both limits: left for the shooter to lead. */
  beyondTicks: number;
}

const NO_COMPENSATION: ShotTimeline = Object.freeze({ rewindTicks: 0, advanceTicks: 0, beyondTicks: 0 });

/** How a shot fired at `tick` by a client that was drawing others at the input's `view` is judged. */
export function shotTimeline(tick: number, view: number | undefined): ShotTimeline {
  const seen = view === undefined ? null : decodeViewTick(view, tick);
  if (seen === null) return NO_COMPENSATION;
  const behind = tick - seen;
  if (!(behind > 0)) return NO_COMPENSATION; // a view from the future claims nothing
  const advanceTicks = Math.min(MAX_SHOT_ADVANCE_TICKS, Math.max(0, Math.ceil(behind - MAX_REWIND_TICKS)));
  const rewindTicks = Math.min(MAX_REWIND_TICKS, behind - advanceTicks);
  return { rewindTicks, advanceTicks, beyondTicks: behind - advanceTicks - rewindTicks };
}

/** Ticks of position history kept per player: enough for the deepest rewind of an advanced shot. */
export const HISTORY_TICKS = MAX_REWIND_TICKS + MAX_SHOT_ADVANCE_TICKS + 2;

interface Track {
  ticks: Int32Array;
  xs: Float64Array;
  ys: Float64Array;
}

/**
 * Where each living player was at the end of each of the last HISTORY_TICKS steps. A player
 * not recorded at a tick (dead, not yet joined) was not there to be hit.
 */
export class PositionHistory {
  private readonly tracks = new Map<string, Track>();

  record(id: string, tick: number, x: number, y: number): void {
    let track = this.tracks.get(id);
    if (!track) {
      track = { ticks: new Int32Array(HISTORY_TICKS).fill(-1), xs: new Float64Array(HISTORY_TICKS), ys: new Float64Array(HISTORY_TICKS) };
      this.tracks.set(id, track);
    }
    const slot = tick % HISTORY_TICKS;
    track.ticks[slot] = tick;
    track.xs[slot] = x;
    track.ys[slot] = y;
  }

  forget(id: string): void {
    this.tracks.delete(id);
  }

  /**
   * The player's position at `tick` (fractional: interpolated between the steps around it)
   * into `out`; false when it was not recorded at both (dead, respawned, too long ago).
   */
  at(id: string, tick: number, out: Point): boolean {
    const track = this.tracks.get(id);
    if (!track) return false;
    const before = Math.floor(tick);
    const a = before % HISTORY_TICKS;
    if (before < 0 || track.ticks[a] !== before) return false;
    const f = tick - before;
    if (f === 0) {
      out.x = track.xs[a];
      out.y = track.ys[a];
      return true;
    }
    const b = (before + 1) % HISTORY_TICKS;
    if (track.ticks[b] !== before + 1) return false;
    out.x = track.xs[a] + (track.xs[b] - track.xs[a]) * f;
    out.y = track.ys[a] + (track.ys[b] - track.ys[a]) * f;
    return true;
  }
}
