import { describe, expect, it } from 'vitest';
import { constant, ends, faultEvents, recordCrashes, scenario, story } from './harness.ts';

/**
 * Zone a holds users-a, front/0, back/0 and back/3; zone b users-b, front/1, back/1; zone c
 * front/2, back/2. Each client sends 10 requests/s from 1000 ms (constant), front calls back.
 */
function zones(faults: unknown[], durationMs = 4000) {
  return scenario({
    durationMs,
    clients: [zonedClient('users-a', 'front', 'a'), zonedClient('users-b', 'front', 'b')],
    services: [
      {
        name: 'front',
        replicas: 3,
        zones: ['a', 'b', 'c'],
        concurrency: 10,
        serviceTime: constant(5),
        calls: [{ service: 'back', timeoutMs: 100 }],
      },
      { name: 'back', replicas: 4, zones: ['a', 'b', 'c'], concurrency: 10, serviceTime: constant(5) },
    ],
    network: { latency: constant(1) },
    faults,
  });
}

/** A client in `zone` sending 10 requests/s to `target`, with a 200 ms timeout. */
const zonedClient = (name: string, target: string, zone: string) => ({
  name,
  target,
  zone,
  arrival: { kind: 'constant', ratePerSec: 10 },
  timeoutMs: 200,
});

const outage = (mode: 'crash' | 'partition', zone = 'a', durationMs: number | null = 1000) => ({
  name: 'az-down',
  kind: 'zone-outage',
  atMs: 2000,
  durationMs,
  zone,
  mode,
});

describe('zone-outage', () => {
  it('crash mode crashes every replica of the zone, in every service, and restarts them at the end', () => {
    const log: string[] = [];
    const { trace } = story(zones([outage('crash')]), undefined, recordCrashes(log));
    expect(log).toEqual([
      '2000 crash front/0',
      '2000 crash back/0',
      '2000 crash back/3',
      '3000 restart front/0',
      '3000 restart back/0',
      '3000 restart back/3',
    ]);
    // The fault's control events are named after the zone's first node, the client users-a.
    expect(faultEvents(trace)).toEqual(['2000 users-a', '3000 users-a']);
  });

  it('puts each replica hit on the timeline with the fault as source, and one zone-outage control event', () => {
    const { result } = story(zones([outage('crash')]));
    const hit = (service: string, replica: number) => ({
      kind: 'crash',
      source: 'az-down',
      service,
      replica,
      node: `${service}/${replica}`,
      startMs: 2000,
      endMs: 3000,
    });
    expect(result.summary.timeline).toEqual([hit('front', 0), hit('back', 0), hit('back', 3)]);
    expect(result.summary.controlEvents).toEqual([
      {
        atMs: 2000,
        kind: 'zone-outage',
        service: null,
        replica: null,
        source: 'az-down',
        detail: { zone: 'a', mode: 'crash', replicas: 3, clients: 1 },
      },
    ]);
  });

  it('a zone that never comes back leaves its hits open (endMs null)', () => {
    const { result } = story(zones([outage('partition', 'c', null)]));
    expect(result.summary.timeline.map((e) => [e.kind, e.node, e.startMs, e.endMs])).toEqual([
      ['partition', 'front/2', 2000, null],
      ['partition', 'back/2', 2000, null],
    ]);
  });

  it('crash mode stops the zone’s clients from sending, and they send again after it', () => {
    const { issued } = story(zones([outage('crash')]));
    const during = (ts: number[]) => ts.filter((t) => t >= 2000 && t < 3000).length;
    expect(during(issued['users-a'])).toBe(0);
    expect(during(issued['users-b'])).toBe(10);
    // 0..1900 before the outage and 3000..3900 after it.
    expect(issued['users-a']).toHaveLength(30);
    expect(issued['users-a'].filter((t) => t >= 3000)[0]).toBe(3000);
  });

  it('partition mode cuts the zone off from every node outside it, and nodes inside still talk', () => {
    // users-a (zone a) -> api over a and b; users-b (zone b) -> local, only in zone b.
    const sc = scenario({
      durationMs: 4000,
      clients: [zonedClient('users-a', 'api', 'a'), zonedClient('users-b', 'local', 'b')],
      services: [
        { name: 'api', replicas: 2, zones: ['a', 'b'], serviceTime: constant(5) },
        { name: 'local', zones: ['b'], serviceTime: constant(5) },
      ],
      network: { latency: constant(1) },
      faults: [outage('partition', 'b')],
    });
    const { endings, sim } = story(sc);
    const failedAt = (client: string) =>
      endings.filter((e) => e.client === client && e.outcome !== 'succeeded').map((e) => e.issuedAt);
    // Round robin: users-a's odd requests go to api/1 in zone b, lost from 2000 to the heal at 3000.
    expect(failedAt('users-a')).toEqual([2100, 2300, 2500, 2700, 2900]);
    expect(failedAt('users-b')).toEqual([]);
    expect(endings.filter((e) => e.client === 'users-b')).toHaveLength(40);
    expect(sim.world.network.deliverable(0, 3)).toBe(true);
  });

  it('every request ends exactly once through a crash outage', () => {
    const { endings, issued } = story(zones([outage('crash', 'b')], 6000));
    const issuedCount = Object.values(issued).reduce((n, ts) => n + ts.length, 0);
    expect(endings).toHaveLength(issuedCount);
    expect(ends(endings.filter((e) => e.issuedAt === 2000 && e.client === 'users-b'))).toEqual([]);
  });

  it('is rejected by validation when the zone does not exist', async () => {
    const { parseScenario } = await import('../../../scenarios/schema/index.ts');
    const r = parseScenario({ ...zonesDoc(), faults: [{ kind: 'zone-outage', atMs: 1, zone: 'd' }] });
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'faults[0].zone: found "d"; allowed: a zone a client or service lives in: "a", "b", "c"; did you mean "a"?',
    ]);
  });
});

function zonesDoc() {
  return {
    id: 'z',
    title: 'z',
    durationMs: 1000,
    clients: [{ name: 'u', target: 'api', zone: 'a', arrival: { kind: 'poisson', ratePerSec: 1 } }],
    services: [{ name: 'api', replicas: 3, zones: ['a', 'b', 'c'], serviceTime: constant(1) }],
  };
}
