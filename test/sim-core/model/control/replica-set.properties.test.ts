import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLOT_READY } from '../../../../sim-core/model/replica-load.ts';
import { Simulation } from '../../../../sim-core/run/simulation.ts';
import { parse } from '../../../support/scenarios.ts';
import { callTracker, expectOneTerminalState } from '../../../support/terminal-states.ts';

/**
 * Random autoscaled systems whose replica sets keep changing: bursty load against a short
 * period and window, provisioning and drain timeouts from none to longer than a request, HPA
 * or step scaling, any balancer, with or without outlier detection, health checks and chaos.
 */
const system = fc.record({
  seed: fc.nat(1000),
  loadBalancer: fc.constantFrom('round-robin', 'random', 'least-outstanding', 'power-of-two'),
  replicas: fc.integer({ min: 1, max: 3 }),
  maxReplicas: fc.integer({ min: 3, max: 24 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  meanMs: fc.double({ min: 1, max: 30, noNaN: true }),
  capacity: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  rate: fc.integer({ min: 50, max: 600 }),
  onMs: fc.integer({ min: 50, max: 600 }),
  offMs: fc.integer({ min: 50, max: 600 }),
  timeoutMs: fc.option(fc.integer({ min: 5, max: 200 }), { nil: null }),
  retries: fc.integer({ min: 1, max: 3 }),
  provisioningDelayMs: fc.constantFrom(0, 20, 150),
  drainTimeoutMs: fc.constantFrom(0, 5, 40, 1000),
  step: fc.boolean(),
  metric: fc.constantFrom('utilisation', 'queue-depth', 'requests-per-second'),
  outlier: fc.boolean(),
  healthCheck: fc.boolean(),
  chaos: fc.boolean(),
  loss: fc.constantFrom(0, 0.05),
});

type System = typeof system extends fc.Arbitrary<infer T> ? T : never;

function build(s: System) {
  const target = s.metric === 'utilisation' ? 0.5 : s.metric === 'queue-depth' ? 1 : 40;
  return parse({
    id: 'replica-set-property',
    title: 'random autoscaled system',
    seed: s.seed,
    durationMs: 3000,
    metrics: { bucketMs: 250, warmupMs: 0 },
    budget: { maxEvents: 400_000 },
    clients: [
      {
        name: 'users',
        target: 'api',
        arrival: { kind: 'on-off', ratePerSec: s.rate, offRatePerSec: 5, onMs: s.onMs, offMs: s.offMs },
        timeoutMs: s.timeoutMs,
        retry: { maxAttempts: s.retries, retryOn: ['timedOut', 'rejected', 'failed'] },
      },
    ],
    services: [
      {
        name: 'api',
        replicas: s.replicas,
        loadBalancer: s.loadBalancer,
        concurrency: s.concurrency,
        queue: { capacity: s.capacity, discipline: 'fifo' },
        serviceTime: { kind: 'exponential', meanMs: s.meanMs },
        outlierDetection: s.outlier
          ? { consecutiveErrors: 2, baseEjectionTimeMs: 100, maxEjectionPercent: 50 }
          : null,
        healthCheck: s.healthCheck ? { intervalMs: 100 } : null,
        autoscaling: {
          minReplicas: 1,
          maxReplicas: s.maxReplicas,
          periodMs: 100,
          provisioningDelayMs: s.provisioningDelayMs,
          drainTimeoutMs: s.drainTimeoutMs,
          metric: { kind: s.metric, target, windowMs: 200 },
          policy: s.step
            ? {
                kind: 'step',
                cooldownMs: 0,
                steps: [
                  { upperBound: target * 0.5, adjustment: -2 },
                  { lowerBound: target * 1.2, adjustment: 3 },
                ],
              }
            : { kind: 'hpa', scaleDown: { stabilizationWindowMs: 200 } },
        },
      },
    ],
    network: { latency: { kind: 'exponential', meanMs: 1 }, loss: s.loss, links: [] },
    faults: s.chaos
      ? [{ name: 'chaos', kind: 'chaos-crash', service: 'api', atMs: 0, meanIntervalMs: 300, downMs: 100 }]
      : [],
  });
}

describe('requests while the replica set changes', () => {
  it('every request ends in exactly one terminal state, and the set stays within its bounds', () => {
    let changed = 0;
    let drainedEarly = 0;
    fc.assert(
      fc.property(system, (s) => {
        const calls = callTracker();
        const sim = new Simulation(build(s), { probe: calls.probe });
        let low = Number.POSITIVE_INFINITY;
        let high = 0;
        let rotationMismatch = 0;
        const svc = sim.world.services[0];
        sim.world.engine.observe(() => {
          let ready = 0;
          let present = 0;
          for (const r of svc.replicas) {
            const lc = sim.world.replicas[r].lifecycle;
            if (lc === SLOT_READY) ready++;
            if (lc !== 0) present++;
            if ((lc === SLOT_READY) !== (svc.load.inRotation[sim.world.replicas[r].slot] === 1))
              rotationMismatch++;
          }
          if (ready !== svc.load.rotating) rotationMismatch++;
          low = Math.min(low, ready);
          high = Math.max(high, present);
        });
        const r = sim.run();
        expectOneTerminalState(calls, r.summary.clients.users);
        expect(rotationMismatch, 'the rotation is the ready slots').toBe(0);
        expect(low, 'one replica always in rotation').toBeGreaterThanOrEqual(1);
        expect(high).toBeLessThanOrEqual(s.maxReplicas);
        const events = r.summary.controlEvents;
        if (events.some((e) => e.kind === 'scale')) changed++;
        drainedEarly += events.filter((e) => e.kind === 'drained' && e.detail.timedOut === 0).length;
        // Every drain ends (drained) or is still open at the end.
        const draining = r.summary.timeline.filter((e) => e.kind === 'draining');
        const drained = events.filter((e) => e.kind === 'drained');
        expect(drained.length).toBe(draining.filter((e) => e.endMs !== null).length);
      }),
      { numRuns: 60, seed: 20261202 },
    );
    expect(changed, 'most systems scaled').toBeGreaterThan(30);
    expect(drainedEarly, 'some drains finished their work in time').toBeGreaterThan(0);
  });
});
