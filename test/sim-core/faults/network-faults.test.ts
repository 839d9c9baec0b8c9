import { describe, expect, it } from 'vitest';
import { constant, type Ending, ends, faultEvents, herd, scenario, story } from './harness.ts';

/**
 * Probe clients -> svc over links of 10 ms each way, 100 ms of work, a 500 ms timeout. Probes (one
 * request each) around a partition from 2000 to 3000 ms:
 * - ok@1000: long before it;
 * - e@1885: its answer leaves at 1995 and would land at 2005 (in flight when the partition starts);
 * - a@1900: its answer is sent at 2010, inside the partition;
 * - c@1995: its request is in flight at 2000 (it would land at 2005);
 * - b@2100: sent inside the partition.
 */
const PROBES = ['ok', 'e', 'a', 'c', 'b'];
function partitioned(faults: unknown[]) {
  const at = [1000, 1885, 1900, 1995, 2100];
  return story(
    scenario({
      durationMs: 4000,
      clients: PROBES.map((name, i) => herd(name, 'svc', at[i], 1, { timeoutMs: 500 })),
      services: [{ name: 'svc', concurrency: 4, serviceTime: constant(100) }],
      network: { latency: constant(10) },
      faults,
    }),
  );
}
const partition = (from: string[], to: string[], oneWay: boolean) => ({
  kind: 'partition',
  atMs: 2000,
  durationMs: 1000,
  from,
  to,
  oneWay,
});

describe('partition and heal', () => {
  it('a symmetric partition loses messages both ways, including those in flight at its start', () => {
    const { endings, result, trace } = partitioned([partition(PROBES, ['svc'], false)]);
    expect(ends(endings)).toEqual([
      'ok succeeded 1120',
      'e timedOut 2385',
      'a timedOut 2400',
      'c timedOut 2495',
      'b timedOut 2600',
    ]);
    // Worked on: ok, e and a; c and b never reached the service.
    expect(result.summary.services.svc.succeeded).toBe(3);
    // The fault's events name the first node of its `from` side.
    expect(faultEvents(trace)).toEqual(['2000 ok', '3000 ok']);
  });

  it('a one-way partition drops messages in one direction only', () => {
    const forward = partitioned([partition(PROBES, ['svc'], true)]);
    // Requests are lost (c in flight, b sent inside); answers still come back (e, a).
    expect(ends(forward.endings)).toEqual([
      'ok succeeded 1120',
      'e succeeded 2005',
      'a succeeded 2020',
      'c timedOut 2495',
      'b timedOut 2600',
    ]);
    expect(forward.result.summary.services.svc.succeeded).toBe(3);

    const back = partitioned([partition(['svc'], PROBES, true)]);
    // Requests pass and are served (c, b too); every answer from 2000 on is lost.
    expect(ends(back.endings)).toEqual([
      'ok succeeded 1120',
      'e timedOut 2385',
      'a timedOut 2400',
      'c timedOut 2495',
      'b timedOut 2600',
    ]);
    expect(back.result.summary.services.svc.succeeded).toBe(5);
  });

  it('heals at its end, and a group stands for all its nodes (every replica of a service)', () => {
    const s = scenario({
      durationMs: 4000,
      clients: [
        herd('in', 'svc', 2100, 2, { timeoutMs: 500 }),
        herd('after', 'svc', 3000, 2, { timeoutMs: 500 }),
      ],
      services: [{ name: 'svc', replicas: 2, loadBalancer: 'round-robin', serviceTime: constant(100) }],
      faults: [partition(['in', 'after'], ['svc'], false)],
    });
    const { endings, sim } = story(s);
    // One request of `in` to each replica: both are cut off. The heal at 3000 runs before `after` sends.
    expect(ends(endings)).toEqual([
      'in timedOut 2600',
      'in timedOut 2600',
      'after succeeded 3100',
      'after succeeded 3100',
    ]);
    expect(sim.world.network.lost).toBe(2);
  });

  it('overlapping partitions: the cut holds until the last one heals', () => {
    const s = (faults: unknown[]) =>
      story(
        scenario({
          durationMs: 4000,
          clients: [herd('probe', 'svc', 2500, 1, { timeoutMs: 500 })],
          services: [{ name: 'svc', serviceTime: constant(100) }],
          faults,
        }),
      ).endings;
    const first = { ...partition(['probe'], ['svc'], false), durationMs: 400 };
    const second = { ...partition(['probe'], ['svc'], true), atMs: 2200, durationMs: 1000 };
    expect(ends(s([first]))).toEqual(['probe succeeded 2600']);
    expect(ends(s([first, second]))).toEqual(['probe timedOut 3000']);
  });
});

