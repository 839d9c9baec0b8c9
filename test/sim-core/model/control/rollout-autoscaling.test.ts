import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../../scenarios/schema/index.ts';
import type { RunResult } from '../../../../sim-core/metrics/result.ts';
import { runScenario, Simulation } from '../../../../sim-core/run/simulation.ts';
import { paged } from '../../../support/paged.ts';
import { parse } from '../../../support/scenarios.ts';

/**
 * Deterministic stories of a deployment whose service an HPA scales: constant arrivals and
 * constant 20 ms work keep `rate x 0.02` workers busy, so the HPA (target 50% utilisation) asks
 * for twice the replicas the service starts with, as soon as it looks.
 */
function story(o: {
  rate: number;
  replicas: number;
  maxReplicas: number;
  provisioningDelayMs: number;
  windowMs: number;
  strategy: Record<string, unknown>;
  errorProbability?: number;
  durationMs?: number;
  /** Top-level fields beside (SLOs, alerts). */
  extra?: Record<string, unknown>;
}) {
  return parse({
    id: 'hpa-rollout',
    title: 'a rollout an HPA scales',
    seed: 1,
    durationMs: o.durationMs ?? 90_000,
    metrics: { bucketMs: 5000, warmupMs: 0 },
    clients: [{ name: 'users', target: 'api', arrival: { kind: 'constant', ratePerSec: o.rate } }],
    services: [
      {
        name: 'api',
        replicas: o.replicas,
        concurrency: 4,
        loadBalancer: 'least-outstanding',
        serviceTime: { kind: 'constant', valueMs: 20 },
        versions: [{ name: 'v2', errorProbability: o.errorProbability ?? 0 }],
        deployment: {
          version: 'v2',
          atMs: o.strategy.kind === 'canary' ? 5000 : 10_000,
          provisioningDelayMs: o.provisioningDelayMs,
          strategy: o.strategy,
          rollbackMs: 1000,
        },
        autoscaling: {
          minReplicas: o.replicas,
          maxReplicas: o.maxReplicas,
          provisioningDelayMs: o.provisioningDelayMs,
          metric: { kind: 'utilisation', target: 0.5, windowMs: o.windowMs },
        },
      },
    ],
    ...o.extra,
  });
}

/** 2 replicas of 4 workers, 8 busy: saturated; provisioning 20 s. */
const rolling = (durationMs = 90_000, errorProbability = 0, extra: Record<string, unknown> = {}) =>
  story({
    rate: 400,
    replicas: 2,
    maxReplicas: 10,
    provisioningDelayMs: 20_000,
    windowMs: 30_000,
    strategy: { kind: 'rolling', maxSurge: 1, maxUnavailable: 0 },
    durationMs,
    errorProbability,
    extra,
  });

/** 10 replicas of 4 workers, 40 busy: saturated; provisioning 5 s; a canary at 10%. */
const canary = (steps: unknown[], errorProbability = 0) =>
  story({
    rate: 2000,
    replicas: 10,
    maxReplicas: 20,
    provisioningDelayMs: 5000,
    windowMs: 15_000,
    strategy: { kind: 'canary', steps },
    errorProbability,
    durationMs: 60_000,
  });

const events = (r: RunResult, kinds: string[]) =>
  r.summary.controlEvents.filter((e) => kinds.includes(e.kind)).map((e) => [e.atMs, e.kind, e.detail]);

/** Per bucket, the versions' replica series' sum minus the service's total (all 0 when they add up). */
function versionGap(r: RunResult): number[] {
  const s = r.series.services.api;
  const versions = Object.values(s.versions ?? {});
  return s.replicas.map((total, b) => Math.abs(versions.reduce((n, v) => n + v.replicas[b], 0) - total));
}

