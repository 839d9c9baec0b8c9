import { describe, expect, it, vi } from 'vitest';
import { Simulation } from '../../../sim-core/run/simulation.ts';
import type { Scenario } from '../../../sim-core/scenario/spec.ts';
import { constant, herd, scenario } from '../faults/harness.ts';

type Doc = Record<string, unknown>;

/** Every attempt sent, as `caller->replica`, in order of sending. */
function sends(s: Scenario): string[] {
  const sim = new Simulation(s);
  const names = sim.world.nodeNames;
  const transport = sim.model.transport;
  const request = transport.request.bind(transport);
  const log: string[] = [];
  vi.spyOn(transport, 'request').mockImplementation((job, from, to) => {
    log.push(`${names[from]}->${names[to]}`);
    request(job, from, to);
  });
  sim.run();
  return log;
}

/** The sends of `caller`, as the zone letter of the replica (api/r is in zone "abc"[r % 3]). */
function zonesOf(log: readonly string[], caller: string): string {
  return log
    .filter((l) => l.startsWith(`${caller}->`))
    .map((l) => 'abc'[Number(l.split('/').at(-1)) % 3])
    .join('');
}

/**
 * users-a, users-b, users-c (zones a, b, c) -> api: 6 replicas over a, b, c (api/0 and api/3 in
 * a, ...), zone-aware with `zoneAware`; `arrivals` overrides each client's arrival.
 */
function zoned(zoneAware: Doc, extra: Doc = {}, arrivals: Doc[] = []): Scenario {
  const clients = ['a', 'b', 'c'].map((z, k) => ({
    name: `users-${z}`,
    target: 'api',
    zone: z,
    timeoutMs: 1000,
    arrival: arrivals[k] ?? { kind: 'constant', ratePerSec: 10 },
  }));
  return scenario({
    durationMs: 2000,
    clients,
    services: [
      {
        name: 'api',
        replicas: 6,
        zones: ['a', 'b', 'c'],
        concurrency: 1,
        serviceTime: constant(5),
        zoneAware,
        ...extra,
      },
    ],
    network: { latency: constant(1) },
  });
}

/** {@link zoned} with api/3 down from 50 ms and checks every 100 ms: zone a holds 1 of the 5 healthy replicas. */
function oneOfFiveInA(zoneAware: Doc): Scenario {
  const s = zoned(zoneAware, { healthCheck: { intervalMs: 100, timeoutMs: 30, unhealthyThreshold: 1 } });
  s.faults.push({ name: 'one-down', kind: 'crash', atMs: 50, durationMs: null, service: 'api', replica: 3 });
  return s;
}

