import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairTable } from '../../../sim-core/model/pair-table.ts';

describe('pair table', () => {
  it('finds what was stored, tells (a, b) from (b, a), and answers -1 for a missing pair', () => {
    const t = new PairTable();
    t.set(0, 0, 7);
    t.set(1, 2, 3);
    t.set(2, 1, 4);
    expect(t.get(0, 0)).toBe(7);
    expect(t.get(1, 2)).toBe(3);
    expect(t.get(2, 1)).toBe(4);
    expect(t.get(1, 1)).toBe(-1);
    expect(t.size).toBe(3);
  });

  it('replaces the value of a pair already stored without adding a pair', () => {
    const t = new PairTable();
    t.set(5, 9, 1);
    t.set(5, 9, 2);
    expect(t.get(5, 9)).toBe(2);
    expect(t.size).toBe(1);
  });

  it('keeps pairs that hash to the same slot apart, across growth', () => {
    // Eight pairs whose hashes share their low four bits: one probe chain in a 16-slot table.
    const slot = PairTable.hash(0, 0) & 15;
    const pairs: [number, number][] = [];
    for (let from = 0; pairs.length < 8; from++) {
      for (let to = 0; to < 64 && pairs.length < 8; to++) {
        if ((PairTable.hash(from, to) & 15) === slot) pairs.push([from, to]);
      }
    }
    const t = new PairTable(1);
    pairs.forEach(([a, b], i) => {
      t.set(a, b, i);
    });
    pairs.forEach(([a, b], i) => {
      expect(t.get(a, b)).toBe(i);
    });
    // The ninth pair passes half full: the table doubles and every pair is found again.
    t.set(1000, 1000, 99);
    pairs.forEach(([a, b], i) => {
      expect(t.get(a, b)).toBe(i);
    });
    expect(t.get(1000, 1000)).toBe(99);
    expect(t.size).toBe(9);
  });

  it('grows from a small start to thousands of pairs', () => {
    const t = new PairTable(1);
    for (let i = 0; i < 200; i++) for (let j = 0; j < 50; j++) t.set(i, j, i * 50 + j);
    expect(t.size).toBe(10_000);
    for (let i = 0; i < 200; i++) for (let j = 0; j < 50; j++) expect(t.get(i, j)).toBe(i * 50 + j);
    expect(t.get(200, 0)).toBe(-1);
  });

  it('answers as a Map keyed by the pair does, for any sequence of stores', () => {
    const pair = fc.tuple(fc.nat(40_000), fc.nat(40_000));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(pair, fc.nat(1_000_000)), { maxLength: 300 }),
        fc.array(pair),
        (stores, probes) => {
          const t = new PairTable(1);
          const m = new Map<string, number>();
          for (const [[a, b], v] of stores) {
            t.set(a, b, v);
            m.set(`${a},${b}`, v);
          }
          expect(t.size).toBe(m.size);
          for (const [a, b] of [...stores.map(([p]) => p), ...probes])
            expect(t.get(a, b)).toBe(m.get(`${a},${b}`) ?? -1);
        },
      ),
    );
  });
});
