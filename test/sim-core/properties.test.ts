import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTimerHandles } from '../../sim-core/engine/event-queue.ts';
import type { LatencySummary, RunResult, ServiceSummary } from '../../sim-core/metrics/result.ts';
import { auditRecordPool } from '../../sim-core/model/audited-records.ts';
import { runScenario, Simulation } from '../../sim-core/run/simulation.ts';
import { parse } from '../support/scenarios.ts';

/**
 * Invariants over random small systems: 1-2 clients, 1-4 services calling "down" the list (so
 * the call graph is acyclic), random distributions, pools, queues, timeouts, loss and clocks.
 */
const distribution = fc.oneof(
  fc.record({ kind: fc.constant('constant'), valueMs: fc.double({ min: 0, max: 20, noNaN: true }) }),
  fc.record({ kind: fc.constant('exponential'), meanMs: fc.double({ min: 0.1, max: 20, noNaN: true }) }),
  fc.record({
    kind: fc.constant('uniform'),
    minMs: fc.constant(0),
    maxMs: fc.double({ min: 0, max: 30, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('lognormal'),
    meanMs: fc.constant(5),
    p99Ms: fc.double({ min: 6, max: 60, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('hyperexponential'),
    branches: fc.constant([
      { p: 0.9, meanMs: 1 },
      { p: 0.1, meanMs: 30 },
    ]),
  }),
);

const arrival = fc.oneof(
  fc.record({ kind: fc.constant('poisson'), ratePerSec: fc.double({ min: 1, max: 400, noNaN: true }) }),
  fc.record({ kind: fc.constant('constant'), ratePerSec: fc.double({ min: 1, max: 400, noNaN: true }) }),
  fc.record({
    kind: fc.constant('on-off'),
    ratePerSec: fc.double({ min: 1, max: 600, noNaN: true }),
    offRatePerSec: fc.double({ min: 0, max: 50, noNaN: true }),
    onMs: fc.integer({ min: 10, max: 500 }),
    offMs: fc.integer({ min: 10, max: 500 }),
  }),
  fc.record({
    kind: fc.constant('ramp'),
    fromPerSec: fc.double({ min: 0, max: 300, noNaN: true }),
    toPerSec: fc.double({ min: 1, max: 300, noNaN: true }),
    overMs: fc.integer({ min: 1, max: 2000 }),
  }),
  fc.record({ kind: fc.constant('closed'), users: fc.integer({ min: 1, max: 30 }), thinkTime: distribution }),
);

const timeout = fc.option(fc.integer({ min: 1, max: 300 }), { nil: null });

/** A call's own deadline and whether it hands the time left down (queued work past it is dropped). */
const deadlines = {
  deadlineMs: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
  propagateDeadline: fc.boolean(),
};

const system = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.record({
    seed: fc.nat(1000),
    services: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          name: fc.constant(`s${i}`),
          replicas: fc.integer({ min: 1, max: 3 }),
          loadBalancer: fc.constantFrom('round-robin', 'random', 'least-outstanding', 'power-of-two'),
          concurrency: fc.integer({ min: 1, max: 4 }),
          queue: fc.record({
            capacity: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
            discipline: fc.constantFrom('fifo', 'lifo', 'priority'),
          }),
          serviceTime: distribution,
          callMode: fc.constantFrom('sequential', 'parallel'),
          calls: fc
            .subarray(
              Array.from({ length: n - i - 1 }, (_, k) => `s${i + 1 + k}`),
              { maxLength: Math.min(2, n - i - 1) },
            )
            .chain((targets) =>
              fc.tuple(
                ...targets.map((service) =>
                  fc.record({ service: fc.constant(service), timeoutMs: timeout, ...deadlines }),
                ),
              ),
            ),
        }),
      ),
    ),
    clients: fc.array(
      fc.record({ arrival, timeoutMs: timeout, tier: fc.integer({ min: 0, max: 2 }), ...deadlines }),
      {
        minLength: 1,
        maxLength: 2,
      },
    ),
    latency: distribution,
    loss: fc.constantFrom(0, 0, 0.01, 0.2),
    drift: fc.integer({ min: -200_000, max: 200_000 }),
  }),
);

type System = typeof system extends fc.Arbitrary<infer T> ? T : never;

function build(sys: System, warmupMs = 500) {
  return parse({
    id: 'property',
    title: 'random system',
    seed: sys.seed,
    durationMs: 3000,
    metrics: { bucketMs: 250, warmupMs },
    // A closed loop with zero think time against instant rejections spins at one instant: the budget stops it.
    budget: { maxEvents: 300_000 },
    clients: sys.clients.map((c, i) => ({ name: `c${i}`, target: 's0', ...c })),
    services: sys.services,
    network: { latency: sys.latency, loss: sys.loss, links: [] },
    clocks: [{ node: 'c0', offsetMs: 0, driftPpm: sys.drift }],
  });
}

