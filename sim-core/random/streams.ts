/**
 * Named random streams derived from one master seed.
 *
 * Every component draws from its own stream, derived from (master seed, stable name), so adding
 * a component or changing one policy never shifts another component's random numbers: two runs
 * that differ only in a policy see the same arrivals and service times (common random numbers).
 *
 * This is the only `sim-core` module that imports `seedrandom`.
 *
 * @module
 */
import seedrandom from 'seedrandom';

/** A source of uniform random numbers. */
export interface Rng {
  /** A uniform number in [0, 1). */
  next(): number;
}

/** One named stream: uniform numbers on a grid of 2^-32, from Alea. */
export interface RandomStream extends Rng {
  /** A uniform number in [0, 1) with 32 random bits (a multiple of 2^-32). */
  next(): number;
  /** A uniform number in (0, 1): safe to take the log of. */
  nextOpen(): number;
}

/**
 * A uniform number in (0, 1) drawn from any {@link Rng}: for callers that take a log.
 *
 * Redraws on an exact 0 (probability 2^-32 per draw with Alea), which keeps the result a pure
 * function of the stream.
 */
export function nextOpen(rng: Rng): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return u;
}

/**
 * The master seed and the streams derived from it.
 *
 * A stream is seedrandom's Alea generator seeded with the string `${seed}/${name}`. Alea was
 * chosen because it is fast (tens of millions of numbers per second, several times ARC4) and both
 * its seeding and its step use only exact arithmetic, so its sequence is the same on every engine.
 *
 * Streams are not cached: {@link stream} with the same name twice returns two independent
 * generators that yield the same sequence. A name is therefore an identity: two components must
 * not share one, or they draw the same numbers.
 */
export class RandomStreams {
  /** The master seed every stream is derived from. */
  readonly seed: number;

  /** @throws RangeError when `seed` is not a finite number. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    this.seed = seed;
  }

  /** A fresh stream for the stable component name `name`, e.g. `client:users/arrivals`. */
  stream(name: string): RandomStream {
    // Number-to-string is fully specified by ECMAScript, so the seed string is engine-independent.
    const prng = seedrandom.alea(`${this.seed}/${name}`);
    return {
      next: prng,
      nextOpen(): number {
        let u = prng();
        while (u === 0) u = prng();
        return u;
      },
    };
  }
}
