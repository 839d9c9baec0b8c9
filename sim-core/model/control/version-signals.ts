import { EventCounter } from '../../metrics/event-counter.ts';
import { Histogram } from '../../metrics/histogram.ts';
import { TimeWeighted } from '../../metrics/time-weighted.ts';
import { SUCCEEDED } from '../outcome.ts';

/** One version's golden signals at its service, as a rollout's analysis and the result read them. */
export class VersionSignals {
  /** Attempts answered by this version's replicas (arrived after the warm-up), and those that failed. */
  answered = 0;
  errors = 0;
  /** Response times of its successful answers (arrival to answer at the replica). */
  readonly latency = new Histogram();
  /** Per bucket: answers and failed answers (by answer time), replicas in the set (time-weighted). */
  readonly answeredBuckets: EventCounter;
  readonly errorBuckets: EventCounter;
  readonly replicas: TimeWeighted;
  /** The current analysis window: answers, failures and the latencies of its successes. */
  windowAnswered = 0;
  windowErrors = 0;
  readonly windowLatency = new Histogram();

  constructor(bucketMs: number, buckets: number, warmupMs: number) {
    this.answeredBuckets = new EventCounter(bucketMs, buckets, warmupMs);
    this.errorBuckets = new EventCounter(bucketMs, buckets, warmupMs);
    this.replicas = new TimeWeighted(bucketMs, buckets, warmupMs);
  }

  /** A replica of this version answered an attempt that arrived at `arrivedAt` with `outcome` at `t`. */
  answer(outcome: number, good: boolean, arrivedAt: number, t: number, warmupMs: number): void {
    this.answeredBuckets.add(t);
    if (!good) this.errorBuckets.add(t);
    this.windowAnswered++;
    if (!good) this.windowErrors++;
    if (outcome === SUCCEEDED) this.windowLatency.record(t - arrivedAt);
    if (arrivedAt < warmupMs) return;
    this.answered++;
    if (!good) this.errors++;
    if (outcome === SUCCEEDED) this.latency.record(t - arrivedAt);
  }

  /** Starts a new analysis window. */
  openWindow(): void {
    this.windowAnswered = 0;
    this.windowErrors = 0;
    this.windowLatency.clear();
  }
}
