import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../../scenarios/schema/index.ts';
import type { RunResult } from '../../../../sim-core/metrics/result.ts';
import { runScenario } from '../../../../sim-core/run/simulation.ts';
import { paged } from '../../../support/paged.ts';
import { parse } from '../../../support/scenarios.ts';

/**
 * A deterministic story: 100 requests/s at constant intervals to 4 replicas of constant 10 ms
 * work, 1 ms each way; at 10 s the service rolls to v2, which fails 30% of its requests.
 * New replicas take 2 s to provision.
 */
function raw(deployment: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    id: 'rollout-story',
    title: 'rollout story',
    seed: 1,
    durationMs: 60_000,
    metrics: { bucketMs: 1000, warmupMs: 0 },
    clients: [
      { name: 'users', target: 'api', arrival: { kind: 'constant', ratePerSec: 100 }, timeoutMs: 1000 },
    ],
    services: [
      {
        name: 'api',
        replicas: 4,
        concurrency: 8,
        serviceTime: { kind: 'constant', valueMs: 10 },
        versions: [{ name: 'v2', errorProbability: 0.3 }],
        deployment: { version: 'v2', atMs: 10_000, provisioningDelayMs: 2000, ...deployment },
        ...extra,
      },
    ],
    network: { latency: { kind: 'constant', valueMs: 1 } },
  };
}
const story = (deployment: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parse(raw(deployment, extra));

const events = (r: RunResult, kinds: string[]) =>
  r.summary.controlEvents.filter((e) => kinds.includes(e.kind)).map((e) => [e.atMs, e.kind, e.detail]);

const canary = (steps: unknown[], rollbackMs = 1000) => ({ strategy: { kind: 'canary', steps }, rollbackMs });
const errorRate = (count: number, failureLimit = 0) => ({
  analysis: { metric: 'error-rate', threshold: 0.05, intervalMs: 5000, count, failureLimit },
});

describe('a rolling update in a run', () => {
  it('follows maxSurge 1 / maxUnavailable 0 step by step: never fewer than 4 in rotation', () => {
    const r = runScenario(story({ strategy: { kind: 'rolling', maxSurge: 1, maxUnavailable: 0 } }));
    const steps = r.summary.controlEvents
      .filter((e) => e.kind === 'rollout-step')
      .map((e) => [e.atMs, e.detail.new, e.detail.old]);
    // Each new replica: created (5 counted), 2 s later available, then one old one drains.
    expect(steps).toEqual([
      [10_000, 1, 4],
      [12_000, 1, 3],
      [12_000, 2, 3],
      [14_000, 2, 2],
      [14_000, 3, 2],
      [16_000, 3, 1],
      [16_000, 4, 1],
      [18_000, 4, 0],
    ]);
    expect(Math.min(...r.series.services.api.readyReplicas)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...r.series.services.api.readyReplicas)).toBeLessThanOrEqual(5);
    const d = r.summary.deployments[0];
    expect([d.outcome, d.startMs, d.endMs]).toEqual(['promoted', 10_000, 18_000]);
    expect(r.summary.services.api.versions?.v2.replicas).toBe(4);
    expect(r.summary.services.api.versions?.stable.replicas).toBe(0);
  });

  it('a big bang (100% / 100%) leaves nothing in rotation while the new set provisions', () => {
    const r = runScenario(story({ strategy: { kind: 'rolling', maxSurge: '100%', maxUnavailable: '100%' } }));
    const steps = r.summary.controlEvents
      .filter((e) => e.kind === 'rollout-step')
      .map((e) => [e.atMs, e.detail.new, e.detail.old]);
    expect(steps).toEqual([[10_000, 4, 0]]);
    // Bucket 10 and 11 (10-12 s): no replica ready; requests sent then are lost and time out.
    expect(r.series.services.api.readyReplicas.slice(9, 13)).toEqual([4, 0, 0, 4]);
    expect(r.summary.clients.users.errors.timedOut).toBe(200);
  });
});

