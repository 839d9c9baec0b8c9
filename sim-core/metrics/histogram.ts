/**
 * A mergeable log-linear histogram of non-negative values (latencies in ms).
 *
 * The bucket of a value comes straight from its IEEE-754 bits: the exponent and the top
 * {@link SUB_BITS} bits of the mantissa, so each power of two is split into 128 equal buckets.
 * A bucket spans at most 1/128 of its lower bound and quantiles report its midpoint, so a
 * quantile's relative error is at most 1/256 (0.4%), well inside the 1% we promise. No log
 * call, exact on every engine, and merging two histograms is adding their counts.
 */

const SUB_BITS = 7;
const SUB_SHIFT = 20 - SUB_BITS;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
const HI = u32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** Index of the bucket that holds `v` (v > 0, finite). */
function bucketOf(v: number): number {
  f64[0] = v;
  return u32[HI] >>> SUB_SHIFT;
}

/** Lower bound of bucket `i`. */
function lowerBound(i: number): number {
  u32[HI] = i << SUB_SHIFT;
  u32[LO] = 0;
  return f64[0];
}

/** The value a quantile reports for bucket `b`: its midpoint, clamped to the exact min and max. */
function bucketValue(b: number, min: number, max: number): number {
  const mid = (lowerBound(b) + lowerBound(b + 1)) / 2;
  return Math.min(max, Math.max(min, mid));
}

/**
 * Moves the `k`-th smallest of `v[lo..hi)` to index k, the smaller ones before it and the larger
 * after (Hoare's selection), and returns it. A typed array's own sort costs ~40 ns per value
 * here (a comparison through a callback), the selection ~4; after a few rounds that do not
 * shrink the range, the rest is sorted (bounded time whatever the input).
 */
function select(v: Float64Array, lo: number, hi: number, k: number): number {
  let right = hi - 1;
  let left = lo;
  let rounds = 0;
  while (right > left) {
    if (++rounds > 64) {
      v.subarray(left, right + 1).sort();
      return v[k];
    }
    const pivot = v[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        const t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return v[k];
  }
  return v[k];
}

/**
 * A batch of values read once (a log's worth): their count, sum (added in the batch's order, as
 * a histogram recording them would), min, max and values <= 0. Its quantiles come from the
 * values by selection, and {@link Histogram.mergeBatch} adds it to a histogram as merging a
 * histogram of it would: so a series bucket's few hundred latencies need no histogram of their
 * own (recording them into one, reading it and clearing it cost a cache miss per value in a
 * dense window per flow).
 */
export class ValueBatch {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  zeros = 0;
  /** The values in `[0, count)`, reordered by {@link quantiles}. */
  values: Float64Array = new Float64Array(0);

  /** Reads `values[0..n)` in order (the values stay where they are until {@link quantiles}); returns this. */
  load(values: Float64Array, n: number): ValueBatch {
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let zeros = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v <= 0) zeros++;
    }
    this.count = n;
    this.sum = sum;
    this.min = min;
    this.max = max;
    this.zeros = zeros;
    this.values = values;
    return this;
  }

  /**
   * {@link Histogram.quantiles} (qs ascending) of a histogram holding these values, bit for bit:
   * buckets are monotonic in the value, so the bucket the rank ceil(q * count) falls in is the
   * bucket of the value of that rank. Reorders the values.
   */
  quantiles(qs: ArrayLike<number>, out: { [i: number]: number }): void {
    const n = this.count;
    let from = 0;
    let last = -1;
    let v = Number.NaN;
    for (let k = 0; k < qs.length; k++) {
      if (n === 0) {
        out[k] = Number.NaN;
        continue;
      }
      const r = Math.max(1, Math.ceil(qs[k] * n)) - 1;
      if (r !== last) {
        // The values below index `last` are at most v: the next rank is among the rest.
        v = select(this.values, from, n, r);
        from = r + 1;
        last = r;
      }
      out[k] = v <= 0 ? Math.max(0, this.min) : bucketValue(bucketOf(v), this.min, this.max);
    }
  }
}

/** {@link Histogram.quantile}'s one-element arguments, kept so a call allocates nothing. */
const one = new Float64Array(1);
const oneOut = new Float64Array(1);

/**
 * Buckets are counted in a dense window of the bucket space, and the buckets in use are listed
 * too (`touched`), so that clearing, merging and reading quantiles cost the buckets used, not
 * the window: a flow's open-bucket histogram holds a few hundred values spread over a window
 * of thousands of buckets, and is cleared, merged and read once per series bucket.
 */
export class Histogram {
  /** Number of values recorded. */
  count = 0;
  /** Sum of the values recorded (exact mean = sum / count). */
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  private zeros = 0;
  private offset = 0;
  private counts: Float64Array = new Float64Array(0);
  /** The buckets (absolute numbers, not window indices) whose count is not 0, in no order. */
  private touched: Int32Array = new Int32Array(0);
  private touchedCount = 0;
  /** True while `touched` is in ascending order (quantiles sort it once, then reuse it). */
  private sorted = true;

