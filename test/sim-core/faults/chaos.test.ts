import { describe, expect, it, vi } from 'vitest';
import { exponentialDraw, uniformInt } from '../../../sim-core/random/distributions.ts';
import { RandomStreams } from '../../../sim-core/random/streams.ts';
import type { Simulation } from '../../../sim-core/run/simulation.ts';
import { constant, faultEvents, recordCrashes, scenario, story } from './harness.ts';

/** The hits a chaos fault must make: exponential gaps then a replica pick, from `chaos:<name>`. */
function expectedHits(
  seed: number,
  name: string,
  fromMs: number,
  toMs: number,
  meanMs: number,
  replicas: number,
) {
  const rng = new RandomStreams(seed).stream(`chaos:${name}`);
  const hits: { at: number; slot: number }[] = [];
  for (let t = fromMs; ; ) {
    t += exponentialDraw(rng, meanMs);
    if (t >= toMs) return hits;
    hits.push({ at: t, slot: uniformInt(rng, replicas) });
  }
}

/** users (100/s) -> front (2 replicas) -> back (3 replicas), 10 ms each, for 30 s. */
function topology(faults: unknown[], ratePerSec = 100) {
  return scenario({
    durationMs: 30_000,
    clients: [{ name: 'users', target: 'front', arrival: { kind: 'constant', ratePerSec }, timeoutMs: 1000 }],
    services: [
      {
        name: 'front',
        replicas: 2,
        concurrency: 50,
        serviceTime: constant(10),
        calls: [{ service: 'back', timeoutMs: 100 }],
      },
      { name: 'back', replicas: 3, concurrency: 50, serviceTime: constant(10) },
    ],
    network: { latency: constant(1) },
    faults,
  });
}

const chaosCrash = (durationMs: number | null = 20_000) => ({
  name: 'monkey',
  kind: 'chaos-crash',
  atMs: 5000,
  durationMs,
  service: 'back',
  meanIntervalMs: 1000,
  downMs: 300,
});

/** Per replica, down intervals = the union of [hit, hit + downMs): the crash/restart log they imply. */
function impliedLog(hits: { at: number; slot: number }[], downMs: number): string[] {
  const lines: { t: number; line: string }[] = [];
  for (let slot = 0; slot < 3; slot++) {
    let downUntil = -1;
    for (const h of hits.filter((x) => x.slot === slot)) {
      if (h.at < downUntil) {
        downUntil = h.at + downMs;
        lines[lines.length - 1] = { t: downUntil, line: `${downUntil} restart back/${slot}` };
        continue;
      }
      lines.push({ t: h.at, line: `${h.at} crash back/${slot}` });
      downUntil = h.at + downMs;
      lines.push({ t: downUntil, line: `${downUntil} restart back/${slot}` });
    }
  }
  return lines.sort((a, b) => a.t - b.t).map((x) => x.line);
}

