/**
 * Named policy presets with the documented defaults of real libraries, so a scenario can say
 * `"retry": "grpc-default"` or `"breaker": "resilience4j-default"`. The scenario parser expands
 * a preset name into the object below; `faultline show` prints the expanded values.
 *
 * Every preset cites its source. Where a library's default is "unlimited", absent or irrelevant
 * to the model, the nearest faithful setting is used and the comment says so.
 *
 * @module
 */

import type { AutoscalingPolicySpec } from '../scenario/autoscaling-spec.ts';
import type { AnalysisSpec, RolloutStrategySpec } from '../scenario/deployment-spec.ts';
import type {
  AdaptiveLimitSpec,
  BreakerSpec,
  BulkheadSpec,
  OutlierDetectionSpec,
  ProbeSpec,
  RestartPolicySpec,
  RetryBudgetSpec,
  RetrySpec,
} from '../scenario/policy-spec.ts';
import type { AlertRuleSpec } from '../scenario/slo-spec.ts';

/**
 * Resilience4j `CircuitBreakerConfig` defaults (resilience4j.readme.io/docs/circuitbreaker;
 * `CircuitBreakerConfig.java`): failureRateThreshold 50, slowCallRateThreshold 100,
 * slowCallDurationThreshold 60 s, permittedNumberOfCallsInHalfOpenState 10, slidingWindowType
 * COUNT_BASED, slidingWindowSize 100, minimumNumberOfCalls 100, waitDurationInOpenState 60 s,
 * automaticTransitionFromOpenToHalfOpenEnabled false. By default every exception is recorded as
 * a failure: here every failure the callee or the network causes; `breakerOpen`, `bulkheadFull`
 * and `limited` are refusals on the caller's own side, before the call is made.
 */
const resilience4jDefault: BreakerSpec = {
  slidingWindowType: 'count',
  slidingWindowSize: 100,
  minimumNumberOfCalls: 100,
  failureRateThreshold: 50,
  slowCallRateThreshold: 100,
  slowCallDurationThresholdMs: 60_000,
  waitDurationInOpenStateMs: 60_000,
  permittedNumberOfCallsInHalfOpenState: 10,
  recordFailures: ['failed', 'timedOut', 'rejected', 'shed', 'rateLimited'],
};

export const BREAKER_PRESETS: Record<string, BreakerSpec> = {
  'resilience4j-default': resilience4jDefault,
};

/**
 * gRPC retries (gRFC A6 "gRPC Retry Design"). gRPC has no default retry policy: the service
 * config sets one. These are the values of A6's example policy: maxAttempts 4 (A6 caps it at 5),
 * initialBackoff 0.1 s, maxBackoff 1 s, backoffMultiplier 2; the n-th retry waits
 * random(0, min(initialBackoff * multiplier^(n-1), maxBackoff)), i.e. full jitter; retryable
 * status UNAVAILABLE (here `failed`, `rejected`, `shed`). Retry throttling is also off unless
 * configured; A6's example `retryThrottling` is maxTokens 10, tokenRatio 0.1.
 */
const grpcDefault: RetrySpec = {
  maxAttempts: 4,
  retryOn: ['failed', 'rejected', 'shed'],
  backoff: { kind: 'exponential', baseMs: 100, multiplier: 2, capMs: 1000 },
  jitter: 'full',
  budget: { kind: 'grpc-throttle', maxTokens: 10, tokenRatio: 0.1 },
};

/**
 * AWS SDK "standard" retry mode (AWS SDKs and Tools Reference Guide, "Retry behavior"):
 * max attempts 3; exponential backoff with full jitter capped at 20 s; retry quota of 500 tokens,
 * a retry costs 5, a retry after a timeout costs 10, a successful first attempt adds 1 and a
 * successful retry refunds its cost (botocore `retries/standard.py` + `quota.py`, aws-sdk-js-v3
 * `util-retry/constants.ts`). Base delay 100 ms as in aws-sdk-js-v3 (`DEFAULT_RETRY_DELAY_BASE`)
 * and aws-sdk-java-v2 (`SdkDefaultRetrySetting.Standard.BASE_DELAY`); botocore's standard mode
 * uses 1 s, and both use a longer base for throttling errors (500 ms in JS/Java), which this
 * single-base model does not separate. (AWS's opt-in 2026 retry behaviour changes the costs and
 * base delays again; this preset is the long-standing standard mode.)
 */
const awsStandard: RetrySpec = {
  maxAttempts: 3,
  retryOn: ['failed', 'timedOut', 'rejected', 'shed', 'rateLimited'],
  backoff: { kind: 'exponential', baseMs: 100, multiplier: 2, capMs: 20_000 },
  jitter: 'full',
  budget: { kind: 'aws-quota', capacity: 500, retryCost: 5, timeoutCost: 10, noRetryIncrement: 1 },
};

