/**
 * The zod schema of a scenario: shape, bounds, defaults and the help text of every field.
 *
 * It lives here and not in `sim-core` because the engine must not depend on zod; the engine
 * trusts the resolved {@link Scenario} type, and the compile-time checks at the bottom of this
 * file keep the two in lock-step (a drift in either fails `tsc`).
 *
 * The `.describe()` texts become the JSON Schema `description`s shown by the README, the lab and
 * editors, so they are written for users, not for us. Rules a schema cannot express (names that
 * refer to other parts, cycles, the lognormal/empirical parameter combinations, orderings between
 * fields) are in `semantic.ts`.
 *
 * Resilience patterns may be given as a preset name (`"retry": "grpc-default"`) from
 * `sim-core/patterns/presets.ts`; parsing expands the name into a fresh copy of the preset, so a
 * resolved scenario holds only objects. Where a pattern mirrors a reference library, the defaults
 * of its sub-fields are that library's.
 */
import { z } from 'zod';
import {
  ADAPTIVE_LIMIT_PRESETS,
  BREAKER_PRESETS,
  BULKHEAD_PRESETS,
  OUTLIER_PRESETS,
  RETRY_BUDGET_PRESETS,
  RETRY_PRESETS,
} from '../../sim-core/patterns/presets.ts';
import type {
  AdaptiveLimitSpec,
  ArrivalSpec,
  BackoffSpec,
  BreakerSpec,
  BudgetSpec,
  BulkheadSpec,
  CacheSpec,
  CallPolicySpec,
  ClientSpec,
  ClockSpec,
  DistributionSpec,
  DownstreamCallSpec,
  FailureCause,
  FallbackSpec,
  FaultSpec,
  HealthCheckSpec,
  HedgeSpec,
  HypothesisSpec,
  LessonSpec,
  LinkSpec,
  MessageQueueSpec,
  MetricsSpec,
  NetworkSpec,
  OutlierDetectionSpec,
  ParamSpec,
  RateLimitSpec,
  ReplicaOverrideSpec,
  RetryBudgetSpec,
  RetrySpec,
  Scenario,
  ServicePolicySpec,
  ServiceSpec,
  SheddingSpec,
} from '../../sim-core/scenario/spec.ts';

/** A scenario id: lower-case, digits and '-', so it is safe in file names, URLs and CLI args. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** A client, service or queue name. No '/': a replica node is named `service/index`. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

// Number helpers. zod 4's z.number() already rejects NaN and ±Infinity, so every number is finite.
const nonNegative = () => z.number().min(0);
const positive = () => z.number().positive();
const probability = () => z.number().min(0).max(1);
/** z.number().int() also bounds to the safe-integer range, so counts never lose precision. */
const intAtLeast = (min: number) => z.number().int().min(min);
const name = () => z.string().regex(NAME_PATTERN);
/** Above -1e6 ppm a local clock still moves forward; a stopped clock would never fire a timer. */
const driftPpm = () => z.number().gt(-1_000_000).lte(1_000_000);

// Preset helpers. The tables are imported, never copied: presets.ts is their one home.

/** A preset by name; fails when this module loads (not in a user's face) if presets.ts renamed it. */
function presetNamed<T>(table: Record<string, T>, presetName: string): T {
  const value = table[presetName];
  if (value === undefined) {
    throw new Error(
      `scenario schema: no preset ${JSON.stringify(presetName)} in sim-core/patterns/presets.ts`,
    );
  }
  return value;
}

/** `"a", "b"`: the preset names of a table, for descriptions. */
function presetList(table: Record<string, unknown>): string {
  return Object.keys(table)
    .map((n) => JSON.stringify(n))
    .join(', ');
}

/**
 * `schema`, or the name of a preset of `table` that parses to a deep copy of the preset, so no
 * run can change the table or another run's copy. In the JSON Schema the name is an `enum`
 * whose `title` (`what` + " preset") names it in "allowed" texts.
 */
function presetOr<T extends z.ZodType>(table: Record<string, z.output<T>>, schema: T, what: string) {
  const names = Object.keys(table) as [string, ...string[]];
  const preset = z
    .enum(names)
    .transform((n): z.output<T> => structuredClone(table[n]))
    .meta({ title: `${what} preset` })
    .describe(`A named ${what} preset (${presetList(table)}): its values are filled in when parsed.`);
  return z.union([preset, schema]);
}

/** A list of causes a caller may see for a failed attempt. */
const FailureCauseSchema = z
  .enum(['failed', 'timedOut', 'rejected', 'shed', 'rateLimited', 'breakerOpen', 'bulkheadFull', 'limited'])
  .describe(
    'A cause of a failed attempt: failed (error answer), timedOut, rejected (full queue), shed (load shedding), rateLimited, breakerOpen, bulkheadFull, limited (adaptive limit).',
  );

// ---------------------------------------------------------------- distributions

const ConstantDistribution = z
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

// ---------------------------------------------------------------- arrivals

/** How an open-loop client issues requests, or a closed-loop population of users. */
export const ArrivalSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('poisson').describe('Independent arrivals: exponential gaps between requests.'),
        ratePerSec: positive().describe('Mean requests per second (> 0).'),
      })
      .describe('Open loop: a Poisson process.'),
    z
      .strictObject({
        kind: z.literal('constant').describe('Evenly spaced arrivals.'),
        ratePerSec: positive().describe('Requests per second (> 0).'),
      })
      .describe('Open loop: one request every 1/rate seconds.'),
    z
      .strictObject({
        kind: z.literal('on-off').describe('Bursty: alternating on and off periods, starting on.'),
        ratePerSec: positive().describe('Poisson rate during on-periods, per second (> 0).'),
        offRatePerSec: nonNegative().describe('Poisson rate during off-periods, per second (>= 0).'),
        onMs: positive().describe('Length of an on-period, in ms (> 0).'),
        offMs: positive().describe('Length of an off-period, in ms (> 0).'),
      })
      .describe('Open loop: Poisson bursts.'),
    z
      .strictObject({
        kind: z.literal('ramp').describe('A Poisson rate that moves linearly, then holds.'),
        fromPerSec: nonNegative().describe('Rate at time 0, per second (>= 0).'),
        toPerSec: nonNegative().describe('Rate reached after overMs and then held, per second (>= 0).'),
        overMs: positive().describe('How long the ramp lasts, in ms (> 0).'),
      })
      .describe('Open loop: a linear ramp of a Poisson rate.'),
    z
      .strictObject({
        kind: z
          .literal('closed')
          .describe('A fixed population: each user waits for its answer before the next.'),
        users: intAtLeast(1).describe('Number of users (an integer >= 1).'),
        thinkTime: DistributionSchema.describe('Pause between a response and the same user’s next request.'),
      })
      .describe('Closed loop: users that send, wait, think and repeat.'),
    z
      .strictObject({
        kind: z
          .literal('once')
          .describe('A synchronized herd: every user sends one request at the same instant.'),
        users: intAtLeast(1).describe('Number of users (an integer >= 1).'),
        atMs: nonNegative().describe('When they send, in ms (>= 0, < durationMs).'),
      })
      .describe('One request per user at atMs (retries aside), then nothing.'),
  ])
  .describe('How requests arrive, chosen by "kind".');