describe('zone-aware routing', () => {
  it('keeps every call in the caller’s zone when the zones are balanced, round-robin within it', () => {
    const log = sends(zoned({}));
    expect(zonesOf(log, 'users-a')).toBe('a'.repeat(20));
    expect(zonesOf(log, 'users-c')).toBe('c'.repeat(20));
    expect(log.filter((l) => l.startsWith('users-a')).slice(0, 4)).toEqual([
      'users-a->api/0',
      'users-a->api/3',
      'users-a->api/0',
      'users-a->api/3',
    ]);
  });

  it('routes zone-blind below minClusterSize (Envoy min_cluster_size, 6 by default)', () => {
    const log = sends(zoned({ minClusterSize: 7 }));
    // One round robin over all six replicas, shared by the three clients.
    expect(log.slice(0, 6).map((l) => l.split('->')[1])).toEqual([
      'api/0',
      'api/1',
      'api/2',
      'api/3',
      'api/4',
      'api/5',
    ]);
  });

  it('spills a zone’s calls to the other zones by residual capacity once its replicas are unhealthy', () => {
    const s = zoned({}, { healthCheck: { intervalMs: 100, timeoutMs: 30, unhealthyThreshold: 1 } });
    s.faults.push(
      { name: 'a-down', kind: 'crash', atMs: 1050, durationMs: null, service: 'api', replica: 0 },
      {
        name: 'a-down-2',
        kind: 'crash',
        atMs: 1050,
        durationMs: null,
        service: 'api',
        replica: 3,
      },
    );
    const log = sends(s);
    // The checks are requests: the one sent at 1100 to a crashed replica fails at its 30 ms
    // timeout, so until 1130 users-a still sends to zone a (0..1100: 12 sends); then zone a has
    // no healthy replica, b and c each hold 2/4 of the healthy ones against 1/3 of the callers:
    // equal residuals, so users-a alternates b, c; users-b and users-c stay home.
    expect(zonesOf(log, 'users-a')).toBe(`${'a'.repeat(12)}${'bc'.repeat(4)}`);
    expect(zonesOf(log, 'users-b')).toBe('b'.repeat(20));
    expect(zonesOf(log, 'users-c')).toBe('c'.repeat(20));
  });

  it('splits by Envoy’s shares when the local zone has fewer healthy replicas than its callers', () => {
    // Zone a holds 1 of 5 healthy replicas (20%) against 1/3 of the callers: 60% of its calls stay.
    // The crash at 50 is seen at 130 (the check sent at 100 times out): the sends at 0 and 100 stay home.
    const a = zonesOf(sends(oneOfFiveInA({ minClusterSize: 1 })), 'users-a').slice(2);
    const count = (z: string) => [...a].filter((x) => x === z).length;
    // The other 40% by residual: b and c each 2/5 - 1/3 = 1/15: 20% each. 18 sends: 10.8 / 3.6 / 3.6.
    expect([count('a'), count('b'), count('c')]).toEqual([11, 4, 3]);
    expect(a.slice(0, 5)).toBe('abaca');
  });

  it('with forceLocalZoneMinSize stays home while the zone holds that many healthy replicas', () => {
    // Envoy's split would keep 60% home; forcing keeps all of it, until the zone holds too few.
    const forced = oneOfFiveInA({ minClusterSize: 1, forceLocalZoneMinSize: 1 });
    expect(zonesOf(sends(forced), 'users-a')).toBe('a'.repeat(20));
    const tooFew = oneOfFiveInA({ minClusterSize: 1, forceLocalZoneMinSize: 2 });
    expect(zonesOf(sends(tooFew), 'users-a').slice(2, 7)).toBe('abaca');
  });

  it('spills on load: once the zone holds spillOutstandingPerReplica per replica, to the least loaded zone', () => {
    const burst = [herd('x', 'api', 1000, 10), herd('y', 'api', 1900), herd('z', 'api', 1900)];
    const arrivals = burst.map((c) => c.arrival as Doc);
    const spill = zonesOf(sends(zoned({ spillOutstandingPerReplica: 2 }, {}, arrivals)), 'users-a');
    // Outstanding per healthy replica when each is sent: a 0, .5, 1, 1.5, then 2: spill to b (0),
    // then c, and on, always the least loaded (ties: the first zone).
    expect(spill).toBe('aaaabcbcbc');
    expect(zonesOf(sends(zoned({}, {}, arrivals)), 'users-a')).toBe('a'.repeat(10));
  });

  it('in panic (under half the replicas healthy) sends to every replica, healthy or not', () => {
    const s = zoned(
      { minClusterSize: 1 },
      { healthCheck: { intervalMs: 100, timeoutMs: 30, unhealthyThreshold: 1 } },
    );
    for (const replica of [1, 2, 4, 5])
      s.faults.push({
        name: `down-${replica}`,
        kind: 'crash',
        atMs: 50,
        durationMs: null,
        service: 'api',
        replica,
      });
    // From the checks' timeouts at 130 on, one round robin over all six, crashed or not, shared by
    // the clients (the sends at 0 and 100 were before it).
    const log = sends(s).slice(6, 12);
    // (The round robin goes on from where the in-zone picks before it left it.)
    expect(log.map((l) => l.split('->')[1])).toEqual(['api/2', 'api/3', 'api/4', 'api/5', 'api/0', 'api/1']);
  });

  it('a calling replica routes by its own zone and its service’s fleet', () => {
    const s = scenario({
      durationMs: 1500,
      clients: [{ name: 'users', target: 'front', arrival: { kind: 'constant', ratePerSec: 12 } }],
      services: [
        {
          name: 'front',
          replicas: 3,
          zones: ['a', 'b', 'c'],
          serviceTime: constant(1),
          calls: [{ service: 'api' }],
        },
        { name: 'api', replicas: 6, zones: ['a', 'b', 'c'], serviceTime: constant(1), zoneAware: {} },
      ],
      network: { latency: constant(1) },
    });
    const log = sends(s);
    for (const [k, zone] of ['a', 'b', 'c'].entries()) {
      const z = zonesOf(log, `front/${k}`);
      expect(z.length).toBeGreaterThan(0);
      expect(z).toBe(zone.repeat(z.length));
    }
    // The unzoned client is routed zone-blind: round robin over front's three replicas.
    expect(log.filter((l) => l.startsWith('users')).slice(0, 3)).toEqual([
      'users->front/0',
      'users->front/1',
      'users->front/2',
    ]);
  });

  it('is rejected without zones', async () => {
    const { parseScenario } = await import('../../../scenarios/schema/index.ts');
    const r = parseScenario({
      id: 'z',
      title: 'z',
      durationMs: 1000,
      clients: [{ name: 'u', target: 'api', arrival: { kind: 'poisson', ratePerSec: 1 } }],
      services: [{ name: 'api', serviceTime: constant(1), zoneAware: {} }],
    });
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'services[0].zoneAware: found zone-aware routing without zones; allowed: null, or give the service "zones"',
    ]);
  });
});
