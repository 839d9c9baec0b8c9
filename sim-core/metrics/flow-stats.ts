import { OUTCOME_COUNT } from '../model/outcome.ts';
import { Histogram, ValueBatch } from './histogram.ts';
import { ValueLog } from './value-log.ts';

/** The percentiles the series reports per bucket (latencyP50Ms, latencyP99Ms). */
export const SERIES_QUANTILES = [0.5, 0.99] as const;
export type SeriesQuantile = (typeof SERIES_QUANTILES)[number];

/** Where a closing bucket's series percentiles are read into (shared: nothing keeps it). */
const seriesOut = new Float64Array(SERIES_QUANTILES.length);
/** A closing bucket's latencies read straight from its log (shared: read at once). */
const closing = new ValueBatch();
/**
 * The most latencies a flow's open bucket keeps in its log (32 KB): a bucket with no more is
 * closed from the log alone; beyond, the log records into the open histogram when full.
 */
const OPEN_LOG_MAX = 4096;

/**
 * Counts of things that start and end (user requests at a client, attempts at a service):
 * starts, ends by outcome, and the latency of successful ends, per series bucket and over the
 * summary window. A flow counts in the summary when it *started* at or after the warm-up, so
 * the summary's outcomes add up to its starts (plus those still in flight), and so do the
 * latency's count, sum and mean.
 *
 * Latency: each success is recorded once (this is the hot path), into the histogram of the
 * bucket it *ends* in. Only the open bucket (the one time is in) keeps a histogram: when time
 * moves to a later bucket, the closed bucket's series percentiles are read from it, it is folded
 * into the summary's histogram if the bucket starts at or after the warm-up, and it is cleared
 * for the next bucket. A bucket of up to {@link OPEN_LOG_MAX} latencies never reaches that
 * histogram: they wait in the log, and the bucket is read and folded from the log's values. So
 * memory per flow is two histograms, a log of at most {@link OPEN_LOG_MAX} values and two numbers
 * per bucket, whatever the run length, and every percentile is the one a histogram per bucket
 * gave (a percentile depends only on the counts per histogram bucket and the min and max, which
 * merging adds up).
 * Time must not go back between calls (the model reports at the engine's clock).
 */
export class FlowStats {
  readonly bucketStarts: Float64Array;
  /** bucketOutcomes[b * OUTCOME_COUNT + outcome], by the bucket of the end. */
  readonly bucketOutcomes: Float64Array;
  /** Series percentiles of each closed bucket, bucketQuantiles[b * 2 + i] for SERIES_QUANTILES[i] (NaN: no success). */
  private readonly bucketQuantiles: Float64Array;
  /** Latencies of the open bucket's successes. */
  private readonly openLatency = new Histogram();
  /**
   * Latencies on their way to {@link openLatency}, flushed into it when read mid-bucket or when
   * more than {@link OPEN_LOG_MAX} end in one bucket; a bucket closes from this log alone while
   * the histogram is still empty.
   */
  private readonly openLog = new ValueLog(this.openLatency, OPEN_LOG_MAX);
  /** The bucket {@link openLatency} belongs to. */
  private openBucket = 0;
  /** Latencies of the closed buckets that start at or after the warm-up. */
  private readonly closedLatency = new Histogram();
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
    this.bucketQuantiles = new Float64Array(buckets * SERIES_QUANTILES.length).fill(Number.NaN);
  }

  // The bucket of the last lookup: time moves forward, so most lookups hit it again. The bounds
  // start as an empty range of non-integers, so V8 stores them as doubles from the start (see
  // EventCounter: the last bucket ends at Infinity).
  private cachedBucket = 0;
  private cachedFrom = Number.POSITIVE_INFINITY;
  private cachedTo = Number.NEGATIVE_INFINITY;

  bucket(t: number): number {
    return t >= this.cachedFrom && t < this.cachedTo ? this.cachedBucket : this.moveTo(t);
  }

  /** Caches the bucket of `t` (the hot paths test the cached bounds inline). */
  private moveTo(t: number): number {
    const b = Math.min(Math.floor(t / this.bucketMs), this.buckets - 1);
    this.cachedBucket = b;
    this.cachedFrom = b * this.bucketMs;
    this.cachedTo = b === this.buckets - 1 ? Number.POSITIVE_INFINITY : (b + 1) * this.bucketMs;
    if (b > this.openBucket && this.withLatency) this.closeLatency(b);
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
    this.openLog.add(latency);
    if (counted) {
      this.latencyCount++;
      this.latencySum += latency;
    }
  }

  /** Time moved on to bucket `next`: the open bucket's latencies are read, folded and cleared. */
  private closeLatency(next: number): void {
    const h = this.openLatency;
    const b = this.openBucket;
    this.openBucket = next;
    const counted = b * this.bucketMs >= this.warmupMs;
    if (h.count === 0) {
      if (this.openLog.size === 0) return;
      // Every latency of the bucket is still in the log: its percentiles come from the values
      // themselves and it is merged from them, with the same bits as through the histogram
      // (unless a value is NaN, which selection cannot place: the histogram takes them then).
      const batch = this.openLog.readInto(closing);
      if (!Number.isNaN(batch.sum)) {
        this.openLog.clear();
        batch.quantiles(SERIES_QUANTILES, seriesOut);
        this.keepQuantiles(b);
        if (counted) this.closedLatency.mergeBatch(batch);
        return;
      }
    }
    this.openLog.flush();
    h.quantiles(SERIES_QUANTILES, seriesOut);
    this.keepQuantiles(b);
    if (counted) this.closedLatency.merge(h);
    h.clear();
  }

  /** Stores {@link seriesOut} as bucket `b`'s series percentiles. */
  private keepQuantiles(b: number): void {
    for (let i = 0; i < SERIES_QUANTILES.length; i++) {
      this.bucketQuantiles[b * SERIES_QUANTILES.length + i] = seriesOut[i];
    }
  }

  /** Series percentile `q` of the latencies that ended in bucket `b` (NaN when none did). */
  bucketLatencyQuantile(b: number, q: SeriesQuantile): number {
    if (b === this.openBucket) {
      this.openLog.flush();
      return this.openLatency.quantile(q);
    }
    return this.bucketQuantiles[b * SERIES_QUANTILES.length + SERIES_QUANTILES.indexOf(q)];
  }

  /**
   * The summary's latency: percentiles over the buckets from the warm-up on, the exact mean of
   * counted successes. The histogram is `into`, cleared and filled (a fresh one by default): a
   * caller reading many flows passes one to reuse, as a copy per flow of a window of thousands
   * of buckets made `result()` of a 200-service run spend its time collecting garbage.
   */
  summaryLatency(into: Histogram = new Histogram()): { histogram: Histogram; mean: number } {
    // Into another histogram: reading a result mid-run must leave the running ones as they are.
    this.openLog.flush();
    into.clear();
    into.merge(this.closedLatency);
    if (this.openBucket * this.bucketMs >= this.warmupMs) into.merge(this.openLatency);
    return {
      histogram: into,
      mean: this.latencyCount > 0 ? this.latencySum / this.latencyCount : Number.NaN,
    };
  }
}
