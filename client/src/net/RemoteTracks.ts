import { CORRECTION_SMOOTHING_MS, MAX_EXTRAPOLATION_MS, STEP_MS, TELEPORT_DISTANCE_U } from "../../../shared/constants.ts";

/** Snapshots kept per player: a little over a second at 20 Hz, far more than any delay needs. */
const TRACK_LENGTH = 32;
const MAX_EXTRAPOLATION_TICKS = MAX_EXTRAPOLATION_MS / STEP_MS;

/** One player as a snapshot showed it. */
export interface TrackSample {
  tick: number;
  x: number;
  y: number;
  aim: number;
  alive: boolean;
}

/** How a frame's position was found. */
export type SampleKind =
  /** between two snapshots: the normal case */
  | "interpolated"
  /** past the newest snapshot, continued along its last motion (bounded) */
  | "extrapolated"
  /** past the newest snapshot for longer than extrapolation may run: held still */
  | "frozen"
  /** at or before the oldest snapshot, or across a teleport: shown as a snapshot had it */
  | "held";

export interface DrawnPlayer {
  x: number;
  y: number;
  aim: number;
  alive: boolean;
}

/** A remote player as drawn this frame, and how its position was found. */
export interface DrawnRemote extends DrawnPlayer {
  kind: SampleKind;
}

class Track {
  readonly samples: TrackSample[] = [];
  /** Drawn minus computed position, decaying to zero: the smooth catch-up after extrapolation. */
  private offsetX = 0;
  private offsetY = 0;
  private lastKind: SampleKind = "held";
  private lastRenderTick = 0;
  private readonly computed: DrawnPlayer = { x: 0, y: 0, aim: 0, alive: false };
  readonly drawn: DrawnRemote = { x: 0, y: 0, aim: 0, alive: false, kind: "held" };

  push(sample: TrackSample): void {
    const newest = this.samples[this.samples.length - 1];
    if (newest && sample.tick <= newest.tick) return;
    this.samples.push(sample);
    if (this.samples.length > TRACK_LENGTH) this.samples.shift();
  }

  sample(renderTick: number, deltaMs: number): SampleKind {
    const kind = this.compute(renderTick);
    const out = this.computed;
    const drawn = this.drawn;
    if (kind === "interpolated" && (this.lastKind === "extrapolated" || this.lastKind === "frozen")) {
      // The late snapshot came: glide from where extrapolation left the player, measured against
      // where the snapshots put it at that same moment (the last frame's render tick), so that a
      // right guess leaves nothing to glide instead of a stall of one frame's motion.
      interpolate(this.samples, this.lastRenderTick, scratch);
      this.offsetX = drawn.x - scratch.x;
      this.offsetY = drawn.y - scratch.y;
    }
    if (Math.hypot(this.offsetX, this.offsetY) > TELEPORT_DISTANCE_U || !out.alive) this.offsetX = this.offsetY = 0;
    const decay = Math.exp(-Math.max(0, deltaMs) / CORRECTION_SMOOTHING_MS);
    this.offsetX *= decay;
    this.offsetY *= decay;
    drawn.x = out.x + this.offsetX;
    drawn.y = out.y + this.offsetY;
    drawn.aim = out.aim;
    drawn.alive = out.alive;
    drawn.kind = kind;
    this.lastKind = kind;
    this.lastRenderTick = renderTick;
    return kind;
  }

  private compute(renderTick: number): SampleKind {
    return interpolate(this.samples, renderTick, this.computed);
  }
}

/**
 * A player's position at `tick` from its snapshots: between the two around it, continued for
 * at most MAX_EXTRAPOLATION_MS past the newest and then held, held across a teleport.
 */
function interpolate(samples: readonly TrackSample[], tick: number, out: DrawnPlayer): SampleKind {
  const n = samples.length;
  let after = 0;
  while (after < n && samples[after].tick <= tick) after++;
  if (after === 0) return place(out, samples[0], "held");
  if (after < n) {
    const a = samples[after - 1], b = samples[after];
    if (!a.alive || !b.alive || teleported(a, b)) return place(out, a, "held");
    const f = (tick - a.tick) / (b.tick - a.tick);
    out.x = a.x + (b.x - a.x) * f;
    out.y = a.y + (b.y - a.y) * f;
    out.aim = a.aim + shortestTurn(a.aim, b.aim) * f;
    out.alive = true;
    return "interpolated";
  }
  // Past the newest snapshot: continue its last motion for a while, then hold.
  const last = samples[n - 1], before = samples[n - 2];
  if (!before || !last.alive || !before.alive || teleported(before, last)) return place(out, last, "frozen");
  const ahead = tick - last.tick;
  const t = Math.min(ahead, MAX_EXTRAPOLATION_TICKS) / (last.tick - before.tick);
  out.x = last.x + (last.x - before.x) * t;
  out.y = last.y + (last.y - before.y) * t;
  out.aim = last.aim;
  out.alive = true;
  return ahead > MAX_EXTRAPOLATION_TICKS ? "frozen" : "extrapolated";
}

const scratch: DrawnPlayer = { x: 0, y: 0, aim: 0, alive: false };

function place(out: DrawnPlayer, s: TrackSample, kind: SampleKind): SampleKind {
  out.x = s.x;
  out.y = s.y;
  out.aim = s.aim;
  out.alive = s.alive;
  return kind;
}

const teleported = (a: TrackSample, b: TrackSample) =>
  (b.x - a.x) ** 2 + (b.y - a.y) ** 2 > TELEPORT_DISTANCE_U ** 2 * Math.max(1, b.tick - a.tick) ** 2;

const shortestTurn = (from: number, to: number) => Math.atan2(Math.sin(to - from), Math.cos(to - from));

/**
 * Other players drawn from a buffer of snapshots stamped with the server tick: between the
 * two snapshots around the render tick, or, when the next one is late, continued for at most
 * MAX_EXTRAPOLATION_MS and then held, with a smooth catch-up once it arrives.
 */
export class RemoteTracks {
  private readonly tracks = new Map<string, Track>();

  /** Adds what a snapshot at `tick` showed of player `id`. */
  push(id: string, tick: number, x: number, y: number, aim: number, alive: boolean): void {
    let track = this.tracks.get(id);
    if (!track) this.tracks.set(id, track = new Track());
    track.push({ tick, x, y, aim, alive });
  }

  /** Where to draw player `id` at `renderTick`; null for a player never seen. */
  sample(id: string, renderTick: number, deltaMs: number): DrawnRemote | null {
    const track = this.tracks.get(id);
    if (!track || track.samples.length === 0) return null;
    track.sample(renderTick, deltaMs);
    return track.drawn;
  }

  /**
   * Where player `id` was at `tick` on the drawn timeline (no smoothing): what a shot fired
   * from this screen is judged against. False when unknown or not alive then.
   */
  positionAt(id: string, tick: number, out: { x: number; y: number }): boolean {
    const samples = this.tracks.get(id)?.samples;
    if (!samples?.length) return false;
    const kind = interpolate(samples, tick, scratch);
    if (!scratch.alive || kind === "held") return false;
    out.x = scratch.x;
    out.y = scratch.y;
    return true;
  }

  /** The newest snapshot tick held for `id`, or -1. */
  newestTick(id: string): number {
    const samples = this.tracks.get(id)?.samples;
    return samples?.length ? samples[samples.length - 1].tick : -1;
  }

  /** Drops players that are gone (left the room, or left this client's view). */
  retain(present: (id: string) => boolean): void {
    for (const id of this.tracks.keys()) if (!present(id)) this.tracks.delete(id);
  }

  clear(): void {
    this.tracks.clear();
  }
}
