/**
 * A quantity that changes at instants (queue depth, busy workers), integrated over time per
 * series bucket and over the summary window, with the maximum seen in each.
 */
export class TimeWeighted {
  value = 0;
  private lastT = 0;
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
  }

  /** Changes the value by `delta` at time `t` (t never decreases). */
  add(delta: number, t: number): void {
    this.advance(t);
    this.value += delta;
    const b = Math.min(Math.floor(t / this.bucketMs), this.bucketMax.length - 1);
    if (this.value > this.bucketMax[b]) this.bucketMax[b] = this.value;
    if (t >= this.warmupMs && this.value > this.max) this.max = this.value;
  }

  /** Integrates the current value up to `t`. */
  advance(t: number): void {
    const from = this.lastT;
    if (t <= from) return;
    this.lastT = t;
    const v = this.value;
    if (v === 0) return;
    const w = this.bucketMs;
    const last = this.bucketArea.length - 1;
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