// ---------------------------------------------------------------- resilience patterns

const DEFAULT_RETRY_ON: readonly FailureCause[] = ['failed', 'timedOut', 'rejected', 'shed'];
const DEFAULT_BACKOFF: Readonly<BackoffSpec> = {
  kind: 'exponential',
  baseMs: 100,
  multiplier: 2,
  capMs: 10_000,
};

/** The backoff before a retry, before jitter. */
export const BackoffSchema = z
  .strictObject({
    kind: z
      .enum(['constant', 'linear', 'exponential'])
      .default(DEFAULT_BACKOFF.kind)
      .describe(
        'constant: baseMs; linear: baseMs × n; exponential: baseMs × multiplier^(n-1); n is the retry number (1 for the first retry).',
      ),
    baseMs: nonNegative().default(DEFAULT_BACKOFF.baseMs).describe('Base backoff, in ms (>= 0).'),
    multiplier: z
      .number()
      .min(1)
      .default(DEFAULT_BACKOFF.multiplier)
      .describe('Growth per retry of an exponential backoff (>= 1).'),
    capMs: nonNegative()
      .default(DEFAULT_BACKOFF.capMs)
      .describe('Largest backoff before jitter, in ms (>= baseMs).'),
  })
  .describe('How long to wait before a retry, before jitter.');

/** The retry budget preset `presetName`, which must be of `kind`: its values are that kind's defaults. */
function budgetPreset<K extends RetryBudgetSpec['kind']>(
  presetName: string,
  kind: K,
): Extract<RetryBudgetSpec, { kind: K }> {
  const budget = presetNamed(RETRY_BUDGET_PRESETS, presetName);
  if (budget.kind !== kind) {
    throw new Error(
      `scenario schema: retry budget preset ${JSON.stringify(presetName)} is not a ${kind} budget`,
    );
  }
  return budget as Extract<RetryBudgetSpec, { kind: K }>;
}
const finagle = budgetPreset('finagle-default', 'finagle');
const aws = budgetPreset('aws-standard', 'aws-quota');
const grpc = budgetPreset('grpc-default', 'grpc-throttle');
const envoy = budgetPreset('envoy-default', 'envoy');

/** Limits on retries across requests; each kind's defaults are its library's. */
export const RetryBudgetSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('finagle').describe('Finagle RetryBudget: a share of recent requests, plus a floor.'),
        percentCanRetry: z
          .number()
          .min(0)
          .max(1000)
          .default(finagle.percentCanRetry)
          .describe('Retries allowed per request over ttlMs, as a fraction: 0.2 allows 20% (in [0, 1000]).'),
        minRetriesPerSec: nonNegative()
          .default(finagle.minRetriesPerSec)
          .describe('Retries per second always allowed, whatever the request count (>= 0).'),
        ttlMs: positive()
          .default(finagle.ttlMs)
          .describe('How long a request counts towards the budget, in ms (> 0).'),
      })
      .describe(
        'Finagle RetryBudget: retries <= percentCanRetry × requests over ttlMs, plus minRetriesPerSec.',
      ),
    z
      .strictObject({
        kind: z.literal('aws-quota').describe('The AWS SDK standard retry mode quota.'),
        capacity: intAtLeast(1).default(aws.capacity).describe('Tokens in a full quota (an integer >= 1).'),
        retryCost: nonNegative().default(aws.retryCost).describe('Tokens a retry costs (>= 0).'),
        timeoutCost: nonNegative()
          .default(aws.timeoutCost)
          .describe('Tokens a retry after a timeout costs (>= 0).'),
        noRetryIncrement: nonNegative()
          .default(aws.noRetryIncrement)
          .describe(
            'Tokens a success on the first attempt adds back (>= 0); a successful retry refunds its cost.',
          ),
      })
      .describe('AWS SDK retry quota: a retry spends tokens, successes give them back; no tokens, no retry.'),
    z
      .strictObject({
        kind: z.literal('grpc-throttle').describe('gRPC retry throttling (gRFC A6).'),
        maxTokens: positive().default(grpc.maxTokens).describe('Tokens at the start and at most (> 0).'),
        tokenRatio: positive()
          .default(grpc.tokenRatio)
          .describe('Tokens a success adds (> 0); a failure takes 1.'),
      })
      .describe('gRPC retry throttling: retries only while tokens > maxTokens / 2.'),
    z
      .strictObject({
        kind: z.literal('envoy').describe('Envoy cluster retry budget.'),
        budgetPercent: z
          .number()
          .min(0)
          .max(100)
          .default(envoy.budgetPercent)
          .describe('Concurrent retries allowed, as a percent of active requests (in [0, 100]).'),
        minRetryConcurrency: intAtLeast(0)
          .default(envoy.minRetryConcurrency)
          .describe('Concurrent retries always allowed (an integer >= 0).'),
      })
      .describe(
        'Envoy retry budget: concurrent retries <= max(minRetryConcurrency, budgetPercent% of active requests).',
      ),
  ])
  .describe('A retry budget, chosen by "kind"; unset fields take the library defaults.');

/** Retries of failed attempts. */
export const RetrySchema = z
  .strictObject({
    maxAttempts: intAtLeast(1).describe(
      'Total attempts including the first; 1 means no retries (an integer >= 1).',
    ),
    retryOn: z
      .array(FailureCauseSchema)
      .default(() => [...DEFAULT_RETRY_ON])
      .describe('Which causes of a failed attempt are retried.'),
    backoff: BackoffSchema.default(() => ({ ...DEFAULT_BACKOFF })).describe(
      'How long to wait before a retry, before jitter.',
    ),
    jitter: z
      .enum(['none', 'full', 'equal', 'decorrelated'])
      .default('full')
      .describe(
        'Randomness added to the backoff (AWS "Exponential Backoff and Jitter"): none: backoff; full: random(0, backoff); equal: backoff/2 + random(0, backoff/2); decorrelated: min(capMs, random(baseMs, 3 × previous sleep)).',
      ),
    budget: presetOr(RETRY_BUDGET_PRESETS, RetryBudgetSchema, 'retry budget')
      .nullable()
      .default(null)
      .describe(
        `Limits on retries across requests: a preset name (${presetList(RETRY_BUDGET_PRESETS)}) or a budget object; null is unlimited.`,
      ),
  })
  .describe('A retry policy.');

const resilience4j = presetNamed(BREAKER_PRESETS, 'resilience4j-default');

