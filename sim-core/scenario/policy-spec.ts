/**
 * Resilience-pattern configuration (resolved: presets already expanded into these objects).
 * Caller-side patterns sit on a client or a downstream call ({@link CallPolicySpec}); server-side
 * ones on a service ({@link ServicePolicySpec}). Semantics mirror the named reference
 * implementations; see `sim-core/patterns/` and the README's pattern list.
 */

/** Causes a caller may see for a failed attempt; `retry.retryOn` picks the retryable ones. */
import type { AutoscalingSpec } from './autoscaling-spec.ts';
import type { DeploymentSpec, VersionSpec } from './deployment-spec.ts';
import type { FailoverSpec } from './failover-spec.ts';

export type FailureCause =
  | 'failed'
  | 'timedOut'
  | 'rejected'
  | 'shed'
  | 'rateLimited'
  | 'breakerOpen'
  | 'bulkheadFull'
  | 'limited';

export interface BackoffSpec {
  /** constant: base; linear: base * n; exponential: base * multiplier^(n-1); n = retry number (1 for the first retry). */
  kind: 'constant' | 'linear' | 'exponential';
  baseMs: number;
  /** Used by exponential only. */
  multiplier: number;
  /** Upper bound of the backoff before jitter. */
  capMs: number;
}

/**
 * Jitter as defined in the AWS Architecture Blog post "Exponential Backoff and Jitter" (Brooker, 2015):
 * none: sleep = backoff; full: random(0, backoff); equal: backoff/2 + random(0, backoff/2);
 * decorrelated: min(cap, random(base, previousSleep * 3)).
 */
export type JitterKind = 'none' | 'full' | 'equal' | 'decorrelated';

/**
 * Limits on retries across requests. A retry a budget refuses is counted as its own outcome
 * (`retryBudgetExhausted`) and the call ends with the last attempt's cause.
 */
export type RetryBudgetSpec =
  /** Finagle RetryBudget: retries <= percentCanRetry * requests over ttlMs, plus minRetriesPerSec. */
  | { kind: 'finagle'; percentCanRetry: number; minRetriesPerSec: number; ttlMs: number }
  /** AWS SDK standard retry mode quota: a retry costs retryCost (timeoutCost after a timeout); a success refunds. */
  | { kind: 'aws-quota'; capacity: number; retryCost: number; timeoutCost: number; noRetryIncrement: number }
  /** gRPC retry throttling: tokens start at maxTokens; -1 per failure, +tokenRatio per success; retry only while tokens > maxTokens/2. */
  | { kind: 'grpc-throttle'; maxTokens: number; tokenRatio: number }
  /** Envoy retry budget: concurrent retries <= max(minRetryConcurrency, budgetPercent% of active requests). */
  | { kind: 'envoy'; budgetPercent: number; minRetryConcurrency: number };

export interface RetrySpec {
  /** Total attempts including the first (1 = no retries). */
  maxAttempts: number;
  retryOn: FailureCause[];
  backoff: BackoffSpec;
  jitter: JitterKind;
  budget: RetryBudgetSpec | null;
}

/** Resilience4j CircuitBreaker. */
export interface BreakerSpec {
  slidingWindowType: 'count' | 'time';
  /** Calls (count) or seconds (time) in the window. */
  slidingWindowSize: number;
  minimumNumberOfCalls: number;
  /** Percent of failed calls that opens the breaker (>=). */
  failureRateThreshold: number;
  /** Percent of slow calls that opens the breaker (>=). */
  slowCallRateThreshold: number;
  slowCallDurationThresholdMs: number;
  waitDurationInOpenStateMs: number;
  permittedNumberOfCallsInHalfOpenState: number;
  /** Which caller-visible causes count as failures. */
  recordFailures: FailureCause[];
}

/** At most maxConcurrent calls in flight on this edge; others wait up to maxWaitMs for a slot. */
export interface BulkheadSpec {
  maxConcurrent: number;
  maxWaitMs: number;
}

/** Token bucket: refills ratePerSec tokens per second (on the owner's local clock) up to burst. */
export interface RateLimitSpec {
  ratePerSec: number;
  burst: number;
}

/** Send another attempt if no answer after delayMs; take the first answer, cancel the rest. */
export interface HedgeSpec {
  delayMs: number;
  /** Extra attempts at most (1 = one hedge). */
  maxHedges: number;
}

