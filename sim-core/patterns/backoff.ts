/**
 * Backoff before a retry, before jitter: the wait the n-th retry is based on.
 *
 * @module
 */
import type { BackoffSpec } from '../scenario/policy-spec.ts';

/** A backoff strategy: the wait before retry `retry` (1 for the first retry), capped at `spec.capMs`. */
export type BackoffStrategy = (spec: BackoffSpec, retry: number) => number;

/** The strategy for each {@link BackoffSpec.kind}. */
export const BACKOFF_STRATEGIES: Readonly<Record<BackoffSpec['kind'], BackoffStrategy>> = {
  constant: (spec) => Math.min(spec.capMs, spec.baseMs),
  linear: (spec, retry) => Math.min(spec.capMs, spec.baseMs * retry),
  exponential: (spec, retry) => {
    // Repeated multiplication, not Math.pow: exact and identical on every engine. With a growing
    // multiplier, stop once the cap is reached: a long retry chain then costs O(log cap) steps and
    // never overflows to Infinity.
    const growing = spec.multiplier >= 1;
    let d = spec.baseMs;
    for (let i = 1; i < retry && !(growing && d >= spec.capMs); i++) d *= spec.multiplier;
    return Math.min(spec.capMs, d);
  },
};

/**
 * The wait before retry `retry` (1 for the first retry), capped at `spec.capMs`:
 * constant: base; linear: base * retry; exponential: base * multiplier^(retry - 1).
 *
 * @throws RangeError when `retry` is not an integer >= 1.
 */
export function backoffMs(spec: BackoffSpec, retry: number): number {
  if (!Number.isInteger(retry) || retry < 1) {
    throw new RangeError(`retry must be an integer >= 1 (1 = the first retry), got ${retry}`);
  }
  return BACKOFF_STRATEGIES[spec.kind](spec, retry);
}
