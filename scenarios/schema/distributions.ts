/**
 * The schema of a random duration (`DistributionSpec`): constant, exponential, uniform, normal,
 * lognormal, hyperexponential and empirical. Their parameter rules are in `distributions-rules.ts`.
 */
import { z } from 'zod';
import { nonNegative, positive, probability } from './fields.ts';

/** A fixed duration; also a cache's hit latency, which allows only this kind. */
export const ConstantDistribution = z
  .strictObject({
    kind: z.literal('constant').describe('Always the same value.'),
    valueMs: nonNegative().describe('The value, in ms (>= 0).'),
  })
  .describe('A fixed duration.');

const ExponentialDistribution = z
  .strictObject({
    kind: z.literal('exponential').describe('Memoryless: the textbook "M" of M/M/1.'),
    meanMs: positive().describe('Mean, in ms (> 0).'),
  })
  .describe('An exponential duration with the given mean.');

const UniformDistribution = z
  .strictObject({
    kind: z.literal('uniform').describe('Every value between minMs and maxMs is equally likely.'),
    minMs: nonNegative().describe('Smallest value, in ms (>= 0).'),
    maxMs: nonNegative().describe('Largest value, in ms (>= minMs).'),
  })
  .describe('A uniform duration between minMs and maxMs.');

const NormalDistribution = z
  .strictObject({
    kind: z.literal('normal').describe('Bell curve, truncated at zero by resampling.'),
    meanMs: nonNegative().describe('Mean, in ms (>= 0).'),
    stdDevMs: nonNegative().describe('Standard deviation, in ms (>= 0).'),
  })
  .describe('A normal duration, truncated at zero by resampling.');

const LognormalDistribution = z
  .strictObject({
    kind: z.literal('lognormal').describe('Long right tail: the usual shape of real service times.'),
    meanMs: positive()
      .optional()
      .describe('Mean, in ms (> 0). Give it together with p99Ms, instead of mu and sigma.'),
    p99Ms: positive()
      .optional()
      .describe('99th percentile, in ms (> meanMs). Give it together with meanMs, instead of mu and sigma.'),
    mu: z
      .number()
      .optional()
      .describe(
        'Mean of the underlying normal, in ln(ms). Give it together with sigma, instead of meanMs and p99Ms.',
      ),
    sigma: nonNegative()
      .optional()
      .describe('Standard deviation of the underlying normal (>= 0). Give it together with mu.'),
  })
  .describe('A lognormal duration: either meanMs + p99Ms, or mu + sigma of the underlying normal.');

const HyperexponentialDistribution = z
  .strictObject({
    kind: z
      .literal('hyperexponential')
      .describe('A mix of exponentials: bimodal, e.g. cache hits and misses.'),
    branches: z
      .array(
        z
          .strictObject({
            p: probability().describe('Probability of this branch, in [0, 1]; all branches sum to 1.'),
            meanMs: positive().describe('Mean of this branch, in ms (> 0).'),
          })
          .describe('One exponential branch.'),
      )
      .min(1)
      .describe('The branches; their probabilities sum to 1.'),
  })
  .describe('A mixture of exponentials: with probability p a branch is drawn.');

const EmpiricalDistribution = z
  .strictObject({
    kind: z.literal('empirical').describe('Measured data: samples or a cumulative distribution.'),
    samplesMs: z
      .array(nonNegative().describe('A sample, in ms (>= 0).'))
      .optional()
      .describe('Measured samples, in ms, drawn uniformly. Give either this or cdf.'),
    cdf: z
      .array(
        z
          .strictObject({
            valueMs: nonNegative().describe('The value, in ms (>= 0); non-decreasing along the list.'),
            p: probability().describe(
              'Cumulative probability at valueMs, in [0, 1]; non-decreasing, last is 1.',
            ),
          })
          .describe('One point of the cumulative distribution.'),
      )
      .optional()
      .describe(
        'Points of the cumulative distribution, interpolated linearly; the last p is 1. Give either this or samplesMs.',
      ),
  })
  .describe('An empirical duration: from samplesMs, or from cdf points.');

/** A non-negative random duration in milliseconds. Reused with a field-specific description. */
export const DistributionSchema = z
  .discriminatedUnion('kind', [
    ConstantDistribution,
    ExponentialDistribution,
    UniformDistribution,
    NormalDistribution,
    LognormalDistribution,
    HyperexponentialDistribution,
    EmpiricalDistribution,
  ])
  .describe('A random duration in ms, chosen by "kind".');