/**
 * Finagle (`com.twitter.finagle.service.RetryBudget.apply()`): ttl 10 s, minRetriesPerSec 10,
 * percentCanRetry 0.2. `RetryPolicy.tries(n)` backs off with `Backoff.decorrelatedJittered(5 ms,
 * 200 ms)`; Finagle's variant draws random(previous, 3 * previous) where AWS's decorrelated
 * jitter (used here) draws random(base, 3 * previous); decorrelated jitter reads only the base
 * and cap of the backoff. `tries(n)` has no default n: 3 attempts here, retrying write exceptions
 * and timeouts (`RetryPolicy.TimeoutAndWriteExceptionsOnly`; here `failed`, `timedOut`, `rejected`).
 */
const finagleDefault: RetrySpec = {
  maxAttempts: 3,
  retryOn: ['failed', 'timedOut', 'rejected'],
  backoff: { kind: 'exponential', baseMs: 5, multiplier: 3, capMs: 200 },
  jitter: 'decorrelated',
  budget: { kind: 'finagle', percentCanRetry: 0.2, minRetriesPerSec: 10, ttlMs: 10_000 },
};

/**
 * Envoy route retry policy (`envoy.config.route.v3.RetryPolicy`): num_retries 1 (2 attempts),
 * retry_back_off base_interval 25 ms, max_interval 10 x base = 250 ms, fully jittered. Envoy's
 * n-th retry waits random(0, (2^n - 1) * base): 0-25 ms, then 0-75, 0-175 ms; exponential
 * base * 2^(n-1) here gives the same first retry (the only one with 2 attempts) and 50, 100 ms
 * after. Cluster retry budget (`CircuitBreakers.Thresholds.RetryBudget`): budget_percent 20%,
 * min_retry_concurrency 3 when a budget is configured.
 */
const envoyDefault: RetrySpec = {
  maxAttempts: 2,
  retryOn: ['failed', 'timedOut', 'rejected', 'shed'],
  backoff: { kind: 'exponential', baseMs: 25, multiplier: 2, capMs: 250 },
  jitter: 'full',
  budget: { kind: 'envoy', budgetPercent: 20, minRetryConcurrency: 3 },
};

export const RETRY_PRESETS: Record<string, RetrySpec> = {
  'grpc-default': grpcDefault,
  'aws-standard': awsStandard,
  'finagle-default': finagleDefault,
  'envoy-default': envoyDefault,
};

export const RETRY_BUDGET_PRESETS: Record<string, RetryBudgetSpec> = {
  'finagle-default': { kind: 'finagle', percentCanRetry: 0.2, minRetriesPerSec: 10, ttlMs: 10_000 },
  'aws-standard': { kind: 'aws-quota', capacity: 500, retryCost: 5, timeoutCost: 10, noRetryIncrement: 1 },
  'grpc-default': { kind: 'grpc-throttle', maxTokens: 10, tokenRatio: 0.1 },
  'envoy-default': { kind: 'envoy', budgetPercent: 20, minRetryConcurrency: 3 },
};

/**
 * Envoy cluster circuit-breaker thresholds (`envoy.config.cluster.v3.CircuitBreakers.Thresholds`):
 * max_requests 1024 by default: at most 1024 requests in flight to the cluster, and a request over
 * it fails at once (`upstream_rq_pending_overflow`), so no wait.
 */
export const BULKHEAD_PRESETS: Record<string, BulkheadSpec> = {
  'envoy-default': { maxConcurrent: 1024, maxWaitMs: 0 },
};

/**
 * Envoy outlier detection (`envoy.config.cluster.v3.OutlierDetection`): consecutive_5xx 5,
 * interval 10 s, base_ejection_time 30 s, max_ejection_percent 10%.
 */
export const OUTLIER_PRESETS: Record<string, OutlierDetectionSpec> = {
  'envoy-default': {
    consecutiveErrors: 5,
    intervalMs: 10_000,
    baseEjectionTimeMs: 30_000,
    maxEjectionPercent: 10,
  },
};

/**
 * Netflix concurrency-limits builder defaults (concurrency-limits-core, `limit/*Limit.java`):
 * AIMDLimit initialLimit 20, minLimit 20, maxLimit 200, backoffRatio 0.9, timeout 5 s;
 * VegasLimit initialLimit 20, maxConcurrency 1000, smoothing 1.0, alpha 3 * log10(limit),
 * beta 6 * log10(limit) (alpha and beta here are those multipliers);
 * Gradient2Limit initialLimit 20, minLimit 20, maxConcurrency 200, queueSize 4, smoothing 0.2,
 * rttTolerance 1.5, longWindow 600.
 */
