import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJobQueue, FifoQueue, type JobQueue } from '../../../sim-core/model/queue-discipline.ts';
import { burstClients, type Ending, latencies, scenario, story } from './harness.ts';

function drain<T>(q: JobQueue<T>): T[] {
  const out: T[] = [];
  for (let item = q.pop(); item !== undefined; item = q.pop()) out.push(item);
  return out;
}

function fill<T>(q: JobQueue<T>, items: [T, number][]): JobQueue<T> {
  for (const [item, tier] of items) q.push(item, tier);
  return q;
}

const mixed: [string, number][] = [
  ['a', 2],
  ['b', 0],
  ['c', 1],
  ['d', 0],
  ['e', 2],
  ['f', 1],
];

describe('queue disciplines', () => {
  it('fifo serves in arrival order, whatever the tiers', () => {
    expect(drain(fill(createJobQueue('fifo'), mixed))).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('lifo serves the newest first, whatever the tiers', () => {
    expect(drain(fill(createJobQueue('lifo'), mixed))).toEqual(['f', 'e', 'd', 'c', 'b', 'a']);
  });

  it('priority serves the lowest tier first and fifo within a tier', () => {
    expect(drain(fill(createJobQueue('priority'), mixed))).toEqual(['b', 'd', 'c', 'f', 'a', 'e']);
  });

  it('priority skips tiers nobody used', () => {
    const q = fill(createJobQueue<string>('priority'), [
      ['late', 7],
      ['early', 3],
    ]);
    expect(q.size).toBe(2);
    expect(drain(q)).toEqual(['early', 'late']);
  });

  it.each(['fifo', 'lifo', 'priority'] as const)('an empty %s queue pops undefined and keeps size 0', (d) => {
    const q = createJobQueue<number>(d);
    expect(q.pop()).toBeUndefined();
    q.push(1, 0);
    expect(q.size).toBe(1);
    expect(q.pop()).toBe(1);
    expect(q.pop()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('the fifo ring buffer keeps order when it grows while wrapped around', () => {
    const q = new FifoQueue<number>();
    for (let i = 0; i < 16; i++) q.push(i);
    // Move the head to the middle, then wrap and overflow the initial 16 slots twice.
    expect([q.pop(), q.pop(), q.pop(), q.pop(), q.pop()]).toEqual([0, 1, 2, 3, 4]);
    for (let i = 16; i < 60; i++) q.push(i);
    expect(q.size).toBe(55);
    expect(drain(q)).toEqual(Array.from({ length: 55 }, (_, i) => i + 5));
  });

  it.each(['fifo', 'lifo', 'priority'] as const)(
    '%s matches a reference list under any mix of pushes and pops',
    (discipline) => {
      const op = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant('pop' as const));
      fc.assert(
        fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
          const q = createJobQueue<number>(discipline);
          const model: { id: number; tier: number }[] = [];
          ops.forEach((o, id) => {
            if (o !== 'pop') {
              q.push(id, o);
              model.push({ id, tier: o });
              return;
            }
            const minTier = Math.min(...model.map((m) => m.tier));
            const at =
              discipline === 'fifo'
                ? 0
                : discipline === 'lifo'
                  ? model.length - 1
                  : model.findIndex((m) => m.tier === minTier);
            const expected = at >= 0 && model.length > 0 ? model.splice(at, 1)[0].id : undefined;
            expect(q.pop()).toBe(expected);
            expect(q.size).toBe(model.length);
          });
        }),
      );
    },
  );
});

describe('queue disciplines in a replica', () => {
  // One worker, 10 ms of work, four requests at 1000 ms (u0 to u3, in that order): u0 is served
  // at once, the other three wait for the worker, which frees at 1010 ms and then every 10 ms.
  const burst = (discipline: string, tiers = [0, 0, 0, 0]) =>
    story(
      scenario({
        durationMs: 1500,
        clients: burstClients(4, 'svc').map((c, i) => ({ ...c, tier: tiers[i] })),
        services: [{ name: 'svc', queue: { discipline }, serviceTime: { kind: 'constant', valueMs: 10 } }],
      }),
    );
  const served = (endings: Ending[]) => endings.map((e) => `${e.client}@${e.endedAt}`);

  it('fifo serves the waiting requests oldest first', () => {
    expect(served(burst('fifo').endings)).toEqual(['u0@1010', 'u1@1020', 'u2@1030', 'u3@1040']);
  });

  it('lifo serves the newest waiting request first', () => {
    const { endings, result } = burst('lifo');
    expect(served(endings)).toEqual(['u0@1010', 'u3@1020', 'u2@1030', 'u1@1040']);
    expect(result.summary.clients.u1.latencyMs.max).toBe(40);
    expect(result.summary.clients.u3.latencyMs.max).toBe(20);
  });

  it('priority lets a tier-0 request overtake tier-1 requests that arrived before it', () => {
    const { endings } = burst('priority', [1, 1, 0, 1]);
    expect(served(endings)).toEqual(['u0@1010', 'u2@1020', 'u1@1030', 'u3@1040']);
  });

  it('a burst larger than the ring buffer is served in order by a fifo replica', () => {
    const s = scenario({
      durationMs: 2000,
      clients: burstClients(40, 'svc'),
      services: [{ name: 'svc', serviceTime: { kind: 'constant', valueMs: 10 } }],
    });
    const { endings } = story(s);
    expect(endings.map((e) => e.client)).toEqual(Array.from({ length: 40 }, (_, i) => `u${i}`));
    expect(latencies(endings)).toEqual(Array.from({ length: 40 }, (_, i) => 10 * (i + 1)));
  });
});
