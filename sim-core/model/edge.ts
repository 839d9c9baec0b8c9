import { createRetryBudget, type RetryBudget } from '../patterns/retry-budget.ts';
import type { Rng } from '../random/streams.ts';
import type { CallPolicySpec } from '../scenario/policy-spec.ts';
import type { Call, Job } from './call.ts';
import { outcomeCode } from './outcome.ts';

/**
 * The caller side of one dependency, as seen from one caller node: a client calling its
 * target, or one replica of a service calling one of its downstream services. It holds the
 * caller-side patterns' state, because real clients keep a breaker, a retry budget and a
 * bulkhead per instance: each replica of `api` has its own breaker towards `db`.
 */
export class Edge {
  readonly budget: RetryBudget | null;
  /** Retryable causes as a bit set of outcome codes. */
  readonly retryOn: number;
  /** Causes the breaker counts as failures, as a bit set. */
  readonly breakerFailures: number;
  /** The caller-side guards in chain order (`edge/guards.ts`); set once by the builder. */
  guards: readonly Guard[] = [];
  /** Attempts in flight on this edge (adaptive limit's view). */
  inFlight = 0;
  /** Time of the last good answer (cached fallback), -Infinity when none. */
  lastGoodAt = Number.NEGATIVE_INFINITY;
  /**
   * No guard and no retry budget: an attempt goes straight to the caller's send. Precomputed so
   * the hot path tests one flag.
   */
  unguarded = true;
  /** Something learns from attempts' results (a guard, the budget, the target's outlier detection). */
  learnsFromResults: boolean;

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
    /** The target service ejects outliers (so every answer is reported to it). */
    private readonly targetDetectsOutliers: boolean,
  ) {
    this.budget = policy.retry?.budget ? createRetryBudget(policy.retry.budget) : null;
    let retryOn = 0;
    for (const c of policy.retry?.retryOn ?? []) retryOn |= 1 << outcomeCode(c);
    this.retryOn = retryOn;
    let failures = 0;
    for (const c of policy.breaker?.recordFailures ?? []) failures |= 1 << outcomeCode(c);
    this.breakerFailures = failures;
    this.unguarded = this.budget === null;
    this.learnsFromResults = this.budget !== null || targetDetectsOutliers;
  }

  /** Sets the edge's guards (once, before the run). */
  setGuards(guards: readonly Guard[]): void {
    this.guards = guards;
    this.unguarded = guards.length === 0 && this.budget === null;
    this.learnsFromResults = guards.length > 0 || this.budget !== null || this.targetDetectsOutliers;
  }

  isRetryable(outcome: number): boolean {
    return (this.retryOn & (1 << outcome)) !== 0;
  }

  countsAsBreakerFailure(outcome: number): boolean {
    return (this.breakerFailures & (1 << outcome)) !== 0;
  }
}

/**
 * One caller-side pattern on an edge, as a link in Resilience4j's decorator chain: each attempt
 * asks the edge's guards in order, and a guard admits it, refuses it with a cause, or makes it
 * wait. A guard that admitted an attempt then hears how it went: refused by a later guard, over
 * for its caller (free what it held), its result, or its cancellation. The verdicts `ADMIT` and
 * `WAIT`, the host a guard resumes through, and each pattern's guard are in `edge/`.
 */
export interface Guard {
  /** `ADMIT`, `WAIT`, or the refusal's cause (an outcome code). `local`: the caller's clock. */
  admit(call: Call, local: number): number;
  /** A later guard refused the attempt this one admitted, with `cause`: it was never sent. */
  refusedLater(cause: number, local: number): void;
  /** The attempt is over for its caller (answered, timed out, lost or cancelled); before its result is heard. */
  released(job: Job): void;
  /** The attempt's result reached the caller: its outcome and round trip (true ms). */
  ended(job: Job, outcome: number, rttMs: number, local: number): void;
  /** The attempt was cancelled: its call ended another way (a hedge answered, the deadline passed). */
  cancelled(job: Job, local: number): void;
  /** A wait this guard imposed on `call` ran out: the refusal's cause, or `ADMIT` if it holds no such call. */
  waitTimedOut(call: Call): number;
}