describe('a rolling update while the HPA scales the service', () => {
  it('shares each scale-up between the old and new sets proportionally, then rolls on', () => {
    const r = runScenario(rolling());
    // 15 s: 2 -> 4 with 1 new (provisioning) and 2 old; desired + surge = 5, 3 exist: 2 to add.
    //   old (larger, first): round(2 x 5 / 3) - 2 = 1; new: min(round(1 x 5 / 3) - 1, 1) = 1.
    // 30 s: one new ready, 3 of 4 ready at 100%: (1 x 3) / (0.5 x 4) = 1.5 -> 6; 7 - 5 = 2 to add.
    //   old 3: round(3 x 7 / 5) - 3 = 1; new 2: round(2 x 7 / 5) - 2 = 1.
    // 50 s: surge 1 against 6 (7 at most) and 6 always available: an old provisioning one goes
    //   (unavailable first), then one new; every 20 s after, one new ready, one old out.
    expect(events(r, ['scale', 'rollout-step'])).toEqual([
      [10_000, 'rollout-step', { version: 'v2', new: 1, old: 2, scaledUp: 1, scaledDown: 0 }],
      [15_000, 'scale', { from: 2, to: 4, desired: 4, metric: expect.closeTo(0.9994, 4) }],
      [15_000, 'rollout-step', { version: 'v2', desired: 4, new: 2, old: 3 }],
      [30_000, 'scale', { from: 4, to: 6, desired: 6, metric: expect.closeTo(0.9997, 4) }],
      [30_000, 'rollout-step', { version: 'v2', desired: 6, new: 3, old: 4 }],
      [50_000, 'rollout-step', { version: 'v2', new: 3, old: 3, scaledUp: 0, scaledDown: 1 }],
      [50_000, 'rollout-step', { version: 'v2', new: 4, old: 3, scaledUp: 1, scaledDown: 0 }],
      [70_000, 'rollout-step', { version: 'v2', new: 4, old: 2, scaledUp: 0, scaledDown: 1 }],
      [70_000, 'rollout-step', { version: 'v2', new: 5, old: 2, scaledUp: 1, scaledDown: 0 }],
      [90_000, 'rollout-step', { version: 'v2', new: 5, old: 1, scaledUp: 0, scaledDown: 1 }],
      [90_000, 'rollout-step', { version: 'v2', new: 6, old: 1, scaledUp: 1, scaledDown: 0 }],
    ]);
    const v = r.series.services.api.versions ?? {};
    expect(v.stable.replicas.slice(0, 7)).toEqual([2, 2, 2, 3, 3, 3, 4]);
    expect(v.v2.replicas.slice(0, 7)).toEqual([0, 0, 1, 2, 2, 2, 3]);
  });

  it('completes at the scaled count: every replica of the new version', () => {
    const r = runScenario(rolling(200_000));
    const d = r.summary.deployments[0];
    expect([d.outcome, d.endMs]).toEqual(['promoted', 110_000]);
    const v = r.summary.services.api.versions ?? {};
    expect([v.stable.replicas, v.v2.replicas]).toEqual([0, 6]);
    expect(r.series.services.api.readyReplicas.at(-1)).toBe(6);
  });

  it('rolls back while scaled: a rolling update to the stable version at the scaled count', () => {
    // v2 fails half its requests: the page fires at 32 s with 6 desired (4 stable and 3 v2
    // counted, 3 of them ready); at 33 s the update rolls to stable against 6 + surge 1.
    const r = runScenario(rolling(150_000, 0.5, paged({}, 'api')));
    const after = events(r, ['scale', 'rollout-step', 'rollback', 'rollout-complete']).filter(
      ([at]) => Number(at) >= 30_000,
    );
    expect(after).toEqual([
      [30_000, 'scale', { from: 4, to: 6, desired: 6, metric: expect.closeTo(0.9997, 4) }],
      [30_000, 'rollout-step', { version: 'v2', desired: 6, new: 3, old: 4 }],
      [32_000, 'rollback', { version: 'v2', to: 'stable', rollbackMs: 1000, source: 'alert' }],
      // Nothing can go before 50 s: 6 must stay available and only 5 are until then.
      [50_000, 'rollout-step', { version: 'stable', new: 4, old: 2, scaledUp: 0, scaledDown: 1 }],
      [50_000, 'rollout-step', { version: 'stable', new: 5, old: 2, scaledUp: 1, scaledDown: 0 }],
      [70_000, 'rollout-step', { version: 'stable', new: 5, old: 1, scaledUp: 0, scaledDown: 1 }],
      [70_000, 'rollout-step', { version: 'stable', new: 6, old: 1, scaledUp: 1, scaledDown: 0 }],
      [90_000, 'rollout-step', { version: 'stable', new: 6, old: 0, scaledUp: 0, scaledDown: 1 }],
      [90_000, 'rollout-complete', { version: 'stable', outcome: 'rolled-back' }],
    ]);
    const v = r.summary.services.api.versions ?? {};
    expect([v.stable.replicas, v.v2.replicas]).toEqual([6, 0]);
    expect(r.summary.deployments[0].mitigatedAtMs).toBe(90_000);
    expect(Math.max(...versionGap(r))).toBeLessThan(1e-9);
  });

  it('preallocates 2 x (maxReplicas + surge) slots: 22 nodes for max 10, surge 1', () => {
    const sim = new Simulation(rolling());
    expect(sim.world.services[0].replicas.length).toBe(22);
    expect(sim.world.nodeNames.filter((n) => n.startsWith('api/')).at(-1)).toBe('api/21');
  });

  it('reports per-version replica series that add up to the total', () => {
    expect(Math.max(...versionGap(runScenario(rolling())))).toBeLessThan(1e-9);
  });
});