/** A Resilience4j circuit breaker; every field defaults to Resilience4j's default. */
export const BreakerSchema = z
  .strictObject({
    slidingWindowType: z
      .enum(['count', 'time'])
      .default(resilience4j.slidingWindowType)
      .describe(
        'count: the last slidingWindowSize calls; time: the calls of the last slidingWindowSize seconds.',
      ),
    slidingWindowSize: intAtLeast(1)
      .default(resilience4j.slidingWindowSize)
      .describe('Calls (count) or seconds (time) in the window (an integer >= 1).'),
    minimumNumberOfCalls: intAtLeast(1)
      .default(resilience4j.minimumNumberOfCalls)
      .describe('Calls the window must hold before a rate is computed (an integer >= 1).'),
    failureRateThreshold: z
      .number()
      .gt(0)
      .max(100)
      .default(resilience4j.failureRateThreshold)
      .describe('Percent of failed calls that opens the breaker (> 0, <= 100).'),
    slowCallRateThreshold: z
      .number()
      .gt(0)
      .max(100)
      .default(resilience4j.slowCallRateThreshold)
      .describe('Percent of slow calls that opens the breaker (> 0, <= 100).'),
    slowCallDurationThresholdMs: positive()
      .default(resilience4j.slowCallDurationThresholdMs)
      .describe('A call slower than this is slow, in ms (> 0).'),
    waitDurationInOpenStateMs: nonNegative()
      .default(resilience4j.waitDurationInOpenStateMs)
      .describe('How long the breaker stays open before it lets trial calls through, in ms (>= 0).'),
    permittedNumberOfCallsInHalfOpenState: intAtLeast(1)
      .default(resilience4j.permittedNumberOfCallsInHalfOpenState)
      .describe('Trial calls let through while half-open (an integer >= 1).'),
    recordFailures: z
      .array(FailureCauseSchema)
      .default(() => [...resilience4j.recordFailures])
      .describe('Which causes of a failed call count as failures.'),
  })
  .describe('A circuit breaker (Resilience4j CircuitBreaker); unset fields take Resilience4j defaults.');

/** At most maxConcurrent calls in flight on an edge. */
export const BulkheadSchema = z
  .strictObject({
    maxConcurrent: intAtLeast(1).describe('Calls in flight at most (an integer >= 1).'),
    maxWaitMs: nonNegative()
      .default(presetNamed(BULKHEAD_PRESETS, 'envoy-default').maxWaitMs)
      .describe('How long a call waits for a free slot before it fails as bulkheadFull, in ms (>= 0).'),
  })
  .describe('A bulkhead: at most maxConcurrent calls in flight; others wait up to maxWaitMs.');

/** A token bucket. */
export const RateLimitSchema = z
  .strictObject({
    ratePerSec: positive().describe('Tokens added per second, on the owner’s local clock (> 0).'),
    burst: z.number().min(1).describe('Tokens the bucket holds at most: the largest burst (>= 1).'),
  })
  .describe('A token-bucket rate limit: a request takes a token or is refused as rateLimited.');

/** Hedged requests. */
export const HedgeSchema = z
  .strictObject({
    delayMs: nonNegative().describe(
      'Send another attempt if there is no answer after this long, in ms (>= 0).',
    ),
    maxHedges: intAtLeast(1).default(1).describe('Extra attempts at most (an integer >= 1).'),
  })
  .describe('Hedging: take the first answer of several attempts and cancel the rest.');

/** A degraded answer on failure. */
export const FallbackSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({ kind: z.literal('static').describe('Answer with a fixed value.') })
      .describe('A static fallback value.'),
    z
      .strictObject({
        kind: z.literal('cache').describe('Answer with the last good value, if young enough.'),
        maxAgeMs: positive().describe('Oldest last good value still served, in ms (> 0).'),
      })
      .describe('The last good value, if younger than maxAgeMs.'),
  ])
  .describe('What to answer when the call fails, chosen by "kind"; counted as degraded, not failed.');

/** An adaptive limit preset, which must be of `algorithm`: its values are that algorithm's defaults. */
function limitPreset<A extends AdaptiveLimitSpec['algorithm']>(
  presetName: string,
  algorithm: A,
): Extract<AdaptiveLimitSpec, { algorithm: A }> {
  const limit = presetNamed(ADAPTIVE_LIMIT_PRESETS, presetName);
  if (limit.algorithm !== algorithm) {
    throw new Error(
      `scenario schema: adaptive limit preset ${JSON.stringify(presetName)} is not a ${algorithm} limit`,
    );
  }
  return limit as Extract<AdaptiveLimitSpec, { algorithm: A }>;
}
const aimd = limitPreset('aimd-default', 'aimd');
const vegas = limitPreset('vegas-default', 'vegas');
const gradient2 = limitPreset('gradient2-default', 'gradient2');

/** Netflix concurrency-limits; each algorithm's defaults are its builder's (the presets). */
export const AdaptiveLimitSchema = z
  .discriminatedUnion('algorithm', [
    z
      .strictObject({
        algorithm: z
          .literal('aimd')
          .describe('Additive increase, multiplicative decrease on drops and timeouts.'),
        initialLimit: intAtLeast(1)
          .default(aimd.initialLimit)
          .describe('Limit at the start (an integer >= 1).'),
        minLimit: intAtLeast(1)
          .default(aimd.minLimit)
          .describe('Lowest limit (an integer >= 1, <= initialLimit).'),
        maxLimit: intAtLeast(1)
          .default(aimd.maxLimit)
          .describe('Highest limit (an integer >= initialLimit).'),
        backoffRatio: z
          .number()
          .min(0.5)
          .lt(1)
          .default(aimd.backoffRatio)
          .describe('Factor the limit is multiplied by on a drop (>= 0.5, < 1).'),
        timeoutMs: positive()
          .default(aimd.timeoutMs)
          .describe('A call slower than this counts as a drop, in ms (> 0).'),
      })
      .describe('AIMDLimit.'),
    z
      .strictObject({
        algorithm: z.literal('vegas').describe('TCP Vegas: grow while the estimated queue is short.'),
        initialLimit: intAtLeast(1)
          .default(vegas.initialLimit)
          .describe('Limit at the start (an integer >= 1).'),
        maxLimit: intAtLeast(1)
          .default(vegas.maxLimit)
          .describe('Highest limit (an integer >= initialLimit).'),
        alpha: positive()
          .default(vegas.alpha)
          .describe('The limit grows while the estimated queue is below alpha × log10(limit) (> 0).'),
        beta: positive()
          .default(vegas.beta)
          .describe('The limit shrinks while the estimated queue is above beta × log10(limit) (>= alpha).'),
        smoothing: z
          .number()
          .gt(0)
          .max(1)
          .default(vegas.smoothing)
          .describe('Weight of a new estimate in the limit; 1 takes it whole (> 0, <= 1).'),
      })
      .describe('VegasLimit.'),
    z
      .strictObject({
        algorithm: z
          .literal('gradient2')
          .describe('Gradient of a short-term against a long-term average latency.'),
        initialLimit: intAtLeast(1)
          .default(gradient2.initialLimit)
          .describe('Limit at the start (an integer >= 1).'),
        minLimit: intAtLeast(1)
          .default(gradient2.minLimit)
          .describe('Lowest limit (an integer >= 1, <= initialLimit).'),
        maxLimit: intAtLeast(1)
          .default(gradient2.maxLimit)
          .describe('Highest limit (an integer >= initialLimit).'),
        queueSize: nonNegative()
          .default(gradient2.queueSize)
          .describe('How much the limit may grow while latency stays low (>= 0).'),
        smoothing: z
          .number()
          .gt(0)
          .max(1)
          .default(gradient2.smoothing)
          .describe('Weight of a new estimate in the limit (> 0, <= 1).'),
        rttTolerance: z
          .number()
          .min(1)
          .default(gradient2.rttTolerance)
          .describe('How much slower than the long-term latency still counts as no queueing (>= 1).'),
        longWindow: intAtLeast(1)
          .default(gradient2.longWindow)
          .describe('Samples in the long-term latency average (an integer >= 1).'),
      })
      .describe('Gradient2Limit.'),
  ])
  .describe(
    'An adaptive concurrency limit (Netflix concurrency-limits), chosen by "algorithm"; unset fields take the library defaults.',
  );

