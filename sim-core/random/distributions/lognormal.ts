import { exp, log } from '../det-math.ts';
import type { Rng } from '../streams.ts';
import { standardNormal } from './normal.ts';
import { requireAtLeast, requireFinite, requirePositive, type Sampler } from './sampler.ts';

/** The standard normal's 0.99 quantile. */
export const Z99 = 2.3263478740408408;

/**
 * The largest p99 / mean ratio any lognormal has: exp(z*sigma - sigma^2/2) peaks at sigma = z,
 * where it is exp(z^2 / 2), about 14.97.
 */
export const MAX_P99_OVER_MEAN = exp((Z99 * Z99) / 2);

/** The parameters of the underlying normal, in ln ms. */
export interface LognormalParams {
  mu: number;
  sigma: number;
}

/**
 * Solves mean = exp(mu + sigma^2/2) and p99 = exp(mu + z*sigma) for (mu, sigma).
 *
 * Subtracting the logs gives sigma^2/2 - z*sigma + (ln p99 - ln mean) = 0; the smaller root is
 * taken (the larger one gives the same p99 with a heavier tail beyond it).
 *
 * @throws RangeError naming `meanMs` or `p99Ms` when no lognormal fits.
 */
export function lognormalFromMeanP99(path: string, meanMs: number, p99Ms: number): LognormalParams {
  const mean = requirePositive(`${path}.meanMs`, meanMs);
  const p99 = requireFinite(`${path}.p99Ms`, p99Ms);
  if (!(p99 > mean)) {
    throw new RangeError(`${path}.p99Ms (${p99}) must be greater than ${path}.meanMs (${mean})`);
  }
  const gap = log(p99) - log(mean);
  const discriminant = Z99 * Z99 - 2 * gap;
  if (discriminant < 0) {
    throw new RangeError(
      `${path}.p99Ms (${p99}) is ${(p99 / mean).toPrecision(4)} times ${path}.meanMs (${mean}), but no ` +
        `lognormal has a p99 more than ${MAX_P99_OVER_MEAN.toPrecision(4)} times its mean ` +
        `(a heavier tail raises the mean faster than the p99); lower p99Ms or raise meanMs`,
    );
  }
  const sigma = Z99 - Math.sqrt(discriminant);
  return { mu: log(mean) - (sigma * sigma) / 2, sigma };
}

/** exp(mu + sigma * Z): a lognormal whose log has mean `mu` and standard deviation `sigma`. */
export function lognormalSampler(path: string, params: LognormalParams, meanMs?: number): Sampler {
  const mu = requireFinite(`${path}.mu`, params.mu);
  const sigma = requireAtLeast(`${path}.sigma`, params.sigma, 0);
  const mean = meanMs ?? exp(mu + (sigma * sigma) / 2);
  if (!Number.isFinite(mean)) {
    throw new RangeError(`${path}: mu (${mu}) and sigma (${sigma}) give an infinite mean duration`);
  }
  return {
    meanMs: mean,
    // A far tail can still overflow for extreme parameters: keep every sample finite.
    sample: (rng: Rng) => Math.min(exp(mu + sigma * standardNormal(rng)), Number.MAX_VALUE),
  };
}
