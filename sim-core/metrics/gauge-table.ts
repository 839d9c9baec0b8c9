/** Changes logged before they are integrated: 64 KB of log, few enough to stay in cache. */
const LOG_SIZE = 4096;

/**
 * Every time-weighted gauge of a recorder (queue depth, busy workers, replicas...) in flat typed
 * arrays indexed by gauge id, instead of one {@link TimeWeighted} object per gauge.
 *
 * Why: a gauge changes on nearly every event of the request path (busy and queue move by one at
 * each start and end of work). As objects, each change went recorder -> service record -> gauge
 * object -> fields, three dependent loads and map checks before any arithmetic, in a function too
 * large for V8's default inlining budget (and each call across that boundary boxed its time
 * argument). Here a change appends three numbers to a log ({@link add}); the log is integrated in
 * one tight loop over arrays whose shape never changes, and the per-bucket work (splitting an
 * interval over the buckets it crosses) happens only when a change lands in a later bucket than
 * the gauge's last.
 *
 * The arithmetic is {@link TimeWeighted}'s, operation for operation and in the same order (the
 * area of each bucket and of the summary window are separate running sums of the same steps), so
 * every bucket's area and maximum, and so every result, has the same bits as before.
 */
export class GaugeTable {
  /** The gauges' values as of the last logged change applied (read through {@link valueOf}). */
  private readonly value: Float64Array;
  /** Time of each gauge's last change (integrated up to it). */
  private readonly lastT: Float64Array;
  /** Index into {@link bucketArea} of the bucket holding lastT: gauge * buckets + bucket. */
  private readonly slot: Int32Array;
  /** End of that bucket (Infinity for the last). */
  private readonly bucketEnd: Float64Array;
  /** Integral of value dt over [warmup, lastT], per gauge. */
  private readonly area: Float64Array;
  /** Maximum from the warm-up on, per gauge. */
  private readonly max: Float64Array;
  /** Integral of value dt per bucket (ms units): bucketArea[gauge * buckets + bucket]. */
  private readonly bucketArea: Float64Array;
  /** Maximum per bucket, same layout as {@link bucketArea}. */
  private readonly bucketMax: Float64Array;
  /** Changes not yet integrated, in order (see {@link add}); `logged` of them. */
  private readonly logGauge = new Int32Array(LOG_SIZE);
  private readonly logDelta = new Float64Array(LOG_SIZE);
  private readonly logTime = new Float64Array(LOG_SIZE);
  private logged = 0;

  constructor(
    readonly count: number,
    private readonly bucketMs: number,
    readonly buckets: number,
    private readonly warmupMs: number,
    /** A table to copy (see {@link readAt}) instead of starting at zero. */
    from: GaugeTable | null = null,
  ) {
    if (from !== null) {
      this.value = from.value.slice();
      this.lastT = from.lastT.slice();
      this.slot = from.slot.slice();
      this.bucketEnd = from.bucketEnd.slice();
      this.area = from.area.slice();
      this.max = from.max.slice();
      this.bucketArea = from.bucketArea.slice();
      this.bucketMax = from.bucketMax.slice();
      return;
    }
    this.value = new Float64Array(count);
    this.lastT = new Float64Array(count);
    this.slot = new Int32Array(count);
    this.bucketEnd = new Float64Array(count).fill(buckets === 1 ? Number.POSITIVE_INFINITY : bucketMs);
    this.area = new Float64Array(count);
    this.max = new Float64Array(count);
    this.bucketArea = new Float64Array(count * buckets);
    this.bucketMax = new Float64Array(count * buckets);
    for (let g = 0; g < count; g++) this.slot[g] = g * buckets;
  }

  /**
   * Changes gauge `g` by `delta` at time `t` (t never decreases for one gauge). The change is
   * only logged here: the log is integrated, in order, when it is full or before anything reads
   * the table (see {@link flush}). Integrating later performs the same operations in the same
   * order per gauge, so the bits are the same; the request path pays three stores.
   */
  add(g: number, delta: number, t: number): void {
    const n = this.logged;
    this.logGauge[n] = g;
    this.logDelta[n] = delta;
    this.logTime[n] = t;
    this.logged = n + 1;
    if (n + 1 === LOG_SIZE) this.flush();
  }