describe('chaos crash', () => {
  it('crashes random replicas at exponential gaps drawn from the stream chaos:<name>, each for downMs', () => {
    const log: string[] = [];
    const s = topology([chaosCrash()]);
    const { trace } = story(s, 11, recordCrashes(log));
    const hits = expectedHits(11, 'monkey', 5000, 25_000, 1000, 3);
    expect(hits.length).toBeGreaterThan(10);
    // The fault's start, then each hit's start and end on the hit replica's node.
    const expected = [
      { t: 5000, line: '5000 back/0' },
      ...hits.flatMap((h) => [
        { t: h.at, line: `${h.at} back/${h.slot}` },
        { t: h.at + 300, line: `${h.at + 300} back/${h.slot}` },
      ]),
    ]
      .sort((a, b) => a.t - b.t)
      .map((x) => x.line);
    expect(faultEvents(trace)).toEqual(expected);
    expect(log).toEqual(impliedLog(hits, 300));
  });

  it('respects the active window: no crash before atMs or from atMs + durationMs on', () => {
    const log: string[] = [];
    story(topology([chaosCrash()]), 3, recordCrashes(log));
    const crashes = log.filter((l) => l.includes('crash')).map((l) => Number(l.split(' ')[0]));
    expect(crashes.length).toBeGreaterThan(5);
    expect(Math.min(...crashes)).toBeGreaterThanOrEqual(5000);
    expect(Math.max(...crashes)).toBeLessThan(25_000);
    // Without an end it goes on to the end of the run.
    const open: string[] = [];
    story(topology([chaosCrash(null)]), 3, recordCrashes(open));
    const openCrashes = open.filter((l) => l.includes('crash')).map((l) => Number(l.split(' ')[0]));
    expect(openCrashes.filter((t) => t < 25_000)).toEqual(crashes);
    expect(Math.max(...openCrashes)).toBeGreaterThanOrEqual(25_000);
    expect(Math.max(...openCrashes)).toBeLessThan(30_000);
  });

  it('is reproducible from the seed: same seed, same crashes; another seed, other crashes', () => {
    const run = (seed: number, rate = 100) => {
      const log: string[] = [];
      const { result } = story(topology([chaosCrash()], rate), seed, recordCrashes(log));
      return { log, hash: result.traceHash };
    };
    const a = run(7);
    const again = run(7);
    expect(again.log).toEqual(a.log);
    expect(again.hash).toBe(a.hash);
    expect(run(8).log).not.toEqual(a.log);
    // Its own stream: other traffic does not move the crashes.
    expect(run(7, 37).log).toEqual(a.log);
  });

  it('puts every hit on the control timeline: which replica, from when to when', () => {
    const { result } = story(topology([chaosCrash()]), 11);
    const hits = expectedHits(11, 'monkey', 5000, 25_000, 1000, 3);
    expect(result.summary.timeline).toEqual(
      hits.map((h) => ({
        kind: 'crash',
        source: 'monkey',
        service: 'back',
        replica: h.slot,
        node: `back/${h.slot}`,
        startMs: h.at,
        endMs: h.at + 300,
      })),
    );
    // The first hits of seed 11, as numbers: two overlap on back/0 (it is down from the first
    // start to the second end), each is its own entry.
    expect(result.summary.timeline.slice(0, 3).map((e) => [e.node, e.startMs, e.endMs])).toEqual([
      ['back/0', 7230.432890061609, 7530.432890061609],
      ['back/0', 7371.170835010925, 7671.170835010925],
      ['back/0', 9356.796687475124, 9656.796687475124],
    ]);
  });

  it('a hit still in force when the run stops has no end yet; a partial result shows only the hits so far', () => {
    const s = topology([{ ...chaosCrash(null), downMs: 4000 }]);
    const { sim, result } = story(s, 3);
    const last = result.summary.timeline.at(-1)!;
    expect(last.startMs + 4000).toBeGreaterThan(30_000);
    expect(last.endMs).toBeNull();
    expect(result.summary.timeline.filter((e) => e.endMs === null)).toHaveLength(
      result.summary.timeline.filter((e) => e.startMs + 4000 > 30_000).length,
    );
    expect(sim.result().summary.timeline).toEqual(result.summary.timeline);
    const partial = new (sim.constructor as typeof Simulation)(s, { seed: 3 });
    partial.advance(8000);
    const early = partial.result().summary.timeline;
    expect(early).toEqual(
      result.summary.timeline
        .filter((e) => e.startMs <= 8000)
        .map((e) => ({ ...e, endMs: e.endMs !== null && e.endMs <= 8000 ? e.endMs : null })),
    );
  });

  it('the callers see the crashes: timeouts at front, failures at the users', () => {
    const calm = story(topology([]), 7).result.summary;
    const chaos = story(topology([chaosCrash()]), 7).result.summary;
    expect(calm.clients.users.errors.failed).toBe(0);
    expect(chaos.edges['front->back'].outcomes.timedOut).toBeGreaterThan(0);
    expect(chaos.clients.users.errors.failed).toBe(chaos.edges['front->back'].outcomes.timedOut);
  });
});

describe('chaos partition', () => {
  const chaosPartition = {
    name: 'cut',
    kind: 'chaos-partition',
    atMs: 5000,
    durationMs: 20_000,
    service: 'back',
    meanIntervalMs: 2000,
    downMs: 500,
  };

  it('cuts a random replica off from every node that calls it, both ways, for downMs', () => {
    const calls: string[] = [];
    const { result } = story(topology([chaosPartition]), 5, (sim) => {
      const w = sim.world;
      const partition = w.network.partition.bind(w.network);
      vi.spyOn(w.network, 'partition').mockImplementation((from, to, delta) => {
        const names = (ns: readonly number[]) => ns.map((n) => w.nodeNames[n]).join(',');
        calls.push(`${w.engine.now} ${names(from)} -> ${names(to)} ${delta}`);
        partition(from, to, delta);
      });
    });
    const hits = expectedHits(5, 'cut', 5000, 25_000, 2000, 3);
    expect(hits.length).toBeGreaterThan(3);
    const expected = hits
      .flatMap((h) => [
        { t: h.at, lines: [`back/${h.slot} -> front/0,front/1 1`, `front/0,front/1 -> back/${h.slot} 1`] },
        {
          t: h.at + 500,
          lines: [`back/${h.slot} -> front/0,front/1 -1`, `front/0,front/1 -> back/${h.slot} -1`],
        },
      ])
      .sort((a, b) => a.t - b.t)
      .flatMap((x) => x.lines.map((l) => `${x.t} ${l}`));
    expect(calls).toEqual(expected);
    expect(result.summary.edges['front->back'].outcomes.timedOut).toBeGreaterThan(0);
    expect(result.summary.timeline.map((e) => [e.kind, e.source, e.node, e.startMs, e.endMs])).toEqual(
      hits.map((h) => ['partition', 'cut', `back/${h.slot}`, h.at, h.at + 500]),
    );
  });
});
