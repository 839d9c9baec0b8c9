import type { MetricsSink } from '../../metrics/sink.ts';
import { nextSleepMs } from '../../patterns/jitter.ts';
import type { FailureCause } from '../../scenario/policy-spec.ts';
import { type Call, type Job, rehandleRetryTimer } from '../call.ts';
import type { Edge } from '../edge.ts';
import { RETRY } from '../kinds.ts';
import { OUTCOMES } from '../outcome.ts';
import type { TimerService } from '../timers.ts';

/**
 * Where a retry happens. When every attempt of a call has failed, {@link Retries.retry} decides:
 * the cause must be retryable, attempts must be left, the backoff sleep (with its jitter, on the
 * caller's clock) must end before the call's deadline, and the retry budget must allow it; then
 * the retry timer is set and the next attempt goes when it fires. The budget also hears every
 * attempt and its end, which is what it counts retries against.
 */
export class Retries {
  constructor(
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
    private readonly clock: { readonly now: number },
  ) {}

  /** Every attempt of `call` failed: true when a retry is scheduled, false when the call ends with its last cause. */
  retry(call: Call): boolean {
    const timers = this.timers;
    const now = this.clock.now;
    const edge = call.edge;
    const spec = edge.policy.retry;
    const cause = call.lastCause;
    if (call.retryTimer !== -1) {
      // A hedge was still due: every attempt failed first, so the retry policy decides now.
      timers.cancel(edge.callerNode, call.retryTimer, call);
      call.retryTimer = -1;
    }
    if (spec === null || !edge.isRetryable(cause) || call.attempts >= spec.maxAttempts) return false;
    const sleep = nextSleepMs(spec, call.attempts, call.previousSleepMs, edge.jitterRng);
    if (now + timers.trueDelay(edge.callerNode, sleep) >= call.deadlineAt) return false;
    if (
      edge.budget !== null &&
      !edge.budget.tryRetry(timers.localNow(edge.callerNode), OUTCOMES[cause] as FailureCause)
    ) {
      this.metrics.edgeRetrySuppressed(edge.group, now);
      return false;
    }
    call.previousSleepMs = sleep;
    call.nextIsRetry = true;
    this.metrics.edgeRetry(edge.group, now);
    call.retryTimer = timers.set(edge.callerNode, sleep, RETRY, call, rehandleRetryTimer);
    return true;
  }

  /** An attempt starts through the edge's guards. */
  heardAttempt(edge: Edge, local: number, isRetry: boolean): void {
    edge.budget?.onAttempt(local, isRetry);
  }

  /** A guard refused the call's latest attempt with `cause`. */
  heardRefusal(edge: Edge, call: Call, cause: number, local: number): void {
    const budget = edge.budget;
    if (budget === null) return;
    budget.onFailure(local, OUTCOMES[cause] as FailureCause, edge.isRetryable(cause));
    if (call.currentIsRetry) budget.onRetryEnd(local);
  }

  /** A sent attempt's result reached the caller. */
  heardEnd(edge: Edge, job: Job, outcome: number, good: boolean, local: number): void {
    const budget = edge.budget;
    if (budget === null) return;
    if (good) budget.onSuccess(local, job.isRetry ? (OUTCOMES[job.call.lastCause] as FailureCause) : null);
    else budget.onFailure(local, OUTCOMES[outcome] as FailureCause, edge.isRetryable(outcome));
    if (job.isRetry) budget.onRetryEnd(local);
  }

  /** A sent attempt was cancelled (its call ended another way). */
  heardCancel(edge: Edge, job: Job, local: number): void {
    const budget = edge.budget;
    if (budget === null) return;
    budget.onFailure(local, 'failed', false);
    if (job.isRetry) budget.onRetryEnd(local);
  }

  /** A retry the budget allowed was never sent (its call ended during the backoff). */
  unsent(call: Call): void {
    call.nextIsRetry = false;
    const edge = call.edge;
    edge.budget?.onRetryEnd(this.timers.localNow(edge.callerNode));
  }
}
