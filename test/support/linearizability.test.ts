import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HistoryEntry, HistoryLog } from '../../sim-core/store/history.ts';
import { checkLinearizable } from './linearizability.ts';

type Step = [
  process: number,
  type: HistoryEntry['type'],
  f: HistoryEntry['f'],
  value: number | null,
  atMs: number,
  key?: number,
];

/** A history from steps, put in time order (stable; key 0 unless given). */
function history(...steps: Step[]): HistoryEntry[] {
  const log = new HistoryLog();
  const sorted = steps.map((st, i) => ({ st, i })).sort((a, b) => a.st[4] - b.st[4] || a.i - b.i);
  for (const { st } of sorted) log.add(st[0], st[1], st[2], st[5] ?? 0, st[3], st[4]);
  return [...log.entries];
}

/** A write of `value` by `p` over [from, to], ending `end` (ok by default). */
const write = (
  p: number,
  value: number,
  from: number,
  to: number,
  end: 'ok' | 'fail' | 'info' = 'ok',
  key = 0,
): Step[] => [
  [p, 'invoke', 'write', value, from, key],
  [p, end, 'write', value, to, key],
];
/** A read by `p` over [from, to] that returned `value`. */
const read = (p: number, value: number | null, from: number, to: number, key = 0): Step[] => [
  [p, 'invoke', 'read', null, from, key],
  [p, 'ok', 'read', value, to, key],
];

const linearizable = (...ops: Step[][]) => checkLinearizable(history(...ops.flat())).linearizable;

describe('linearizability checker (Wing & Gong with memoisation) on textbook register histories', () => {
  it('accepts a sequential write then read of the value written', () => {
    expect(linearizable(write(0, 1, 0, 1), read(1, 1, 2, 3))).toBe(true);
  });

  it('rejects a stale read: the write completed before the read began, the read saw the initial value', () => {
    expect(linearizable(write(0, 1, 0, 1), read(1, null, 2, 3))).toBe(false);
  });

  it('accepts either value for a read concurrent with the write', () => {
    expect(linearizable(write(0, 1, 0, 3), read(1, null, 1, 2))).toBe(true);
    expect(linearizable(write(0, 1, 0, 3), read(1, 1, 1, 2))).toBe(true);
  });

  it('rejects a new-then-old inversion: two sequential reads inside one write see 1, then the initial value', () => {
    expect(linearizable(write(0, 1, 0, 10), read(1, 1, 1, 2), read(2, null, 3, 4))).toBe(false);
    expect(linearizable(write(0, 1, 0, 10), read(1, null, 1, 2), read(2, 1, 3, 4))).toBe(true);
  });

  it('orders concurrent writes one way for every reader: 2 then 2 is fine, 1 then 2 then 1 is not', () => {
    const both = [write(0, 1, 0, 5), write(1, 2, 0, 5)];
    expect(linearizable(...both, read(2, 2, 6, 7), read(2, 2, 8, 9))).toBe(true);
    expect(linearizable(...both, read(2, 1, 6, 7), read(2, 2, 8, 9), read(2, 1, 10, 11))).toBe(false);
  });

  it('an indeterminate (info) write may have happened at any time after its invocation, or never', () => {
    const w = write(0, 1, 0, 5, 'info');
    expect(linearizable(w, read(1, 1, 10, 11))).toBe(true);
    expect(linearizable(w, read(1, null, 10, 11))).toBe(true);
    // ... but only once: the initial value after 1 is an inversion.
    expect(linearizable(w, read(1, 1, 10, 11), read(1, null, 12, 13))).toBe(false);
    // A read that completed before the write was invoked cannot see it.
    expect(linearizable(read(1, 1, 0, 1), write(0, 1, 2, 5, 'info'))).toBe(false);
  });

  it('a failed write did not happen: a read of its value is rejected', () => {
    expect(linearizable(write(0, 1, 0, 1, 'fail'), read(1, 1, 2, 3))).toBe(false);
  });

  it('checks keys independently and names the key that is not linearizable', () => {
    const ops = [
      write(0, 1, 0, 1, 'ok', 0),
      write(0, 2, 2, 3, 'ok', 1),
      read(1, 1, 4, 5, 0),
      read(1, 1, 6, 7, 1),
    ];
    expect(checkLinearizable(history(...ops.flat()))).toMatchObject({ linearizable: false, key: 'k1' });
  });

  it('leaves out indeterminate writes nobody read, so thirty of them cost nothing', () => {
    const unread = Array.from({ length: 30 }, (_, i) => write(10 + i, 100 + i, 0, 1, 'info'));
    const res = checkLinearizable(history(...unread.flat(), ...write(0, 1, 2, 3), ...read(1, 1, 4, 5)));
    expect(res).toEqual({ linearizable: true, explored: 2 });
    // One of them read is kept: it may only have taken effect once.
    const seen = checkLinearizable(
      history(...unread.flat(), ...read(1, 105, 2, 3), ...write(0, 1, 4, 5), ...read(1, 105, 6, 7)),
    );
    expect(seen.linearizable).toBe(false);
  });

  it('refuses to guess when one process has overlapping reads of a key', () => {
    const overlapping = history(
      [0, 'invoke', 'read', null, 0],
      [0, 'invoke', 'read', null, 1],
      [0, 'ok', 'read', null, 2],
    );
    expect(() => checkLinearizable(overlapping)).toThrow(/overlapping reads/);
  });

  it('accepts every history of a real register with random overlaps, and memoisation keeps it small', () => {
    // Each operation takes effect at a random instant inside its interval, on one true register.
    const op = fc.record({
      start: fc.integer({ min: 0, max: 1000 }),
      before: fc.integer({ min: 0, max: 40 }),
      after: fc.integer({ min: 1, max: 40 }),
      write: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (drawn) => {
        const ops = drawn.map((d, i) => ({ ...d, id: i + 1, at: d.start + d.before + 0.5 }));
        let reg: number | null = null;
        const readValue = new Map<number, number | null>();
        for (const o of [...ops].sort((a, b) => a.at - b.at)) {
          if (o.write) reg = o.id;
          else readValue.set(o.id, reg);
        }
        const events = ops.flatMap((o) => [
          { t: o.start, e: [o.id, 'invoke', o.write ? 'write' : 'read', o.write ? o.id : null] as const },
          {
            t: o.at + o.after,
            e: [
              o.id,
              'ok',
              o.write ? 'write' : 'read',
              o.write ? o.id : (readValue.get(o.id) ?? null),
            ] as const,
          },
        ]);
        events.sort((a, b) => a.t - b.t);
        const steps = events.map(({ t, e }): Step => [e[0], e[1], e[2], e[3], t]);
        const res = checkLinearizable(history(...steps));
        expect(res.linearizable).toBe(true);
        expect(res.explored).toBeLessThan(5000);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});
