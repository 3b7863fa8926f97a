// Lag compensation for projectiles. A shooter sees other players `behind` ticks in the past
// (its round trip, the input playout and its interpolation delay). Its shot is judged on the
// shooter's timeline: each step of its flight is tested against target positions that far
// back. Up to MAX_REWIND_TICKS of that is rewound; beyond it, up to MAX_SHOT_ADVANCE_TICKS is
// made up by launching the shot further along its flight. Anything more is the shooter's to
// lead. See docs/ARCHITECTURE.md for what the victim sees in exchange.
import { MAX_REWIND_TICKS, MAX_SHOT_ADVANCE_TICKS, PATCH_HZ, TICK_HZ } from "../../shared/constants.ts";
import { decodeViewTick, isPatchTick } from "../../shared/protocol.ts";
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
 *
 * A past moment is read the way clients draw it: between the two patch ticks around it (the
 * only states a client receives), so a shot is judged against the very path its shooter saw,
 * corners cut where a player turned between two patches included.
 */
export class PositionHistory {
  private readonly tracks = new Map<string, Track>();

  constructor(private readonly patchRateHz = PATCH_HZ) {}

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
   * The player's position at `tick` (fractional) into `out`, as a client drew it: between the
   * patch ticks around it, or, when the next patch is not out yet, between the steps around
   * it. False when it was not recorded at both (dead, respawned, too long ago).
   */
  at(id: string, tick: number, out: Point): boolean {
    const track = this.tracks.get(id);
    if (!track || tick < 0) return false;
    let before = Math.floor(tick);
    while (before > 0 && !isPatchTick(before, this.patchRateHz) && before > tick - TICK_HZ) before--;
    if (before === tick) return read(track, before, out);
    let after = Math.floor(tick) + 1;
    while (!isPatchTick(after, this.patchRateHz) && after < tick + TICK_HZ) after++;
    if (!recorded(track, after)) {
      before = Math.floor(tick);
      after = before + 1;
      if (before === tick) return read(track, before, out);
    }
    if (!recorded(track, before) || !recorded(track, after)) return false;
    const a = before % HISTORY_TICKS, b = after % HISTORY_TICKS;
    const f = (tick - before) / (after - before);
    out.x = track.xs[a] + (track.xs[b] - track.xs[a]) * f;
    out.y = track.ys[a] + (track.ys[b] - track.ys[a]) * f;
    return true;
  }
}

const recorded = (track: Track, tick: number) => tick >= 0 && track.ticks[tick % HISTORY_TICKS] === tick;

function read(track: Track, tick: number, out: Point): boolean {
  if (!recorded(track, tick)) return false;
  const slot = tick % HISTORY_TICKS;
  out.x = track.xs[slot];
  out.y = track.ys[slot];
  return true;
}
