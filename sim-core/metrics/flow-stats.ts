import { OUTCOME_COUNT } from '../model/outcome.ts';
import { Histogram } from './histogram.ts';

/**
 * Counts of things that start and end (user requests at a client, attempts at a service):
 * starts, ends by outcome, and the latency of successful ends, per series bucket and over the
 * summary window. A flow counts in the summary when it *started* at or after the warm-up, so
 * the summary's outcomes add up to its starts (plus those still in flight), and so do the
 * latency's count, sum and mean. The summary's latency percentiles merge the per-bucket
 * histograms of the buckets that start at or after the warm-up (each latency is recorded once:
 * this is the hot path), so they cover the successes that *ended* after it.
 */
export class FlowStats {
  readonly bucketStarts: Float64Array;
  /** bucketOutcomes[b * OUTCOME_COUNT + outcome], by the bucket of the end. */
  readonly bucketOutcomes: Float64Array;
  readonly bucketLatency: (Histogram | undefined)[];
  starts = 0;
  readonly outcomes = new Float64Array(OUTCOME_COUNT);
  /** Exact count and sum of the latencies of counted successes (the summary's mean). */
  latencyCount = 0;
  latencySum = 0;

  constructor(
    private readonly bucketMs: number,
    private readonly buckets: number,
    private readonly warmupMs: number,
    /** Record latency histograms (off for flows whose latency nobody reports). */
    private readonly withLatency = true,
  ) {
    this.bucketStarts = new Float64Array(buckets);
    this.bucketOutcomes = new Float64Array(buckets * OUTCOME_COUNT);
    this.bucketLatency = new Array(buckets).fill(undefined);
  }

  // The bucket of the last lookup: time moves forward, so most lookups hit it again. The bounds
  // start as an empty range of non-integers, so V8 stores them as doubles from the start (see
  // EventCounter: the last bucket ends at Infinity).
  private cachedBucket = 0;
  private cachedFrom = Number.POSITIVE_INFINITY;
  private cachedTo = Number.NEGATIVE_INFINITY;

  // The latency histogram of the cached bucket (created on its first success), or null.
  private cachedLatency: Histogram | null = null;

  bucket(t: number): number {
    return t >= this.cachedFrom && t < this.cachedTo ? this.cachedBucket : this.moveTo(t);
  }

  /** Caches the bucket of `t` (the hot paths test the cached bounds inline). */
  private moveTo(t: number): number {
    const b = Math.min(Math.floor(t / this.bucketMs), this.buckets - 1);
    this.cachedBucket = b;
    this.cachedFrom = b * this.bucketMs;
    this.cachedTo = b === this.buckets - 1 ? Number.POSITIVE_INFINITY : (b + 1) * this.bucketMs;
    this.cachedLatency = this.bucketLatency[b] ?? null;
    return b;
  }

  start(t: number): void {
    const b = t >= this.cachedFrom && t < this.cachedTo ? this.cachedBucket : this.moveTo(t);
    this.bucketStarts[b]++;
    if (t >= this.warmupMs) this.starts++;
  }

  /** An end with `outcome`; `latencyMs` is recorded for successes (outcome 0) only. */
  end(outcome: number, startedAt: number, t: number): void {
    const b = t >= this.cachedFrom && t < this.cachedTo ? this.cachedBucket : this.moveTo(t);
    this.bucketOutcomes[b * OUTCOME_COUNT + outcome]++;
    const counted = startedAt >= this.warmupMs;
    if (counted) this.outcomes[outcome]++;
    if (outcome !== 0 || !this.withLatency) return;
    const latency = t - startedAt;
    const h = this.cachedLatency ?? this.newLatency(b);
    h.record(latency);
    if (counted) {
      this.latencyCount++;
      this.latencySum += latency;
    }
  }

  /** The first success that ends in bucket `b` (the cached one): its histogram. */
  private newLatency(b: number): Histogram {
    const h = new Histogram();
    this.bucketLatency[b] = h;
    this.cachedLatency = h;
    return h;
  }

  /** The summary's latency: percentiles over the buckets from the warm-up on, the exact mean of counted successes. */
  summaryLatency(): { histogram: Histogram; mean: number } {
    const merged = new Histogram();
    for (let b = 0; b < this.buckets; b++) {
      const h = this.bucketLatency[b];
      if (h !== undefined && b * this.bucketMs >= this.warmupMs) merged.merge(h);
    }
    return {
      histogram: merged,
      mean: this.latencyCount > 0 ? this.latencySum / this.latencyCount : Number.NaN,
    };
  }
}
