/**
 * Jitter: how a retry's sleep is randomised around its backoff, exactly as in the AWS
 * Architecture Blog post "Exponential Backoff and Jitter" (Marc Brooker, 2015).
 *
 * @module
 */

import type { Rng } from '../random/streams.ts';
import type { BackoffSpec, JitterKind, RetrySpec } from '../scenario/policy-spec.ts';
import { backoffMs } from './backoff.ts';

/** A jitter strategy: a pure function of the backoff, the previous sleep and one uniform draw. */
export interface Jitter {
  /**
   * The sleep before a retry.
   *
   * @param backoffMs the capped backoff of this retry ({@link backoffMs}).
   * @param previousSleepMs the sleep before the previous retry of the same call (`backoff.baseMs`
   *   for the first retry); only decorrelated jitter reads it.
   * @param backoff the backoff configuration (decorrelated jitter uses its base and cap).
   * @param u a uniform number in [0, 1).
   */
  sleep(backoffMs: number, previousSleepMs: number, backoff: BackoffSpec, u: number): number;
}

/** The strategy for each {@link JitterKind}. */
export const JITTERS: Readonly<Record<JitterKind, Jitter>> = {
  /** sleep = backoff */
  none: { sleep: (b) => b },
  /** sleep = random(0, backoff) */
  full: { sleep: (b, _prev, _spec, u) => u * b },
  /** sleep = backoff/2 + random(0, backoff/2) */
  equal: { sleep: (b, _prev, _spec, u) => b / 2 + u * (b / 2) },
  /**
   * sleep = min(cap, random(base, previousSleep * 3)). It ignores the backoff kind: its growth
   * comes from the previous sleep, so the caller keeps that per retrying call.
   */
  decorrelated: {
    sleep: (_b, prev, spec, u) => Math.min(spec.capMs, spec.baseMs + u * (prev * 3 - spec.baseMs)),
  },
};

/**
 * The sleep before retry `retry` (1 for the first retry) of a call: the backoff of
 * `spec.backoff` randomised by `spec.jitter`.
 *
 * Draws exactly one number from `rng` for every kind, `none` included, so that switching the
 * jitter kind never shifts the rest of the stream: two runs that differ only in jitter still see
 * the same later random numbers (common random numbers).
 *
 * @param previousSleepMs the value this function returned for the previous retry of the same
 *   call. Ignored for the first retry, where decorrelated jitter starts from `backoff.baseMs`.
 */
export function nextSleepMs(spec: RetrySpec, retry: number, previousSleepMs: number, rng: Rng): number {
  const b = backoffMs(spec.backoff, retry);
  const prev = retry === 1 ? spec.backoff.baseMs : previousSleepMs;
  return JITTERS[spec.jitter].sleep(b, prev, spec.backoff, rng.next());
}
