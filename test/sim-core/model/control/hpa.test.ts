import { describe, expect, it } from 'vitest';
import {
  type HpaState,
  hpaDecide,
  hpaRecommendation,
  newHpaState,
  rateLimit,
  stepDecide,
} from '../../../../sim-core/model/control/hpa.ts';
import { AUTOSCALING_POLICY_PRESETS } from '../../../../sim-core/patterns/presets.ts';
import type { HpaPolicySpec, StepPolicySpec } from '../../../../sim-core/scenario/autoscaling-spec.ts';

const HPA = AUTOSCALING_POLICY_PRESETS['kubernetes-hpa'] as HpaPolicySpec;
const bounds = { minReplicas: 1, maxReplicas: 100, target: 0.5 };

/** One evaluation at `t` s with all `current` replicas ready. */
function decide(state: HpaState, t: number, current: number, metric: number, policy = HPA) {
  return hpaDecide(policy, state, { ...bounds, nowMs: t * 1000, current, ready: current, metric });
}

/** The recommendation for `current` replicas of which `ready` are ready, at a 50% target. */
const rec = (current: number, ready: number, metric: number) =>
  hpaRecommendation(0.1, { current, ready, metric, target: 0.5 });

describe('the HPA recommendation', () => {
  it('is ceil(current x metric / target)', () => {
    expect([rec(4, 4, 0.9), rec(3, 3, 0.6), rec(10, 10, 0.2)]).toEqual([8, 4, 4]);
  });

  it('keeps the count within the 10% tolerance, and moves just outside it', () => {
    expect([rec(10, 10, 0.54), rec(10, 10, 0.46), rec(10, 10, 0.56), rec(10, 10, 0.44)]).toEqual([
      10, 10, 12, 9,
    ]);
    // Exactly 10% off is decided by the float ratio, as in the controller: 0.55 / 0.5 > 1.1.
    expect(rec(10, 10, 0.55)).toBe(11);
  });

  it('counts replicas not ready yet at zero on a scale-up, and then may not scale at all', () => {
    // 2 ready at 100% of a 50% target, 2 provisioning: (1 x 2) / (0.5 x 4) = 1, within tolerance.
    expect(rec(4, 2, 1)).toBe(4);
    // 2 ready at 150%: ratio over all 4 is 1.5, so ceil(4 x 1.5) = 6.
    expect(rec(4, 2, 1.5)).toBe(6);
  });
});

