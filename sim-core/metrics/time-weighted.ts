/**
 * A quantity that changes at instants (queue depth, busy workers), integrated over time per
 * series bucket and over the summary window, with the maximum seen in each.
 */
export class TimeWeighted {
  value = 0;
  private lastT = 0;
  // Bucket holding lastT and where it ends: changes within one bucket skip the general path.
  // (Declared with a number, not left undefined until the constructor: keeps the field a plain double.)
  private bucket = 0;
  private bucketEnd = Number.POSITIVE_INFINITY;
  /** Integral of value dt per bucket (ms units). */
  readonly bucketArea: Float64Array;
  readonly bucketMax: Float64Array;
  /** Integral over [warmup, now]. */
  area = 0;
  max = 0;

  constructor(
    private readonly bucketMs: number,
    buckets: number,
    private readonly warmupMs: number,
  ) {
    this.bucketArea = new Float64Array(buckets);
    this.bucketMax = new Float64Array(buckets);
    this.bucketEnd = buckets === 1 ? Number.POSITIVE_INFINITY : bucketMs;
  }

  /** Changes the value by `delta` at time `t` (t never decreases). */
  add(delta: number, t: number): void {
    if (t < this.bucketEnd && this.lastT >= this.warmupMs) {
      const step = this.value * (t - this.lastT);
      this.bucketArea[this.bucket] += step;
      this.area += step;
      this.lastT = t;
    } else {
      this.advance(t);
    }
    const nv = this.value + delta;
    this.value = nv;
    if (nv > this.bucketMax[this.bucket]) this.bucketMax[this.bucket] = nv;
    if (nv > this.max && t >= this.warmupMs) this.max = nv;
  }

  /**
   * A copy integrated up to `t`, leaving this one untouched: reading a result mid-run must not
   * split the running integrals (that would change their last bits, and so the final result).
   */
  readAt(t: number): TimeWeighted {
    const copy = Object.create(TimeWeighted.prototype) as TimeWeighted;
    Object.assign(copy, this, { bucketArea: this.bucketArea.slice(), bucketMax: this.bucketMax.slice() });
    copy.advance(t);
    return copy;
  }

  /** Integrates the current value up to `t`. */
  advance(t: number): void {
    const from = this.lastT;
    if (t <= from) return;
    this.lastT = t;
    const w = this.bucketMs;
    const last = this.bucketArea.length - 1;
    this.bucket = Math.min(Math.floor(t / w), last);
    this.bucketEnd = this.bucket === last ? Number.POSITIVE_INFINITY : (this.bucket + 1) * w;
    const v = this.value;
    if (v === 0) return;
    let b = Math.min(Math.floor(from / w), last);
    let s = from;
    while (s < t) {
      const e = b >= last ? t : Math.min(t, (b + 1) * w);
      this.bucketArea[b] += v * (e - s);
      if (v > this.bucketMax[b]) this.bucketMax[b] = v;
      s = e;
      b++;
    }
    const lo = Math.max(from, this.warmupMs);
    if (t > lo) {
      this.area += v * (t - lo);
      if (v > this.max) this.max = v;
    }
  }
}
