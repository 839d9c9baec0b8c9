import type { Rng } from '../streams.ts';
import { requireAtLeast, type Sampler, uniformInt } from './sampler.ts';

/** How far the last cumulative probability may be from 1 (rounding in computed data). */
const P_TOLERANCE = 1e-9;

/** Draws one of `samplesMs` uniformly: a recorded latency trace replayed. */
export function empiricalSamplesSampler(path: string, samplesMs: number[]): Sampler {
  if (!Array.isArray(samplesMs) || samplesMs.length === 0) {
    throw new RangeError(`${path}.samplesMs must be a non-empty array`);
  }
  const values = new Float64Array(samplesMs.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] = requireAtLeast(`${path}.samplesMs[${i}]`, samplesMs[i], 0);
    sum += values[i];
  }
  const n = values.length;
  return { meanMs: sum / n, sample: (rng: Rng) => values[uniformInt(rng, n)] };
}

/**
 * Inverse-CDF sampling from points (valueMs, p), interpolating linearly between them.
 *
 * A first point with p > 0 is an atom: that share of draws returns its value exactly. Two points
 * with the same value and rising p form an atom in the middle; two with the same p and rising
 * value form a gap no draw lands in.
 */
export function empiricalCdfSampler(path: string, cdf: { valueMs: number; p: number }[]): Sampler {
  if (!Array.isArray(cdf) || cdf.length === 0) {
    throw new RangeError(`${path}.cdf must be a non-empty array of { valueMs, p } points`);
  }
  const n = cdf.length;
  const values = new Float64Array(n);
  const ps = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const prevValue = i === 0 ? 0 : values[i - 1];
    const prevP = i === 0 ? 0 : ps[i - 1];
    const bound = (field: string, v: number) => (i === 0 ? String(v) : `cdf[${i - 1}].${field} (${v})`);
    values[i] = requireAtLeast(
      `${path}.cdf[${i}].valueMs`,
      cdf[i]?.valueMs,
      prevValue,
      bound('valueMs', prevValue),
    );
    ps[i] = requireAtLeast(`${path}.cdf[${i}].p`, cdf[i]?.p, prevP, bound('p', prevP));
  }
  if (!(Math.abs(ps[n - 1] - 1) <= P_TOLERANCE)) {
    throw new RangeError(
      `${path}.cdf[${n - 1}].p must be 1 (the last point closes the CDF), got ${ps[n - 1]}`,
    );
  }
  ps[n - 1] = 1;

  // The atom at the first point, then each segment's share times its midpoint.
  let mean = ps[0] * values[0];
  for (let i = 1; i < n; i++) mean += ((ps[i] - ps[i - 1]) * (values[i - 1] + values[i])) / 2;

  return {
    meanMs: mean,
    sample(rng: Rng): number {
      const u = rng.next();
      if (u < ps[0]) return values[0];
      // Smallest i with ps[i] > u; it exists because ps[n - 1] = 1 > u, and ps[i - 1] <= u.
      let lo = 1;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ps[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      const p0 = ps[lo - 1];
      const v0 = values[lo - 1];
      return v0 + ((values[lo] - v0) * (u - p0)) / (ps[lo] - p0);
    },
  };
}
