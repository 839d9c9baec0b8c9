/**
 * The sliding windows a circuit breaker aggregates call outcomes in, as in Resilience4j
 * (`resilience4j-core` `FixedSizeSlidingWindowMetrics` and `SlidingTimeWindowMetrics`).
 *
 * @module
 */

/** Totals over the calls currently in a window. */
export interface WindowTotals {
  calls: number;
  failed: number;
  slow: number;
}

/** A window of call outcomes: record one, get the totals over the window. */
export interface SlidingWindow {
  /** Records a call that completed at `now` and returns the totals including it. */
  record(now: number, failed: boolean, slow: boolean): Readonly<WindowTotals>;
}

/** The last `size` outcomes (Resilience4j COUNT_BASED): a ring buffer with running totals. */
export class CountWindow implements SlidingWindow {
  private readonly outcomes: Uint8Array;
  private head = 0;
  private readonly totals: WindowTotals = { calls: 0, failed: 0, slow: 0 };

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`window size must be an integer >= 1, got ${size}`);
    this.outcomes = new Uint8Array(size);
  }

  record(_now: number, failed: boolean, slow: boolean): Readonly<WindowTotals> {
    const t = this.totals;
    if (t.calls === this.outcomes.length) {
      const evicted = this.outcomes[this.head];
      t.failed -= evicted & FAILED;
      t.slow -= (evicted & SLOW) >> 1;
    } else {
      t.calls++;
    }
    const outcome = (failed ? FAILED : 0) | (slow ? SLOW : 0);
    this.outcomes[this.head] = outcome;
    this.head = (this.head + 1) % this.outcomes.length;
    t.failed += outcome & FAILED;
    t.slow += (outcome & SLOW) >> 1;
    return t;
  }
}

const FAILED = 1;
const SLOW = 2;

/**
 * The calls of the last `seconds` epoch seconds, the current one included (Resilience4j
 * TIME_BASED): one bucket per whole second of the clock (`floor(now / 1000)`), so the window
 * slides a second at a time and a call is forgotten `seconds` bucket boundaries after it was
 * recorded, not `seconds * 1000` ms after.
 *
 * A clock stepped back into an earlier second records into the newest bucket (Resilience4j would
 * move its head by a negative amount and corrupt the window).
 */
export class TimeWindow implements SlidingWindow {
  private readonly buckets: WindowTotals[];
  /** Epoch second of each bucket; the newest is at `head`. */
  private readonly seconds: Float64Array;
  private head = 0;
  private readonly totals: WindowTotals = { calls: 0, failed: 0, slow: 0 };
  private started = false;

  constructor(seconds: number) {
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new RangeError(`window size must be an integer >= 1 (seconds), got ${seconds}`);
    }
    this.buckets = Array.from({ length: seconds }, () => ({ calls: 0, failed: 0, slow: 0 }));
    this.seconds = new Float64Array(seconds);
  }

  record(now: number, failed: boolean, slow: boolean): Readonly<WindowTotals> {
    const bucket = this.moveTo(Math.floor(now / 1000));
    const f = failed ? 1 : 0;
    const s = slow ? 1 : 0;
    bucket.calls++;
    bucket.failed += f;
    bucket.slow += s;
    this.totals.calls++;
    this.totals.failed += f;
    this.totals.slow += s;
    return this.totals;
  }

  /** Slides the window so its newest bucket is `second`, evicting the buckets that fall out. */
  private moveTo(second: number): WindowTotals {
    const n = this.buckets.length;
    if (!this.started) {
      this.started = true;
      this.seconds[this.head] = second;
      return this.buckets[this.head];
    }
    const behind = second - this.seconds[this.head];
    if (behind <= 0) return this.buckets[this.head];
    // Past a full window every bucket is stale: clear them all, as Resilience4j does.
    for (let k = Math.min(behind, n) - 1; k >= 0; k--) {
      this.head = (this.head + 1) % n;
      const b = this.buckets[this.head];
      this.totals.calls -= b.calls;
      this.totals.failed -= b.failed;
      this.totals.slow -= b.slow;
      b.calls = 0;
      b.failed = 0;
      b.slow = 0;
      this.seconds[this.head] = second - k;
    }
    return this.buckets[this.head];
  }
}
