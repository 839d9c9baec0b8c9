import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLOT_READY } from '../../../../sim-core/model/replica-load.ts';
import { Simulation } from '../../../../sim-core/run/simulation.ts';
import { parse } from '../../../support/scenarios.ts';
import { callTracker, expectOneTerminalState } from '../../../support/terminal-states.ts';

/**
 * Random rollouts that change the replica set under load: any strategy, a bad or a good version,
 * analyses that fail or pass, rollbacks of any duration, provisioning and drain timeouts from none
 * to longer than a request, probes, chaos crashes and packet loss.
 */
const system = fc.record({
  seed: fc.nat(1000),
  loadBalancer: fc.constantFrom('round-robin', 'random', 'least-outstanding', 'power-of-two'),
  replicas: fc.integer({ min: 1, max: 4 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  meanMs: fc.double({ min: 1, max: 20, noNaN: true }),
  capacity: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  rate: fc.integer({ min: 50, max: 400 }),
  timeoutMs: fc.option(fc.integer({ min: 5, max: 200 }), { nil: null }),
  retries: fc.integer({ min: 1, max: 3 }),
  errorProbability: fc.constantFrom(0, 0.3, 1),
  strategy: fc.constantFrom('rolling', 'big-bang', 'canary', 'blue-green'),
  atMs: fc.integer({ min: 0, max: 800 }),
  provisioningDelayMs: fc.constantFrom(0, 20, 150),
  drainTimeoutMs: fc.constantFrom(0, 5, 40, 1000),
  rollbackMs: fc.constantFrom(0, 30, 300),
  probes: fc.boolean(),
  chaos: fc.boolean(),
  loss: fc.constantFrom(0, 0.05),
});

type System = typeof system extends fc.Arbitrary<infer T> ? T : never;

function strategy(s: System) {
  const analysis = { metric: 'error-rate', threshold: 0.1, intervalMs: 100, count: 3, failureLimit: 0 };
  switch (s.strategy) {
    case 'rolling':
      return { kind: 'rolling', maxSurge: '25%', maxUnavailable: '25%' };
    case 'big-bang':
      return { kind: 'rolling', maxSurge: '100%', maxUnavailable: '100%' };
    case 'canary':
      return {
        kind: 'canary',
        steps: [{ setWeight: 25 }, { analysis }, { setWeight: 60 }, { pause: { durationMs: 100 } }],
      };
    default:
      return { kind: 'blue-green', scaleDownDelayMs: 200, postPromotionAnalysis: analysis };
  }
}

/** An HPA on the rolled-out service: quick periods, no scale-down stabilisation, so it moves both ways. */
const scaling = fc.record({
  maxReplicas: fc.integer({ min: 1, max: 6 }),
  target: fc.constantFrom(0.2, 0.5, 0.8),
  periodMs: fc.constantFrom(50, 100),
  windows: fc.integer({ min: 1, max: 3 }),
  provisioningDelayMs: fc.constantFrom(0, 20, 150),
});

type Scaling = typeof scaling extends fc.Arbitrary<infer T> ? T : never;

function autoscaling(a: Scaling) {
  return {
    minReplicas: 1,
    maxReplicas: a.maxReplicas,
    periodMs: a.periodMs,
    provisioningDelayMs: a.provisioningDelayMs,
    metric: { kind: 'utilisation', target: a.target, windowMs: a.periodMs * a.windows },
    policy: { kind: 'hpa', scaleDown: { stabilizationWindowMs: 0 } },
  };
}

function build(s: System, a: Scaling | null = null) {
  return parse({
    id: 'rollout-property',
    title: 'random rollout',
    seed: s.seed,
    durationMs: 3000,
    metrics: { bucketMs: 250, warmupMs: 0 },
    budget: { maxEvents: 400_000 },
    clients: [
      {
        name: 'users',
        target: 'api',
        arrival: { kind: 'poisson', ratePerSec: s.rate },
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
        probes: s.probes
          ? { readiness: { periodMs: 50, timeoutMs: 20, failureThreshold: 2, successThreshold: 1 } }
          : null,
        versions: [{ name: 'v2', errorProbability: s.errorProbability, serviceTimeFactor: 1.5 }],
        deployment: {
          version: 'v2',
          atMs: s.atMs,
          strategy: strategy(s),
          provisioningDelayMs: s.provisioningDelayMs,
          drainTimeoutMs: s.drainTimeoutMs,
          rollbackMs: s.rollbackMs,
        },
        autoscaling: a === null ? null : autoscaling(a),
      },
    ],
    network: { latency: { kind: 'exponential', meanMs: 1 }, loss: s.loss, links: [] },
    faults: s.chaos
      ? [{ name: 'chaos', kind: 'chaos-crash', service: 'api', atMs: 0, meanIntervalMs: 300, downMs: 100 }]
      : [],
  });
}

describe('requests while a rollout and its rollback change the replica set', () => {
  it('every request ends in exactly one terminal state, and the rotation is the ready slots', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(system, (s) => {
        outcomes.add(checkRun(build(s)));
      }),
      { numRuns: 60, seed: 20261203 },
    );
    expect([...outcomes].sort(), 'rollouts promoted and rolled back').toEqual(
      expect.arrayContaining(['promoted', 'rolled-back']),
    );
  });

  it('the same while an HPA scales the service: and the versions’ replica series add up to the total', () => {
    const outcomes = new Set<string>();
    let scaled = 0;
    fc.assert(
      fc.property(system, scaling, (s, a) => {
        const r = { scales: 0 };
        outcomes.add(checkRun(build(s, a), r));
        scaled += r.scales > 0 ? 1 : 0;
      }),
      { numRuns: 60, seed: 20261204 },
    );
    expect([...outcomes].sort(), 'rollouts promoted and rolled back').toEqual(
      expect.arrayContaining(['promoted', 'rolled-back']),
    );
    expect(scaled, 'runs in which the HPA changed the count').toBeGreaterThan(10);
  });
});

