/**
 * A token bucket: holds up to `capacity` tokens, earns `refillPerSecond` of them over time,
 * and every take spends one. Time is passed in (milliseconds, any monotonic origin), so
 * tests need no clock. Constant memory, constant time.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAtMs: number;

  constructor(readonly capacity: number, readonly refillPerSecond: number, nowMs: number) {
    if (!(capacity >= 1) || !(refillPerSecond >= 0)) throw new RangeError("a bucket needs capacity ≥ 1 and a refill rate ≥ 0");
    this.tokens = capacity;
    this.updatedAtMs = nowMs;
  }

  /** Spends one token if there is one; false when the bucket is empty. */
  take(nowMs: number): boolean {
    this.refill(nowMs);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when the bucket has refilled completely (its owner has been quiet long enough to forget). */
  isFull(nowMs: number): boolean {
    this.refill(nowMs);
    return this.tokens >= this.capacity;
  }

  /** Milliseconds until the next token is earned (0 when one is available now). */
  msUntilToken(nowMs: number): number {
    this.refill(nowMs);
    if (this.tokens >= 1) return 0;
    if (this.refillPerSecond === 0) return Infinity;
    return Math.ceil(((1 - this.tokens) / this.refillPerSecond) * 1000);
  }

  private refill(nowMs: number): void {
    // A clock that steps backwards earns nothing rather than minting tokens.
    const elapsedMs = Math.max(0, nowMs - this.updatedAtMs);
    this.updatedAtMs = Math.max(this.updatedAtMs, nowMs);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs / 1000) * this.refillPerSecond);
  }
}