  /**
   * {@link add} for a gauge that only ever holds whole numbers (busy workers, queue depth): a
   * +1 that follows that gauge's -1 at the same instant, with no other change logged between
   * (a worker that finished and took the next job), turns the -1 into a change of 0 instead of
   * logging a second change. Same bits: the second step would integrate over no time (adding +0
   * to non-negative areas), and its value (the one before the -1) is above the -1's, so each
   * maximum ends the same; and v - 1 + 1 is v exactly for a whole v.
   */
  addWhole(g: number, delta: number, t: number): void {
    const n = this.logged - 1;
    if (delta === 1 && n >= 0 && this.logDelta[n] === -1 && this.logGauge[n] === g && this.logTime[n] === t) {
      this.logDelta[n] = 0;
      return;
    }
    this.add(g, delta, t);
  }

  /** Integrates every logged change, in order. */
  flush(): void {
    const n = this.logged;
    this.logged = 0;
    for (let i = 0; i < n; i++) this.apply(this.logGauge[i], this.logDelta[i], this.logTime[i]);
  }

  /** Gauge `g`'s current value. */
  valueOf(g: number): number {
    if (this.logged > 0) this.flush();
    return this.value[g];
  }

  /** The change itself: integrates gauge `g` up to `t`, then moves it by `delta`. */
  private apply(g: number, delta: number, t: number): void {
    const last = this.lastT[g];
    let slot = this.slot[g];
    if (t < this.bucketEnd[g] && last >= this.warmupMs) {
      const step = this.value[g] * (t - last);
      this.bucketArea[slot] += step;
      this.area[g] += step;
      this.lastT[g] = t;
    } else {
      slot = this.advance(g, t);
    }
    const nv = this.value[g] + delta;
    this.value[g] = nv;
    if (nv > this.bucketMax[slot]) this.bucketMax[slot] = nv;
    if (nv > this.max[g] && t >= this.warmupMs) this.max[g] = nv;
  }

  /** Integrates gauge `g`'s current value up to `t` (logged changes applied); returns the slot of t's bucket. */
  private advance(g: number, t: number): number {
    const from = this.lastT[g];
    if (t <= from) return this.slot[g];
    this.lastT[g] = t;
    const w = this.bucketMs;
    const last = this.buckets - 1;
    const base = g * this.buckets;
    const bucket = Math.min(Math.floor(t / w), last);
    this.slot[g] = base + bucket;
    this.bucketEnd[g] = bucket === last ? Number.POSITIVE_INFINITY : (bucket + 1) * w;
    const v = this.value[g];
    if (v === 0) return base + bucket;
    let b = Math.min(Math.floor(from / w), last);
    let s = from;
    while (s < t) {
      const e = b >= last ? t : Math.min(t, (b + 1) * w);
      this.bucketArea[base + b] += v * (e - s);
      if (v > this.bucketMax[base + b]) this.bucketMax[base + b] = v;
      s = e;
      b++;
    }
    const lo = Math.max(from, this.warmupMs);
    if (t > lo) {
      this.area[g] += v * (t - lo);
      if (v > this.max[g]) this.max[g] = v;
    }
    return base + bucket;
  }

  /** Gauge `g`'s integral over [warmup, its last change]. */
  areaOf(g: number): number {
    if (this.logged > 0) this.flush();
    return this.area[g];
  }

  /** Gauge `g`'s maximum from the warm-up on. */
  maxOf(g: number): number {
    if (this.logged > 0) this.flush();
    return this.max[g];
  }

  /** Gauge `g`'s integral over series bucket `b`. */
  bucketAreaOf(g: number, b: number): number {
    if (this.logged > 0) this.flush();
    return this.bucketArea[g * this.buckets + b];
  }

  /** Gauge `g`'s maximum in series bucket `b`. */
  bucketMaxOf(g: number, b: number): number {
    if (this.logged > 0) this.flush();
    return this.bucketMax[g * this.buckets + b];
  }

  /**
   * A copy with every gauge integrated up to `t`, leaving this one untouched: reading a result
   * mid-run must not split the running integrals (that would change their last bits, and so the
   * final result).
   */
  readAt(t: number): GaugeTable {
    this.flush();
    const copy = new GaugeTable(this.count, this.bucketMs, this.buckets, this.warmupMs, this);
    for (let g = 0; g < this.count; g++) copy.advance(g, t);
    return copy;
  }
}
