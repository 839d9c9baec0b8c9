import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenarios/schema/validate.ts';

function withAutoscaling(autoscaling: Record<string, unknown>, replicas = 2) {
  return {
    id: 'as',
    title: 'autoscaling rules',
    durationMs: 1000,
    clients: [{ name: 'users', target: 'api', arrival: { kind: 'poisson', ratePerSec: 10 } }],
    services: [{ name: 'api', replicas, serviceTime: { kind: 'constant', valueMs: 1 }, autoscaling }],
  };
}

function messages(input: unknown): string[] {
  const r = parseScenario(input);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

const metric = { kind: 'utilisation', target: 0.5 };

describe('autoscaling validation', () => {
  it('fills the kubernetes-hpa policy and the documented defaults', () => {
    const r = parseScenario(withAutoscaling({ minReplicas: 1, maxReplicas: 4, metric }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.scenario.services[0].autoscaling!;
    expect([a.periodMs, a.metric.windowMs, a.drainTimeoutMs]).toEqual([15_000, 30_000, 30_000]);
    expect(a.policy).toMatchObject({
      kind: 'hpa',
      tolerance: 0.1,
      scaleDown: { stabilizationWindowMs: 300_000 },
    });
  });

  it('names the field and what is allowed', () => {
    expect(messages(withAutoscaling({ minReplicas: 3, maxReplicas: 2, metric }, 2))).toEqual([
      'services[0].autoscaling.maxReplicas: found 2; allowed: an integer >= minReplicas (3)',
    ]);
    expect(
      messages(withAutoscaling({ minReplicas: 1, maxReplicas: 4, metric: { kind: 'utilisation' } })),
    ).toEqual([
      'services[0].autoscaling.metric.target: missing: the hpa policy needs a target (the per-replica metric value it aims at, > 0)',
    ]);
    expect(
      messages(
        withAutoscaling({
          minReplicas: 1,
          maxReplicas: 4,
          periodMs: 15_000,
          metric: { ...metric, windowMs: 20_000 },
        }),
      ),
    ).toEqual([
      'services[0].autoscaling.metric.windowMs: found 20000; allowed: a whole number of periodMs (15000)',
    ]);
    expect(messages(withAutoscaling({ minReplicas: 1, maxReplicas: 20_000, metric }))[0]).toMatch(
      /^services\[0\]\.autoscaling\.maxReplicas: /,
    );
  });

  it('refuses step bands that overlap or end before they start', () => {
    const steps = [
      { lowerBound: 0.8, adjustment: 2 },
      { lowerBound: 0.5, upperBound: 0.9, adjustment: 1 },
      { lowerBound: 0.3, upperBound: 0.2, adjustment: -1 },
    ];
    expect(
      messages(withAutoscaling({ minReplicas: 1, maxReplicas: 4, metric, policy: { kind: 'step', steps } })),
    ).toEqual([
      'services[0].autoscaling.policy.steps[1]: overlaps step 0: a metric value must fall in one band at most',
      'services[0].autoscaling.policy.steps[2].upperBound: found 0.2; allowed: a number > lowerBound (0.3)',
    ]);
  });
});
