import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { bucketAt, countersAsOf, faultActive, topologyStateAt } from '../../web/view/as-of.ts';
import { loadBuiltIn, parse } from '../support/scenarios.ts';

describe('the run as of a moment (time travel)', () => {
  const scenario = loadBuiltIn('replica-crash-ejection', ['durationMs=70000', 'hypotheses=[]']);
  const result = runScenario(scenario, { seed: 3 });

  it('finds the bucket holding a moment, clamped to the buckets computed', () => {
    expect(bucketAt(result.series, 0)).toBe(0);
    expect(bucketAt(result.series, 20_500)).toBe(Math.floor(20_500 / scenario.metrics.bucketMs));
    expect(bucketAt(result.series, 10_000_000)).toBe(result.series.startMs.length - 1);
  });

  it('shows the crashed replica only while its crash lasts', () => {
    const before = topologyStateAt(scenario, result, 19_000);
    const during = topologyStateAt(scenario, result, 30_000);
    const after = topologyStateAt(scenario, result, 46_000);
    expect(before.nodes['api'].crashed).toEqual([false, false, false, false]);
    expect(during.nodes['api'].crashed).toEqual([false, false, true, false]);
    expect(during.nodes['api'].faults).toContain('replica 2 crashed');
    expect(after.nodes['api'].crashed).toEqual([false, false, false, false]);
  });

  it("takes queue depth, utilisation and rates from the moment's bucket", () => {
    const t = 30_500;
    const b = bucketAt(result.series, t);
    const state = topologyStateAt(scenario, result, t);
    expect(state.bucket).toBe(b);
    expect(state.nodes['api'].utilisation).toBe(result.series.services['api'].utilisation[b]);
    expect(state.nodes['api'].queueDepth).toBe(result.series.services['api'].queueDepthMean[b]);
    expect(state.edges['users->api'].attemptsPerSec).toBe(
      result.series.edges['users->api'].attemptsPerSec[b],
    );
    expect(state.edges['users->api'].breakerOpen).toBeNull();
  });

  it('counts up to the moment: at the end the counters match the series totals', () => {
    const end = countersAsOf(result, result.simTimeMs);
    const early = countersAsOf(result, 10_000);
    const perBucket = result.series.bucketMs / 1000;
    const offered = result.series.clients['users'].offeredPerSec.reduce((a, v) => a + v * perBucket, 0);
    expect(end.userRequests).toBe(Math.round(offered));
    expect(early.userRequests).toBeLessThan(end.userRequests);
    expect(early.succeeded).toBeLessThanOrEqual(early.userRequests);
  });

  it('shows nothing before the first slice', () => {
    expect(countersAsOf(null, 5000)).toMatchObject({ bucket: -1, userRequests: 0, goodputPerSec: null });
    const empty = topologyStateAt(scenario, null, 5000);
    expect(empty.nodes['api'].utilisation).toBeNull();
  });

  it('marks partitioned links in both directions, even for a one-way partition', () => {
    const s = parse({
      id: 'split',
      title: 'Split',
      durationMs: 10_000,
      clients: [{ name: 'users', target: 'web', arrival: { kind: 'constant', ratePerSec: 10 } }],
      services: [
        { name: 'web', serviceTime: { kind: 'constant', valueMs: 1 }, calls: [{ service: 'db' }] },
        { name: 'db', serviceTime: { kind: 'constant', valueMs: 1 } },
      ],
      faults: [{ kind: 'partition', from: ['db'], to: ['web'], oneWay: true, atMs: 2000, durationMs: 3000 }],
    });
    expect(faultActive(s.faults[0], 1999, 1000)).toBe(false);
    expect(faultActive(s.faults[0], 2000, 1000)).toBe(true);
    const during = topologyStateAt(s, null, 3000);
    expect(during.edges['web->db'].partitioned).toBe(true);
    expect(during.edges['users->web'].partitioned).toBe(false);
    expect(topologyStateAt(s, null, 5000).edges['web->db'].partitioned).toBe(false);
  });
});

describe('counters while a run streams', () => {
  it('count every series in one window: never more answered than asked, mid-bucket included', async () => {
    const { createSimulationApi } = await import('../../workers/simulation-api.ts');
    const api = createSimulationApi();
    api.open({ scenario: loadBuiltIn('retry-storm', ['durationMs=40000', 'hypotheses=[]']), seed: 1 }, 0);
    let worst = Number.POSITIVE_INFINITY;
    for (let t = 137; t < 40_000; t += 263) {
      api.advance(t);
      const c = countersAsOf(api.result(), t);
      worst = Math.min(worst, c.userRequests - c.succeeded - c.failed);
    }
    // Requests still in flight make the difference; it is never negative.
    expect(worst).toBeGreaterThanOrEqual(0);
  });
});