/** Caller-side policy of a client or a downstream call. Its shape is spread into both. */
export const CallPolicySchema = z
  .strictObject({
    timeoutMs: positive()
      .nullable()
      .default(null)
      .describe("Timeout of each attempt, in ms on the caller's local clock (> 0); null waits forever."),
    deadlineMs: positive()
      .nullable()
      .default(null)
      .describe('Deadline of the whole call across all attempts and backoffs, in ms (> 0); null is none.'),
    propagateDeadline: z
      .boolean()
      .default(false)
      .describe('Downstream calls made while serving this call get at most its remaining deadline.'),
    retry: presetOr(RETRY_PRESETS, RetrySchema, 'retry')
      .nullable()
      .default(null)
      .describe(
        `Retries of failed attempts: a preset name (${presetList(RETRY_PRESETS)}) or a retry policy; null never retries.`,
      ),
    breaker: presetOr(BREAKER_PRESETS, BreakerSchema, 'breaker')
      .nullable()
      .default(null)
      .describe(
        `A circuit breaker on this edge: a preset name (${presetList(BREAKER_PRESETS)}) or a breaker object; null is none.`,
      ),
    bulkhead: presetOr(BULKHEAD_PRESETS, BulkheadSchema, 'bulkhead')
      .nullable()
      .default(null)
      .describe(
        `A limit on calls in flight on this edge: a preset name (${presetList(BULKHEAD_PRESETS)}) or a bulkhead object; null is none.`,
      ),
    rateLimit: RateLimitSchema.nullable()
      .default(null)
      .describe('A token-bucket rate limit on the calls this caller sends; null is none.'),
    hedge: HedgeSchema.nullable()
      .default(null)
      .describe('Hedged attempts: another attempt if no answer after delayMs; null is none.'),
    fallback: FallbackSchema.nullable()
      .default(null)
      .describe('What to answer when the call fails; null lets the failure through.'),
    adaptiveLimit: presetOr(ADAPTIVE_LIMIT_PRESETS, AdaptiveLimitSchema, 'adaptive limit')
      .nullable()
      .default(null)
      .describe(
        `A client-side adaptive concurrency limit on this edge: a preset name (${presetList(ADAPTIVE_LIMIT_PRESETS)}) or an object; null is none.`,
      ),
    idempotencyKeys: z
      .boolean()
      .default(false)
      .describe('Requests carry idempotency keys: a retried write is applied at most once.'),
    validateResponses: z
      .boolean()
      .default(false)
      .describe('Check answers: a corrupt answer becomes a failure instead of a silent success.'),
  })
  .describe('Caller-side resilience patterns of a client or a downstream call.');

/** Load shedding at a replica. */
export const SheddingSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('queue-length').describe('Reject on arrival when the queue is long.'),
        maxQueue: intAtLeast(1).describe(
          'Reject when the replica’s queue holds this many or more (an integer >= 1).',
        ),
      })
      .describe('Shed on queue length.'),
    z
      .strictObject({
        kind: z.literal('codel').describe('CoDel (RFC 8289): drop at dequeue while waits stay long.'),
        targetMs: positive().default(5).describe('Acceptable queue wait, in ms (> 0).'),
        intervalMs: positive()
          .default(100)
          .describe('How long waits must stay above targetMs before dropping starts, in ms (> 0).'),
      })
      .describe(
        'CoDel: drop while the sojourn time stays above targetMs for intervalMs; defaults from RFC 8289.',
      ),
    z
      .strictObject({
        kind: z.literal('priority').describe('Shed the least important tiers first.'),
        thresholds: z
          .array(intAtLeast(0).describe('Queue length at which this tier is shed (an integer >= 0).'))
          .min(1)
          .describe(
            'Queue length at which each tier is shed, by tier (index 0 = tier 0; higher tiers use the last entry); tier 0 is the most important, so the thresholds must not increase with the tier.',
          ),
      })
      .describe('Priority shedding: tier t is shed when the queue holds thresholds[t] or more.'),
  ])
  .describe('Load shedding, chosen by "kind".');

const envoyOutlier = presetNamed(OUTLIER_PRESETS, 'envoy-default');

/** Envoy outlier detection. */
export const OutlierDetectionSchema = z
  .strictObject({
    consecutiveErrors: intAtLeast(1)
      .default(envoyOutlier.consecutiveErrors)
      .describe('Errors in a row that eject a replica (an integer >= 1).'),
    baseEjectionTimeMs: positive()
      .default(envoyOutlier.baseEjectionTimeMs)
      .describe('Ejection time, multiplied by the number of times the replica was ejected, in ms (> 0).'),
    maxEjectionPercent: z
      .number()
      .min(0)
      .max(100)
      .default(envoyOutlier.maxEjectionPercent)
      .describe('Percent of replicas that may be ejected at once (in [0, 100]).'),
    intervalMs: positive()
      .default(envoyOutlier.intervalMs)
      .describe('Time between ejection sweeps, in ms (> 0).'),
  })
  .describe('Outlier detection (Envoy): eject replicas that keep failing; unset fields take Envoy defaults.');

/** Active health checks. Defaults are Kubernetes probe defaults. */
export const HealthCheckSchema = z
  .strictObject({
    intervalMs: positive().default(10_000).describe('Time between checks of a replica, in ms (> 0).'),
    timeoutMs: positive().default(1000).describe('A check not answered in this time fails, in ms (> 0).'),
    unhealthyThreshold: intAtLeast(1)
      .default(3)
      .describe('Failed checks in a row that take a replica out (an integer >= 1).'),
    healthyThreshold: intAtLeast(1)
      .default(1)
      .describe('Passed checks in a row that bring it back (an integer >= 1).'),
  })
  .describe('Active health checks from the load balancer; defaults are Kubernetes probe defaults.');

