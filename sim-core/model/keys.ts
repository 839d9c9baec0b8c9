import { exp, log } from '../random/det-math.ts';
import type { Rng } from '../random/streams.ts';

/**
 * Cumulative popularity of `count` keys under Zipf(s): key k (0-based) has weight 1/(k+1)^s,
 * so key 0 is the hottest. s = 0 is uniform. Powers are computed as exp(s * log(k + 1)) with
 * the engine-independent log/exp, so key draws are identical on every engine.
 */
export function zipfCdf(count: number, s: number): Float64Array {
  const cdf = new Float64Array(count);
  let total = 0;
  for (let k = 0; k < count; k++) {
    total += s === 0 ? 1 : exp(-s * log(k + 1));
    cdf[k] = total;
  }
  for (let k = 0; k < count; k++) cdf[k] /= total;
  cdf[count - 1] = 1;
  return cdf;
}

/** Draws a key from a cumulative popularity table (binary search). */
export function drawKey(cdf: Float64Array, rng: Rng): number {
  const u = rng.next();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
