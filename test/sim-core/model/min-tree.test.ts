import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLoadBalancer } from '../../../sim-core/model/load-balancer.ts';
import { MinTree } from '../../../sim-core/model/min-tree.ts';
import { ReplicaLoad } from '../../../sim-core/model/replica-load.ts';
import { RandomStreams } from '../../../sim-core/random/streams.ts';

const rng = new RandomStreams(1).stream('unused');

describe('min tree', () => {
  it('finds the first value at most a bound from a position, and the first minimum circularly', () => {
    const t = new MinTree(5);
    [3, 1, 4, 1, 5].forEach((v, i) => {
      t.set(i, v);
    });
    expect(t.min()).toBe(1);
    expect(t.firstAtMost(0, 1)).toBe(1);
    expect(t.firstAtMost(2, 1)).toBe(3);
    expect(t.firstAtMost(4, 1)).toBe(-1);
    expect(t.firstAtMost(4, 5)).toBe(4);
    expect(t.firstMin(4)).toBe(1);
    expect(t.firstMin(2)).toBe(3);
    t.set(1, MinTree.MASKED);
    t.set(3, MinTree.MASKED);
    expect(t.firstMin(0)).toBe(0);
  });

  it('reports -1 when every element is masked', () => {
    const t = new MinTree(3);
    expect(t.firstMin(0)).toBe(-1);
  });
});

/** A random sequence of attempts sent (pick, +1) and ended (-1 at a random outstanding slot). */
const ops = fc.array(fc.tuple(fc.boolean(), fc.nat()), { minLength: 1, maxLength: 400 });

describe('least outstanding through the min tree', () => {
  it('picks exactly the replicas the scan picks, on random send/end sequences', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), ops, (n, seq) => {
        const scan = createLoadBalancer('least-outstanding');
        const indexed = createLoadBalancer('least-outstanding');
        const plain = new Int32Array(n);
        const load = new ReplicaLoad(n, n, true);
        for (const [send, x] of seq) {
          if (send) {
            const a = scan.pick(plain, rng);
            const b = indexed.pickAll(load, rng);
            expect(b).toBe(a);
            plain[a]++;
            load.add(b, 1);
          } else {
            const busy = [...plain.keys()].filter((i) => plain[i] > 0);
            if (busy.length === 0) continue;
            const i = busy[x % busy.length];
            plain[i]--;
            load.add(i, -1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('over a masked rotation picks what the scan over the slots in rotation picks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        ops,
        fc.array(fc.nat(), { maxLength: 30 }),
        (n, seq, flips) => {
          const indexed = createLoadBalancer('least-outstanding');
          const load = new ReplicaLoad(n, n, true);
          let f = 0;
          for (const [send, x] of seq) {
            // Now and then a slot leaves or rejoins the rotation (at least one stays in).
            if (f < flips.length && x % 7 === 0) {
              const slot = flips[f++] % n;
              if (load.inRotation[slot] === 0 || load.rotating > 1)
                load.setInRotation(slot, load.inRotation[slot] === 0);
            }
            if (send) {
              const b = indexed.pickAll(load, rng);
              expect(load.inRotation[b]).toBe(1);
              const min = Math.min(...[...load.outstanding].filter((_, i) => load.inRotation[i] === 1));
              expect(load.outstanding[b]).toBe(min);
              load.add(b, 1);
            } else {
              const i = x % n;
              if (load.outstanding[i] > 0) load.add(i, -1);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
