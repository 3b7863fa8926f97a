// A log-linear (HDR-style) histogram of millisecond values at microsecond resolution.
// Values below 256 µs get one bucket each; above that, every power of two is split
// into 128 equal buckets, so a bucket is at most 1/128 of its lower bound wide and
// the reported midpoint is within 0.4% of any value in it. Fixed bucket layout makes
// histograms from different workers mergeable by adding counts.

/** Sub-buckets per power of two, as a bit count (2^7 = 128). */
const SUB_BUCKET_BITS = 7;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** Values below this many units are recorded exactly, one bucket per unit. */
const LINEAR_LIMIT = SUB_BUCKETS * 2;
/** Recorded values are whole microseconds. */
const UNITS_PER_MS = 1000;
/** Largest trackable value in units (2^32 - 1 µs ≈ 71 minutes); larger ones are clamped. */
const MAX_UNITS = 0xffffffff;
export const BUCKET_COUNT = bucketIndex(MAX_UNITS) + 1;

/** Bucket of a value in whole units. */
export function bucketIndex(units: number): number {
  if (units < LINEAR_LIMIT) return units;
  const shift = 31 - Math.clz32(units) - SUB_BUCKET_BITS;
  return shift * SUB_BUCKETS + (units >>> shift);
}

/** Smallest unit value that falls in a bucket. */
export function bucketLowerBound(index: number): number {
  if (index < LINEAR_LIMIT) return index;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const sub = index - shift * SUB_BUCKETS;
  return sub * 2 ** shift;
}

/** Number of unit values a bucket holds. */
export function bucketWidth(index: number): number {
  return index < LINEAR_LIMIT ? 1 : 2 ** (Math.floor(index / SUB_BUCKETS) - 1);
}

/** Plain-data form for postMessage and JSON: only non-empty buckets, as [index, count] pairs flattened. */
export interface HistogramData {
  buckets: number[];
  count: number;
  sumMs: number;
  minMs: number;
  maxMs: number;
}

export interface HistogramSummary {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private lowestIndex = BUCKET_COUNT;
  private highestIndex = -1;
  private total = 0;
  private sum = 0;
  private minUnits = Infinity;
  private maxUnits = -Infinity;

  /** Records a value in milliseconds; negative and non-finite values count as 0. */
  record(ms: number, times = 1): void {
    const units = Number.isFinite(ms) && ms > 0 ? Math.min(MAX_UNITS, Math.round(ms * UNITS_PER_MS)) : 0;
    this.addUnits(units, times);
  }

  get count(): number {
    return this.total;
  }

  get min(): number {
    return this.total === 0 ? 0 : this.minUnits / UNITS_PER_MS;
  }

  get max(): number {
    return this.total === 0 ? 0 : this.maxUnits / UNITS_PER_MS;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total / UNITS_PER_MS;
  }

  /**
   * Value at percentile `p` (0–100): the midpoint of the bucket holding the sample of
   * rank ceil(p/100 · count), clamped to the exact recorded min and max. 0 when empty.
   */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((Math.min(100, Math.max(0, p)) / 100) * this.total));
    let seen = 0;
    for (let i = this.lowestIndex; i <= this.highestIndex; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        const mid = bucketLowerBound(i) + Math.floor((bucketWidth(i) - 1) / 2);
        return Math.min(this.maxUnits, Math.max(this.minUnits, mid)) / UNITS_PER_MS;
      }
    }
    return this.max;
  }

  summary(): HistogramSummary {
    return {
      count: this.total,
      mean: round3(this.mean),
      min: this.min,
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
      max: this.max,
    };
  }

  merge(other: Histogram | HistogramData): void {
    const data = other instanceof Histogram ? other.toData() : other;
    if (data.count === 0) return;
    const { buckets } = data;
    for (let i = 0; i < buckets.length; i += 2) this.addBucket(buckets[i], buckets[i + 1]);
    this.total += data.count;
    this.sum += data.sumMs * UNITS_PER_MS;
    this.minUnits = Math.min(this.minUnits, Math.round(data.minMs * UNITS_PER_MS));
    this.maxUnits = Math.max(this.maxUnits, Math.round(data.maxMs * UNITS_PER_MS));
  }

  toData(): HistogramData {
    const buckets: number[] = [];
    for (let i = this.lowestIndex; i <= this.highestIndex; i++) {
      if (this.counts[i] > 0) buckets.push(i, this.counts[i]);
    }
    return { buckets, count: this.total, sumMs: this.sum / UNITS_PER_MS, minMs: this.min, maxMs: this.max };
  }

  static fromData(data: HistogramData): Histogram {
    const h = new Histogram();
    h.merge(data);
    return h;
  }

  reset(): void {
    if (this.highestIndex >= 0) this.counts.fill(0, this.lowestIndex, this.highestIndex + 1);
    this.lowestIndex = BUCKET_COUNT;
    this.highestIndex = -1;
    this.total = 0;
    this.sum = 0;
    this.minUnits = Infinity;
    this.maxUnits = -Infinity;
  }

  private addUnits(units: number, times: number): void {
    this.addBucket(bucketIndex(units), times);
    this.total += times;
    this.sum += units * times;
    if (units < this.minUnits) this.minUnits = units;
    if (units > this.maxUnits) this.maxUnits = units;
  }

  private addBucket(index: number, times: number): void {
    this.counts[index] += times;
    if (index < this.lowestIndex) this.lowestIndex = index;
    if (index > this.highestIndex) this.highestIndex = index;
  }
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;
