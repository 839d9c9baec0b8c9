import { exp, log } from '../det-math.ts';
import type { Rng } from '../streams.ts';
import { requireAtLeast, requireFinite, type Sampler } from './sampler.ts';

const INV_SQRT_2PI = 0.3989422804014327;

/**
 * A standard normal draw by Marsaglia's polar method: needs only log and sqrt, both exact or
 * engine-independent here. The second normal of each accepted pair is discarded so the draw stays
 * a pure function of `rng` (a cached spare would leak between streams sharing a sampler).
 */
export function standardNormal(rng: Rng): number {
  let u: number;
  let s: number;
  do {
    u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    s = u * u + v * v;
  } while (s >= 1 || s === 0);
  return u * Math.sqrt((-2 * log(s)) / s);
}

/** The standard normal density. */
export function normalDensity(z: number): number {
  return INV_SQRT_2PI * exp(-0.5 * z * z);
}

/**
 * P(Z > z) for a standard normal Z, to about 1e-15 absolute: the Taylor series of the CDF
 * around 0 (all terms positive), which is plenty for the means reported in docs and tests.
 */
export function normalUpperTail(z: number): number {
  const a = Math.abs(z);
  // Beyond 8.3 the tail is below 1e-16: zero at double precision relative to 0.5.
  if (a > 8.3) return z > 0 ? 0 : 1;
  const a2 = a * a;
  let term = a;
  let sum = a;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= a2 / (2 * n + 1);
    sum += term;
  }
  const centralHalf = normalDensity(a) * sum; // P(0 < Z < a)
  return z > 0 ? 0.5 - centralHalf : 0.5 + centralHalf;
}

/** Fewest draws that may land at or above zero: below this the resampling loop would crawl. */
const MIN_ACCEPTANCE = 0.01;

/** Normal with `meanMs` and `stdDevMs`, truncated at zero by resampling. */
export function normalSampler(path: string, meanMs: number, stdDevMs: number): Sampler {
  const mu = requireFinite(`${path}.meanMs`, meanMs);
  const sigma = requireAtLeast(`${path}.stdDevMs`, stdDevMs, 0);
  if (sigma === 0) {
    requireAtLeast(`${path}.meanMs`, mu, 0, '0 when stdDevMs is 0');
    return { meanMs: mu, sample: () => mu };
  }
  // Truncated normal: E[X | X >= 0] = mu + sigma * phi(a) / P(Z > a), with a = -mu / sigma.
  const a = -mu / sigma;
  const acceptance = normalUpperTail(a);
  if (acceptance < MIN_ACCEPTANCE) {
    throw new RangeError(
      `${path}.meanMs (${mu}) is too far below 0 for stdDevMs (${sigma}): only ${acceptance.toPrecision(3)} ` +
        `of draws would be >= 0 and truncation resamples the rest; use meanMs >= -2.3 * stdDevMs`,
    );
  }
  return {
    meanMs: mu + (sigma * normalDensity(a)) / acceptance,
    sample(rng: Rng): number {
      let x: number;
      do x = mu + sigma * standardNormal(rng);
      while (!(x >= 0));
      return x;
    },
  };
}
