import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../sim-core/engine/event-queue.ts';

/** One step: push (plain or in a lane), cancel or ask about the k-th handle ever made, or pop. */
type Op =
  | { op: 'push'; offset: number; band: number; lane: number }
  | { op: 'cancel'; k: number }
  | { op: 'pending'; k: number }
  | { op: 'pop' };

/** Whole offsets make ties in time (band and seq decide); fractional ones rarely tie. */
const offsetArb = fc.oneof(
  fc.integer({ min: 0, max: 30 }),
  fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true }),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('push' as const),
      offset: offsetArb,
      band: fc.integer({ min: 0, max: 2 }),
      lane: fc.integer({ min: -1, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pending' as const), k: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ op: 'pop' as const }) },
);

interface Pending {
  time: number;
  band: number;
  seq: number;
}

function earliest(pending: Map<number, Pending>): number {
  let best = -1;
  let key: Pending | undefined;
  for (const [handle, e] of pending) {
    if (
      key === undefined ||
      e.time < key.time ||
      (e.time === key.time && (e.band < key.band || (e.band === key.band && e.seq < key.seq)))
    ) {
      best = handle;
      key = e;
    }
  }
  return best;
}

describe('EventQueue against a sorted reference', () => {
  it('pops in (time, band, seq) order under pushes in and out of lanes, cancels and pops, hundreds pending', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 1500, size: 'max' }), (ops) => {
        const q = new EventQueue<number>(16);
        // Handle -> event, for events still pending; every handle ever made, in order.
        const pending = new Map<number, Pending>();
        const handles: number[] = [];
        let seq = 0;
        let now = 0;
        const popOne = () => {
          const want = earliest(pending);
          const wanted = pending.get(want)!;
          pending.delete(want);
          const slot = q.pop();
          expect(q.time(slot)).toBe(wanted.time);
          expect(q.takeRef(slot)).toBe(wanted.seq);
          expect(q.isFiring(want)).toBe(true);
          now = wanted.time;
        };
        for (const o of ops) {
          if (o.op === 'push') {
            const time = now + o.offset;
            const handle =
              o.lane < 0 ? q.push(time, 0, 0, seq, o.band) : q.pushInLane(o.lane, time, 0, 0, seq, o.band);
            pending.set(handle, { time, band: o.band, seq });
            handles.push(handle);
            seq++;
          } else if (o.op === 'pop') {
            if (pending.size > 0) popOne();
          } else if (handles.length > 0) {
            const handle = handles[o.k % handles.length];
            const isPending = pending.has(handle);
            if (o.op === 'cancel') {
              expect(q.cancel(handle)).toBe(isPending);
              pending.delete(handle);
            } else expect(q.isPending(handle)).toBe(isPending);
          }
          expect(q.size).toBe(pending.size);
          expect(q.peekTime()).toBe(
            pending.size === 0 ? Number.POSITIVE_INFINITY : pending.get(earliest(pending))!.time,
          );
        }
        while (pending.size > 0) popOne();
        expect(q.isEmpty).toBe(true);
      }),
      { numRuns: 50, seed: 1414 },
    );
  });
});
