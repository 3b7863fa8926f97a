import assert from "node:assert/strict";
import { BUCKET_COUNT, bucketIndex, bucketLowerBound, bucketWidth, Histogram } from "../../../loadbots/histogram.ts";
import { createRng } from "../../../shared/sim/random.ts";

/** Exact nearest-rank percentile of a sorted list, the definition the histogram approximates. */
const nearestRank = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

describe("loadbots histogram", () => {
  it("lays buckets out log-linearly: exact below 256 µs, 128 per power of two above", () => {
    assert.deepEqual([0, 1, 255].map(bucketIndex), [0, 1, 255]);
    assert.deepEqual([256, 257, 258, 511, 512, 515, 516].map(bucketIndex), [256, 256, 257, 383, 384, 384, 385]);
    assert.deepEqual([256, 257, 383, 384, 385].map(bucketLowerBound), [256, 258, 510, 512, 516]);
    assert.deepEqual([255, 256, 383, 384].map(bucketWidth), [1, 2, 2, 4]);
    assert.equal(bucketIndex(0xffffffff), BUCKET_COUNT - 1);
    // Every bucket starts right where the previous one ends.
    for (let i = 1; i < BUCKET_COUNT; i++) assert.equal(bucketLowerBound(i), bucketLowerBound(i - 1) + bucketWidth(i - 1));
  });

  it("gives exact percentiles for values in the linear range", () => {
    const h = new Histogram();
    for (let us = 1; us <= 100; us++) h.record(us / 1000); // 0.001 … 0.100 ms
    assert.equal(h.count, 100);
    assert.equal(h.percentile(50), 0.05);
    assert.equal(h.percentile(95), 0.095);
    assert.equal(h.percentile(99), 0.099);
    assert.equal(h.percentile(100), 0.1);
    assert.equal(h.percentile(0), 0.001);
    assert.equal(h.min, 0.001);
    assert.equal(h.max, 0.1);
    assert.equal(h.mean, 0.0505);
  });

  it("reports the bucket midpoint above the linear range", () => {
    const h = new Histogram();
    h.record(50); // 50 000 µs: bucket [49 920, 50 176), midpoint 49 920 + 127
    h.record(60);
    assert.equal(h.percentile(50), 50.047);
    // The top percentile is clamped to the exact maximum.
    assert.equal(h.percentile(100), 60);
    assert.deepEqual(h.summary(), { count: 2, mean: 55, min: 50, p50: 50.047, p95: 60, p99: 60, max: 60 });
  });

  it("stays within 1% of the exact percentile over six decades", () => {
    const rng = createRng(7);
    const values = Array.from({ length: 20000 }, () => 10 ** rng.range(-1, 5)); // 0.1 ms … 100 s
    const h = new Histogram();
    for (const v of values) h.record(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [1, 10, 25, 50, 75, 90, 95, 99, 99.9]) {
      const exact = nearestRank(sorted, p);
      const error = Math.abs(h.percentile(p) - exact) / exact;
      assert.ok(error <= 0.01, `p${p}: ${h.percentile(p)} vs ${exact} (${(error * 100).toFixed(3)}%)`);
    }
  });

  it("merges across workers exactly like one histogram of all the values", () => {
    const rng = createRng(3);
    const all = new Histogram(), a = new Histogram(), b = new Histogram();
    for (let i = 0; i < 5000; i++) {
      const v = rng.range(0, 200);
      all.record(v);
      (i % 3 === 0 ? a : b).record(v);
    }
    const merged = new Histogram();
    merged.merge(a.toData()); // the plain-data form that crosses postMessage
    merged.merge(b);
    assert.deepEqual(merged.toData().buckets, all.toData().buckets);
    assert.deepEqual(merged.summary(), all.summary());
  });

  it("treats negative and non-finite values as zero, clamps huge ones, and resets", () => {
    const h = new Histogram();
    h.record(-5);
    h.record(Number.NaN);
    h.record(1e12);
    assert.equal(h.count, 3);
    assert.equal(h.min, 0);
    assert.equal(h.max, 0xffffffff / 1000);
    h.reset();
    assert.deepEqual(h.summary(), { count: 0, mean: 0, min: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    assert.deepEqual(h.toData(), { buckets: [], count: 0, sumMs: 0, minMs: 0, maxMs: 0 });
  });
});
