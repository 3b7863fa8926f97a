// Limits per client address (see clientAddress.ts). A limit of 0 turns the check off.
// Memory is bounded: idle addresses are forgotten, and the number tracked at once is capped.
import { TokenBucket } from "./TokenBucket.ts";

/** Addresses tracked at once by a limiter; beyond it, new addresses are refused until idle ones are forgotten. */
export const MAX_TRACKED_ADDRESSES = 100_000;

/** Open connections per address. */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerAddress: number, private readonly maxTracked = MAX_TRACKED_ADDRESSES) {}

  /** Counts a new connection if the address has room for it. */
  tryOpen(address: string): boolean {
    if (this.maxPerAddress === 0) return true;
    const count = this.open.get(address) ?? 0;
    if (count >= this.maxPerAddress) return false;
    if (count === 0 && this.open.size >= this.maxTracked) return false;
    this.open.set(address, count + 1);
    return true;
  }

  /** A connection counted by tryOpen has closed. */
  close(address: string): void {
    if (this.maxPerAddress === 0) return;
    const count = (this.open.get(address) ?? 0) - 1;
    if (count > 0) this.open.set(address, count);
    else this.open.delete(address);
  }

  count(address: string): number {
    return this.open.get(address) ?? 0;
  }

  get trackedAddresses(): number {
    return this.open.size;
  }
}

export type JoinVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Join attempts per address per minute: a bucket of `perMinute` attempts refilling evenly over a minute. */
export class JoinRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private lastSweepMs = -Infinity;

  constructor(private readonly perMinute: number, private readonly maxTracked = MAX_TRACKED_ADDRESSES) {}

  tryJoin(address: string, nowMs: number): JoinVerdict {
    if (this.perMinute === 0) return { ok: true };
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= this.maxTracked) this.sweep(nowMs, true);
      if (this.buckets.size >= this.maxTracked) return { ok: false, retryAfterSeconds: 60 };
      bucket = new TokenBucket(this.perMinute, this.perMinute / 60, nowMs);
      this.buckets.set(address, bucket);
    }
    if (bucket.take(nowMs)) {
      this.sweep(nowMs, false);
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(bucket.msUntilToken(nowMs) / 1000)) };
  }

  get trackedAddresses(): number {
    return this.buckets.size;
  }

  /** Forgets addresses whose bucket has refilled (quiet for a minute); at most once a minute unless forced. */
  private sweep(nowMs: number, force: boolean): void {
    if (!force && nowMs - this.lastSweepMs < 60_000) return;
    this.lastSweepMs = nowMs;
    for (const [address, bucket] of this.buckets) if (bucket.isFull(nowMs)) this.buckets.delete(address);
  }
}
