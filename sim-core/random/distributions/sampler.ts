import type { Rng } from '../streams.ts';

/**
 * Draws non-negative durations (ms) from one distribution.
 *
 * Samplers are stateless: every draw depends only on the numbers it takes from `rng`, so one
 * sampler can serve many streams (e.g. all replicas of a service) without coupling them.
 */
export interface Sampler {
  /** One finite sample >= 0, in milliseconds. */
  sample(rng: Rng): number;
  /** The distribution's mean in milliseconds (for docs and theory checks; exact where known). */
  readonly meanMs: number;
}

/**
 * True with probability `p` (p <= 0 never, p >= 1 always). Takes exactly one number from `rng`.
 */
export function bernoulli(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/**
 * A uniform integer in [0, n) for a positive integer `n`. Takes exactly one number from `rng`.
 *
 * With a 32-bit stream, `n` should stay well below 2^32 for the choice to be uniform.
 */
export function uniformInt(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}

/**
 * Throws a RangeError naming `field` unless `value` is a finite number >= `min`; `minLabel`
 * names the bound in the message when it comes from another field.
 */
export function requireAtLeast(field: string, value: unknown, min: number, minLabel = String(min)): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${field} must be a finite number >= ${minLabel}, got ${String(value)}`);
  }
  return value;
}

/** Throws a RangeError naming `field` unless `value` is a finite number. */
export function requireFinite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${field} must be a finite number, got ${String(value)}`);
  }
  return value;
}

/** Throws a RangeError naming `field` unless `value` is a finite number > 0. */
export function requirePositive(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
    throw new RangeError(`${field} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}