/** A cache in front of a service. */
export const CacheSchema = z
  .strictObject({
    ttlMs: positive().describe('How long an entry lives, in ms (> 0).'),
    ttlJitter: z
      .number()
      .min(0)
      .lt(1)
      .default(0)
      .describe('Each TTL is drawn uniformly from [ttlMs × (1 - ttlJitter), ttlMs] (>= 0, < 1).'),
    coalesce: z
      .boolean()
      .default(false)
      .describe('Concurrent misses on one key wait for a single fetch (single flight).'),
    hitLatency: ConstantDistribution.default(() => ({ kind: 'constant' as const, valueMs: 0 })).describe(
      'Time to answer a hit.',
    ),
  })
  .describe('A cache in front of the service, keyed by the client’s keys.');

/** Per-replica overrides. */
export const ReplicaOverrideSchema = z
  .strictObject({
    replica: intAtLeast(0).describe('Replica index (an integer >= 0, < replicas).'),
    concurrency: intAtLeast(1).optional().describe('Workers of this replica (an integer >= 1).'),
    serviceTimeFactor: positive().optional().describe('Factor on this replica’s service times (> 0).'),
    errorProbability: probability()
      .optional()
      .describe('Probability that a request fails at this replica, in [0, 1].'),
  })
  .describe('Settings of one replica that differ from its service’s: configuration drift.');

/** Server-side patterns of a service. Its shape is spread into the service. */
export const ServicePolicySchema = z
  .strictObject({
    rateLimit: RateLimitSchema.nullable()
      .default(null)
      .describe('A token-bucket rate limit per replica on arriving requests; null is none.'),
    shedding: SheddingSchema.nullable()
      .default(null)
      .describe('Load shedding at each replica; null is none.'),
    adaptiveLimit: presetOr(ADAPTIVE_LIMIT_PRESETS, AdaptiveLimitSchema, 'adaptive limit')
      .nullable()
      .default(null)
      .describe(
        `A server-side adaptive concurrency limit per replica: a preset name (${presetList(ADAPTIVE_LIMIT_PRESETS)}) or an object; null is none.`,
      ),
    outlierDetection: presetOr(OUTLIER_PRESETS, OutlierDetectionSchema, 'outlier detection')
      .nullable()
      .default(null)
      .describe(
        `Outlier detection at the load balancer: a preset name (${presetList(OUTLIER_PRESETS)}) or an object; null is none.`,
      ),
    healthCheck: HealthCheckSchema.nullable()
      .default(null)
      .describe('Active health checks from the load balancer; null is none.'),
    cache: CacheSchema.nullable()
      .default(null)
      .describe('A cache in front of the service; clients that reach it need keys. null is none.'),
    errorProbability: probability()
      .default(0)
      .describe('Probability that a request fails at this service, before faults, in [0, 1].'),
    writes: z
      .boolean()
      .default(false)
      .describe('Requests are writes with side effects: duplicates are counted.'),
    optimisticConcurrency: z
      .boolean()
      .default(false)
      .describe('A request reads a version on arrival; its write fails if another write landed since.'),
    replicaOverrides: z
      .array(ReplicaOverrideSchema)
      .default(() => [])
      .describe('Replicas whose settings differ from the service’s (one entry per replica).'),
  })
  .describe('Server-side resilience patterns of a service.');

// ---------------------------------------------------------------- services, clients and queues

/** A call a service makes to another service, or a publish to a queue, while it handles a request. */
export const DownstreamCallSchema = z
  .strictObject({
    service: name().describe('Name of the called service, or of a queue to publish to.'),
    ...CallPolicySchema.shape,
  })
  .describe('A downstream call made while handling a request, with its caller-side patterns.');

/** A service: replicas behind a load balancer, each with workers and a queue. */
export const ServiceSchema = z
  .strictObject({
    name: name().describe('Unique name of the service (letters, digits, "_" and "-").'),
    replicas: intAtLeast(1)
      .default(1)
      .describe('Number of identical replicas behind the load balancer (>= 1).'),
    loadBalancer: z
      .enum(['round-robin', 'random', 'least-outstanding', 'power-of-two'])
      .default('round-robin')
      .describe('How a request picks a replica.'),
    concurrency: intAtLeast(1)
      .default(1)
      .describe('Workers per replica: how many requests a replica serves at once (>= 1).'),
    queue: z
      .strictObject({
        capacity: intAtLeast(0)
          .nullable()
          .default(null)
          .describe('Requests that may wait per replica beyond the busy workers (>= 0); null is unbounded.'),
        discipline: z
          .enum(['fifo', 'lifo', 'priority'])
          .default('fifo')
          .describe('Which waiting request is served next; priority serves the lowest tier first.'),
      })
      .default(() => ({ capacity: null, discipline: 'fifo' as const }))
      .describe('The waiting line of each replica.'),
    serviceTime: DistributionSchema.describe(
      'Local work per request, done before the downstream calls; a worker is held throughout.',
    ),
    callMode: z
      .enum(['sequential', 'parallel'])
      .default('sequential')
      .describe('Make the downstream calls one after another, or all at once (fan-out).'),
    calls: z
      .array(DownstreamCallSchema)
      .default(() => [])
      .describe('Downstream calls made after the local work; they must not form a cycle.'),
    ...ServicePolicySchema.shape,
  })
  .describe('A service: replicas behind a load balancer, each with a worker pool and a queue.');

/** A client: a source of user requests to one service or queue. */
export const ClientSchema = z
  .strictObject({
    name: name().describe('Unique name of the client (letters, digits, "_" and "-").'),
    target: name().describe('Name of the service this client calls, or of a queue it publishes to.'),
    arrival: ArrivalSchema.describe('How this client issues requests.'),
    tier: intAtLeast(0)
      .default(0)
      .describe('Request tier for priority queues and shedding: 0 is the most important (an integer >= 0).'),
    keys: z
      .strictObject({
        count: intAtLeast(1).describe('Number of distinct keys (an integer >= 1).'),
        zipfS: nonNegative()
          .default(1)
          .describe('Zipf exponent of key popularity (>= 0): 0 is uniform, 1 is classic Zipf.'),
      })
      .nullable()
      .default(null)
      .describe('Keys the requests address, for caches; null sends no keys.'),
    ...CallPolicySchema.shape,
  })
  .describe('A client: a source of user requests to one service or queue, with its caller-side patterns.');

/** An asynchronous queue between producers and a consuming service. */
export const MessageQueueSchema = z
  .strictObject({
    name: name().describe('Unique name of the queue (letters, digits, "_" and "-").'),
    consumer: name().describe('Name of the service that consumes the messages.'),
    consumers: intAtLeast(1)
      .default(1)
      .describe('Messages the consumers process at once: pull concurrency (an integer >= 1).'),
    visibilityTimeoutMs: positive()
      .default(30_000)
      .describe(
        'A delivery not acknowledged in this time becomes visible again and is redelivered, in ms (> 0); the default is Amazon SQS’s.',
      ),
    maxDeliveries: intAtLeast(1)
      .default(20)
      .describe(
        'After this many failed deliveries a message moves to the dead-letter queue (an integer >= 1); the default is RabbitMQ quorum queues’.',
      ),
    capacity: intAtLeast(1)
      .nullable()
      .default(null)
      .describe(
        'Messages held at most (an integer >= 1); a publish to a full queue is rejected. null is unbounded.',
      ),
  })
  .describe('A message queue: producers publish, the consumer service pulls, failed deliveries are retried.');

