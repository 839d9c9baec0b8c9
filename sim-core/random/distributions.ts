/**
 * Samplers for the scenario's duration distributions, and small discrete draws.
 *
 * Every sampler uses `det-math` for log and exp, never `Math.log`/`Math.exp`, so a seed gives
 * the same samples on every engine.
 *
 * @module
 */
export {
  constantSampler,
  exponentialDraw,
  exponentialSampler,
  uniformSampler,
} from './distributions/basic.ts';
export { createSampler } from './distributions/create.ts';
export { empiricalCdfSampler, empiricalSamplesSampler } from './distributions/empirical.ts';
export { hyperexponentialSampler } from './distributions/hyperexponential.ts';
export {
  type LognormalParams,
  lognormalFromMeanP99,
  lognormalSampler,
  MAX_P99_OVER_MEAN,
  Z99,
} from './distributions/lognormal.ts';
export { normalDensity, normalSampler, normalUpperTail, standardNormal } from './distributions/normal.ts';
export { bernoulli, type Sampler, uniformInt } from './distributions/sampler.ts';
