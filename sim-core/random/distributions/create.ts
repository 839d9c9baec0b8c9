import type { DistributionSpec } from '../../scenario/spec.ts';
import { constantSampler, exponentialSampler, uniformSampler } from './basic.ts';
import { empiricalCdfSampler, empiricalSamplesSampler } from './empirical.ts';
import { hyperexponentialSampler } from './hyperexponential.ts';
import { lognormalFromMeanP99, lognormalSampler } from './lognormal.ts';
import { normalSampler } from './normal.ts';
import type { Sampler } from './sampler.ts';

/**
 * Builds the sampler for a distribution spec, validating it once up front.
 *
 * @param path Where the spec sits in the scenario (e.g. `services[0].serviceTime`), used to name
 *   the offending field in errors.
 * @throws RangeError naming the field when the parameters describe no valid distribution.
 */
export function createSampler(spec: DistributionSpec, path = 'distribution'): Sampler {
  switch (spec.kind) {
    case 'constant':
      return constantSampler(path, spec.valueMs);
    case 'exponential':
      return exponentialSampler(path, spec.meanMs);
    case 'uniform':
      return uniformSampler(path, spec.minMs, spec.maxMs);
    case 'normal':
      return normalSampler(path, spec.meanMs, spec.stdDevMs);
    case 'lognormal':
      return createLognormal(path, spec);
    case 'hyperexponential':
      return hyperexponentialSampler(path, spec.branches);
    case 'empirical':
      return createEmpirical(path, spec);
    default: {
      const kind: unknown = (spec as { kind?: unknown }).kind;
      throw new RangeError(`${path}.kind: unknown distribution kind ${JSON.stringify(kind)}`);
    }
  }
}

function createLognormal(path: string, spec: Extract<DistributionSpec, { kind: 'lognormal' }>): Sampler {
  const byMoments = spec.meanMs !== undefined || spec.p99Ms !== undefined;
  const byParams = spec.mu !== undefined || spec.sigma !== undefined;
  if (byMoments === byParams) {
    throw new RangeError(
      `${path}: a lognormal needs either meanMs and p99Ms, or mu and sigma (ln ms), ` +
        `not ${byMoments ? 'both' : 'neither'}`,
    );
  }
  if (byMoments) {
    const params = lognormalFromMeanP99(path, spec.meanMs as number, spec.p99Ms as number);
    return lognormalSampler(path, params, spec.meanMs);
  }
  return lognormalSampler(path, { mu: spec.mu as number, sigma: spec.sigma as number });
}

function createEmpirical(path: string, spec: Extract<DistributionSpec, { kind: 'empirical' }>): Sampler {
  if ((spec.samplesMs === undefined) === (spec.cdf === undefined)) {
    throw new RangeError(
      `${path}: an empirical distribution needs either samplesMs or cdf, not both or neither`,
    );
  }
  return spec.samplesMs !== undefined
    ? empiricalSamplesSampler(path, spec.samplesMs)
    : empiricalCdfSampler(path, spec.cdf as { valueMs: number; p: number }[]);
}