// ---------------------------------------------------------------- network, clocks, run settings

/** A per-direction override of network latency and loss. */
export const LinkSchema = z
  .strictObject({
    from: name().describe('Sending node group: a client or service name.'),
    to: name().describe('Receiving node group: a client or service name.'),
    latency: DistributionSchema.optional().describe(
      'One-way latency on this link; omit to use the network latency.',
    ),
    loss: probability()
      .optional()
      .describe('Probability in [0, 1] that a message on this link is lost; omit to use the network loss.'),
  })
  .describe('Overrides for messages sent from one node group to another.');

/** The network between nodes. */
export const NetworkSchema = z
  .strictObject({
    latency: DistributionSchema.default(() => ({ kind: 'constant' as const, valueMs: 0 })).describe(
      'One-way latency of every message unless a link overrides it.',
    ),
    loss: probability()
      .default(0)
      .describe('Probability in [0, 1] that a message is lost, unless a link overrides it.'),
    links: z
      .array(LinkSchema)
      .default(() => [])
      .describe('Per-direction overrides: from -> to.'),
  })
  .describe('The network: message latency and loss.');

/** A node's local clock. */
export const ClockSchema = z
  .strictObject({
    node: z
      .string()
      .min(1)
      .describe('A client name, a service name (all its replicas) or one replica "service/index".'),
    offsetMs: z.number().default(0).describe('Local clock = true time + offset at time 0, in ms.'),
    driftPpm: driftPpm()
      .default(0)
      .describe(
        'Rate error in parts per million: +100 runs 100 µs fast per second (> -1000000, <= 1000000).',
      ),
  })
  .describe("A node's local clock: its timers (timeouts, backoff, refills) run on it.");

/** How metrics are bucketed. */
export const MetricsSchema = z
  .strictObject({
    bucketMs: positive().default(1000).describe('Width of a time-series bucket, in ms (> 0).'),
    warmupMs: nonNegative()
      .default(0)
      .describe('Requests issued before this time are left out of the summary, in ms (>= 0, < durationMs).'),
  })
  .describe('How metrics are collected.');

/**
 * User requests in flight at once before a run stops. An overloaded service with an unbounded
 * queue holds about 0.5 KB per waiting request, so a million stay well under 1.5 GB of memory
 * (measured: see the README's Robustness section), and no scenario of the library comes near.
 */
export const DEFAULT_MAX_IN_FLIGHT = 1_000_000;

/** Limits that stop a runaway run. */
export const BudgetSchema = z
  .strictObject({
    maxEvents: intAtLeast(1)
      .default(200_000_000)
      .describe('Stop with a clear message after processing this many events (an integer >= 1).'),
    maxInFlight: intAtLeast(1)
      .default(DEFAULT_MAX_IN_FLIGHT)
      .describe(
        'Stop with a clear message once more than this many user requests are in flight at once (an integer >= 1): bounds the memory of an overloaded run (about 0.5 KB per request).',
      ),
  })
  .describe('Limits that stop a runaway run.');

// ---------------------------------------------------------------- faults

/** Fields every fault has; `name` is filled in after parsing when omitted. */
const faultTiming = {
  name: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Shown in reports and recovery metrics (faults.<name>.recoveryMs); unique among faults. Defaults to "<kind>@<atMs>".',
    ),
  atMs: nonNegative().describe('When the fault starts, in ms of simulated time (>= 0, < durationMs).'),
  durationMs: positive()
    .nullable()
    .default(null)
    .describe('How long the fault lasts, in ms (> 0); null lasts until the end of the run.'),
};

const faultService = () => name().describe('Name of the affected service.');
const faultReplica = () =>
  intAtLeast(0)
    .nullable()
    .default(null)
    .describe('Index of the affected replica (an integer >= 0, < replicas); null affects every replica.');
const faultNode = () =>
  z
    .string()
    .min(1)
    .describe('A client or queue name, a service name (all its replicas) or one replica "service/index".');