export const ADAPTIVE_LIMIT_PRESETS: Record<string, AdaptiveLimitSpec> = {
  'aimd-default': {
    algorithm: 'aimd',
    initialLimit: 20,
    minLimit: 20,
    maxLimit: 200,
    backoffRatio: 0.9,
    timeoutMs: 5000,
  },
  'vegas-default': { algorithm: 'vegas', initialLimit: 20, maxLimit: 1000, alpha: 3, beta: 6, smoothing: 1 },
  'gradient2-default': {
    algorithm: 'gradient2',
    initialLimit: 20,
    minLimit: 20,
    maxLimit: 200,
    queueSize: 4,
    smoothing: 0.2,
    rttTolerance: 1.5,
    longWindow: 600,
  },
};

/**
 * Kubernetes probe defaults (kubernetes.io, "Configure Liveness, Readiness and Startup Probes",
 * "Configure Probes"): periodSeconds 10, timeoutSeconds 1, failureThreshold 3, successThreshold 1,
 * initialDelaySeconds 0. The probe's own work (`costMs`, 1 ms) is this model's: a cheap handler.
 */
const kubernetesProbe: ProbeSpec = {
  periodMs: 10_000,
  timeoutMs: 1000,
  failureThreshold: 3,
  successThreshold: 1,
  initialDelayMs: 0,
  costMs: 1,
};

export const PROBE_PRESETS: Record<string, ProbeSpec> = {
  'kubernetes-default': kubernetesProbe,
};

/**
 * Kubernetes' restart back-off (kubernetes.io, "Pod Lifecycle", container restart policy): "an
 * exponential back-off delay (10s, 20s, 40s, …), that is capped at five minutes. Once a container
 * has executed for 10 minutes without any problems, the kubelet resets the restart backoff timer".
 */
const crashLoopBackOff: RestartPolicySpec = {
  initialMs: 10_000,
  multiplier: 2,
  maxMs: 300_000,
  resetAfterMs: 600_000,
};

export const RESTART_POLICY_PRESETS: Record<string, RestartPolicySpec> = {
  'crash-loop-backoff': crashLoopBackOff,
};

/**
 * The Kubernetes Horizontal Pod Autoscaler's documented defaults (kubernetes.io, "Horizontal Pod
 * Autoscaling": algorithm details, "Default Behavior"): tolerance 0.1; scale up without
 * stabilisation by the larger of 100% and 4 pods per 15 s; scale down with a 300 s
 * stabilisation window by at most 100% per 15 s.
 */
export const AUTOSCALING_POLICY_PRESETS: Record<string, AutoscalingPolicySpec> = {
  'kubernetes-hpa': {
    kind: 'hpa',
    tolerance: 0.1,
    scaleUp: {
      stabilizationWindowMs: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: 100, periodMs: 15_000 },
        { type: 'Pods', value: 4, periodMs: 15_000 },
      ],
    },
    scaleDown: {
      stabilizationWindowMs: 300_000,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodMs: 15_000 }],
    },
  },
};

/**
 * Burn-rate alert rules from "The Site Reliability Workbook" (Google, 2018), ch. 5 "Alerting on
 * SLOs", the recommended multiwindow, multi-burn-rate table for a 30-day SLO: page when 2% of
 * the budget burns in 1 hour (burn rate 14.4 over 1 h, checked over 5 min too) or 5% in 6 hours
 * (6 over 6 h and 30 min). The short window is 1/12 of the long one, so an alert clears within
 * about that long after the errors stop.
 */
export const ALERT_RULE_PRESETS: Record<string, AlertRuleSpec> = {
  'sre-page-fast': { longWindowMs: 3_600_000, shortWindowMs: 300_000, burnRate: 14.4 },
  'sre-page-slow': { longWindowMs: 21_600_000, shortWindowMs: 1_800_000, burnRate: 6 },
};

/** The canary presets' analysis: the canary's error rate at most 5% over each of 3 intervals of 5 s. */
const CANARY_ANALYSIS: AnalysisSpec = {
  metric: 'error-rate',
  threshold: 0.05,
  intervalMs: 5000,
  count: 3,
  failureLimit: 0,
};

/**
 * Rollout strategies: Kubernetes' RollingUpdate default (kubernetes.io, "Deployments": maxSurge
 * and maxUnavailable 25%); `big-bang`, every replica replaced at once (a rolling update with
 * 100% / 100%, as the Recreate strategy but starting the new set as the old one stops); and an
 * Argo Rollouts canary with analysis (argo-rollouts.readthedocs.io, "Canary" steps and
 * "Analysis"): 10% with an analysis, then 50% with another, then promotion.
 */
export const ROLLOUT_STRATEGY_PRESETS: Record<string, RolloutStrategySpec> = {
  'kubernetes-rolling': { kind: 'rolling', maxSurge: '25%', maxUnavailable: '25%' },
  'big-bang': { kind: 'rolling', maxSurge: '100%', maxUnavailable: '100%' },
  'canary-analysis': {
    kind: 'canary',
    steps: [
      { setWeight: 10 },
      { analysis: { ...CANARY_ANALYSIS } },
      { setWeight: 50 },
      { analysis: { ...CANARY_ANALYSIS } },
    ],
  },
};
