import type { Histogram, ValueBatch } from './histogram.ts';

/** Values a log holds at first before they reach their histogram: 2 KB, few enough to stay in cache. */
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
  private values = new Float64Array(LOG_SIZE);
  private logged = 0;

  /**
   * `maxSize`: a full log doubles up to this many values before it records into the histogram
   * (a flow's open series bucket keeps its latencies here and is closed from them: see
   * {@link readInto} and `FlowStats`).
   */
  constructor(
    private readonly into: Histogram,
    private readonly maxSize = LOG_SIZE,
  ) {}

  /** Values held now. */
  get size(): number {
    return this.logged;
  }

  /** Records `v` into the histogram, at the latest at the next {@link flush}. */
  add(v: number): void {
    const n = this.logged;
    this.values[n] = v;
    this.logged = n + 1;
    if (n + 1 === this.values.length) this.full();
  }

  private full(): void {
    const n = this.values.length;
    if (n >= this.maxSize) {
      this.flush();
      return;
    }
    const next = new Float64Array(Math.min(this.maxSize, n * 2));
    next.set(this.values);
    this.values = next;
  }

  /** Records every stored value; call before reading the histogram. */
  flush(): void {
    const n = this.logged;
    this.logged = 0;
    for (let i = 0; i < n; i++) this.into.record(this.values[i]);
  }

  /** Reads the stored values into `batch` (they stay here until {@link clear} or {@link flush}). */
  readInto(batch: ValueBatch): ValueBatch {
    return batch.load(this.values, this.logged);
  }

  /** Forgets the stored values without recording them (a reader took them, see {@link readInto}). */
  clear(): void {
    this.logged = 0;
  }
}
