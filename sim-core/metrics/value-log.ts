import type { Histogram } from './histogram.ts';

/** Values held before they reach their histogram: 2 KB per histogram, few enough to stay in cache. */
const LOG_SIZE = 256;

/**
 * The values of one histogram, recorded later: {@link add} stores the value and nothing else,
 * and {@link flush} records the stored ones, in order, when the log is full or before anyone
 * reads the histogram.
 *
 * Why: a latency is recorded two or three times per request (the client's, the service's, the
 * queue wait), and a histogram's record (count, sum, min, max, the bucket from the value's bits,
 * the dense window's bounds) inlined into the request path made its functions too large for V8's
 * default inlining budget. Recorded later, in a tight loop, the record runs in one small
 * optimised function. Recording the same values in the same order gives the same counts, sum,
 * min and max, so every percentile and mean keeps its bits.
 */
export class ValueLog {
  private readonly values = new Float64Array(LOG_SIZE);
  private logged = 0;

  constructor(private readonly into: Histogram) {}

  /** Records `v` into the histogram, at the latest at the next {@link flush}. */
  add(v: number): void {
    const n = this.logged;
    this.values[n] = v;
    this.logged = n + 1;
    if (n + 1 === LOG_SIZE) this.flush();
  }

  /** Records every stored value; call before reading the histogram. */
  flush(): void {
    const n = this.logged;
    this.logged = 0;
    for (let i = 0; i < n; i++) this.into.record(this.values[i]);
  }
}
