import type { HpaPolicySpec, HpaScalingRulesSpec, StepPolicySpec } from '../../scenario/autoscaling-spec.ts';

/**
 * The Kubernetes Horizontal Pod Autoscaler's decision as a pure function of what it saw
 * (kubernetes.io, "Horizontal Pod Autoscaling", algorithm details and "Configurable scaling
 * behavior"; the controller's `normalizeDesiredReplicasWithBehaviors`):
 *
 * 1. recommendation = ceil(current × metric / target), unless |metric / target - 1| is within
 *    the tolerance (then current). Replicas not ready yet are set aside: on a scale-up they are
 *    counted at 0 (the ratio is recomputed over all of them), and when that recomputed ratio is
 *    within the tolerance or reverses the direction, nothing changes.
 * 2. stabilisation: the recommendation becomes the smallest of those within the scale-up
 *    window when above current, the largest of those within the scale-down window when below.
 * 3. rate: at most what the scaleUp / scaleDown policies allow (Pods or Percent of the replicas
 *    at the start of each policy's trailing period, counting the changes made in it; selectPolicy
 *    Max takes the largest allowed change, Min the smallest, Disabled none), within min/max.
 *
 * "Within a window" is strictly after now - window, as the controller's `After` test.
 */
export interface HpaState {
  /** Past recommendations (step 1), oldest first. */
  readonly recommendations: { atMs: number; replicas: number }[];
  /** Changes made (positive up, negative down), oldest first. */
  readonly changes: { atMs: number; change: number }[];
}

export interface HpaInput {
  nowMs: number;
  /** Replicas the controller has asked for (ready and provisioning). */
  current: number;
  /** Of them, those ready (whose metric the controller sees). */
  ready: number;
  /** The per-ready-replica metric over its window. */
  metric: number;
  target: number;
  minReplicas: number;
  maxReplicas: number;
}

export interface HpaDecision {
  /** Step 1. */
  recommendation: number;
  /** After stabilisation (step 2). */
  stabilized: number;
  /** The new replica count (step 3). */
  desired: number;
}

export function newHpaState(): HpaState {
  return { recommendations: [], changes: [] };
}

/** Step 1: the replicas the metric asks for. */
export function hpaRecommendation(
  tolerance: number,
  i: Pick<HpaInput, 'current' | 'ready' | 'metric' | 'target'>,
): number {
  const ratio = i.metric / i.target;
  if (Math.abs(ratio - 1) <= tolerance || i.ready <= 0) return i.current;
  if (ratio > 1 && i.ready < i.current) {
    // Not-ready replicas count as using nothing: a scale-up must still be wanted with them.
    const diluted = (i.metric * i.ready) / (i.target * i.current);
    if (diluted <= 1 + tolerance) return i.current;
    return Math.ceil(i.current * diluted);
  }
  return Math.ceil(i.ready * ratio);
}

/** Replicas added (up) or removed (down, as a positive number) within the trailing `periodMs`. */
function changedWithin(state: HpaState, nowMs: number, periodMs: number, up: boolean): number {
  let sum = 0;
  for (const c of state.changes) {
    if (c.atMs > nowMs - periodMs && c.change > 0 === up) sum += Math.abs(c.change);
  }
  return sum;
}

/**
 * The limit the rate policies of one direction put on the count now: the most replicas (up) or
 * the fewest (down). Each policy proposes a count from the replicas at the start of its trailing
 * period; selectPolicy Max takes the proposal allowing the largest change, Min the smallest.
 */
export function rateLimit(
  rules: HpaScalingRulesSpec,
  state: HpaState,
  nowMs: number,
  current: number,
  up: boolean,
): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const largest = rules.selectPolicy === 'Max';
  // Up, the largest change is the highest count; down, the lowest.
  const highest = largest === up;
  let result = highest ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  for (const p of rules.policies) {
    const changed = changedWithin(state, nowMs, p.periodMs, up);
    let proposed: number;
    if (up)
      proposed =
        p.type === 'Pods'
          ? current - changed + p.value
          : Math.ceil((current - changed) * (1 + p.value / 100));
    else
      proposed =
        p.type === 'Pods'
          ? current + changed - p.value
          : Math.trunc((current + changed) * (1 - p.value / 100));
    result = highest ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** One evaluation: the decision, with the state updated (the recommendation and any change recorded). */
export function hpaDecide(policy: HpaPolicySpec, state: HpaState, i: HpaInput): HpaDecision {
  const now = i.nowMs;
  const recommendation = hpaRecommendation(policy.tolerance, i);
  let up = recommendation;
  let down = recommendation;
  for (const r of state.recommendations) {
    if (r.atMs > now - policy.scaleUp.stabilizationWindowMs) up = Math.min(up, r.replicas);
    if (r.atMs > now - policy.scaleDown.stabilizationWindowMs) down = Math.max(down, r.replicas);
  }
  let stabilized = i.current;
  if (stabilized < up) stabilized = up;
  if (stabilized > down) stabilized = down;
  let desired: number;
  if (stabilized > i.current) {
    const limit = Math.max(i.current, rateLimit(policy.scaleUp, state, now, i.current, true));
    desired = Math.min(stabilized, Math.min(i.maxReplicas, limit));
  } else if (stabilized < i.current) {
    const limit = Math.min(i.current, rateLimit(policy.scaleDown, state, now, i.current, false));
    desired = Math.max(stabilized, Math.max(i.minReplicas, limit));
  } else {
    desired = stabilized;
  }
  desired = Math.min(i.maxReplicas, Math.max(i.minReplicas, desired));
  state.recommendations.push({ atMs: now, replicas: recommendation });
  if (desired !== i.current) state.changes.push({ atMs: now, change: desired - i.current });
  prune(policy, state, now);
  return { recommendation, stabilized, desired };
}

/** Drops what no window or period can reach any more. */
function prune(policy: HpaPolicySpec, state: HpaState, now: number): void {
  const keep = Math.max(policy.scaleUp.stabilizationWindowMs, policy.scaleDown.stabilizationWindowMs);
  while (state.recommendations.length > 0 && !(state.recommendations[0].atMs > now - keep))
    state.recommendations.shift();
  let period = 0;
  for (const p of [...policy.scaleUp.policies, ...policy.scaleDown.policies])
    period = Math.max(period, p.periodMs);
  while (state.changes.length > 0 && !(state.changes[0].atMs > now - period)) state.changes.shift();
}

/** Step scaling's state: when it last changed the count. */
export interface StepState {
  lastChangeMs: number;
}

/**
 * AWS step scaling (Application/EC2 Auto Scaling "step scaling policies", ChangeInCapacity):
 * the band [lowerBound, upperBound) the metric is in adds its adjustment, within min/max;
 * after a change, nothing changes for `cooldownMs`.
 */
export function stepDecide(
  policy: StepPolicySpec,
  state: StepState,
  i: Pick<HpaInput, 'nowMs' | 'current' | 'metric' | 'minReplicas' | 'maxReplicas'>,
): number {
  if (i.nowMs - state.lastChangeMs < policy.cooldownMs) return i.current;
  const band = policy.steps.find(
    (s) =>
      (s.lowerBound === null || i.metric >= s.lowerBound) &&
      (s.upperBound === null || i.metric < s.upperBound),
  );
  if (band === undefined) return i.current;
  const desired = Math.min(i.maxReplicas, Math.max(i.minReplicas, i.current + band.adjustment));
  if (desired !== i.current) state.lastChangeMs = i.nowMs;
  return desired;
}
