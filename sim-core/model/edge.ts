import { type ConcurrencyLimit, createAdaptiveLimit } from '../patterns/adaptive-limit.ts';
import { CircuitBreaker } from '../patterns/circuit-breaker.ts';
import { createRetryBudget, type RetryBudget } from '../patterns/retry-budget.ts';
import { TokenBucket } from '../patterns/token-bucket.ts';
import type { Rng } from '../random/streams.ts';
import type { CallPolicySpec } from '../scenario/policy-spec.ts';
import type { Call } from './call.ts';
import { outcomeCode } from './outcome.ts';
import { FifoQueue } from './queue-discipline.ts';

/**
 * The caller side of one dependency, as seen from one caller node: a client calling its
 * target, or one replica of a service calling one of its downstream services. It holds the
 * caller-side patterns' state, because real clients keep a breaker, a retry budget and a
 * bulkhead per instance: each replica of `api` has its own breaker towards `db`.
 */
export class Edge {
  readonly breaker: CircuitBreaker | null;
  readonly budget: RetryBudget | null;
  readonly bucket: TokenBucket | null;
  readonly limit: ConcurrencyLimit | null;
  /** Retryable causes as a bit set of outcome codes. */
  readonly retryOn: number;
  /** Causes the breaker counts as failures, as a bit set. */
  readonly breakerFailures: number;
  /** Calls holding a bulkhead slot, and calls waiting for one. */
  bulkheadActive = 0;
  readonly bulkheadWaiting = new FifoQueue<Call>();
  /** Attempts in flight on this edge (adaptive limit's view). */
  inFlight = 0;
  /** Breaker transitions already reported to the metrics. */
  breakerSeen = 0;
  /** Time of the last good answer (cached fallback), -Infinity when none. */
  lastGoodAt = Number.NEGATIVE_INFINITY;
  /**
   * No caller-side guard (breaker, budget, rate limit, adaptive limit, bulkhead): an attempt goes
   * straight to {@link Caller}'s send. Precomputed so the hot path tests one flag, not five.
   */
  readonly unguarded: boolean;
  /** Some pattern learns from attempts' results (adaptive limit, budget, the target's outlier detection). */
  readonly learnsFromResults: boolean;

  constructor(
    /** Index of this edge in the world's edge list (stable: creation order). */
    readonly index: number,
    /** `caller->target`, with the caller node's name (`api/0->db`). */
    readonly name: string,
    /** Index of the aggregated edge (caller group -> target) for metrics. */
    readonly group: number,
    readonly callerNode: number,
    /** Target: a service index, or a queue index when `toQueue`. */
    readonly target: number,
    readonly toQueue: boolean,
    readonly policy: CallPolicySpec,
    /** The stream for this edge's jitter. */
    readonly jitterRng: Rng,
    limitRng: Rng,
    now: number,
    /** The target service ejects outliers (so every answer is reported to it). */
    targetDetectsOutliers: boolean,
  ) {
    this.breaker = policy.breaker === null ? null : new CircuitBreaker(policy.breaker);
    this.budget = policy.retry?.budget ? createRetryBudget(policy.retry.budget) : null;
    this.bucket =
      policy.rateLimit === null
        ? null
        : new TokenBucket(policy.rateLimit.ratePerSec, policy.rateLimit.burst, now);
    this.limit = policy.adaptiveLimit === null ? null : createAdaptiveLimit(policy.adaptiveLimit, limitRng);
    let retryOn = 0;
    for (const c of policy.retry?.retryOn ?? []) retryOn |= 1 << outcomeCode(c);
    this.retryOn = retryOn;
    let failures = 0;
    for (const c of policy.breaker?.recordFailures ?? []) failures |= 1 << outcomeCode(c);
    this.breakerFailures = failures;
    this.unguarded =
      this.breaker === null &&
      this.budget === null &&
      this.bucket === null &&
      this.limit === null &&
      policy.bulkhead === null;
    this.learnsFromResults = this.limit !== null || this.budget !== null || targetDetectsOutliers;
  }

  isRetryable(outcome: number): boolean {
    return (this.retryOn & (1 << outcome)) !== 0;
  }

  countsAsBreakerFailure(outcome: number): boolean {
    return (this.breakerFailures & (1 << outcome)) !== 0;
  }
}
