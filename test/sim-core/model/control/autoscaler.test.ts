import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../../sim-core/run/simulation.ts';
import { parse } from '../../../support/scenarios.ts';

/**
 * A deterministic story: constant arrivals (400/s) and constant service (20 ms) keep exactly 8
 * workers busy; 2 replicas of 4 workers are saturated, the target is 50% utilisation.
 */
function story(autoscaling: Record<string, unknown> = {}, durationMs = 150_000) {
  return parse({
    id: 'hpa-story',
    title: 'HPA story',
    seed: 1,
    durationMs,
    metrics: { bucketMs: 5000, warmupMs: 0 },
    clients: [{ name: 'users', target: 'api', arrival: { kind: 'constant', ratePerSec: 400 } }],
    services: [
      {
        name: 'api',
        replicas: 2,
        concurrency: 4,
        loadBalancer: 'least-outstanding',
        serviceTime: { kind: 'constant', valueMs: 20 },
        autoscaling: {
          minReplicas: 2,
          maxReplicas: 10,
          provisioningDelayMs: 20_000,
          metric: { kind: 'utilisation', target: 0.5, windowMs: 30_000 },
          ...autoscaling,
        },
      },
    ],
  });
}

const scales = (r: ReturnType<typeof runScenario>) =>
  r.summary.controlEvents
    .filter((e) => e.kind === 'scale')
    .map((e) => [e.atMs, e.detail.from, e.detail.to, Math.round(Number(e.detail.metric) * 1000) / 1000]);

describe('the HPA in a run', () => {
  it('decides at exact times: late by its window and the provisioning delay', () => {
    const r = runScenario(story());
    // 15 s: 8 busy of 8 workers over [0, 15 s] (less the first 20 ms filling up): ceil(2 x 0.999 / 0.5) = 4.
    // 30 s: 2 ready at 100%, 2 provisioning counted at 0: (1 x 2) / (0.5 x 4) = 1, no change.
    // 45 s: over [15, 45] 240 busy-worker-s of 8 x 20 + 16 x 10 = 320 worker-s: 0.75 -> ceil(4 x 1.5) = 6.
    // 60 s: 240 / (8 x 5 + 16 x 25) = 0.545, within 10% of 0.5 (and 2 still provisioning): no change.
    expect(scales(r)).toEqual([
      [15_000, 2, 4, 0.999],
      [45_000, 4, 6, 0.75],
    ]);
    const provisioned = r.summary.controlEvents
      .filter((e) => e.kind === 'provisioned')
      .map((e) => [e.atMs, e.replica]);
    expect(provisioned).toEqual([
      [35_000, 2],
      [35_000, 3],
      [65_000, 4],
      [65_000, 5],
    ]);
    expect(r.summary.timeline.map((e) => [e.kind, e.replica, e.startMs, e.endMs])).toEqual([
      ['provisioning', 2, 15_000, 35_000],
      ['provisioning', 3, 15_000, 35_000],
      ['provisioning', 4, 45_000, 65_000],
      ['provisioning', 5, 45_000, 65_000],
    ]);
    const s = r.series!.services.api;
    // Buckets of 5 s: 4 replicas exist from 15 s, 4 ready from 35 s, 6 from 45 s / 65 s.
    expect(s.replicas.slice(0, 14)).toEqual([2, 2, 2, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6]);
    expect(s.readyReplicas.slice(0, 14)).toEqual([2, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 6]);
    // Utilisation over the serving replicas' workers: 8 / 24 once all six serve.
    expect(s.utilisation[20]).toBeCloseTo(8 / 24, 6);
    expect(r.summary.clients.users.errorRate).toBe(0);
  });

  it('scales down after the stabilisation window, draining replicas before they go', () => {
    const r = runScenario(
      story(
        {
          minReplicas: 1,
          policy: { kind: 'hpa', scaleDown: { stabilizationWindowMs: 60_000 } },
        },
        240_000,
      ),
    );
    // Recommendations: 75 s: ceil(6 x 0.857) = 6; 90 s: ceil(6 x 0.706) = 5; from 105 s: 4. With a
    // 60 s window the scale-in waits for the 6 of 75 s to leave it (at 135 s: 90 s's 5 is the largest
    // left), then 4 at 150 s, where 8 busy of 16 workers is the target: no further change.
    expect(scales(r)).toEqual([
      [15_000, 2, 4, 0.999],
      [45_000, 4, 6, 0.75],
      [135_000, 6, 5, 0.333],
      [150_000, 5, 4, 0.364],
    ]);
    // The newest replica drains first; its last 20 ms request (7.5 ms left on average) ends, then it is gone.
    const drained = r.summary.controlEvents
      .filter((e) => e.kind === 'drained')
      .map((e) => [e.atMs, e.replica, e.detail.timedOut]);
    expect(drained).toEqual([
      [135_007.5, 5, 0],
      [150_007.5, 4, 0],
    ]);
    const draining = r.summary.timeline
      .filter((e) => e.kind === 'draining')
      .map((e) => [e.replica, e.startMs, e.endMs]);
    expect(draining).toEqual([
      [5, 135_000, 135_007.5],
      [4, 150_000, 150_007.5],
    ]);
    expect(r.summary.clients.users.errorRate).toBe(0);
  });
});