/** On a failure, answer with a static value, or the last good value if younger than maxAgeMs. Counted as degraded. */
export type FallbackSpec = { kind: 'static' } | { kind: 'cache'; maxAgeMs: number };

/** Netflix concurrency-limits algorithms. */
export type AdaptiveLimitSpec =
  | {
      algorithm: 'aimd';
      initialLimit: number;
      minLimit: number;
      maxLimit: number;
      backoffRatio: number;
      timeoutMs: number;
    }
  /** alpha/beta multiply log10(limit), as the library's defaults do: {3, 6} reproduces VegasLimit. */
  | {
      algorithm: 'vegas';
      initialLimit: number;
      maxLimit: number;
      alpha: number;
      beta: number;
      smoothing: number;
    }
  | {
      algorithm: 'gradient2';
      initialLimit: number;
      minLimit: number;
      maxLimit: number;
      /** Queue slack added to the gradient-scaled limit (Gradient2Limit's default: a constant 4). */
      queueSize: number;
      smoothing: number;
      rttTolerance: number;
      longWindow: number;
    };

/** Caller-side policy of a client or a downstream call. */
export interface CallPolicySpec {
  /** Per-attempt timeout on the caller's clock; null = none. */
  timeoutMs: number | null;
  /** Overall deadline across all attempts; null = none. */
  deadlineMs: number | null;
  /**
   * The request carries its deadline (the earlier of the attempt's timeout and the call's
   * deadline): downstream calls made while serving it get at most the time left, and a server
   * drops it from its queue instead of working on it once that time has passed (shed).
   */
  propagateDeadline: boolean;
  retry: RetrySpec | null;
  breaker: BreakerSpec | null;
  bulkhead: BulkheadSpec | null;
  rateLimit: RateLimitSpec | null;
  hedge: HedgeSpec | null;
  fallback: FallbackSpec | null;
  /** Client-side adaptive concurrency limit on this edge. */
  adaptiveLimit: AdaptiveLimitSpec | null;
  /** Requests carry idempotency keys: a retried write is applied at most once. */
  idempotencyKeys: boolean;
  /** The caller checks answers: a corrupt answer becomes a failure instead of a silent success. */
  validateResponses: boolean;
}

/** A calling policy with every pattern off: no timeout, deadline, retry or guard. */
export const NO_CALL_POLICY: Readonly<CallPolicySpec> = {
  timeoutMs: null,
  deadlineMs: null,
  propagateDeadline: false,
  retry: null,
  breaker: null,
  bulkhead: null,
  rateLimit: null,
  hedge: null,
  fallback: null,
  adaptiveLimit: null,
  idempotencyKeys: false,
  validateResponses: false,
};

/**
 * Load shedding. `enabled: false` declares it but leaves it off until an alert's
 * `enable-shedding` action turns it on (a kill switch, flipped by automation); absent: on.
 */
export type SheddingSpec =
  /** Reject on arrival when the replica's queue holds maxQueue or more. */
  | { kind: 'queue-length'; maxQueue: number; enabled?: boolean }
  /** CoDel: drop at dequeue while the sojourn time stays above targetMs for intervalMs. */
  | { kind: 'codel'; targetMs: number; intervalMs: number; enabled?: boolean }
  /** Under pressure (queue >= threshold per tier) shed the lowest tiers first: tier t is shed when queue >= thresholds[t]. */
  | { kind: 'priority'; thresholds: number[]; enabled?: boolean };

/** Envoy outlier detection at the load balancer in front of a service. */
export interface OutlierDetectionSpec {
  consecutiveErrors: number;
  baseEjectionTimeMs: number;
  maxEjectionPercent: number;
  intervalMs: number;
}

/**
 * Envoy active health checking from the load balancer (envoyproxy.io, "Health checking" and
 * `config.core.v3.HealthCheck`): every `intervalMs` a real request to each replica, failed when
 * no answer comes within `timeoutMs`; `unhealthyThreshold` failures in a row take the replica out
 * of rotation, `healthyThreshold` passes in a row bring it back.
 */
export interface HealthCheckSpec {
  intervalMs: number;
  timeoutMs: number;
  unhealthyThreshold: number;
  healthyThreshold: number;
  /** Work the check costs the replica's worker, ms (it waits in the queue unless `probes.adminPath`). */
  costMs: number;
}