describe('the HPA decision with the kubernetes-hpa behavior', () => {
  it('scales up at once, by at most max(4 pods, 100%) per 15 s', () => {
    const s = newHpaState();
    // 2 replicas asking for 20: 100% of 2 is 2 more, 4 pods is 4 more: 6.
    expect(decide(s, 15, 2, 5).desired).toBe(6);
    // 15 s later the period holds no change any more (strictly after now - 15 s): 6 -> 12.
    expect(decide(s, 30, 6, 1.6).desired).toBe(12);
    // 12 more asked at 45 s: 100% of 12 = 24 allowed, 20 wanted.
    expect(decide(s, 45, 12, 0.8334).desired).toBe(21);
  });

  it('scales down only to the largest recommendation of the last 300 s', () => {
    const s = newHpaState();
    expect(decide(s, 15, 10, 0.5).desired).toBe(10);
    // Load halves: the recommendation is 5 but 10 was recommended within the window.
    for (let t = 30; t <= 300; t += 15) expect(decide(s, t, 10, 0.25).desired).toBe(10);
    // At 315 s the recommendation of 10 (made at 15 s) is exactly 300 s old: out of the window.
    expect(decide(s, 315, 10, 0.25)).toEqual({ recommendation: 5, stabilized: 5, desired: 5 });
  });

  it('limits a scale-down by its rate policies, counting the changes made in the period', () => {
    const pods = { type: 'Pods' as const, value: 2, periodMs: 60_000 };
    const percent = { type: 'Percent' as const, value: 20, periodMs: 60_000 };
    const scaleDown = { stabilizationWindowMs: 0, selectPolicy: 'Max' as const, policies: [pods, percent] };
    const policy: HpaPolicySpec = { ...HPA, scaleDown };
    const s = newHpaState();
    // Max: the policy allowing the larger change wins: 20% (20 -> 16) over 2 pods (20 -> 18).
    expect(decide(s, 15, 20, 0.05, policy).desired).toBe(16);
    // 15 s later the 4 removed count: the period started at 20, and 20% of 20 allows 16 at most.
    expect(decide(s, 30, 16, 0.05, policy).desired).toBe(16);
    // The change at 15 s is not strictly after 75 - 60 s: the period starts at 16, 20% -> 12.
    expect(decide(s, 75, 16, 0.05, policy).desired).toBe(12);
  });

  it('takes the smaller change with selectPolicy Min and none with Disabled', () => {
    const rules = {
      stabilizationWindowMs: 0,
      selectPolicy: 'Min' as const,
      policies: [
        { type: 'Pods' as const, value: 4, periodMs: 15_000 },
        { type: 'Percent' as const, value: 100, periodMs: 15_000 },
      ],
    };
    const s = newHpaState();
    expect(rateLimit(rules, s, 0, 2, true)).toBe(4);
    expect(rateLimit({ ...rules, selectPolicy: 'Max' }, s, 0, 2, true)).toBe(6);
    expect(rateLimit({ ...rules, selectPolicy: 'Disabled' }, s, 0, 2, true)).toBe(2);
    // Down, Percent 100 of 10 allows 0, Pods 4 allows 6: Min keeps 6, Max goes to 0.
    expect(rateLimit(rules, s, 0, 10, false)).toBe(6);
    expect(rateLimit({ ...rules, selectPolicy: 'Max' }, s, 0, 10, false)).toBe(0);
  });

  it('stays within min and max replicas', () => {
    const s = newHpaState();
    const d = hpaDecide(HPA, s, {
      nowMs: 15_000,
      current: 4,
      ready: 4,
      metric: 10,
      target: 0.5,
      minReplicas: 2,
      maxReplicas: 6,
    });
    expect(d.desired).toBe(6);
    const low = hpaDecide(
      { ...HPA, scaleDown: { ...HPA.scaleDown, stabilizationWindowMs: 0 } },
      newHpaState(),
      {
        nowMs: 15_000,
        current: 4,
        ready: 4,
        metric: 0.01,
        target: 0.5,
        minReplicas: 2,
        maxReplicas: 6,
      },
    );
    expect(low.desired).toBe(2);
  });
});

describe('step scaling', () => {
  const policy: StepPolicySpec = {
    kind: 'step',
    cooldownMs: 60_000,
    steps: [
      { lowerBound: null, upperBound: 0.2, adjustment: -1 },
      { lowerBound: 0.7, upperBound: 0.9, adjustment: 1 },
      { lowerBound: 0.9, upperBound: null, adjustment: 3 },
    ],
  };
  const at = (nowMs: number, current: number, metric: number) => ({
    nowMs,
    current,
    metric,
    minReplicas: 1,
    maxReplicas: 10,
  });

  it('adds the adjustment of the band the metric is in, nothing between bands', () => {
    const s = { lastChangeMs: Number.NEGATIVE_INFINITY };
    expect(stepDecide(policy, s, at(0, 4, 0.5))).toBe(4);
    expect(stepDecide(policy, s, at(15_000, 4, 0.7))).toBe(5);
    expect(s.lastChangeMs).toBe(15_000);
  });

  it('waits out the cooldown after a change, then goes on', () => {
    const s = { lastChangeMs: 15_000 };
    expect(stepDecide(policy, s, at(60_000, 5, 0.95))).toBe(5);
    expect(stepDecide(policy, s, at(75_000, 5, 0.95))).toBe(8);
    expect(stepDecide(policy, s, at(150_000, 10, 0.1))).toBe(9);
    expect(stepDecide(policy, { lastChangeMs: -1e9 }, at(0, 9, 0.95))).toBe(10);
  });
});