  record(v: number): void {
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v <= 0) {
      this.zeros++;
      return;
    }
    const b = bucketOf(v);
    let i = b - this.offset;
    if (i < 0 || i >= this.counts.length) i = this.ensure(b);
    if (this.counts[i]++ === 0) this.touch(b);
  }

  /** Adds a batch's values as {@link merge} of a histogram that recorded them in order would. */
  mergeBatch(batch: ValueBatch): void {
    if (batch.count === 0) return;
    this.addTotals(batch.count, batch.sum, batch.min, batch.max, batch.zeros);
    const values = batch.values;
    for (let k = 0; k < batch.count; k++) {
      const v = values[k];
      if (v <= 0) continue;
      const b = bucketOf(v);
      let i = b - this.offset;
      if (i < 0 || i >= this.counts.length) i = this.ensure(b);
      if (this.counts[i]++ === 0) this.touch(b);
    }
  }

  /**
   * Forgets every value, keeping the storage (a flow's open-bucket histogram is cleared once
   * per series bucket and reused: memory stays the same whatever the run length).
   */
  clear(): void {
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    this.zeros = 0;
    const c = this.counts;
    const t = this.touched;
    for (let k = 0; k < this.touchedCount; k++) c[t[k] - this.offset] = 0;
    this.touchedCount = 0;
    this.sorted = true;
  }

  /** Adds every value of `other` to this histogram. */
  merge(other: Histogram): void {
    if (other.count === 0) return;
    this.addTotals(other.count, other.sum, other.min, other.max, other.zeros);
    const oc = other.counts;
    const ot = other.touched;
    for (let k = 0; k < other.touchedCount; k++) {
      const b = ot[k];
      let i = b - this.offset;
      if (i < 0 || i >= this.counts.length) i = this.ensure(b);
      if (this.counts[i] === 0) this.touch(b);
      this.counts[i] += oc[b - other.offset];
    }
  }

  /** A merge's count, sum, min, max and zeros (the buckets are the caller's). */
  private addTotals(count: number, sum: number, min: number, max: number, zeros: number): void {
    this.count += count;
    this.sum += sum;
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
    this.zeros += zeros;
  }

  /** Values recorded that are > 0 (the rest count as zeros). */
  get positives(): number {
    return this.count - this.zeros;
  }

  mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  /**
   * The q-quantile (0 < q <= 1): the midpoint of the bucket holding the value of rank
   * ceil(q * count), clamped to the exact min and max. NaN when empty.
   */
  quantile(q: number): number {
    one[0] = q;
    this.quantiles(one, oneOut);
    return oneOut[0];
  }

  /**
   * The quantiles `qs` (ascending, each as {@link quantile} gives it) into `out`, in one pass
   * over the buckets used.
   */
  quantiles(qs: ArrayLike<number>, out: { [i: number]: number }): void {
    if (this.count === 0) {
      for (let k = 0; k < qs.length; k++) out[k] = Number.NaN;
      return;
    }
    if (!this.sorted) this.sortTouched();
    const c = this.counts;
    const t = this.touched;
    let seen = this.zeros;
    let j = 0;
    for (let k = 0; k < qs.length; k++) {
      const rank = Math.max(1, Math.ceil(qs[k] * this.count));
      if (seen >= rank && j === 0) {
        out[k] = Math.max(0, this.min);
        continue;
      }
      while (seen < rank && j < this.touchedCount) seen += c[t[j++] - this.offset];
      if (seen < rank) {
        out[k] = this.max;
        continue;
      }
      out[k] = bucketValue(t[j - 1], this.min, this.max);
    }
  }

  /**
   * Puts the touched list in ascending order: sorted when it is short against the window,
   * rebuilt by one pass over the window when it fills much of it (cheaper than sorting then).
   */
  private sortTouched(): void {
    const n = this.touchedCount;
    const c = this.counts;
    if (n * 8 < c.length) {
      this.touched.subarray(0, n).sort();
    } else {
      const t = this.touched;
      let k = 0;
      for (let j = 0; j < c.length; j++) if (c[j] !== 0) t[k++] = this.offset + j;
    }
    this.sorted = true;
  }

  /** Lists bucket `b`, whose count just left 0. */
  private touch(b: number): void {
    const n = this.touchedCount;
    if (n === this.touched.length) {
      const next = new Int32Array(Math.max(64, n * 2));
      next.set(this.touched);
      this.touched = next;
    }
    if (n > 0 && this.touched[n - 1] > b) this.sorted = false;
    this.touched[n] = b;
    this.touchedCount = n + 1;
  }
  /** Grows the dense window to hold bucket `b`; returns b's index in it. */
  private ensure(b: number): number {
    const c = this.counts;
    if (c.length === 0) {
      // Room for 1 octave below and 3 above the first value; growth doubles the window.
      this.offset = b - 128;
      this.counts = new Float64Array(512);
      return b - this.offset;
    }
    const lo = Math.min(this.offset, b - 64);
    const hi = Math.max(this.offset + c.length, b + 65);
    const size = Math.max(hi - lo, c.length * 2);
    const next = new Float64Array(size);
    const newOffset = b < this.offset ? hi - size : lo;
    next.set(c, this.offset - newOffset);
    this.counts = next;
    this.offset = newOffset;
    return b - newOffset;
  }
}
