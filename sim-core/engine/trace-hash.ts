/**
 * An incremental 64-bit hash over the processed events (time, kind, entity).
 *
 * Two 32-bit murmur3-style lanes with different seeds, mixed with `Math.imul` and shifts only:
 * exact integer arithmetic, so the hash is the same on every JavaScript engine. Time enters
 * through its IEEE-754 bits, so two runs agree only if every event time agrees to the bit.
 */

/** Scratch to read an event time's IEEE-754 words: write `timeScratch[0]`, read `timeWords[LO]`, `timeWords[HI]`. */
export const timeScratch = new Float64Array(1);
export const timeWords = new Uint32Array(timeScratch.buffer);
// Read the double's words as (low, high) whatever the platform's byte order.
timeScratch[0] = 1;
export const HI = timeWords[1] === 0x3ff00000 ? 1 : 0;
export const LO = 1 - HI;

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * murmur3's input scramble of a 32-bit word. It depends on the word alone, so the run loop
 * scrambles each of an event's words once and feeds the result to both lanes.
 */
export function scramble(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

/** murmur3's lane step: folds a scrambled word into the lane `h`. */
export function step(h: number, scrambled: number): number {
  h ^= scrambled;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** One murmur3 round: folds the 32-bit word `k` into the lane `h`. */
function mix(h: number, k: number): number {
  return step(h, scramble(k));
}

/** murmur3's finaliser (fmix32) over `h` xor `length`: an unsigned 32-bit result. */
export function finalize(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The running hash: two lanes and the event count. The engine's run loop folds events into
 * copies of the lanes held in locals and writes them back after each batch (see `Engine.runBatch`,
 * which repeats {@link add}'s fold; a test checks the two agree).
 */
export class TraceHash {
  a = 0x9747b28c | 0;
  b = 0x5bd1e995 | 0;
  n = 0;

  /** Folds one event into the hash. */
  add(time: number, kind: number, entity: number): void {
    timeScratch[0] = time;
    const lo = timeWords[LO];
    const hi = timeWords[HI];
    const ke = (kind << 20) ^ entity;
    this.a = mix(mix(mix(this.a, lo), hi), ke);
    this.b = mix(mix(mix(this.b, hi), ke), lo);
    this.n++;
  }

  /** The hash so far as 16 lowercase hex digits. */
  hex(): string {
    const a = finalize(this.a ^ this.b, this.n);
    const b = finalize(this.b, this.n ^ a);
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }
}
