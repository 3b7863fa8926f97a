// The numbers of the network panel and of window.__skirmish.net(): cumulative counters that
// cost an increment each, turned into rates once a second.

/** A read-out of the client's netcode, as the network panel shows it. */
export interface NetReadout {
  /** Real round trip of the latest echo (ms), or null before the first. */
  pingMs: number | null;
  /** Variation between consecutive round trips (ms, RFC 3550). */
  jitterMs: number;
  /** Local clock minus server clock (ms). */
  clockOffsetMs: number;
  /** Whether an echo has synchronized the clock yet. */
  clockSynced: boolean;
  bytesInPerSec: number;
  bytesOutPerSec: number;
  messagesInPerSec: number;
  messagesOutPerSec: number;
  patchesPerSec: number;
  /** How far behind the newest snapshot other players are drawn (ms). */
  interpDelayMs: number;
  /** Spread of snapshot arrival times the delay covers (ms). */
  snapshotJitterMs: number;
  /** Time between the drawn moment and the newest snapshot (ms): the buffer in hand. */
  bufferMs: number;
  /** Share of remote-player frames drawn by extrapolation or frozen, over the last second. */
  extrapolatedShare: number;
  /** Remote-player frames drawn by extrapolation or frozen, since joining. */
  extrapolatedFrames: number;
  remoteFrames: number;
  /** Visible corrections of the own position (> 1 u, not a respawn) per minute, over the last minute. */
  correctionsPerMinute: number;
  corrections: number;
  /** Snaps of the own position (respawn, teleport) since joining. */
  snaps: number;
  /** Distance between predicted and authoritative own position at the latest acknowledged input (u). */
  lastErrorAtAckU: number;
  pendingInputs: number;
  fps: number;
  shotsFired: number;
  /** Own shots that touched an enemy on screen, and of those the ones the server registered. */
  shotsSeenHit: number;
  shotsSeenAndRegistered: number;
  /** Hits the server registered for own shots that touched nobody on screen. */
  shotsRegisteredUnseen: number;
  /** Predicted own shots the server did not fire (after a death, at a freeze), taken back. */
  shotsTakenBack: number;
}

/** What is counted as it happens. */
export interface NetCounters {
  patches: number;
  frames: number;
  remoteFrames: number;
  extrapolatedFrames: number;
  corrections: number;
  snaps: number;
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
}

export const newNetCounters = (): NetCounters => ({
  patches: 0, frames: 0, remoteFrames: 0, extrapolatedFrames: 0, corrections: 0, snaps: 0, bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0,
});

const RATE_WINDOW_MS = 1000;
const CORRECTION_WINDOW_MS = 60_000;

/** Per-second rates of the counters, refreshed at most once a window. */
export class RateMeter {
  private last: NetCounters | null = null;
  private lastAt = 0;
  readonly perSecond = newNetCounters();
  private readonly correctionTimes: number[] = [];
  private seenCorrections = 0;

  /** Call every frame: returns true when the rates were refreshed. */
  update(now: number, counters: NetCounters): boolean {
    for (; this.seenCorrections < counters.corrections; this.seenCorrections++) this.correctionTimes.push(now);
    while (this.correctionTimes.length && now - this.correctionTimes[0] > CORRECTION_WINDOW_MS) this.correctionTimes.shift();
    if (this.last && now - this.lastAt < RATE_WINDOW_MS) return false;
    if (this.last) {
      const seconds = (now - this.lastAt) / 1000;
      for (const key of Object.keys(counters) as (keyof NetCounters)[]) this.perSecond[key] = (counters[key] - this.last[key]) / seconds;
    }
    this.last = { ...counters };
    this.lastAt = now;
    return true;
  }

  /** Visible corrections over the last minute (or since the start, scaled to a minute). */
  correctionsPerMinute(now: number, since: number): number {
    const span = Math.min(CORRECTION_WINDOW_MS, Math.max(1000, now - since));
    return (this.correctionTimes.length * 60_000) / span;
  }
}