/** One fault, chosen by "kind"; the `name` default is filled in by {@link FaultSchema}. */
const FaultKindSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('crash').describe('Replicas stop; queued and in-flight work is lost.'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
    })
    .describe('A crash: callers notice only through timeouts; the replica restarts after durationMs.'),
  z
    .strictObject({
      kind: z.literal('latency').describe('Slower work at a service, or slower messages on a link.'),
      ...faultTiming,
      service: name()
        .nullable()
        .default(null)
        .describe('The service whose work slows down; give either this or link.'),
      link: z
        .strictObject({
          from: name().describe('Sending node group: a client, service or queue name.'),
          to: name().describe('Receiving node group: a client, service or queue name.'),
        })
        .nullable()
        .default(null)
        .describe('The link whose messages slow down; give either this or service.'),
      addMs: nonNegative().default(0).describe('Latency added, in ms (>= 0).'),
      multiply: positive().default(1).describe('Factor on latency (> 0).'),
    })
    .describe('Added and/or multiplied latency.'),
  z
    .strictObject({
      kind: z.literal('errors').describe('Requests fail.'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
      probability: probability().describe('Probability that a request fails, in [0, 1].'),
    })
    .describe('Requests at the service fail with this probability.'),
  z
    .strictObject({
      kind: z.literal('capacity').describe('Fewer workers.'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
      workers: intAtLeast(0).describe('Workers per replica while the fault lasts (an integer >= 0).'),
    })
    .describe('Workers per replica drop to this number.'),
  z
    .strictObject({
      kind: z.literal('pause').describe('Stop-the-world pause, e.g. garbage collection.'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
    })
    .describe('No work progresses and arrivals queue; work in progress resumes after.'),
  z
    .strictObject({
      kind: z.literal('partition').describe('A network partition.'),
      ...faultTiming,
      from: z
        .array(
          z
            .string()
            .regex(/^[A-Za-z0-9_-]+(\/\d+)?$/)
            .describe('A client, service or queue name, or one replica "service/index".'),
        )
        .min(1)
        .describe('One side: client, service or queue names, or replicas "service/index".'),
      to: z
        .array(
          z
            .string()
            .regex(/^[A-Za-z0-9_-]+(\/\d+)?$/)
            .describe('A client, service or queue name, or one replica "service/index".'),
        )
        .min(1)
        .describe('The other side: client, service or queue names, or replicas "service/index".'),
      oneWay: z
        .boolean()
        .default(false)
        .describe('Lose only messages from "from" to "to", not those coming back.'),
    })
    .describe('Messages between the two sides are lost, including those in flight.'),
  z
    .strictObject({
      kind: z.literal('packet-loss').describe('Messages on a link are lost.'),
      ...faultTiming,
      from: name().describe('Sending node group: a client, service or queue name.'),
      to: name().describe('Receiving node group: a client, service or queue name.'),
      loss: probability().describe(
        'Probability that a message is lost independently, in [0, 1]; must be 0 with gilbertElliott, whose states set the loss.',
      ),
      gilbertElliott: z
        .strictObject({
          pGoodToBad: probability().describe(
            'Per-message probability of moving from good to bad, in [0, 1].',
          ),
          pBadToGood: probability().describe(
            'Per-message probability of moving from bad to good, in [0, 1].',
          ),
          lossGood: probability().default(0).describe('Loss probability in the good state, in [0, 1].'),
          lossBad: probability().default(1).describe('Loss probability in the bad state, in [0, 1].'),
        })
        .nullable()
        .default(null)
        .describe('Bursty loss with the Gilbert-Elliott two-state model; null loses messages independently.'),
    })
    .describe('Packet loss on a link: independent, or bursty.'),
  z
    .strictObject({
      kind: z.literal('clock-step').describe('A clock jumps.'),
      ...faultTiming,
      node: faultNode(),
      stepMs: z.number().describe('The jump, in ms; negative jumps backwards.'),
    })
    .describe(
      'The node’s local clock jumps by stepMs; with a durationMs it jumps back at the end (a correction), without one the step stays.',
    ),
  z
    .strictObject({
      kind: z.literal('clock-drift').describe('A clock runs at the wrong rate.'),
      ...faultTiming,
      node: faultNode(),
      driftPpm: driftPpm().describe(
        'Rate error while the fault lasts, in parts per million (> -1000000, <= 1000000).',
      ),
    })
    .describe('The node’s clock drift becomes driftPpm while the fault lasts.'),
  z
    .strictObject({
      kind: z.literal('client-burst').describe('Extra requests at one instant.'),
      ...faultTiming,
      client: name().describe('Name of the client that sends them.'),
      requests: intAtLeast(1).describe('Extra requests (an integer >= 1).'),
    })
    .describe('A client sends extra requests at the same instant: a reconnect storm, a cron job.'),
  z
    .strictObject({
      kind: z.literal('cache-flush').describe('Cache entries expire at once.'),
      ...faultTiming,
      service: name().describe('Name of the service whose cache is flushed; it must have a cache.'),
      keys: intAtLeast(1)
        .nullable()
        .default(null)
        .describe('Flush only the hottest keys (an integer >= 1); null flushes every entry.'),
    })
    .describe('Every entry, or the hottest keys, of a service’s cache expire at once.'),
  z
    .strictObject({
      kind: z.literal('leak').describe('A replica degrades gradually, e.g. a memory leak.'),
      ...faultTiming,
      service: faultService(),
      replica: intAtLeast(0).describe('Index of the leaking replica (an integer >= 0, < replicas).'),
      latencyGrowthPerSec: positive().describe(
        'Growth of the replica’s latency factor per second: after k whole seconds its latency is × (1 + k × latencyGrowthPerSec) (> 0).',
      ),
    })
    .describe('A replica’s latency grows until it restarts at the end of the fault.'),
  z
    .strictObject({
      kind: z.literal('corrupt').describe('Wrong answers (Byzantine).'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
      probability: probability().describe('Probability that an answer is wrong, in [0, 1].'),
    })
    .describe('Replicas answer wrongly; callers accept it unless they validate responses.'),
  z
    .strictObject({
      kind: z.literal('chaos-crash').describe('Chaos mode: random crashes.'),
      ...faultTiming,
      service: faultService(),
      meanIntervalMs: positive().describe(
        'Mean time between crashes, exponentially distributed, in ms (> 0).',
      ),
      downMs: positive().describe('How long each crashed replica stays down, in ms (> 0).'),
    })
    .describe('A random replica of the service crashes every Exp(meanIntervalMs), each down for downMs.'),
  z
    .strictObject({
      kind: z.literal('chaos-partition').describe('Chaos mode: random partitions.'),
      ...faultTiming,
      service: faultService(),
      meanIntervalMs: positive().describe(
        'Mean time between partitions, exponentially distributed, in ms (> 0).',
      ),
      downMs: positive().describe('How long each partition lasts, in ms (> 0).'),
    })
    .describe(
      'A random replica of the service is cut off from its callers every Exp(meanIntervalMs), for downMs.',
    ),
]);

/** A fault on the timeline; an omitted `name` becomes `<kind>@<atMs>`. */
export const FaultSchema = FaultKindSchema.transform((fault) => ({
  ...fault,
  name: fault.name ?? defaultFaultName(fault.kind, fault.atMs),
})).describe('A fault on the timeline, chosen by "kind".');

/** The name a fault gets when it has none: `<kind>@<atMs>`. */
export function defaultFaultName(kind: string, atMs: number): string {
  return `${kind}@${atMs}`;
}

// ---------------------------------------------------------------- hypotheses, lesson, parameters

const WindowSchema = z
  .strictObject({
    fromMs: nonNegative().describe('Start of the window, in ms (>= 0, < toMs).'),
    toMs: positive().describe('End of the window, exclusive, in ms (> fromMs, <= durationMs).'),
  })
  .describe('A time window [fromMs, toMs).');

/** A steady-state hypothesis, checked after a run; an omitted `mode` follows from `window`. */
export const HypothesisSchema = z
  .strictObject({
    name: z.string().min(1).describe('What is claimed, in words.'),
    metric: z
      .string()
      .min(1)
      .describe(
        'A path into the result: clients.<name>.<metric>, services.<name>.<metric>, queues.<name>.<metric>, breakers.<edge>.<metric>, faults.<name>.<metric> or patterns.<counter>, e.g. "clients.users.latencyMs.p99".',
      ),
    op: z.enum(['<', '<=', '>', '>=', '==']).describe('How the metric compares with the bound.'),
    value: z.number().describe('The bound; with relativeTo, a factor on the metric’s mean over that window.'),
    mode: z
      .enum(['summary', 'window', 'every-bucket'])
      .optional()
      .describe(
        'summary: the whole-run value; window: the mean over window; every-bucket: each bucket in window. Defaults to window if a window is given, else summary.',
      ),
    window: WindowSchema.nullable()
      .default(null)
      .describe('The window that window and every-bucket modes look at; null for summary.'),
    relativeTo: WindowSchema.nullable()
      .default(null)
      .describe(
        'If set, the bound is value × the metric’s mean over this window: "after >= 0.95 × before". null: value is absolute.',
      ),
    set: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'The `--set path=value` overrides of the run this hypothesis is checked on, e.g. ["clients.users.retry.budget="finagle-default""] to check the mitigated variant; [] (default): the scenario as it is. Hypotheses with the same overrides share one run.',
      ),
  })
  .transform(({ mode, ...rest }) => ({
    ...rest,
    mode: mode ?? (rest.window === null ? 'summary' : 'window'),
  }))
  .describe('A steady-state hypothesis: a metric compared with a bound after the run.');

/** The lesson text of a scenario. */
export const LessonSchema = z
  .strictObject({
    what: z.string().min(1).describe('What happens.'),
    why: z.string().min(1).describe('Why it happens.'),
    watch: z.string().min(1).describe('What to watch, on which chart.'),
    tryNext: z.string().min(1).describe('What to try next.'),
  })
  .describe('The lesson a scenario teaches.');

/** A parameter a learner may change. */
export const ParamSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .describe('A --set path, e.g. "services.api.replicas"; every value must give a valid scenario.'),
    label: z.string().min(1).describe('The control’s label.'),
    values: z
      .array(
        z
          .union([z.number(), z.string(), z.boolean(), z.null()])
          .describe('A value to set: a number, a string, true, false or null.'),
      )
      .min(1)
      .describe('The values offered, in order.'),
  })
  .describe('A parameter a learner may change: a control of the lab and an axis of sweeps.');