/**
 * One Kubernetes probe (kubernetes.io, "Configure Liveness, Readiness and Startup Probes"): after
 * `initialDelayMs` from a container's start, a probe every `periodMs`; one not answered within
 * `timeoutMs` fails; `failureThreshold` failures in a row make the probe fail, and
 * `successThreshold` successes in a row make it pass again.
 */
export interface ProbeSpec {
  periodMs: number;
  timeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
  initialDelayMs: number;
  /** Work the probe costs the replica's worker, ms (it waits in the queue unless `adminPath`). */
  costMs: number;
}

/** A service's Kubernetes probes: readiness (out of the load balancer while failing) and liveness (restart on failure). */
export interface ProbesSpec {
  readiness: ProbeSpec | null;
  liveness: ProbeSpec | null;
  /**
   * Kubernetes' startup probe: after each (re)start, liveness and readiness are not run until it
   * passes once; `failureThreshold` failures in a row restart the replica. Its `successThreshold`
   * is 1 (as Kubernetes requires). null: none.
   */
  startup: ProbeSpec | null;
  /**
   * Probes (and health checks) are answered on a separate admin path: on arrival, by a replica
   * that is up and not paused, without waiting behind real work.
   */
  adminPath: boolean;
}

/**
 * Back-off between restarts, as Kubernetes' CrashLoopBackOff: the n-th restart in a row waits
 * min(initialMs x multiplier^(n-1), maxMs) more before the container starts; the count resets once
 * a replica has run `resetAfterMs` without a restart.
 */
export interface RestartPolicySpec {
  initialMs: number;
  multiplier: number;
  maxMs: number;
  resetAfterMs: number;
}

/** For `durationMs` after a replica (re)starts, its service times are multiplied by `serviceTimeFactor`. */
export interface ColdStartSpec {
  durationMs: number;
  serviceTimeFactor: number;
}

/** A cache in front of a service (keys come from the client's `keys`). */
export interface CacheSpec {
  ttlMs: number;
  /** TTL is drawn uniformly from [ttl * (1 - jitter), ttl]. */
  ttlJitter: number;
  /** Concurrent misses on one key wait for a single fetch (single flight). */
  coalesce: boolean;
  /** Time to answer a hit. */
  hitLatency: { kind: 'constant'; valueMs: number };
}

/** Per-replica overrides: configuration drift. */
export interface ReplicaOverrideSpec {
  replica: number;
  concurrency?: number;
  serviceTimeFactor?: number;
  errorProbability?: number;
}

/** Server-side patterns of a service. */
export interface ServicePolicySpec {
  rateLimit: RateLimitSpec | null;
  shedding: SheddingSpec | null;
  adaptiveLimit: AdaptiveLimitSpec | null;
  outlierDetection: OutlierDetectionSpec | null;
  healthCheck: HealthCheckSpec | null;
  /** Kubernetes readiness and liveness probes; null: none. */
  probes: ProbesSpec | null;
  /** How long a replica restarted by a failed liveness probe stays down (before any back-off), ms. */
  restartDelayMs: number;
  /** Back-off between repeated restarts; null: none (each restart takes `restartDelayMs`). */
  restartPolicy: RestartPolicySpec | null;
  /** A replica that (re)starts serves slower for a while; null: never cold. */
  coldStart: ColdStartSpec | null;
  cache: CacheSpec | null;
  /** Probability that a request fails at this service (baseline, before faults). */
  errorProbability: number;
  /** Requests are writes with side effects (counted for idempotency/duplicates). */
  writes: boolean;
  /** Optimistic concurrency: a request reads a version on arrival and its write conflicts (fails) if another landed since. */
  optimisticConcurrency: boolean;
  replicaOverrides: ReplicaOverrideSpec[];
  /** The replica count follows a metric between min and max replicas; null = fixed `replicas`. */
  autoscaling: AutoscalingSpec | null;
  /** Active-passive failover to standby replicas; null: no standby. */
  failover: FailoverSpec | null;
  /** Named versions the service may be deployed to (empty: none). */
  versions: VersionSpec[];
  /** A rollout to one of `versions` during the run; null: the service runs its own settings throughout. */
  deployment: DeploymentSpec | null;
}
