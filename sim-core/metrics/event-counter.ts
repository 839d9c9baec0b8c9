/** Counts events per series bucket, and in the summary window (events at or after the warm-up). */
export class EventCounter {
  readonly buckets: Float64Array;
  total = 0;

  constructor(
    private readonly bucketMs: number,
    count: number,
    private readonly warmupMs: number,
  ) {
    this.buckets = new Float64Array(count);
  }

  add(t: number, n = 1): void {
    const b = Math.min(Math.floor(t / this.bucketMs), this.buckets.length - 1);
    this.buckets[b] += n;
    if (t >= this.warmupMs) this.total += n;
  }
}
