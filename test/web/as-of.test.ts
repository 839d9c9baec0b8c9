import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { faultWindowsOf } from '../../web/charts/signal-series.ts';
import { bucketAt, countersAsOf, faultActive, hitsAt, topologyStateAt } from '../../web/view/as-of.ts';
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
    // The ready count follows (the topology's "api ×4 (3 ready)"); outlier ejection does not count.
    expect([before, during, after].map((s) => s.nodes['api'].readyNow)).toEqual([4, 3, 4]);
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

describe('chaos hits as of a moment', () => {
  // db (3 replicas) crashed at random by "monkey" from 1 s on; api (2 replicas) cut off by "cut" in [1 s, 4 s).
  const scenario = parse({
    id: 'chaos',
    title: 'Chaos',
    seed: 4,
    durationMs: 6000,
    clients: [
      { name: 'users', target: 'api', arrival: { kind: 'constant', ratePerSec: 20 }, timeoutMs: 200 },
    ],
    services: [
      {
        name: 'api',
        replicas: 2,
        serviceTime: { kind: 'constant', valueMs: 5 },
        calls: [{ service: 'db', timeoutMs: 100 }],
      },
      { name: 'db', replicas: 3, serviceTime: { kind: 'constant', valueMs: 5 } },
    ],
    faults: [
      {
        name: 'monkey',
        kind: 'chaos-crash',
        atMs: 1000,
        durationMs: null,
        service: 'db',
        meanIntervalMs: 1500,
        downMs: 300,
      },
      {
        name: 'cut',
        kind: 'chaos-partition',
        atMs: 1000,
        durationMs: 3000,
        service: 'api',
        meanIntervalMs: 1000,
        downMs: 200,
      },
    ],
  });
  const result = runScenario(scenario);
  const timeline = result.summary.timeline;

  it('the run records the hits it made (seed 4)', () => {
    expect(timeline.map((e) => [e.source, e.node, Math.round(e.startMs)])).toEqual(HITS);
  });

  it('marks the replicas crash hits hold down, and names them on the badge, only during the hits', () => {
    // db/1 is down in [1024, 1324) and db/2 in [1096, 1396) (ms, rounded).
    const at = (t: number) => topologyStateAt(scenario, result, t).nodes['db'];
    expect(at(500).faults).toEqual([]);
    expect(at(1010)).toMatchObject({ crashed: [false, false, false], faults: ['chaos crashes'] });
    expect(at(1050)).toMatchObject({ crashed: [false, true, false], faults: ['chaos: replica 1 down'] });
    expect(at(1200)).toMatchObject({ crashed: [false, true, true], faults: ['chaos: replicas 1, 2 down'] });
    expect(at(1350)).toMatchObject({ crashed: [false, false, true], faults: ['chaos: replica 2 down'] });
    expect(at(1400)).toMatchObject({ crashed: [false, false, false], faults: ['chaos crashes'] });
    expect(at(1200).cutOff).toEqual([false, false, false]);
  });

  it('marks a replica a partition hit cuts off, not as down', () => {
    const hit = timeline.find((e) => e.kind === 'partition')!;
    const state = topologyStateAt(scenario, result, hit.startMs);
    expect(state.nodes['api'].cutOff).toEqual([0, 1].map((r) => r === hit.replica));
    expect(state.nodes['api'].crashed).toEqual([false, false]);
    expect(state.nodes['api'].faults).toEqual([`chaos: replica ${hit.replica} cut off`]);
    expect(topologyStateAt(scenario, result, hit.startMs - 1e-6).nodes['api'].cutOff[hit.replica]).toBe(
      hitsAt(result, hit.startMs - 1e-6).some((e) => e.kind === 'partition' && e.replica === hit.replica),
    );
  });

  it('without a run (or with a result saved before the timeline) no replica is hit', () => {
    const t = timeline[0].startMs;
    expect(topologyStateAt(scenario, null, t).nodes['db'].crashed).toEqual([false, false, false]);
    const old = {
      ...result,
      summary: { ...result.summary, timeline: undefined },
    } as unknown as typeof result;
    expect(hitsAt(old, t)).toEqual([]);
  });

  it('shades each hit on the charts, labelled with the replica it hit', () => {
    const windows = faultWindowsOf(scenario, result);
    expect(windows.slice(0, 2).map((w) => w.name)).toEqual(['monkey', 'cut']);
    expect(windows.slice(2)).toEqual(
      timeline.map((e) => ({
        name: e.source,
        label: `${e.node} ${e.kind === 'crash' ? 'down' : 'cut off'}`,
        startMs: e.startMs,
        endMs: e.endMs,
        instant: false,
        hit: e.node,
      })),
    );
    expect(faultWindowsOf(scenario)).toHaveLength(2);
  });
});

const HITS: [string, string, number][] = [
  ['monkey', 'db/1', 1024],
  ['monkey', 'db/2', 1096],
  ['cut', 'api/0', 1501],
  ['cut', 'api/0', 2536],
  ['cut', 'api/0', 2659],
  ['cut', 'api/1', 2940],
  ['cut', 'api/0', 3176],
  ['cut', 'api/1', 3446],
  ['cut', 'api/1', 3989],
];
