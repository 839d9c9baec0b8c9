import { describe, expect, it } from 'vitest';
import {
  canaryReplicas,
  deploymentSlots,
  proportionalScale,
  resolveFenceposts,
  rollingStep,
  scaledValue,
} from '../../../../sim-core/model/control/rollout-plan.ts';
import { TrafficSplit } from '../../../../sim-core/model/control/traffic-split.ts';

/**
 * The rolling update driven by hand: each reconciliation applies `rollingStep`, the replicas it
 * created become available by the next one, and the old replicas it removed are gone.
 */
function roll(desired: number, maxSurge: number | string, maxUnavailable: number | string) {
  const { surge, unavailable } = resolveFenceposts(maxSurge, maxUnavailable, desired);
  let newReady = 0;
  let newStarting = 0;
  let old = desired;
  const steps: [number, number, number, number][] = [];
  for (let k = 0; k < 20 && (old > 0 || newStarting > 0); k++) {
    const { scaleUp, scaleDown } = rollingStep({
      desired,
      surge,
      unavailable,
      newTotal: newReady + newStarting,
      newAvailable: newReady,
      oldTotal: old,
      oldAvailable: old,
    });
    newStarting += scaleUp;
    old -= scaleDown;
    // [created, removed, available during the step, replicas counted (terminating ones are not)]
    steps.push([scaleUp, scaleDown, newReady + old, newReady + newStarting + old]);
    newReady += newStarting;
    newStarting = 0;
  }
  return steps;
}

describe('Kubernetes rounding of maxSurge and maxUnavailable', () => {
  it('rounds a surge percentage up and an unavailable percentage down', () => {
    expect(scaledValue('25%', 10, true)).toBe(3);
    expect(scaledValue('25%', 10, false)).toBe(2);
    expect(scaledValue('25%', 4, true)).toBe(1);
    expect(scaledValue('25%', 4, false)).toBe(1);
    expect(scaledValue('30%', 3, true)).toBe(1);
    expect(scaledValue('30%', 3, false)).toBe(0);
    expect(scaledValue(2, 10, true)).toBe(2);
  });

  it('makes maxUnavailable 1 when both resolve to 0 (ResolveFenceposts)', () => {
    expect(resolveFenceposts('0%', '30%', 3)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts('25%', '25%', 4)).toEqual({ surge: 1, unavailable: 1 });
    expect(resolveFenceposts('100%', '100%', 4)).toEqual({ surge: 4, unavailable: 4 });
  });
});

describe('the rolling update step by step', () => {
  it('25% / 25% of 4: one new and one old at a time, never below 3 available', () => {
    expect(roll(4, '25%', '25%')).toEqual([
      [1, 1, 3, 4],
      [1, 1, 3, 4],
      [1, 1, 3, 4],
      [1, 1, 3, 4],
    ]);
  });

  it('maxSurge 1 / maxUnavailable 0 of 3: never below 3 available', () => {
    expect(roll(3, 1, 0)).toEqual([
      // Kubernetes takes two syncs per replica: the surge one, then the old one once it is available.
      [1, 0, 3, 4],
      [0, 1, 3, 3],
      [1, 0, 3, 4],
      [0, 1, 3, 3],
      [1, 0, 3, 4],
      [0, 1, 3, 3],
    ]);
  });

  it('25% of 10 rounds to surge 3, unavailable 2', () => {
    expect(roll(10, '25%', '25%')).toEqual([
      [3, 2, 8, 11],
      [2, 3, 8, 10],
      [3, 2, 8, 11],
      [2, 3, 8, 10],
    ]);
  });

  it('maxSurge 100% / maxUnavailable 100% is a big bang: all new at once, all old gone at once', () => {
    expect(roll(4, '100%', '100%')).toEqual([[4, 4, 0, 4]]);
  });
});