function noNaN(value: unknown, path: string): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => noNaN(v, `${path}.${k}`));
}

function monotone(l: LatencySummary): boolean {
  const xs = [l.p50, l.p90, l.p99, l.p999, l.max];
  if (xs.every((x) => x === null)) return l.mean === null;
  return xs.every((x, i) => x !== null && x >= 0 && (i === 0 || x >= xs[i - 1]!));
}

/** Attempts a service answered, whatever the answer (every cause it can answer with). */
function answered(s: ServiceSummary): number {
  const e = s.errors;
  return s.succeeded + e.failed + e.rejected + e.shed + e.rateLimited + e.limited;
}

function checkInvariants(r: RunResult) {
  expect(noNaN(r, 'result')).toEqual([]);
  for (const [name, c] of Object.entries(r.summary.clients)) {
    const ended = c.succeeded + c.errors.failed + c.errors.timedOut + c.errors.rejected + c.errors.dropped;
    expect(c.inFlight, `${name} in flight`).toBeGreaterThanOrEqual(0);
    expect(ended + c.inFlight, `${name}: offered = ended + in flight`).toBe(c.offered);
    expect(monotone(c.latencyMs), `${name} percentiles`).toBe(true);
  }
  for (const [name, s] of Object.entries(r.summary.services)) {
    expect(s.inFlight, `${name} in flight`).toBeGreaterThanOrEqual(0);
    expect(answered(s) + s.inFlight, `${name}: attempts = answered + in flight`).toBe(s.attempts);
    expect(monotone(s.latencyMs), `${name} percentiles`).toBe(true);
    expect(s.utilisation).toBeGreaterThanOrEqual(0);
    expect(s.utilisation).toBeLessThanOrEqual(1 + 1e-9);
    expect(s.queueDepth.mean).toBeGreaterThanOrEqual(0);
    expect(s.queueDepth.max).toBeGreaterThanOrEqual(0);
    expect(s.queueWaitMs.mean ?? 0).toBeGreaterThanOrEqual(0);
  }
  const n = r.series.startMs.length;
  for (const c of Object.values(r.series.clients)) {
    for (const arr of [c.offeredPerSec, c.goodputPerSec, c.latencyP99Ms]) expect(arr).toHaveLength(n);
    for (let b = 0; b < n; b++) {
      const p50 = c.latencyP50Ms[b];
      const p99 = c.latencyP99Ms[b];
      if (p50 !== null && p99 !== null) expect(p99).toBeGreaterThanOrEqual(p50);
    }
  }
}

/**
 * Runs `raw` watching its user requests: the invariants hold, each request that ended ended once,
 * and those that did not are exactly the ones still in flight.
 */
function runEndingOnce(raw: unknown) {
  const ended = new Map<number, number>();
  let started = 0;
  const sim = new Simulation(parse(raw), {
    probe: {
      callStarted: (call) => {
        if (call.parent === null) started++;
      },
      callEnded: (call) => {
        if (call.parent === null) ended.set(call.id, (ended.get(call.id) ?? 0) + 1);
      },
    },
  });
  const r = sim.run();
  checkInvariants(r);
  expect(
    [...ended.values()].filter((n) => n !== 1),
    'calls that ended more than once',
  ).toEqual([]);
  expect(started - ended.size, 'requests still in flight').toBe(sim.world.userRequestsInFlight);
  return { sim, r };
}

