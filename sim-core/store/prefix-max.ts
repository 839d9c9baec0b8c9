/**
 * The largest value among entries recorded strictly before a time: entries arrive in time
 * order (the simulator records them as they happen), so a query is a binary search over a
 * running maximum.
 */
export class PrefixMax {
  private readonly times: number[] = [];
  private readonly maxima: number[] = [];

  /** Records `value` at `timeMs` (times must not decrease). */
  add(timeMs: number, value: number): void {
    const n = this.maxima.length;
    const prev = n === 0 ? Number.NEGATIVE_INFINITY : this.maxima[n - 1];
    this.times.push(timeMs);
    this.maxima.push(Math.max(value, prev));
  }

  /** The largest value recorded strictly before `timeMs` (-Infinity when none). */
  maxBefore(timeMs: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] < timeMs) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? Number.NEGATIVE_INFINITY : this.maxima[lo - 1];
  }
}
