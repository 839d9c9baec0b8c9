/**
 * A map from a pair of small non-negative integers to a non-negative integer: open addressing
 * with linear probing over typed arrays, grown by doubling at half full.
 *
 * It replaces a sparse array indexed by `from * G + to`, which V8 turns into a dictionary once
 * the index space is large and sparse (200 services make 160,000 possible links for a few
 * hundred used ones): every lookup then went through a hash of V8's own and a megamorphic load.
 * Here a lookup is one multiply-mix and, at most half full, about 1.5 probes of flat memory.
 */
export class PairTable {
  /** `from + 1` of the pair in each slot; 0 marks an empty slot, so a fresh array is all empty. */
  private froms: Int32Array;
  private tos: Int32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  /** @param capacity the number of pairs expected; the table grows past it as needed. */
  constructor(capacity = 16) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.froms = new Int32Array(slots);
    this.tos = new Int32Array(slots);
    this.values = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The number of pairs stored. */
  get size(): number {
    return this.count;
  }

  /** The value stored for `(from, to)`, or -1 when there is none. */
  get(from: number, to: number): number {
    const froms = this.froms;
    const f = from + 1;
    let i = PairTable.hash(from, to) & this.mask;
    for (;;) {
      const k = froms[i];
      if (k === 0) return -1;
      if (k === f && this.tos[i] === to) return this.values[i];
      i = (i + 1) & this.mask;
    }
  }

  /** Stores `value` (>= 0) for `(from, to)`, replacing any value it had. */
  set(from: number, to: number, value: number): void {
    const f = from + 1;
    let i = PairTable.hash(from, to) & this.mask;
    for (;;) {
      const k = this.froms[i];
      if (k === 0) break;
      if (k === f && this.tos[i] === to) {
        this.values[i] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
    this.froms[i] = f;
    this.tos[i] = to;
    this.values[i] = value;
    if (++this.count * 2 > this.froms.length) this.grow();
  }

  /** Doubles the slots and reinserts every pair (probe order depends on the mask). */
  private grow(): void {
    const froms = this.froms;
    const tos = this.tos;
    const values = this.values;
    const slots = froms.length * 2;
    this.froms = new Int32Array(slots);
    this.tos = new Int32Array(slots);
    this.values = new Int32Array(slots);
    this.mask = slots - 1;
    for (let j = 0; j < froms.length; j++) {
      if (froms[j] === 0) continue;
      let i = PairTable.hash(froms[j] - 1, tos[j]) & this.mask;
      while (this.froms[i] !== 0) i = (i + 1) & this.mask;
      this.froms[i] = froms[j];
      this.tos[i] = tos[j];
      this.values[i] = values[j];
    }
  }

  /**
   * Mixes both integers so that neighbouring pairs spread over the slots (a murmur3 finaliser).
   * Public so that tests can pick pairs that collide.
   */
  static hash(from: number, to: number): number {
    let h = Math.imul(from, 0x9e3779b1) ^ to;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return h ^ (h >>> 16);
  }
}
