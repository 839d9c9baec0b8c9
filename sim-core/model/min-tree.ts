/**
 * A segment tree of the minimum over a fixed array of small integers: a point update and the
 * first index at or after a position whose value is at most a bound, both O(log n).
 *
 * It indexes the balancer's outstanding counts (see `LeastOutstanding` in `load-balancer.ts`):
 * the scan it replaces finds the first minimum in circular order from a start, and so does
 * {@link MinTree.firstMin}, so the picks are the same and only the cost changes.
 */
export class MinTree {
  /** A value no real count reaches: padding leaves, and slots out of rotation. */
  static readonly MASKED = 0x3fffffff;
  readonly length: number;
  private readonly size: number;
  private readonly t: Int32Array;

  constructor(length: number) {
    let size = 1;
    while (size < length) size *= 2;
    this.length = length;
    this.size = size;
    this.t = new Int32Array(2 * size).fill(MinTree.MASKED);
  }

  /** Sets element `i` to `value`. */
  set(i: number, value: number): void {
    const t = this.t;
    let k = i + this.size;
    t[k] = value;
    k >>= 1;
    while (k >= 1) {
      const m = Math.min(t[2 * k], t[2 * k + 1]);
      if (t[k] === m) return;
      t[k] = m;
      k >>= 1;
    }
  }

  get(i: number): number {
    return this.t[i + this.size];
  }

  /** The smallest value (MASKED when every element is masked). */
  min(): number {
    return this.t[1];
  }

  /** The first index >= `from` whose value is <= `bound`, or -1. */
  firstAtMost(from: number, bound: number): number {
    if (from >= this.length) return -1;
    const t = this.t;
    const size = this.size;
    let k = from + size;
    for (;;) {
      if (t[k] <= bound) {
        while (k < size) {
          k *= 2;
          if (t[k] > bound) k++;
        }
        return k - size;
      }
      // On to the subtree just right of k: up while k is a right child (the root has none).
      while ((k & 1) === 1) {
        k >>= 1;
        if (k === 0) return -1;
      }
      k++;
    }
  }

  /** The first index holding the minimum in circular order from `start` (-1: all masked). */
  firstMin(start: number): number {
    const m = this.t[1];
    if (m >= MinTree.MASKED) return -1;
    const i = this.firstAtMost(start, m);
    return i >= 0 ? i : this.firstAtMost(0, m);
  }
}
