/** Counts events per series bucket, and in the summary window (events at or after the warm-up). */
export class EventCounter {
  readonly buckets: Float64Array;
  total = 0;
  // The bucket of the last event: time moves forward, so most events land in it again. The
  // bounds start as non-integers (an empty range) so V8 stores them as doubles from the start:
  // the last bucket ends at Infinity, and a field that turns from small integer to double that
  // late made the optimised run loop deoptimise near the end of every run.
  private bucket = 0;
  private bucketFrom = Number.POSITIVE_INFINITY;
  private bucketTo = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly bucketMs: number,
    count: number,
    private readonly warmupMs: number,
  ) {
    this.buckets = new Float64Array(count);
  }

  add(t: number, n = 1): void {
    if (!(t >= this.bucketFrom && t < this.bucketTo)) {
      const last = this.buckets.length - 1;
      const b = Math.min(Math.floor(t / this.bucketMs), last);
      this.bucket = b;
      this.bucketFrom = b * this.bucketMs;
      this.bucketTo = b === last ? Number.POSITIVE_INFINITY : (b + 1) * this.bucketMs;
    }
    this.buckets[this.bucket] += n;
    if (t >= this.warmupMs) this.total += n;
  }
}
