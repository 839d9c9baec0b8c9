/**
 * The schema of the caller-side patterns (`CallPolicySpec` in `sim-core/scenario/policy-spec.ts`):
 * backoff, retry budgets, retry, breaker, bulkhead, rate limit, hedging, fallback and adaptive
 * limits, as a client or a downstream call carries them. Their rules are in `policies-rules.ts`.
 */
import { z } from 'zod';
import {
  ADAPTIVE_LIMIT_PRESETS,
  BREAKER_PRESETS,
  BULKHEAD_PRESETS,
  RETRY_BUDGET_PRESETS,
  RETRY_PRESETS,
} from '../../sim-core/patterns/presets.ts';
import type {
  AdaptiveLimitSpec,
  BackoffSpec,
  FailureCause,
  RetryBudgetSpec,
} from '../../sim-core/scenario/spec.ts';
import {
  FailureCauseSchema,
  intAtLeast,
  nonNegative,
  positive,
  presetList,
  presetNamed,
  presetOr,
} from './fields.ts';

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