describe('latency on a link', () => {
  const link = (latencyMs: number, fault: Record<string, unknown>) =>
    story(
      scenario({
        clients: [herd('users', 'svc', 1000)],
        services: [{ name: 'svc', serviceTime: constant(100) }],
        network: { latency: constant(latencyMs) },
        faults: [
          { kind: 'latency', atMs: 500, durationMs: 1000, link: { from: 'users', to: 'svc' }, ...fault },
        ],
      }),
    ).endings;

  it('adds and multiplies the latency of from -> to messages only', () => {
    // Request: 10 x 2 + 30 = 50 ms; work 100 ms; answer 10 ms.
    expect(ends(link(10, { addMs: 30, multiply: 2 }))).toEqual(['users succeeded 1160']);
    expect(ends(link(10, { multiply: 3 }))).toEqual(['users succeeded 1140']);
    // On an instant link too.
    expect(ends(link(0, { addMs: 30 }))).toEqual(['users succeeded 1130']);
  });
});

/** Request outcomes on a lossy users -> svc link, in order of issue: true = lost. */
function lossSequence(fault: Record<string, unknown>): boolean[] {
  const { endings } = story(
    scenario({
      durationMs: 20_000,
      clients: [{ name: 'users', target: 'svc', arrival: { kind: 'constant', ratePerSec: 2000 } }],
      services: [{ name: 'svc', concurrency: 10, serviceTime: constant(0) }],
      network: { latency: constant(1) },
      faults: [{ kind: 'packet-loss', atMs: 0, durationMs: null, from: 'users', to: 'svc', ...fault }],
    }),
  );
  // Without a timeout a lost request ends at once as dropped; answers travel on the other link.
  expect(endings.every((e: Ending) => e.outcome === 'dropped' || e.outcome === 'succeeded')).toBe(true);
  return [...endings].sort((x, y) => x.issuedAt - y.issuedAt).map((e) => e.outcome === 'dropped');
}

const mean = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;
const meanRun = (xs: boolean[]) => {
  const runs: number[] = [];
  let run = 0;
  for (const lost of xs) {
    if (lost) run++;
    else if (run > 0) {
      runs.push(run);
      run = 0;
    }
  }
  if (run > 0) runs.push(run);
  return runs.reduce((a, b) => a + b, 0) / runs.length;
};

describe('packet loss', () => {
  const ge = { pGoodToBad: 0.02, pBadToGood: 0.1, lossGood: 0, lossBad: 0.9 };
  const piBad = ge.pGoodToBad / (ge.pGoodToBad + ge.pBadToGood);
  const stationary = (1 - piBad) * ge.lossGood + piBad * ge.lossBad; // 0.15

  it('independent loss loses the given fraction (within 4 standard errors)', () => {
    const xs = lossSequence({ loss: 0.15 });
    expect(xs.length).toBeGreaterThan(39_000);
    expect(Math.abs(mean(xs) - 0.15)).toBeLessThan(4 * Math.sqrt((0.15 * 0.85) / xs.length));
  });

  it('Gilbert-Elliott loss matches the stationary mean and comes in bursts', () => {
    const xs = lossSequence({ loss: 0, gilbertElliott: ge });
    // Losses are correlated: Var of the mean = (p(1-p) + 2 d² pi(1-pi) rho/(1-rho)) / n, rho = 1 - pGB - pBG.
    const rho = 1 - ge.pGoodToBad - ge.pBadToGood;
    const d = ge.lossBad - ge.lossGood;
    const variance = stationary * (1 - stationary) + (2 * d * d * piBad * (1 - piBad) * rho) / (1 - rho);
    expect(Math.abs(mean(xs) - stationary)).toBeLessThan(4 * Math.sqrt(variance / xs.length));

    // Same mean, independent: runs of losses last 1 / (1 - 0.15) = 1.18 messages on average.
    const independent = lossSequence({ loss: stationary });
    expect(meanRun(independent)).toBeLessThan(1.3);
    // Bursty: a loss in the bad state is followed by another with (1 - pBG) x lossBad = 0.81.
    expect(meanRun(xs)).toBeGreaterThan(4);
    expect(meanRun(xs)).toBeGreaterThan(3 * meanRun(independent));
  });

  it('acts on its direction only and stops at its end', () => {
    const { endings, result } = story(
      scenario({
        durationMs: 3000,
        clients: [herd('during', 'svc', 1000, 5), herd('after', 'svc', 2500, 5)],
        services: [{ name: 'svc', concurrency: 5, serviceTime: constant(10) }],
        network: { latency: constant(1) },
        faults: [{ kind: 'packet-loss', atMs: 500, durationMs: 1000, from: 'svc', to: 'during', loss: 1 }],
      }),
    );
    // Requests arrive (5 served); their answers are lost; after the end everything passes.
    expect(result.summary.services.svc.succeeded).toBe(10);
    expect(ends(endings)).toEqual([
      ...Array(5).fill('during dropped 1011'),
      ...Array(5).fill('after succeeded 2512'),
    ]);
  });
});
