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

/** A history from steps in time order (key 0 unless given). */
function history(...steps: Step[]): HistoryEntry[] {
  const log = new HistoryLog();
  for (const [p, type, f, value, at, key] of steps) log.add(p, type, f, key ?? 0, value, at);
  return log.entries;
}

const linearizable = (...steps: Step[]) => checkLinearizable(history(...steps)).linearizable;

describe('linearizability checker (Wing & Gong with memoisation) on textbook register histories', () => {
  it('accepts a sequential write then read of the value written', () => {
    expect(
      linearizable(
        [0, 'invoke', 'write', 1, 0],
        [0, 'ok', 'write', 1, 1],
        [1, 'invoke', 'read', null, 2],
        [1, 'ok', 'read', 1, 3],
      ),
    ).toBe(true);
  });

  it('rejects a stale read: the write completed before the read began, the read saw the initial value', () => {
    expect(
      linearizable(
        [0, 'invoke', 'write', 1, 0],
        [0, 'ok', 'write', 1, 1],
        [1, 'invoke', 'read', null, 2],
        [1, 'ok', 'read', null, 3],
      ),
    ).toBe(false);
  });

  it('accepts either value for a read concurrent with the write', () => {
    for (const seen of [null, 1]) {
      expect(
        linearizable(
          [0, 'invoke', 'write', 1, 0],
          [1, 'invoke', 'read', null, 1],
          [1, 'ok', 'read', seen, 2],
          [0, 'ok', 'write', 1, 3],
        ),
      ).toBe(true);
    }
  });

  it('rejects a new-then-old inversion: two sequential reads inside one write see 1, then the initial value', () => {
    expect(
      linearizable(
        [0, 'invoke', 'write', 1, 0],
        [1, 'invoke', 'read', null, 1],
        [1, 'ok', 'read', 1, 2],
        [2, 'invoke', 'read', null, 3],
        [2, 'ok', 'read', null, 4],
        [0, 'ok', 'write', 1, 10],
      ),
    ).toBe(false);
  });

  it('orders concurrent writes one way for every reader: 2 then 2 is fine, 1 then 2 then 1 is not', () => {
    const writes: Step[] = [
      [0, 'invoke', 'write', 1, 0],
      [1, 'invoke', 'write', 2, 0],
      [0, 'ok', 'write', 1, 5],
      [1, 'ok', 'write', 2, 5],
    ];
    expect(
      linearizable(
        ...writes,
        [2, 'invoke', 'read', null, 6],
        [2, 'ok', 'read', 2, 7],
        [2, 'invoke', 'read', null, 8],
        [2, 'ok', 'read', 2, 9],
      ),
    ).toBe(true);
    expect(
      linearizable(
        ...writes,
        [2, 'invoke', 'read', null, 6],
        [2, 'ok', 'read', 1, 7],
        [2, 'invoke', 'read', null, 8],
        [2, 'ok', 'read', 2, 9],
        [2, 'invoke', 'read', null, 10],
        [2, 'ok', 'read', 1, 11],
      ),
    ).toBe(false);
  });

  it('an indeterminate (info) write may have happened at any time after its invocation, or never', () => {
    const w: Step[] = [
      [0, 'invoke', 'write', 1, 0],
      [0, 'info', 'write', 1, 5],
    ];
    expect(linearizable(...w, [1, 'invoke', 'read', null, 10], [1, 'ok', 'read', 1, 11])).toBe(true);
    expect(linearizable(...w, [1, 'invoke', 'read', null, 10], [1, 'ok', 'read', null, 11])).toBe(true);
    // ... but only once: null after 1, both after the write's invocation, is an inversion.
    expect(
      linearizable(
        ...w,
        [1, 'invoke', 'read', null, 10],
        [1, 'ok', 'read', 1, 11],
        [1, 'invoke', 'read', null, 12],
        [1, 'ok', 'read', null, 13],
      ),
    ).toBe(false);
    // A read that completed before the write was invoked cannot see it.
    expect(
      linearizable(
        [1, 'invoke', 'read', null, 0],
        [1, 'ok', 'read', 1, 1],
        [0, 'invoke', 'write', 1, 2],
        [0, 'info', 'write', 1, 5],
      ),
    ).toBe(false);
  });

  it('a failed write did not happen: a read of its value is rejected', () => {
    expect(
      linearizable(
        [0, 'invoke', 'write', 1, 0],
        [0, 'fail', 'write', 1, 1],
        [1, 'invoke', 'read', null, 2],
        [1, 'ok', 'read', 1, 3],
      ),
    ).toBe(false);
  });

  it('checks keys independently and names the key that is not linearizable', () => {
    const res = checkLinearizable(
      history(
        [0, 'invoke', 'write', 1, 0, 0],
        [0, 'ok', 'write', 1, 1, 0],
        [0, 'invoke', 'write', 2, 2, 1],
        [0, 'ok', 'write', 2, 3, 1],
        [1, 'invoke', 'read', null, 4, 0],
        [1, 'ok', 'read', 1, 5, 0],
        [1, 'invoke', 'read', null, 6, 1],
        [1, 'ok', 'read', 1, 7, 1],
      ),
    );
    expect(res).toMatchObject({ linearizable: false, key: 'k1' });
  });

  it('refuses to guess when one process has overlapping reads of a key', () => {
    expect(() =>
      checkLinearizable(
        history(
          [0, 'invoke', 'read', null, 0],
          [0, 'invoke', 'read', null, 1],
          [0, 'ok', 'read', null, 2],
          [0, 'ok', 'read', null, 3],
        ),
      ),
    ).toThrow(/overlapping reads/);
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