describe('a canary in a run', () => {
  it('sends exactly the weight of the requests to the canary, whatever its replica count', () => {
    const r = runScenario(
      story(
        canary([
          { setWeight: 10 },
          { pause: { durationMs: 10_000 } },
          { setWeight: 50 },
          { pause: { durationMs: 10_000 } },
        ]),
      ),
    );
    expect(events(r, ['rollout-step', 'rollout-paused', 'rollout-complete'])).toEqual([
      [12_000, 'rollout-step', { version: 'v2', weight: 10, replicas: 1 }],
      [12_000, 'rollout-paused', { version: 'v2', durationMs: 10_000 }],
      [24_000, 'rollout-step', { version: 'v2', weight: 50, replicas: 2 }],
      [24_000, 'rollout-paused', { version: 'v2', durationMs: 10_000 }],
      [36_000, 'rollout-step', { version: 'v2', weight: 100, replicas: 4 }],
      [36_000, 'rollout-complete', { version: 'v2', outcome: 'promoted' }],
    ]);
    const v2 = r.series.services.api.versions?.v2.attemptsPerSec ?? [];
    const all = r.series.services.api.attemptsPerSec;
    // 12-22 s at 10% (1 canary replica of 5), 24-34 s at 50% (2 of 6), then all of it.
    for (let b = 13; b < 22; b++) expect(v2[b], `bucket ${b}`).toBe(all[b] / 10);
    for (let b = 25; b < 34; b++) expect(v2[b], `bucket ${b}`).toBe(all[b] / 2);
    expect(v2[40]).toBe(all[40]);
  });

  it('rolls back when the analysis fails: at (failureLimit + 1) x interval after its start, traffic back rollbackMs later', () => {
    const r = runScenario(story(canary([{ setWeight: 20 }, errorRate(5, 2)], 1500)));
    expect(
      events(r, ['analysis-started', 'analysis-failed', 'rollback', 'rollout-complete']).map((e) =>
        e.slice(0, 2),
      ),
    ).toEqual([
      [12_000, 'analysis-started'],
      [27_000, 'analysis-failed'],
      [27_000, 'rollback'],
      [28_500, 'rollout-complete'],
    ]);
    const d = r.summary.deployments[0];
    expect(d).toMatchObject({
      outcome: 'rolled-back',
      abortedAtMs: 27_000,
      abortedBy: 'analysis',
      mitigatedAtMs: 28_500,
      timeToMitigateMs: 18_500,
      abortToMitigateMs: 1500,
      analyses: { passed: 0, failed: 1 },
    });
    // 20% of 100/s for 16.5 s reached v2; its failures are the blast radius.
    expect(r.summary.services.api.versions?.v2.requests).toBe(330);
    expect(d.blastRadius.failed).toBe(r.summary.services.api.versions?.v2.errors);
    expect(d.blastRadius.attempts).toBe(5000);
    // After the rollback no request reaches v2.
    expect(r.series.services.api.versions?.v2.attemptsPerSec.slice(29)).toEqual(new Array(31).fill(0));
  });

  it('promotes a good version after its analysis passes', () => {
    const good = raw(canary([{ setWeight: 20 }, errorRate(2)]));
    good.services[0].versions = [{ name: 'v2', errorProbability: 0 }];
    const r = runScenario(parse(good));
    expect(events(r, ['analysis-passed', 'rollout-complete']).map((e) => e.slice(0, 2))).toEqual([
      [22_000, 'analysis-passed'],
      [24_000, 'rollout-complete'],
    ]);
    expect(r.summary.deployments[0].outcome).toBe('promoted');
  });
});

