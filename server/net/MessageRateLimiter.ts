import { TokenBucket } from "./TokenBucket.ts";

export interface MessageRateLimits {
  /** Messages per second a client may send, sustained (inputs, pings and messages alike). */
  ratePerSecond: number;
  /** Messages a client may send at once above the sustained rate (a stall followed by a catch-up). */
  burst: number;
  /**
   * Dropped messages tolerated before the client counts as flooding: a burst of this many,
   * earned back over FLOOD_MEMORY_SECONDS. An honest client that hiccups loses a few
   * messages; one that keeps sending too fast is closed.
   */
  floodDrops: number;
}

/** How long it takes a client's tolerance for dropped messages to refill completely. */
export const FLOOD_MEMORY_SECONDS = 5;

/** What to do with one incoming message. */
export type RateVerdict = "accept" | "drop" | "flood";

/**
 * Per-client message budget: messages within the budget are accepted, excess is dropped
 * (costing one comparison), and sustained excess is reported as a flood so the caller
 * closes the connection. Checked before a message is decoded at all.
 */
export class MessageRateLimiter {
  private readonly budget: TokenBucket;
  private readonly dropTolerance: TokenBucket;

  constructor(limits: MessageRateLimits, nowMs: number) {
    this.budget = new TokenBucket(limits.burst, limits.ratePerSecond, nowMs);
    this.dropTolerance = new TokenBucket(limits.floodDrops, limits.floodDrops / FLOOD_MEMORY_SECONDS, nowMs);
  }

  admit(nowMs: number): RateVerdict {
    if (this.budget.take(nowMs)) return "accept";
    return this.dropTolerance.take(nowMs) ? "drop" : "flood";
  }
}