describe('a canary with traffic routing while the HPA doubles the service', () => {
  const steps = [{ setWeight: 10 }, { pause: { durationMs: 600_000 } }];

  it('keeps ceil(10% x desired) canary replicas and the stable set at the desired count', () => {
    const r = runScenario(canary(steps));
    expect(events(r, ['scale', 'rollout-step'])).toEqual([
      [10_000, 'rollout-step', { version: 'v2', weight: 10, replicas: 1 }],
      // 40 of 44 workers busy over [0, 15 s] against 50%: 22, the rate policy's 100% caps it at 20.
      [15_000, 'scale', { from: 10, to: 20, desired: 22, metric: expect.closeTo(0.9671, 4) }],
      // ceil(10 x 20 / 100) = 2 canary replicas; stable 20.
      [15_000, 'rollout-step', { version: 'v2', desired: 20, new: 2, old: 20 }],
    ]);
    const v = r.series.services.api.versions ?? {};
    expect(v.stable.replicas).toEqual([10, 10, 10, 20, 20, 20, 20, 20, 20, 20, 20, 20]);
    expect(v.v2.replicas).toEqual([0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(Math.max(...versionGap(r))).toBeLessThan(1e-9);
  });

  it('still sends the canary its weight: 10% of the requests, whatever the replica counts', () => {
    const v = runScenario(canary(steps)).summary.services.api.versions ?? {};
    // From 10 s: 50 s x 2000/s, one in ten to v2 (the round-robin of the split is exact).
    expect(v.v2.requests).toBeGreaterThanOrEqual(9990);
    expect(v.v2.requests).toBeLessThanOrEqual(10_000);
  });

  it('rolls back while scaled: the canary goes, the stable set stays at the scaled count', () => {
    const analysis = { metric: 'error-rate', threshold: 0.05, intervalMs: 5000, count: 3, failureLimit: 1 };
    const r = runScenario(canary([{ setWeight: 10 }, { analysis }], 0.5));
    expect(events(r, ['scale', 'rollout-step', 'rollback', 'rollout-complete'])).toEqual([
      [10_000, 'rollout-step', { version: 'v2', weight: 10, replicas: 1 }],
      [15_000, 'scale', { from: 10, to: 20, desired: 22, metric: expect.closeTo(0.9671, 4) }],
      [15_000, 'rollout-step', { version: 'v2', desired: 20, new: 2, old: 20 }],
      [20_000, 'rollback', { version: 'v2', to: 'stable', rollbackMs: 1000, source: 'analysis' }],
      [21_000, 'rollout-step', { version: 'v2', weight: 0, replicas: 2 }],
      [21_000, 'rollout-complete', { version: 'stable', outcome: 'rolled-back' }],
    ]);
    const v = r.summary.services.api.versions ?? {};
    expect([v.stable.replicas, v.v2.replicas]).toEqual([20, 0]);
    expect(r.series.services.api.readyReplicas.at(-1)).toBe(20);
    expect(Math.max(...versionGap(r))).toBeLessThan(1e-9);
  });
});

describe('a blue/green rollout while the HPA scales the service', () => {
  it('keeps the preview set at the desired count beside the active one, then promotes it whole', () => {
    const r = runScenario(
      story({
        rate: 400,
        replicas: 2,
        maxReplicas: 10,
        provisioningDelayMs: 20_000,
        windowMs: 30_000,
        strategy: { kind: 'blue-green', scaleDownDelayMs: 30_000 },
        durationMs: 120_000,
      }),
    );
    expect(events(r, ['scale', 'rollout-step', 'rollout-complete'])).toEqual([
      [15_000, 'scale', { from: 2, to: 4, desired: 4, metric: expect.closeTo(0.9994, 4) }],
      [15_000, 'rollout-step', { version: 'v2', desired: 4, new: 4, old: 4 }],
      [30_000, 'scale', { from: 4, to: 8, desired: 8, metric: expect.closeTo(0.9997, 4) }],
      [30_000, 'rollout-step', { version: 'v2', desired: 8, new: 8, old: 8 }],
      // The last green replicas (asked for at 30 s) are ready at 50 s: all traffic switches.
      [50_000, 'rollout-step', { version: 'v2', weight: 100, replicas: 8 }],
      [80_000, 'rollout-complete', { version: 'v2', outcome: 'promoted' }],
    ]);
    const v = r.summary.services.api.versions ?? {};
    expect([v.stable.replicas, v.v2.replicas]).toEqual([0, 8]);
  });
});

describe('validation of a deployment beside autoscaling', () => {
  const doc = (extra: Record<string, unknown>) => ({
    id: 'v',
    title: 'v',
    durationMs: 1000,
    clients: [{ name: 'users', target: 'api', arrival: { kind: 'constant', ratePerSec: 10 } }],
    services: [
      {
        name: 'api',
        replicas: 2,
        serviceTime: { kind: 'constant', valueMs: 1 },
        versions: [{ name: 'v2' }],
        deployment: { version: 'v2', atMs: 0, strategy: 'kubernetes-rolling' },
        autoscaling: { minReplicas: 1, maxReplicas: 4, metric: { kind: 'utilisation', target: 0.5 } },
        ...extra,
      },
    ],
  });
  const lines = (raw: unknown) => {
    const p = parseScenario(raw);
    return p.ok ? [] : p.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('accepts them together', () => {
    expect(lines(doc({}))).toEqual([]);
  });

  it('still refuses failover beside autoscaling and a store beside a deployment', () => {
    expect(lines(doc({ failover: {} }))).toEqual([
      'services[0].failover: found failover beside autoscaling; allowed: failover or autoscaling, not both (both would own the replica set: set autoscaling to null or remove failover)',
    ]);
    expect(
      lines(doc({ autoscaling: null, store: { family: 'leaderless', r: 1, w: 1, keys: { count: 1 } } })),
    ).toEqual(['services[0].deployment: a replicated store cannot be deployed (its replicas hold data)']);
  });
});