describe('blue/green in a run', () => {
  it('switches all traffic at once when green is up and keeps blue scaleDownDelayMs', () => {
    const r = runScenario(story({ strategy: { kind: 'blue-green', scaleDownDelayMs: 5000 } }));
    expect(events(r, ['rollout-step', 'rollout-complete'])).toEqual([
      [12_000, 'rollout-step', { version: 'v2', weight: 100, replicas: 4 }],
      [17_000, 'rollout-complete', { version: 'v2', outcome: 'promoted' }],
    ]);
    const v2 = r.series.services.api.versions?.v2.attemptsPerSec ?? [];
    // Bucket 12 holds one answer blue gave to a request sent just before the switch.
    expect(v2.slice(10, 14)).toEqual([0, 0, 99, 100]);
    expect(r.series.services.api.replicas.slice(10, 18)).toEqual([8, 8, 8, 8, 8, 8, 8, 4]);
  });

  it('switches back to blue when the post-promotion analysis fails', () => {
    const r = runScenario(
      story({
        strategy: {
          kind: 'blue-green',
          scaleDownDelayMs: 30_000,
          postPromotionAnalysis: errorRate(3).analysis,
        },
        rollbackMs: 500,
      }),
    );
    expect(
      events(r, ['rollout-step', 'analysis-failed', 'rollout-complete']).map((e) => e.slice(0, 3)),
    ).toEqual([
      [12_000, 'rollout-step', { version: 'v2', weight: 100, replicas: 4 }],
      [
        17_000,
        'analysis-failed',
        { version: 'v2', metric: 'error-rate', value: 140 / 499, measurements: 1, failures: 1 },
      ],
      [17_500, 'rollout-step', { version: 'v2', weight: 0, replicas: 4 }],
      [17_500, 'rollout-complete', { version: 'stable', outcome: 'rolled-back' }],
    ]);
    expect(r.summary.deployments[0].timeToMitigateMs).toBe(7500);
  });
});

describe('the alert action rollback', () => {
  it('aborts a rolling update in progress once: it rolls back to stable and is not undone', () => {
    const r = runScenario(story({ strategy: { kind: 'rolling', maxSurge: 1, maxUnavailable: 0 } }, {}));
    expect(r.summary.deployments[0].outcome).toBe('promoted');
    const withAlert = parse(
      paged(raw({ strategy: { kind: 'rolling', maxSurge: 1, maxUnavailable: 0 } }), 'api'),
    );
    const a = runScenario(withAlert);
    const d = a.summary.deployments[0];
    expect(d.outcome).toBe('rolled-back');
    expect(d.abortedBy).toBe('alert');
    const rollbacks = a.summary.controlEvents.filter((e) => e.kind === 'rollback');
    expect(rollbacks.length).toBe(1);
    expect(a.summary.services.api.versions?.v2.replicas).toBe(0);
    expect(a.summary.services.api.versions?.stable.replicas).toBe(4);
    expect(d.mitigatedAtMs).not.toBeNull();
  });
});

describe('deployment validation', () => {
  const errors = (doc: unknown) => {
    const p = parseScenario(doc);
    return p.ok ? [] : p.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('names a version that does not exist, and the allowed ones', () => {
    expect(errors(raw({ version: 'v3', strategy: { kind: 'rolling' } }))).toEqual([
      'services[0].deployment.version: found "v3"; allowed: a version of the service\'s versions: "v2"',
    ]);
  });

  it('rejects maxSurge and maxUnavailable both 0', () => {
    expect(errors(raw({ strategy: { kind: 'rolling', maxSurge: 0, maxUnavailable: '0%' } }))).toEqual([
      'services[0].deployment.strategy.maxUnavailable: found "0%"; allowed: a count or percentage > 0 when maxSurge is 0 (both 0 could never make progress)',
    ]);
  });

  it('rejects a rollback action on a service without a deployment', () => {
    const doc = raw({ strategy: { kind: 'rolling' } });
    const bad = paged(
      {
        ...doc,
        services: [
          ...doc.services,
          { name: 'db', replicas: 1, serviceTime: { kind: 'constant', valueMs: 1 } },
        ],
      },
      'db',
    );
    expect(errors(bad)).toEqual([
      'alerts[0].action.service: found "db"; allowed: a service that declares a deployment: "api"',
    ]);
  });

  it('rejects a version named stable, and accepts a deployment beside autoscaling', () => {
    const doc = raw(
      { strategy: { kind: 'rolling' } },
      {
        autoscaling: { minReplicas: 1, maxReplicas: 4, metric: { kind: 'utilisation', target: 0.5 } },
      },
    );
    doc.services[0].versions = [
      { name: 'v2', errorProbability: 0 },
      { name: 'stable', errorProbability: 0 },
    ];
    expect(errors(doc)).toEqual([
      'services[0].versions[1].name: found "stable"; allowed: a name other than "stable" (the service\'s own settings)',
    ]);
  });
});
