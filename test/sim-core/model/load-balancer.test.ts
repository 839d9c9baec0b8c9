import { describe, expect, it } from 'vitest';
import { createLoadBalancer } from '../../../sim-core/model/load-balancer.ts';
import { RandomStreams, type Rng } from '../../../sim-core/random/streams.ts';
import { scenario, story, tally } from './harness.ts';

/** An Rng that replays `values`, then fails loudly. */
function replay(...values: number[]): Rng {
  let i = 0;
  return {
    next() {
      if (i >= values.length) throw new Error('replay ran out of values');
      return values[i++];
    },
  };
}

const load = (...xs: number[]) => Int32Array.from(xs);
const rng = (name: string) => new RandomStreams(7).stream(name);

function picks(kind: Parameters<typeof createLoadBalancer>[0], outstanding: Int32Array, n: number, r: Rng) {
  const lb = createLoadBalancer(kind);
  const counts = new Array(outstanding.length).fill(0);
  for (let k = 0; k < n; k++) counts[lb.pick(outstanding, r)]++;
  return counts;
}

/** Pearson's chi-square statistic of `counts` against equal expected counts. */
function chiSquareUniform(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const e = total / counts.length;
  return counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
}

describe('round robin', () => {
  it('cycles through the replicas in order, whatever their load', () => {
    const lb = createLoadBalancer('round-robin');
    const busy = load(9, 0, 5);
    const seq = Array.from({ length: 7 }, () => lb.pick(busy, replay()));
    expect(seq).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });
});

describe('least outstanding', () => {
  it('picks the replica with the fewest outstanding attempts', () => {
    const lb = createLoadBalancer('least-outstanding');
    expect(lb.pick(load(3, 1, 2), replay())).toBe(1);
    expect(lb.pick(load(0, 4, 4, 4), replay())).toBe(0);
    expect(lb.pick(load(4, 4, 4, 0), replay())).toBe(3);
  });

  it('rotates among tied replicas, starting after the last pick', () => {
    const lb = createLoadBalancer('least-outstanding');
    const idle = load(0, 0, 0);
    expect(Array.from({ length: 6 }, () => lb.pick(idle, replay()))).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('spreads a growing load evenly when every pick adds one outstanding attempt', () => {
    const lb = createLoadBalancer('least-outstanding');
    const outstanding = load(0, 0, 0, 0);
    for (let k = 0; k < 10; k++) outstanding[lb.pick(outstanding, replay())]++;
    expect([...outstanding]).toEqual([3, 3, 2, 2]);
  });
});

describe('power of two choices', () => {
  it('compares two random replicas and takes the less loaded', () => {
    const lb = createLoadBalancer('power-of-two');
    // 0.0 draws replica 0; then 0.0 of the remaining three is replica 1.
    expect(lb.pick(load(5, 1, 0, 0), replay(0, 0))).toBe(1);
    // 0.99 draws replica 3; 0.5 of the remaining three (0, 1, 2) is replica 1.
    expect(lb.pick(load(0, 9, 9, 2), replay(0.99, 0.5))).toBe(3);
  });

  it('keeps the first drawn replica on a tie', () => {
    const lb = createLoadBalancer('power-of-two');
    expect(lb.pick(load(1, 1, 1), replay(0.7, 0.0))).toBe(2);
  });

  it('never draws the same replica twice: with two replicas it always takes the less loaded', () => {
    expect(picks('power-of-two', load(3, 1), 2000, rng('p2/two'))).toEqual([0, 2000]);
  });

  it('never picks the most loaded replica and always picks the idle one once it is drawn', () => {
    const n = 30_000;
    const counts = picks('power-of-two', load(0, 5, 5, 9), n, rng('p2/four'));
    expect(counts[3]).toBe(0);
    // Replica 0 wins whenever it is one of the two: probability 1 - (3/4)(2/3) = 1/2.
    const p = 0.5;
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(counts[0] - n * p)).toBeLessThan(4 * sd);
  });

  it('with a single replica always picks it without drawing', () => {
    expect(createLoadBalancer('power-of-two').pick(load(7), replay())).toBe(0);
  });

  it('spreads picks uniformly when the load is equal', () => {
    const counts = picks('power-of-two', load(0, 0, 0, 0, 0), 50_000, rng('p2/flat'));
    // chi-square, 4 degrees of freedom: P(X > 18.47) = 0.001.
    expect(chiSquareUniform(counts)).toBeLessThan(18.47);
  });
});

describe('random', () => {
  it('spreads picks uniformly over the replicas, ignoring their load', () => {
    const counts = picks('random', load(100, 0, 0, 0, 0, 0), 60_000, rng('random/six'));
    // chi-square, 5 degrees of freedom: P(X > 20.52) = 0.001.
    expect(chiSquareUniform(counts)).toBeLessThan(20.52);
    expect(counts[0]).toBeGreaterThan(0);
  });

  it('maps the whole unit interval onto valid replica indices', () => {
    const lb = createLoadBalancer('random');
    const three = load(0, 0, 0);
    expect([0, 0.3333, 0.3334, 0.6667, 0.9999999999].map((u) => lb.pick(three, replay(u)))).toEqual([
      0, 0, 1, 2, 2,
    ]);
  });
});

describe('load balancing in a service', () => {
  it('three replicas behind round robin get equal attempts from constant arrivals', () => {
    // One request per ms at 0 ms .. 2999 ms, 0.25 ms of work each: 3000 requests, all done
    // before the end, and each replica gets every third.
    const s = scenario({
      durationMs: 3000,
      clients: [{ name: 'users', target: 'svc', arrival: { kind: 'constant', ratePerSec: 1000 } }],
      services: [{ name: 'svc', replicas: 3, serviceTime: { kind: 'constant', valueMs: 0.25 } }],
    });
    const { trace, result } = story(s);
    const work = trace.filter((line) => line.includes(' work-done ')).map((line) => line.split(' ')[2]);
    expect(tally(work)).toEqual({ 'svc/0': 1000, 'svc/1': 1000, 'svc/2': 1000 });
    expect(result.summary.services.svc.attempts).toBe(3000);
    expect(trace.slice(0, 6)).toEqual([
      '0 arrival users',
      '0.25 work-done svc/0',
      '1 arrival users',
      '1.25 work-done svc/1',
      '2 arrival users',
      '2.25 work-done svc/2',
    ]);
  });
});
