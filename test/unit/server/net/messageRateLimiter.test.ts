import assert from "node:assert/strict";
import fc from "fast-check";
import { TICK_HZ } from "../../../../shared/constants.ts";
import { FLOOD_MEMORY_SECONDS, MessageRateLimiter, type RateVerdict } from "../../../../server/net/MessageRateLimiter.ts";
import { TokenBucket } from "../../../../server/net/TokenBucket.ts";

const LIMITS = { ratePerSecond: 80, burst: 80, floodDrops: 100 };

/** Feeds `count` messages spaced `gapMs` apart from `startMs`; returns the verdicts. */
function feed(limiter: MessageRateLimiter, count: number, gapMs: number, startMs = 0): RateVerdict[] {
  return Array.from({ length: count }, (_, i) => limiter.admit(startMs + i * gapMs));
}

describe("TokenBucket", () => {
  it("starts full, spends one token per take and earns them back at its rate", () => {
    const bucket = new TokenBucket(3, 2, 0);
    assert.deepEqual([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)], [true, true, true, false]);
    assert.equal(bucket.msUntilToken(0), 500);
    assert.equal(bucket.take(499), false);
    assert.equal(bucket.take(500), true);
    assert.equal(bucket.isFull(2000), true, "never above capacity however long it waits");
    assert.deepEqual([bucket.take(2000), bucket.take(2000), bucket.take(2000), bucket.take(2000)], [true, true, true, false]);
  });

  it("earns nothing from a clock that steps backwards", () => {
    const bucket = new TokenBucket(1, 1, 10_000);
    assert.equal(bucket.take(10_000), true);
    assert.equal(bucket.take(0), false);
    assert.equal(bucket.take(10_999), false);
    assert.equal(bucket.take(11_000), true);
  });

  it("never lets through more than capacity + rate × elapsed, whatever the arrival times", () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 500 }),
      fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 2000 }),
      (capacity, rate, gaps) => {
        const bucket = new TokenBucket(capacity, rate, 0);
        let now = 0;
        let taken = 0;
        for (const gap of gaps) { now += gap; if (bucket.take(now)) taken++; }
        return taken <= capacity + (rate * now) / 1000 + 1e-9;
      },
    ), { seed: 1101, numRuns: 500 });
  });
});

describe("MessageRateLimiter", () => {
  it("accepts everything an honest client sends: 30 inputs a second plus pings and echoes, for minutes", () => {
    const limiter = new MessageRateLimiter(LIMITS, 0);
    const gapMs = 1000 / (TICK_HZ + 12); // inputs + 10 echoes + a ping + some chat, evenly spread
    assert.ok(feed(limiter, 42 * 180, gapMs).every((v) => v === "accept"));
  });

  it("absorbs a catch-up burst after a stall without dropping", () => {
    const limiter = new MessageRateLimiter(LIMITS, 0);
    feed(limiter, 30, 33); // one second of normal play
    assert.ok(feed(limiter, 60, 0, 3000).every((v) => v === "accept"), "a 2 s stall replayed at once");
  });

  it("drops the excess of a moderate overshoot and keeps the client", () => {
    const limiter = new MessageRateLimiter(LIMITS, 0);
    const verdicts = feed(limiter, 100 * 30, 10); // 100 a second for 30 s: 20 over the budget
    assert.ok(verdicts.includes("drop"), "the excess is dropped");
    assert.ok(!verdicts.includes("flood"), "20 drops a second is within the flood tolerance");
    const accepted = verdicts.filter((v) => v === "accept").length;
    assert.ok(accepted <= LIMITS.burst + LIMITS.ratePerSecond * 30 + 1, `accepted ${accepted}`);
  });

  it("reports a sustained flood (2.5× the budget) within two seconds, and a line-rate flood at once", () => {
    const sustained = new MessageRateLimiter(LIMITS, 0);
    const verdicts = feed(sustained, 200 * 5, 5); // 200 a second
    const firstFlood = verdicts.indexOf("flood");
    assert.ok(firstFlood > 0 && firstFlood * 5 < 2000, `flood seen after ${firstFlood * 5} ms`);

    const lineRate = new MessageRateLimiter(LIMITS, 0);
    const burst = feed(lineRate, 1000, 0);
    assert.equal(burst.indexOf("flood"), LIMITS.burst + LIMITS.floodDrops);
  });

  it("forgives old drops: tolerance refills over the flood memory", () => {
    const limiter = new MessageRateLimiter(LIMITS, 0);
    feed(limiter, LIMITS.burst + LIMITS.floodDrops - 1, 0); // one drop short of a flood
    const later = FLOOD_MEMORY_SECONDS * 1000 + 1;
    assert.equal(limiter.admit(later), "accept");
    assert.ok(feed(limiter, LIMITS.burst + LIMITS.floodDrops - 1, 0, later + 1000).every((v) => v !== "flood"));
  });
});
