import type { Rng } from '../streams.ts';
import { exponentialDraw } from './basic.ts';
import { requireAtLeast, type Sampler } from './sampler.ts';

/** How far the branch probabilities may sum from 1 (rounding in hand-written or computed data). */
const SUM_TOLERANCE = 1e-9;

/** A mixture of exponentials: picks a branch by its probability `p`, then draws its exponential. */
export function hyperexponentialSampler(path: string, branches: { p: number; meanMs: number }[]): Sampler {
  if (!Array.isArray(branches) || branches.length === 0) {
    throw new RangeError(`${path}.branches must be a non-empty array`);
  }
  const n = branches.length;
  const cumulative = new Float64Array(n);
  const means = new Float64Array(n);
  let total = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const p = requireAtLeast(`${path}.branches[${i}].p`, branches[i]?.p, 0);
    const m = requireAtLeast(`${path}.branches[${i}].meanMs`, branches[i]?.meanMs, 0);
    total += p;
    cumulative[i] = total;
    means[i] = m;
    mean += p * m;
  }
  if (Math.abs(total - 1) > SUM_TOLERANCE) {
    throw new RangeError(`${path}.branches: the probabilities p must sum to 1, got ${total}`);
  }
  // The last branch that can occur also takes whatever rounding leaves above the final sum.
  let last = n - 1;
  while (last > 0 && cumulative[last] === cumulative[last - 1]) last--;
  return {
    meanMs: mean,
    sample(rng: Rng): number {
      const u = rng.next();
      let i = 0;
      while (i < last && u >= cumulative[i]) i++;
      return exponentialDraw(rng, means[i]);
    },
  };
}