describe('invariants over random small systems', () => {
  // Every run here also shows that no timer handle is used after its event ran or was cancelled
  // (the queue's handles wrap their generations: sim-core/engine/event-queue.ts).
  // ...and that no released call or job record is used again (sim-core/model/record-pool.ts).
  beforeAll(() => {
    auditRecordPool({ releases: 0 });
    auditTimerHandles((use, handle) => {
      throw new Error(`timer handle ${handle} used (${use}) after its event ran or was cancelled`);
    });
  });
  afterAll(() => {
    auditRecordPool(null);
    auditTimerHandles(null);
  });
  it('every request ends at most once, counts add up, no NaN, no negative durations, percentiles monotone', () => {
    fc.assert(
      fc.property(system, (sys) => {
        const scenario = build(sys);
        const sim = new Simulation(scenario);
        let last = 0;
        let backwards = 0;
        sim.world.engine.observe((time) => {
          if (time < last) backwards++;
          last = time;
        });
        checkInvariants(sim.run());
        expect(backwards, 'event times never go backwards').toBe(0);
      }),
      { numRuns: 120, seed: 20261122 },
    );
  });

  it('every attempt that reaches a service is answered or still there at the end, deadlines and all', () => {
    // No warm-up, so the summary counts every arrival and the replicas' own count of admitted,
    // unanswered attempts is the in-flight number to match (queued work dropped at its
    // deadline, or after its call ended, must count as shed, not vanish).
    let dropped = 0;
    fc.assert(
      fc.property(system, (sys) => {
        const sim = new Simulation(build(sys, 0));
        const r = sim.run();
        for (const [i, svc] of sim.world.services.entries()) {
          const s = r.summary.services[svc.spec.name];
          let unanswered = 0;
          for (const rep of svc.replicas) unanswered += sim.world.replicas[rep].inFlight;
          expect(s.attempts, `${svc.spec.name} (#${i}): attempts = answered + still there`).toBe(
            answered(s) + unanswered,
          );
          dropped += s.errors.shed;
        }
      }),
      { numRuns: 80, seed: 20261202 },
    );
    // The systems have no load shedding: every shed attempt was dropped for its deadline.
    expect(dropped).toBeGreaterThan(0);
  });

  it('with probes, restarts and faults on, every request still ends in exactly one terminal state', () => {
    const probe = fc.record({
      periodMs: fc.integer({ min: 50, max: 600 }),
      timeoutMs: fc.integer({ min: 1, max: 400 }),
      failureThreshold: fc.integer({ min: 1, max: 3 }),
      successThreshold: fc.integer({ min: 1, max: 2 }),
      initialDelayMs: fc.integer({ min: 0, max: 300 }),
      costMs: fc.constantFrom(0, 1, 5),
    });
    const control = fc.record({
      readiness: fc.option(probe, { nil: null }),
      liveness: fc.option(probe, { nil: null }),
      adminPath: fc.boolean(),
      healthCheck: fc.option(
        fc.record({
          intervalMs: fc.integer({ min: 50, max: 500 }),
          timeoutMs: fc.integer({ min: 1, max: 300 }),
        }),
        { nil: null },
      ),
      restartDelayMs: fc.integer({ min: 0, max: 500 }),
      backoff: fc.boolean(),
      cold: fc.boolean(),
      fault: fc.constantFrom('crash', 'partition', 'pause', 'none'),
    });
    let restarts = 0;
    let flips = 0;
    fc.assert(
      fc.property(system, control, (sys, c) => {
        const base = build(sys);
        const s0 = base.services[0];
        const raw = {
          ...base,
          services: base.services.map((svc, i) =>
            i !== 0
              ? svc
              : {
                  ...svc,
                  probes: {
                    readiness: c.readiness,
                    // Kubernetes requires successThreshold 1 for liveness (validation says so).
                    liveness: c.liveness === null ? null : { ...c.liveness, successThreshold: 1 },
                    adminPath: c.adminPath,
                  },
                  healthCheck: c.healthCheck,
                  restartDelayMs: c.restartDelayMs,
                  restartPolicy: c.backoff ? { initialMs: 100, maxMs: 800, resetAfterMs: 1000 } : null,
                  coldStart: c.cold ? { durationMs: 500, serviceTimeFactor: 4 } : null,
                },
          ),
          faults:
            c.fault === 'none'
              ? []
              : [
                  c.fault === 'partition'
                    ? {
                        name: 'f',
                        kind: 'partition',
                        from: ['c0'],
                        to: [`${s0.name}/0`],
                        atMs: 800,
                        durationMs: 900,
                      }
                    : { name: 'f', kind: c.fault, service: s0.name, replica: 0, atMs: 800, durationMs: 900 },
                ],
        };
        const { r } = runEndingOnce(raw);
        const p = r.summary.services[s0.name].probes;
        restarts += p?.restarts ?? 0;
        flips += r.summary.controlEvents.filter((e) => e.kind === 'readiness-failed').length;
        if (p !== null) {
          const loops = (c.readiness ? 1 : 0) + (c.liveness ? 1 : 0) + (c.healthCheck ? 1 : 0);
          const open = p.sent - p.passed - p.failed - p.timedOut;
          // At most one probe per loop and replica is in flight.
          expect(open).toBeGreaterThanOrEqual(0);
          expect(open).toBeLessThanOrEqual(loops * s0.replicas);
        }
      }),
      { numRuns: 80, seed: 20261203 },
    );
    // The runs did restart replicas and take them out of rotation (the property covered them).
    expect(restarts).toBeGreaterThan(0);
    expect(flips).toBeGreaterThan(0);
  });

  it('with failover, random crashes and flapping links, every request still ends in exactly one terminal state', () => {
    const control = fc.record({
      standbys: fc.integer({ min: 1, max: 2 }),
      intervalMs: fc.integer({ min: 50, max: 400 }),
      missedThreshold: fc.integer({ min: 1, max: 3 }),
      timeoutFraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
      promotionMs: fc.integer({ min: 0, max: 500 }),
      fence: fc.boolean(),
      failback: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
      crashes: fc.array(
        fc.record({
          slot: fc.integer({ min: 0, max: 2 }),
          atMs: fc.integer({ min: 0, max: 2500 }),
          durationMs: fc.integer({ min: 1, max: 1500 }),
          pause: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
      flap: fc.option(
        fc.record({
          downMs: fc.integer({ min: 20, max: 800 }),
          upMs: fc.integer({ min: 20, max: 800 }),
          atMs: fc.integer({ min: 0, max: 2000 }),
        }),
        { nil: null },
      ),
    });
    let failovers = 0;
    let falseFailovers = 0;
    fc.assert(
      fc.property(system, control, (sys, c) => {
        const base = build(sys);
        const s0 = base.services[0];
        const slots = s0.replicas + c.standbys;
        const raw = {
          ...base,
          services: base.services.map((svc, i) =>
            i !== 0
              ? svc
              : {
                  ...svc,
                  autoscaling: null,
                  failover: {
                    standbys: c.standbys,
                    detector: {
                      intervalMs: c.intervalMs,
                      missedThreshold: c.missedThreshold,
                      timeoutMs: Math.max(1, Math.floor(c.intervalMs * c.timeoutFraction)),
                    },
                    promotionMs: c.promotionMs,
                    fence: c.fence,
                    failback: c.failback === null ? null : { afterMs: c.failback },
                  },
                },
          ),
          faults: [
            ...c.crashes.map((f, k) => ({
              name: `f${k}`,
              kind: f.pause ? 'pause' : 'crash',
              service: s0.name,
              replica: f.slot % slots,
              atMs: f.atMs,
              durationMs: f.durationMs,
            })),
            ...(c.flap === null
              ? []
              : [
                  {
                    name: 'flap',
                    kind: 'link-flap',
                    from: [`${s0.name}~monitor`],
                    to: [`${s0.name}/0`],
                    atMs: c.flap.atMs,
                    durationMs: 1000,
                    downMs: c.flap.downMs,
                    upMs: c.flap.upMs,
                  },
                ]),
          ],
        };
        const { sim, r } = runEndingOnce(raw);
        const f = r.summary.services[s0.name].failover;
        expect(f).toBeDefined();
        if (f === undefined) return;
        failovers += f.failovers;
        falseFailovers += f.falseFailovers;
        expect(f.falseFailovers + f.detectionMs.length + f.forced).toBeLessThanOrEqual(f.failovers);
        expect(f.unavailableMs).toBeGreaterThanOrEqual(0);
        expect(f.unavailableMs).toBeLessThanOrEqual(r.simTimeMs);
        // The set never shrinks: exactly `replicas` slots are in it at the end.
        const inSet = sim.world.services[0].replicas.filter((x) => sim.world.replicas[x].lifecycle === 2);
        expect(inSet).toHaveLength(s0.replicas);
      }),
      { numRuns: 80, seed: 20261204 },
    );
    // The runs did fail over, and some of those failovers were false (the property covered both).
    expect(failovers).toBeGreaterThan(0);
    expect(falseFailovers).toBeGreaterThan(0);
  });

  it('an SLO counts exactly the requests that ended, and SLOs alone never change a run', () => {
    // No warm-up: the SLOs' compliance window and the summary's window are the same whole run.
    fc.assert(
      fc.property(system, (sys) => {
        const plain = build(sys, 0);
        const availability = { kind: 'availability', target: 0.9 };
        const measured = parse({
          ...plain,
          slos: [
            ...plain.clients.map((c) => ({ name: `c:${c.name}`, client: c.name, objective: availability })),
            ...plain.services.map((x) => ({ name: `s:${x.name}`, service: x.name, objective: availability })),
          ],
        });
        const a = runScenario(plain);
        const b = runScenario(measured);
        expect(b.traceHash).toBe(a.traceHash);
        for (const [name, c] of Object.entries(b.summary.clients)) {
          const slo = b.summary.slos[`c:${name}`];
          expect(slo.total, `${name}: ended user requests`).toBe(c.offered - c.inFlight);
          expect(slo.good, `${name}: good answers`).toBe(c.succeeded + c.degraded + c.corrupt);
        }
        for (const [name, x] of Object.entries(b.summary.services)) {
          const slo = b.summary.slos[`s:${name}`];
          expect(slo.total, `${name}: answered attempts`).toBe(answered(x));
          expect(slo.good, `${name}: successful attempts`).toBe(x.succeeded);
        }
      }),
      { numRuns: 40, seed: 20261203 },
    );
  });

  it('the same seed gives the same trace hash on any system', () => {
    fc.assert(
      fc.property(system, (sys) => {
        const scenario = build(sys);
        expect(runScenario(scenario).traceHash).toBe(runScenario(scenario).traceHash);
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