describe('canary replicas and slots', () => {
  it('scales the canary to ceil(weight% x replicas), as Argo with traffic routing', () => {
    expect([0, 10, 25, 26, 50, 100].map((w) => canaryReplicas(w, 4))).toEqual([0, 1, 1, 2, 2, 4]);
  });

  it('preallocates 2 x replicas + surge for rolling, 2 x replicas otherwise', () => {
    const at = { version: 'v2', atMs: 0, provisioningDelayMs: 0, drainTimeoutMs: 0, rollbackMs: 0 };
    expect(deploymentSlots(4, null)).toBe(4);
    expect(
      deploymentSlots(4, { ...at, strategy: { kind: 'rolling', maxSurge: '25%', maxUnavailable: 0 } }),
    ).toBe(9);
    expect(deploymentSlots(4, { ...at, strategy: { kind: 'canary', steps: [{ setWeight: 10 }] } })).toBe(8);
  });

  it('preallocates for maxReplicas when an autoscaler sizes the sets: 2 x (max + surge), 3 x max', () => {
    const at = { version: 'v2', atMs: 0, provisioningDelayMs: 0, drainTimeoutMs: 0, rollbackMs: 0 };
    const rolling = { ...at, strategy: { kind: 'rolling' as const, maxSurge: '25%', maxUnavailable: 0 } };
    // 25% of 10 rounds up to 3.
    expect(deploymentSlots(4, rolling, 10)).toBe(26);
    expect(deploymentSlots(4, { ...at, strategy: { kind: 'canary', steps: [] } }, 10)).toBe(30);
    // Without an autoscaler, the same as before.
    expect(deploymentSlots(4, rolling, null)).toBe(9);
  });
});

describe('proportional scaling of a rolling update (Kubernetes deployment controller `scale`)', () => {
  const sets = (old: number, next: number) => [
    { size: old, newer: false },
    { size: next, newer: true },
  ];

  it('shares a scale-up by size: the Kubernetes documentation example, 10 -> 15 with maxSurge 3', () => {
    // Old 8 and new 5 (13 = 10 + 3); to 15: 18 allowed, 5 to add; old round(8 x 18 / 13) - 8 = 3,
    // new round(5 x 18 / 13) - 5 = 2.
    expect(proportionalScale(sets(8, 5), 15, 3, 13)).toEqual([11, 7]);
  });

  it('shares a scale-down by size, never removing more than asked', () => {
    // 11 + 7 = 18 of 15 + 3 to 5 + 3 = 8: 10 to remove; old round(11 x 8 / 18) - 11 = -6,
    // new round(7 x 8 / 18) - 7 = -4.
    expect(proportionalScale(sets(11, 7), 5, 3, 18)).toEqual([5, 3]);
  });

  it('gives the rounding leftover to the largest set, ties to the newer one up and the older down', () => {
    // 2 + 2 of 3 + 1 to 6 + 1: 3 to add; the newer first: round(2 x 7 / 4) - 2 = 2, then the
    // older gets min(2, 1) = 1.
    expect(proportionalScale(sets(2, 2), 6, 1, 4)).toEqual([3, 4]);
    // 3 + 3 of 5 + 1 to 2 + 1: 3 to remove; the older first: round(3 x 3 / 6) - 3 = -1 (1.5
    // rounds half away from zero, to 2), then the newer -1; the leftover -1 to the first (older).
    expect(proportionalScale(sets(3, 3), 2, 1, 6)).toEqual([1, 2]);
  });

  it('scales the only set with replicas to the desired count', () => {
    expect(proportionalScale(sets(4, 0), 7, 1, 5)).toEqual([7, 0]);
    expect(proportionalScale(sets(0, 4), 2, 1, 5)).toEqual([0, 2]);
    expect(proportionalScale(sets(0, 0), 3, 1, 1)).toEqual([0, 3]);
  });
});

describe('the traffic split by weight', () => {
  it('sends exactly weight% of every 100 requests to the new version, spread out', () => {
    for (const weight of [0, 1, 10, 33, 50, 99, 100]) {
      const split = new TrafficSplit(0, 1);
      split.setWeight(weight);
      let toNew = 0;
      for (let i = 0; i < 100; i++) if (split.choose() === 1) toNew++;
      expect(toNew, `weight ${weight}`).toBe(weight);
    }
    const split = new TrafficSplit(0, 1);
    split.setWeight(25);
    expect(Array.from({ length: 8 }, () => split.choose())).toEqual([0, 0, 1, 0, 0, 0, 1, 0]);
  });
});
