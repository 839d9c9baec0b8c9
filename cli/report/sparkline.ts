/** Unicode sparklines: one character per time bucket, `▁` (zero) to `█` (the largest value). */

export const BARS = '▁▂▃▄▅▆▇█';

/** How buckets are merged when a series is longer than the space for it. */
export type Merge = 'mean' | 'max';

/**
 * Shortens `values` to at most `maxPoints` by merging runs of neighbouring buckets (the mean or
 * the max of their non-null values; null when all are null).
 */
export function downsample(
  values: readonly (number | null)[],
  maxPoints: number,
  merge: Merge,
): (number | null)[] {
  if (values.length <= maxPoints || maxPoints < 1) return [...values];
  const size = Math.ceil(values.length / maxPoints);
  const out: (number | null)[] = [];
  for (let i = 0; i < values.length; i += size) {
    const present = values.slice(i, i + size).filter((v): v is number => v !== null);
    if (present.length === 0) out.push(null);
    else if (merge === 'max') out.push(Math.max(...present));
    else out.push(present.reduce((a, b) => a + b, 0) / present.length);
  }
  return out;
}

/**
 * One character per value, scaled from 0 (or the minimum, if negative) to the maximum, so a
 * small wobble on a large value does not look like a collapse. A null (no data in the bucket,
 * e.g. the latency of a bucket with no successes) is a space.
 */
export function sparkline(values: readonly (number | null)[]): string {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return ' '.repeat(values.length);
  const lo = Math.min(0, ...present);
  const hi = Math.max(...present);
  const top = BARS.length - 1;
  return values
    .map((v) => {
      if (v === null) return ' ';
      if (hi === lo) return BARS[0];
      return BARS[Math.max(0, Math.min(top, Math.round(((v - lo) / (hi - lo)) * top)))];
    })
    .join('');
}

/** The smallest and largest non-null values, or null when there are none. */
export function range(values: readonly (number | null)[]): { min: number; max: number } | null {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return null;
  return { min: Math.min(...present), max: Math.max(...present) };
}
