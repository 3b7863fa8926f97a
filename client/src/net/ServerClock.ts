import { STEP_MS } from "../../../shared/constants.ts";

/** Echo samples kept; the one with the shortest round trip among them sets the offset. */
const SAMPLE_WINDOW = 8;
/** How fast a better estimate may pull the clock: at most this share of elapsed time, so time never jumps for a small correction. */
const MAX_SLEW = 0.05;
/** A correction larger than this (ms) is a real jump (a server hitch, a suspended machine): taken at once. */
const JUMP_MS = 250;
/** Two samples disagree beyond what their round trips can explain by this much (ms) when the clock itself changed. */
const CONSISTENCY_SLACK_MS = 8;
/** RFC 3550 gain for the running jitter estimate. */
const JITTER_GAIN = 1 / 16;

interface EchoSample {
  rttMs: number;
  /** Server tick minus local time in ticks, assuming the answer left the server halfway through the round trip. */
  offsetTicks: number;
}

/**
 * The server's clock, in ticks, estimated from echo round trips (NTP-style): each sample
 * pairs a local send and receive time with the server's tick when it answered. The sample
 * with the shortest round trip of the last few is the most trustworthy (least queueing), so
 * one slow sample changes nothing; the estimate then moves there gradually.
 */
export class ServerClock {
  private readonly samples: EchoSample[] = [];
  private offsetTicks = 0;
  private targetOffsetTicks = 0;
  private lastReadAt = -Infinity;
  private hasEcho = false;
  private hinted = false;
  /** Latest round trip (ms): the real ping. */
  rttMs: number | null = null;
  /** Smoothed variation between consecutive round trips (ms), as RFC 3550 measures jitter. */
  jitterMs = 0;
  /** Times the clock had to jump rather than slew. */
  jumps = 0;

  /** True once at least one echo answered: before that the clock is only a guess from the first snapshot. */
  get synced(): boolean {
    return this.hasEcho;
  }

  /** Local time (ms) minus server time (ms): what the network panel shows as the offset. */
  get offsetMs(): number {
    return -this.offsetTicks * STEP_MS;
  }

  /**
   * Before any echo returns: the first snapshot's tick as if it arrived instantly, so there
   * is a timeline to draw on from the first frame. Echo samples replace it.
   */
  hint(serverTick: number, localMs: number): void {
    if (this.hasEcho || this.hinted) return;
    this.hinted = true;
    this.offsetTicks = this.targetOffsetTicks = serverTick - localMs / STEP_MS;
  }

  /** One answered echo: sent at `sentMs`, answered at server tick `serverTick`, received at `receivedMs` (local ms). */
  addEcho(sentMs: number, serverTick: number, receivedMs: number): void {
    const rttMs = receivedMs - sentMs;
    if (!(rttMs >= 0) || !Number.isFinite(serverTick)) return;
    if (this.rttMs !== null) this.jitterMs += (Math.abs(rttMs - this.rttMs) - this.jitterMs) * JITTER_GAIN;
    this.rttMs = rttMs;
    const sample = { rttMs, offsetTicks: serverTick - (sentMs + rttMs / 2) / STEP_MS };
    // A sample no round trip can reconcile with the best one means the server's clock moved:
    // what was measured before no longer holds.
    const best = this.best();
    if (best && Math.abs(sample.offsetTicks - best.offsetTicks) * STEP_MS > (sample.rttMs + best.rttMs) / 2 + CONSISTENCY_SLACK_MS) {
      this.samples.length = 0;
    }
    this.samples.push(sample);
    if (this.samples.length > SAMPLE_WINDOW) this.samples.shift();
    this.targetOffsetTicks = this.best()!.offsetTicks;
    if (!this.hasEcho || Math.abs(this.targetOffsetTicks - this.offsetTicks) * STEP_MS > JUMP_MS) {
      if (this.hasEcho || this.hinted) this.jumps++;
      this.offsetTicks = this.targetOffsetTicks;
    }
    this.hasEcho = true;
  }

  /** The server's tick (fractional) at local time `nowMs`. Call with non-decreasing times: it slews toward new estimates. */
  tickAt(nowMs: number): number {
    const elapsed = nowMs - this.lastReadAt;
    if (elapsed > 0 && Number.isFinite(elapsed)) {
      const maxStep = (elapsed * MAX_SLEW) / STEP_MS;
      const gap = this.targetOffsetTicks - this.offsetTicks;
      this.offsetTicks += Math.max(-maxStep, Math.min(maxStep, gap));
    }
    if (elapsed > 0 || this.lastReadAt === -Infinity) this.lastReadAt = nowMs;
    return nowMs / STEP_MS + this.offsetTicks;
  }

  reset(): void {
    this.samples.length = 0;
    this.hasEcho = this.hinted = false;
    this.rttMs = null;
    this.jitterMs = 0;
    this.lastReadAt = -Infinity;
  }

  private best(): EchoSample | undefined {
    let best: EchoSample | undefined;
    for (const s of this.samples) if (!best || s.rttMs < best.rttMs) best = s;
    return best;
  }
}
