/**
 * How a call (and so a user request) ends. Every call ends in exactly one of these.
 *
 * - succeeded: a successful response arrived before the caller's deadline;
 * - failed: the callee answered with an error (for example one of its own dependencies failed);
 * - timedOut: the caller's timer fired first (this is also how a caller learns of a lost message);
 * - rejected: the callee's queue was full and it turned the request away at once;
 * - dropped: a message was lost and no timer would ever end the call (the call had no timeout).
 */
export const OUTCOMES = ['succeeded', 'failed', 'timedOut', 'rejected', 'dropped'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const SUCCEEDED = 0;
export const FAILED = 1;
export const TIMED_OUT = 2;
export const REJECTED = 3;
export const DROPPED = 4;
export const OUTCOME_COUNT = OUTCOMES.length;
