import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../sim-core/engine/event-queue.ts';

describe('EventQueue', () => {
  it('pops events in (time, band, insertion) order', () => {
    const q = new EventQueue<string>(16);
    q.push(5, 0, 0, 'late');
    q.push(1, 0, 0, 'first-normal', 1);
    q.push(1, 0, 0, 'control', 0);
    q.push(1, 0, 0, 'second-normal', 1);
    q.push(3, 0, 0, 'middle');
    const order: (string | undefined)[] = [];
    while (q.size > 0) order.push(q.takeRef(q.pop()));
    expect(order).toEqual(['control', 'first-normal', 'second-normal', 'middle', 'late']);
  });

  it('takes the earlier of two children at the same time by band, then by insertion, when sifting down', () => {
    const q = new EventQueue<string>(16);
    // Heap after these pushes: root 'first', children 'b1' (left) and 'b0' (right) both at time
    // 5; popping the root moves the last ('b1-second') to the top, to sift down past that tie.
    q.push(1, 0, 0, 'first');
    q.push(5, 0, 0, 'b1', 1);
    q.push(5, 0, 0, 'b0', 0);
    q.push(9, 0, 0, 'late');
    q.push(5, 0, 0, 'b1-second', 1);
    const order: (string | undefined)[] = [];
    while (q.size > 0) order.push(q.takeRef(q.pop()));
    expect(order).toEqual(['first', 'b0', 'b1', 'b1-second', 'late']);
  });

  it('cancels a pending event and refuses a stale handle', () => {
    const q = new EventQueue<number>(16);
    const a = q.push(1, 0, 0, 1);
    q.push(2, 0, 0, 2);
    expect(q.cancel(a)).toBe(true);
    expect(q.cancel(a)).toBe(false);
    expect(q.takeRef(q.pop())).toBe(2);
    // The slot of `a` is reused by the next push: the old handle must not cancel the new event.
    q.push(3, 0, 0, 3);
    expect(q.cancel(a)).toBe(false);
    expect(q.size).toBe(1);
  });

  it('grows past its initial capacity and keeps every field', () => {
    const q = new EventQueue<number>(16);
    for (let i = 0; i < 1000; i++) q.push(1000 - i, i % 7, i, i);
    let last = -1;
    for (let i = 0; i < 1000; i++) {
      const s = q.pop();
      const t = q.time(s);
      expect(t).toBeGreaterThan(last);
      last = t;
      expect(q.entity(s)).toBe(1000 - t);
      expect(q.kind(s)).toBe((1000 - t) % 7);
    }
  });

  it('matches a sorted reference under random pushes, pops and cancels', () => {
    type Op = { op: 'push'; t: number; band: number } | { op: 'pop' } | { op: 'cancel'; k: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        op: fc.constant('push' as const),
        t: fc.integer({ min: 0, max: 20 }),
        band: fc.integer({ min: 0, max: 2 }),
      }),
      fc.record({ op: fc.constant('pop' as const) }),
      fc.record({ op: fc.constant('cancel' as const), k: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300, size: 'max' }), (ops) => {
        const q = new EventQueue<number>(16);
        const ref: { t: number; band: number; seq: number; handle: number }[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            const handle = q.push(o.t, 0, 0, seq, o.band);
            ref.push({ t: o.t, band: o.band, seq, handle });
            seq++;
          } else if (o.op === 'pop') {
            if (ref.length === 0) continue;
            ref.sort((a, b) => a.t - b.t || a.band - b.band || a.seq - b.seq);
            const want = ref.shift()!;
            expect(q.takeRef(q.pop())).toBe(want.seq);
          } else if (ref.length > 0) {
            const [victim] = ref.splice(o.k % ref.length, 1);
            expect(q.cancel(victim.handle)).toBe(true);
          }
          expect(q.size).toBe(ref.length);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
