import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORIGIN_CLIENT } from '../../../sim-core/model/call.ts';
import { Simulation } from '../../../sim-core/run/simulation.ts';
import { parse } from '../../support/scenarios.ts';

const ZONES = ['a', 'b', 'c'];
const zone = fc.constantFrom(...ZONES);

/** A small zoned system: clients in zones -> s0 -> s1, zone-aware or not, with zone outages. */
const system = fc.record({
  seed: fc.nat(1000),
  clients: fc.array(
    fc.record({
      zone: fc.option(zone, { nil: null }),
      ratePerSec: fc.integer({ min: 5, max: 200 }),
      closed: fc.boolean(),
      timeoutMs: fc.option(fc.integer({ min: 5, max: 200 }), { nil: null }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  services: fc.tuple(
    ...[0, 1].map(() =>
      fc.record({
        replicas: fc.integer({ min: 1, max: 7 }),
        zones: fc.array(zone, { minLength: 1, maxLength: 3 }),
        zoneAware: fc.option(
          fc.record({
            minClusterSize: fc.integer({ min: 1, max: 4 }),
            panicThresholdPercent: fc.constantFrom(0, 50, 100),
            spillOutstandingPerReplica: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
          }),
          { nil: null },
        ),
        health: fc.boolean(),
        concurrency: fc.integer({ min: 1, max: 3 }),
        capacity: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
      }),
    ),
  ),
  callTimeoutMs: fc.option(fc.integer({ min: 5, max: 100 }), { nil: null }),
  outages: fc.array(
    fc.record({
      zone,
      mode: fc.constantFrom('crash', 'partition'),
      atMs: fc.integer({ min: 0, max: 2500 }),
      durationMs: fc.option(fc.integer({ min: 1, max: 1500 }), { nil: null }),
    }),
    { maxLength: 3 },
  ),
});

type System = typeof system extends fc.Arbitrary<infer T> ? T : never;

function build(sys: System) {
  // Every zone some node lives in: an outage must name one.
  const used = new Set([
    ...sys.clients.flatMap((c) => (c.zone === null ? [] : [c.zone])),
    ...sys.services.flatMap((s) => s.zones),
  ]);
  return parse({
    id: 'zone-property',
    title: 'random zoned system',
    seed: sys.seed,
    durationMs: 3000,
    metrics: { bucketMs: 250, warmupMs: 0 },
    budget: { maxEvents: 300_000 },
    clients: sys.clients.map((c, i) => ({
      name: `c${i}`,
      target: 's0',
      zone: c.zone,
      timeoutMs: c.timeoutMs,
      arrival: c.closed
        ? {
            kind: 'closed',
            users: Math.ceil(c.ratePerSec / 20),
            thinkTime: { kind: 'exponential', meanMs: 20 },
          }
        : { kind: 'poisson', ratePerSec: c.ratePerSec },
    })),
    services: sys.services.map((s, i) => ({
      name: `s${i}`,
      replicas: s.replicas,
      zones: s.zones,
      zoneAware: s.zoneAware,
      healthCheck: s.health ? { intervalMs: 100, unhealthyThreshold: 1 } : null,
      concurrency: s.concurrency,
      queue: { capacity: s.capacity },
      serviceTime: { kind: 'exponential', meanMs: 5 },
      calls: i === 0 ? [{ service: 's1', timeoutMs: sys.callTimeoutMs }] : [],
    })),
    network: {
      latency: { kind: 'exponential', meanMs: 1 },
      crossZone: { latency: { kind: 'constant', valueMs: 1 } },
    },
    faults: sys.outages
      .filter((o) => used.has(o.zone))
      .map((o, k) => ({ name: `outage-${k}`, kind: 'zone-outage', ...o })),
  });
}

describe('zone outages over random zoned systems', () => {
  it('every user request ends in exactly one terminal state, or is still in flight at the end', () => {
    let hits = 0;
    fc.assert(
      fc.property(system, (sys) => {
        const ended = new Map<number, number>();
        const sim = new Simulation(build(sys), {
          probe: {
            callEnded: (call) => {
              if (call.origin === ORIGIN_CLIENT) ended.set(call.id, (ended.get(call.id) ?? 0) + 1);
            },
          },
        });
        const r = sim.run();
        expect([...ended.values()].filter((n) => n !== 1)).toEqual([]);
        let offered = 0;
        let inFlight = 0;
        for (const c of Object.values(r.summary.clients)) {
          const e = c.errors;
          const terminal = c.succeeded + e.failed + e.timedOut + e.rejected + e.dropped;
          expect(terminal + c.inFlight).toBe(c.offered);
          offered += c.offered;
          inFlight += c.inFlight;
        }
        expect(ended.size + inFlight).toBe(offered);
        // Each outage puts one timeline entry per replica of its zone.
        hits += r.summary.timeline.length;
        expect(r.summary.controlEvents.filter((e) => e.kind === 'zone-outage')).toHaveLength(
          sim.world.scenario.faults.filter((f) => f.atMs < 3000).length,
        );
      }),
      { numRuns: 120, seed: 20261202 },
    );
    expect(hits).toBeGreaterThan(0);
  });
});
