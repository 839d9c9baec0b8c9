/**
 * A sum over roughly the last `range` milliseconds: a port of Twitter util's `WindowedAdder`,
 * the store behind Finagle's leaky `TokenBucket` and thus its `RetryBudget`.
 *
 * The range is cut into `slices` slices of `floor(range / slices)` ms: one open slice takes the
 * writes, `slices - 1` closed ones remember the past. Slices are not aligned to a grid: a slice
 * closes at the first add or read at least one slice width after the previous close, and the time
 * of that add or read starts the next one (as in the original). A value therefore lives between
 * about `range - width` and `range + width`, depending on when the adder is touched.
 *
 * @module
 */
export class WindowedAdder {
  private readonly width: number;
  private readonly closed: Float64Array;
  private open = 0;
  /** Index of the oldest closed slice: the one the open slice overwrites when it closes. */
  private oldest = 0;
  /** Time the open slice started; NaN until the first add or read, which starts the clock. */
  private since = Number.NaN;

  /**
   * @param rangeMs time span covered; at least `slices` ms.
   * @param slices number of slices (the original's default for retry budgets is 10); at least 2.
   */
  constructor(rangeMs: number, slices: number) {
    if (!Number.isInteger(slices) || slices < 2)
      throw new RangeError(`slices must be an integer >= 2, got ${slices}`);
    this.width = Math.floor(rangeMs / slices);
    if (!(this.width >= 1)) throw new RangeError(`rangeMs must be at least ${slices} ms, got ${rangeMs}`);
    this.closed = new Float64Array(slices - 1);
  }

  /** Adds `x` (may be negative) at time `now`. */
  add(now: number, x: number): void {
    this.advance(now);
    this.open += x;
  }

  /** The sum at time `now`, first expiring the slices that are too old (mutates, like the original). */
  sum(now: number): number {
    this.advance(now);
    return this.open + this.closedSum(0, 0);
  }

  /** The sum {@link sum} would return at `now`, without changing any state: for metrics. */
  peek(now: number): number {
    if (Number.isNaN(this.since) || !(now - this.since >= this.width))
      return this.open + this.closedSum(0, 0);
    // Mirror `expire` without writing: the open slice replaces the oldest closed one, then the
    // `skip` slices after it are zeroed (all of them, the open one included, when skip >= n).
    const skip = this.skipped(now);
    const kept = skip >= this.closed.length ? 0 : this.open;
    return kept + this.closedSum(this.oldest, 1 + skip);
  }

  private advance(now: number): void {
    if (Number.isNaN(this.since)) this.since = now;
    // A clock stepped back gives a negative elapsed time: nothing expires.
    if (now - this.since >= this.width) this.expire(now);
  }

  private expire(now: number): void {
    const n = this.closed.length;
    this.closed[this.oldest] = this.open;
    this.open = 0;
    this.oldest = (this.oldest + 1) % n;
    // Whole slices that went by untouched: zero that many of the oldest closed slices.
    const skip = this.skipped(now);
    for (let k = 0; k < skip; k++) this.closed[(this.oldest + k) % n] = 0;
    if (skip > 0) this.oldest = (this.oldest + skip) % n;
    this.since = now;
  }

  private skipped(now: number): number {
    return Math.max(0, Math.min(Math.floor((now - this.since) / this.width) - 1, this.closed.length));
  }

  /** Sum of the closed slices, leaving out `count` slices (at most all) starting at index `from`, circularly. */
  private closedSum(from: number, count: number): number {
    const n = this.closed.length;
    const skip = Math.min(count, n);
    let s = 0;
    for (let k = skip; k < n; k++) s += this.closed[(from + k) % n];
    return s;
  }
}