/** Runs one scenario and checks every invariant; returns the deployment's outcome. */
function checkRun(scenario: ReturnType<typeof build>, seen: { scales: number } = { scales: 0 }): string {
  const calls = callTracker();
  const sim = new Simulation(scenario, { probe: calls.probe });
  let rotationMismatch = 0;
  const svc = sim.world.services[0];
  sim.world.engine.observe(() => {
    let ready = 0;
    for (const r of svc.replicas) {
      const rep = sim.world.replicas[r];
      if (rep.lifecycle === SLOT_READY) ready++;
      if ((rep.lifecycle === SLOT_READY) !== (svc.load.inRotation[rep.slot] === 1)) rotationMismatch++;
    }
    if (ready !== svc.load.rotating) rotationMismatch++;
  });
  const r = sim.run();
  expectOneTerminalState(calls, r.summary.clients.users);
  expect(rotationMismatch, 'the rotation is the ready slots').toBe(0);
  const a = r.summary.services.api;
  const versions = a.versions ?? {};
  const byVersion = Object.values(versions).reduce((n, v) => n + v.requests, 0);
  expect(byVersion, 'every answered attempt is one version’s').toBe(a.attempts - a.inFlight);
  const d = r.summary.deployments[0];
  expect(Number.isNaN(d.blastRadius.fraction ?? 0)).toBe(false);
  expect(d.blastRadius.failed).toBeLessThanOrEqual(d.blastRadius.attempts);
  const series = r.series.services.api;
  const perVersion = Object.values(series.versions ?? {});
  series.replicas.forEach((total, b) => {
    const sum = perVersion.reduce((n, v) => n + v.replicas[b], 0);
    expect(Math.abs(sum - total), `bucket ${b}: versions' replicas add up`).toBeLessThan(1e-6);
  });
  seen.scales = r.summary.controlEvents.filter((e) => e.kind === 'scale').length;
  return d.outcome;
}
