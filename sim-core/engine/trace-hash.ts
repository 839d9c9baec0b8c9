/**
 * An incremental 64-bit hash over the processed events (time, kind, entity).
 *
 * Two 32-bit murmur3-style lanes with different seeds, mixed with `Math.imul` and shifts only:
 * exact integer arithmetic, so the hash is the same on every JavaScript engine. Time enters
 * through its IEEE-754 bits, so two runs agree only if every event time agrees to the bit.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Read the double's words as (low, high) whatever the platform's byte order.
f64[0] = 1;
const HI = u32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mix(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalize(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class TraceHash {
  private a = 0x9747b28c | 0;
  private b = 0x5bd1e995 | 0;
  private n = 0;

  /** Folds one event into the hash. */
  add(time: number, kind: number, entity: number): void {
    f64[0] = time;
    const lo = u32[LO];
    const hi = u32[HI];
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
