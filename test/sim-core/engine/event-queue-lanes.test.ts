import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../sim-core/engine/event-queue.ts';

/** One step of a random schedule: push (maybe in a lane), cancel the k-th pending, or pop. */
type Op =
  | { op: 'push'; time: number; band: number; lane: number }
  | { op: 'cancel'; k: number }
  | { op: 'pop' }
  | { op: 'pending'; k: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('push' as const),
    time: fc.integer({ min: 0, max: 40 }),
    band: fc.integer({ min: 0, max: 1 }),
    lane: fc.integer({ min: -1, max: 3 }),
  }),
  fc.record({ op: fc.constant('cancel' as const), k: fc.nat() }),
  fc.record({ op: fc.constant('pending' as const), k: fc.nat() }),
  fc.constant({ op: 'pop' as const }),
);

/**
 * Runs the schedule on a queue that uses lanes and on one that never does (every push plain),
 * time rising with each pop as in a run; returns both logs of what each step saw.
 */
function replay(ops: readonly Op[]): { lanes: string[]; plain: string[] } {
  const withLanes = new EventQueue<number>(16);
  const plain = new EventQueue<number>(16);
  const logs = { lanes: [] as string[], plain: [] as string[] };
  const handles: [number, number][] = [];
  let now = 0;
  let id = 0;
  for (const o of ops) {
    if (o.op === 'push') {
      const t = now + o.time;
      const hl =
        o.lane < 0
          ? withLanes.push(t, 1, id, id, o.band)
          : withLanes.pushInLane(o.lane, t, 1, id, id, o.band);
      handles.push([hl, plain.push(t, 1, id, id, o.band)]);
      id++;
    } else if (o.op === 'cancel' || o.op === 'pending') {
      if (handles.length === 0) continue;
      const [hl, hp] = handles[o.k % handles.length];
      if (o.op === 'cancel') {
        logs.lanes.push(`cancel ${withLanes.cancel(hl)}`);
        logs.plain.push(`cancel ${plain.cancel(hp)}`);
      } else {
        logs.lanes.push(`pending ${withLanes.isPending(hl)}`);
        logs.plain.push(`pending ${plain.isPending(hp)}`);
      }
    } else {
      if (plain.size === 0) continue;
      const sl = withLanes.pop();
      const sp = plain.pop();
      now = plain.time(sp);
      logs.lanes.push(`pop ${withLanes.time(sl)} ${withLanes.takeRef(sl)} size ${withLanes.size}`);
      logs.plain.push(`pop ${plain.time(sp)} ${plain.takeRef(sp)} size ${plain.size}`);
    }
  }
  while (plain.size > 0) {
    const sl = withLanes.pop();
    const sp = plain.pop();
    logs.lanes.push(`drain ${withLanes.time(sl)} ${withLanes.takeRef(sl)}`);
    logs.plain.push(`drain ${plain.time(sp)} ${plain.takeRef(sp)}`);
  }
  logs.lanes.push(`empty ${withLanes.isEmpty} ${withLanes.size}`);
  logs.plain.push(`empty ${plain.isEmpty} ${plain.size}`);
  return logs;
}

describe('EventQueue lanes', () => {
  it('pop the same events in the same order as plain pushes, with the same cancels and pending answers', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400, size: 'max' }), (ops) => {
        const { lanes, plain } = replay(ops);
        expect(lanes).toEqual(plain);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('keeps a lane event waiting outside the heap until the one before it leaves', () => {
    const q = new EventQueue<string>(16);
    const first = q.pushInLane(0, 10, 1, 0, 'first');
    const second = q.pushInLane(0, 20, 1, 0, 'second');
    const third = q.pushInLane(0, 30, 1, 0, 'third');
    // Earlier than the lane's last: into the heap on its own, still in order.
    q.pushInLane(0, 15, 1, 0, 'out-of-order');
    q.push(25, 1, 0, 'plain');
    expect(q.size).toBe(5);
    expect(q.cancel(second)).toBe(true);
    expect(q.isPending(second)).toBe(false);
    expect(q.cancel(second)).toBe(false);
    expect(q.isPending(third)).toBe(true);
    expect(q.cancel(first)).toBe(true);
    const order: (string | undefined)[] = [];
    while (!q.isEmpty) order.push(q.takeRef(q.pop()));
    expect(order).toEqual(['out-of-order', 'plain', 'third']);
    expect(q.size).toBe(0);
  });

  it('sends an event at the lane tail time but in an earlier band to the heap, ahead of it', () => {
    const q = new EventQueue<string>(16);
    q.pushInLane(0, 10, 1, 0, 'normal-first');
    q.pushInLane(0, 10, 1, 0, 'normal-second');
    q.pushInLane(0, 10, 1, 0, 'control', 0);
    const order: (string | undefined)[] = [];
    while (!q.isEmpty) order.push(q.takeRef(q.pop()));
    expect(order).toEqual(['control', 'normal-first', 'normal-second']);
  });

  it('grows with events waiting in lanes and keeps their links', () => {
    const q = new EventQueue<number>(16);
    for (let i = 0; i < 100; i++) q.pushInLane(i % 3, i, 1, i, i);
    for (let i = 0; i < 100; i++) q.push(i + 0.5, 1, i, 1000 + i);
    const refs: (number | undefined)[] = [];
    while (!q.isEmpty) refs.push(q.takeRef(q.pop()));
    expect(refs).toEqual(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? i / 2 : 1000 + (i - 1) / 2)));
  });

  it('refuses a lane that is not a whole number', () => {
    expect(() => new EventQueue<number>(16).pushInLane(1000.5, 1, 1, 0, 0)).toThrow(
      /lane must be a whole number/,
    );
  });
});
