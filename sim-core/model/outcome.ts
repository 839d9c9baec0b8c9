/**
 * How a call (and so a user request) or one attempt of it ends. Every call ends in exactly one
 * of these.
 *
 * - succeeded: a good answer arrived in time;
 * - failed: the callee answered with an error (its work failed, or one of its dependencies did);
 * - timedOut: the caller's timer fired first (also how a caller learns a message was lost);
 * - rejected: the callee's queue was full;
 * - dropped: a message was lost and no timer would ever end the call (the call had no timeout);
 * - shed: the callee's load shedding turned the request away;
 * - rateLimited: a token bucket (the caller's or the callee's) had no token;
 * - breakerOpen: the caller's circuit breaker refused the call;
 * - bulkheadFull: the caller's bulkhead for this dependency had no free slot in time;
 * - limited: an adaptive concurrency limit (caller's or callee's) refused it;
 * - degraded: it failed but a fallback answered (a degraded success);
 * - corrupt: a wrong answer was accepted as good (the caller did not validate it).
 */
export const OUTCOMES = [
  'succeeded',
  'failed',
  'timedOut',
  'rejected',
  'dropped',
  'shed',
  'rateLimited',
  'breakerOpen',
  'bulkheadFull',
  'limited',
  'degraded',
  'corrupt',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const SUCCEEDED = 0;
export const FAILED = 1;
export const TIMED_OUT = 2;
export const REJECTED = 3;
export const DROPPED = 4;
export const SHED = 5;
export const RATE_LIMITED = 6;
export const BREAKER_OPEN = 7;
export const BULKHEAD_FULL = 8;
export const LIMITED = 9;
export const DEGRADED = 10;
export const CORRUPT = 11;
export const OUTCOME_COUNT = OUTCOMES.length;

/** Outcome code of a cause name (as used in `retry.retryOn` and `breaker.recordFailures`). */
export function outcomeCode(name: Outcome): number {
  return OUTCOMES.indexOf(name);
}

/** A good answer from the caller's point of view: it goes on as if it succeeded. */
export function isGoodAnswer(outcome: number): boolean {
  return outcome === SUCCEEDED || outcome === DEGRADED || outcome === CORRUPT;
}
