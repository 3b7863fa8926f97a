// Simulated network delay for one direction of one connection: when each item sent is
// delivered, and a queue that delivers items at those times. Items never overtake each
// other, like bytes on a TCP stream. Used by the latency relay (loadbots/) and by the
// browser client's ?lag= option, so both feel the same kind of network.

/** One direction's delay: each item waits meanMs ± a uniform jitterMs (never less than 0). */
export interface DelayProfile {
  meanMs: number;
  jitterMs: number;
}

/** Returns the profile if both numbers are finite and ≥ 0; throws a RangeError naming the bad one otherwise. */
export function checkDelayProfile(profile: DelayProfile, what = "delay profile"): DelayProfile {
  for (const key of ["meanMs", "jitterMs"] as const) {
    const value = profile[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`${what}: ${key} must be a finite number ≥ 0 (got ${String(value)})`);
    }
  }
  return profile;
}

/** Both directions of a link whose round trip is rttMs: each direction gets rttMs/2 ± jitterMs. */
export function symmetricProfile(rttMs: number, jitterMs: number): { up: DelayProfile; down: DelayProfile } {
  const oneWay = checkDelayProfile({ meanMs: rttMs / 2, jitterMs }, "round trip");
  return { up: { ...oneWay }, down: { ...oneWay } };
}

export class DelayLine {
  private profile: DelayProfile;
  /** Delivery time of the previous item: the next one may not arrive before it. */
  private lastDueMs = -Infinity;

  constructor(profile: DelayProfile, private readonly random: () => number) {
    this.profile = { ...checkDelayProfile(profile) };
  }

  /** Applies to items sent from now on; items already scheduled keep their times. */
  setProfile(profile: DelayProfile): void {
    this.profile = { ...checkDelayProfile(profile) };
  }

  /**
   * When something sent at `nowMs` is delivered: nowMs + meanMs ± jitterMs (never before
   * nowMs), and never before the previous item, so order is preserved.
   */
  dueAt(nowMs: number): number {
    const { meanMs, jitterMs } = this.profile;
    // A zero jitter draws nothing, so a fixed delay does not disturb a shared random stream.
    const jitter = jitterMs === 0 ? 0 : (this.random() * 2 - 1) * jitterMs;
    const due = Math.max(nowMs + Math.max(0, meanMs + jitter), this.lastDueMs);
    this.lastDueMs = due;
    return due;
  }
}

/** Time and one-shot timers; injected so tests can run a queue on a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The host's monotonic clock and timers (present in browsers, Node and workers alike). */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

/**
 * Delivers pushed items in order, each at the time its DelayLine gives. A FIFO drained by
 * one timer, rescheduled for the head item, so hundreds of busy connections cost hundreds
 * of timers rather than one per message.
 */
export class DelayedQueue<T> {
  private items: { dueMs: number; item: T }[] = [];
  /** Index of the next item to deliver; the array is compacted lazily to keep shifts cheap. */
  private head = 0;
  private timer: unknown = null;
  private stopped = false;

  constructor(
    readonly line: DelayLine,
    private readonly deliver: (item: T) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    if (this.stopped) return;
    this.items.push({ dueMs: this.line.dueAt(this.clock.now()), item });
    if (this.timer === null) this.schedule();
  }

  /** Drops what is still queued and delivers nothing more. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.items = [];
    this.head = 0;
  }

  private schedule(): void {
    const waitMs = this.items[this.head]!.dueMs - this.clock.now();
    // Timers have whole-millisecond resolution: round up so nothing arrives early.
    this.timer = this.clock.setTimeout(this.drain, Math.max(0, Math.ceil(waitMs)));
  }

  private readonly drain = (): void => {
    this.timer = null;
    try {
      const now = this.clock.now();
      while (!this.stopped && this.head < this.items.length && this.items[this.head]!.dueMs <= now) {
        const { item } = this.items[this.head]!;
        this.items[this.head++] = undefined as never; // let the delivered item be collected
        this.deliver(item);
      }
    } finally {
      // Even if a delivery threw, the rest of the queue keeps flowing.
      if (!this.stopped) this.compactAndReschedule();
    }
  };

  private compactAndReschedule(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
      return;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.timer === null) this.schedule();
  }
}
