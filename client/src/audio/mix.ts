// What keeps a busy arena from turning into noise, decided without the Web Audio API: a cap
// on effects sounding at once (others' shots get only a share of it), and others' shots heard
// only nearby, quieter with distance.

/** At most this many effects sound at once. */
export const MAX_VOICES = 8;
/** Others' shots may hold only this many of them, so the own player's sounds always find room. */
export const REMOTE_SHOT_VOICES = 3;
/** The same effect starting again this soon (two shots in one frame) is heard once. */
export const SAME_EFFECT_GAP_S = 0.03;
/** Others' shots further than this from the own player (world units, about a screen) are not heard. */
export const HEARD_SHOT_RANGE_U = 1000;
/** Others' shots at their loudest, next to the own player, against the own shot's 1. */
const REMOTE_SHOT_GAIN = 0.6;

/** How loud another player's shot is `distance` world units away: 0 (silent) at HEARD_SHOT_RANGE_U and beyond. */
export function heardShotGain(distance: number): number {
  if (!(distance >= 0) || distance >= HEARD_SHOT_RANGE_U) return 0;
  const near = 1 - distance / HEARD_SHOT_RANGE_U;
  return REMOTE_SHOT_GAIN * near * near;
}

/** The master gain for a volume slider at `volume` (0..1): squared, so the slider's middle sounds like the middle. */
export function masterGain(volume: number, muted: boolean): number {
  if (muted || !(volume > 0)) return 0;
  return Math.min(1, volume) ** 2;
}

/** Which effects may start: counts the ones still sounding, on the audio clock (seconds). */
export class VoiceLimiter {
  private readonly endsAt: number[] = [];
  private readonly lastStart = new Map<string, number>();

  constructor(private readonly maxVoices = MAX_VOICES) {}

  /** Effects still sounding at `now`. */
  active(now: number): number {
    let kept = 0;
    for (const end of this.endsAt) if (end > now) this.endsAt[kept++] = end;
    this.endsAt.length = kept;
    return kept;
  }

  /**
   * Whether an effect of `kind` lasting `length` s may start at `now`, with at most `limit`
   * voices sounding (the cap by default); if so, it is counted as sounding.
   */
  admit(kind: string, now: number, length: number, limit = this.maxVoices): boolean {
    const last = this.lastStart.get(kind);
    if (last !== undefined && now - last >= 0 && now - last < SAME_EFFECT_GAP_S) return false;
    if (this.active(now) >= Math.min(limit, this.maxVoices)) return false;
    this.endsAt.push(now + length);
    this.lastStart.set(kind, now);
    return true;
  }
}