/** A whole scenario; parsing fills in every default and yields a {@link Scenario}. */
export const ScenarioSchema = z
  .strictObject({
    id: z
      .string()
      .regex(ID_PATTERN)
      .describe('Stable id: lower-case letters, digits and "-", starting with a letter or digit.'),
    title: z.string().min(1).describe('Short human title.'),
    description: z.string().default('').describe('What the scenario shows and what to look at.'),
    seed: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe('Default master seed (an integer >= 0); --seed overrides it. Same seed, same run.'),
    durationMs: positive().describe(
      'Simulated time to run, in ms (> 0): clients stop issuing requests then and the run stops.',
    ),
    metrics: MetricsSchema.default(() => ({ bucketMs: 1000, warmupMs: 0 })).describe(
      'How metrics are collected.',
    ),
    budget: BudgetSchema.default(() => ({
      maxEvents: 200_000_000,
      maxInFlight: DEFAULT_MAX_IN_FLIGHT,
    })).describe('Limits that stop a runaway run.'),
    clients: z
      .array(ClientSchema)
      .min(1)
      .describe('The clients: sources of user requests, open- or closed-loop (at least one).'),
    services: z
      .array(ServiceSchema)
      .min(1)
      .describe(
        'The services: replicas with workers and queues that handle requests and call each other (at least one).',
      ),
    network: NetworkSchema.default(() => ({
      latency: { kind: 'constant' as const, valueMs: 0 },
      loss: 0,
      links: [],
    })).describe('The network: message latency and loss.'),
    clocks: z
      .array(ClockSchema)
      .default(() => [])
      .describe('Local clocks that differ from true time; every other node keeps perfect time.'),
    queues: z
      .array(MessageQueueSchema)
      .default(() => [])
      .describe('Message queues between producers (clients, calls) and consuming services.'),
    faults: z
      .array(FaultSchema)
      .default(() => [])
      .describe('Faults on the timeline: crashes, latency, errors, partitions, clock trouble and more.'),
    hypotheses: z
      .array(HypothesisSchema)
      .default(() => [])
      .describe('Steady-state hypotheses checked after the run, as in a chaos experiment.'),
    lesson: LessonSchema.nullable().default(null).describe('The lesson text; null for none.'),
    params: z
      .array(ParamSchema)
      .default(() => [])
      .describe('Parameters a learner may change: the lab’s controls and the sweeps’ axes.'),
  })
  .describe(
    'A Faultline scenario: clients, services, queues, network, clocks, faults and hypotheses of a simulated distributed system.',
  );

// ---------------------------------------------------------------- lock-step with sim-core's types

/** True when A and B are the same type (not merely mutually assignable). */
type IsEqual<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** Each member of a union as one object type: `{ a } & ({ b } | { c })` becomes `{ a; b } | { a; c }`. */
type Flat<T> = T extends unknown ? { [K in keyof T]: T[K] } : never;

// One check per part, so a drift points at the part that drifted, not just at "Scenario".
// Unused on purpose: the checks run when tsc resolves these aliases.
type _Checks = [
  Assert<IsEqual<z.output<typeof DistributionSchema>, DistributionSpec>>,
  Assert<IsEqual<z.output<typeof ArrivalSchema>, ArrivalSpec>>,
  Assert<IsEqual<z.output<typeof BackoffSchema>, BackoffSpec>>,
  Assert<IsEqual<z.output<typeof RetryBudgetSchema>, RetryBudgetSpec>>,
  Assert<IsEqual<z.output<typeof RetrySchema>, RetrySpec>>,
  Assert<IsEqual<z.output<typeof BreakerSchema>, BreakerSpec>>,
  Assert<IsEqual<z.output<typeof BulkheadSchema>, BulkheadSpec>>,
  Assert<IsEqual<z.output<typeof RateLimitSchema>, RateLimitSpec>>,
  Assert<IsEqual<z.output<typeof HedgeSchema>, HedgeSpec>>,
  Assert<IsEqual<z.output<typeof FallbackSchema>, FallbackSpec>>,
  Assert<IsEqual<z.output<typeof AdaptiveLimitSchema>, AdaptiveLimitSpec>>,
  Assert<IsEqual<z.output<typeof CallPolicySchema>, CallPolicySpec>>,
  Assert<IsEqual<z.output<typeof SheddingSchema>, SheddingSpec>>,
  Assert<IsEqual<z.output<typeof OutlierDetectionSchema>, OutlierDetectionSpec>>,
  Assert<IsEqual<z.output<typeof HealthCheckSchema>, HealthCheckSpec>>,
  Assert<IsEqual<z.output<typeof CacheSchema>, CacheSpec>>,
  Assert<IsEqual<z.output<typeof ReplicaOverrideSchema>, ReplicaOverrideSpec>>,
  Assert<IsEqual<z.output<typeof ServicePolicySchema>, ServicePolicySpec>>,
  Assert<IsEqual<z.output<typeof DownstreamCallSchema>, DownstreamCallSpec>>,
  Assert<IsEqual<z.output<typeof ServiceSchema>, ServiceSpec>>,
  Assert<IsEqual<z.output<typeof ClientSchema>, ClientSpec>>,
  Assert<IsEqual<z.output<typeof MessageQueueSchema>, MessageQueueSpec>>,
  Assert<IsEqual<z.output<typeof LinkSchema>, LinkSpec>>,
  Assert<IsEqual<z.output<typeof NetworkSchema>, NetworkSpec>>,
  Assert<IsEqual<z.output<typeof ClockSchema>, ClockSpec>>,
  Assert<IsEqual<z.output<typeof MetricsSchema>, MetricsSpec>>,
  Assert<IsEqual<z.output<typeof BudgetSchema>, BudgetSpec>>,
  // FaultSpec is an intersection; compare member by member.
  Assert<IsEqual<Flat<z.output<typeof FaultSchema>>, Flat<FaultSpec>>>,
  Assert<IsEqual<z.output<typeof HypothesisSchema>, HypothesisSpec>>,
  Assert<IsEqual<z.output<typeof LessonSchema>, LessonSpec>>,
  Assert<IsEqual<z.output<typeof ParamSchema>, ParamSpec>>,
  Assert<IsEqual<Flat<z.output<typeof ScenarioSchema>['faults'][number]>, Flat<Scenario['faults'][number]>>>,
  Assert<IsEqual<Omit<z.output<typeof ScenarioSchema>, 'faults'>, Omit<Scenario, 'faults'>>>,
];

/** What a scenario author may write: every defaulted field optional. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
