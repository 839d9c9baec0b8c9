/**
 * The arithmetic of rollouts, apart from their state: Kubernetes' IntOrString rounding of
 * maxSurge / maxUnavailable, the rolling update's next step, the canary's replica count for a
 * weight, and how many replica slots a deployment needs. Pure functions, tested step by step.
 *
 * @module
 */
import type { DeploymentSpec } from '../../scenario/deployment-spec.ts';

/**
 * A count or a percentage of `replicas` as Kubernetes resolves it
 * (`intstr.GetScaledValueFromIntOrPercent`): a percentage rounds up for maxSurge and down for
 * maxUnavailable.
 */
export function scaledValue(value: number | string, replicas: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number(value.slice(0, -1));
  const exact = (percent * replicas) / 100;
  // Integer arithmetic first: 25% of 4 is exactly 1, never 0.9999.
  const whole = (percent * replicas) % 100 === 0 ? (percent * replicas) / 100 : exact;
  return roundUp ? Math.ceil(whole) : Math.floor(whole);
}

/**
 * maxSurge and maxUnavailable as counts (Kubernetes `ResolveFenceposts`): when both resolve to
 * 0 (percentages of a small set), maxUnavailable becomes 1 so the update can progress.
 */
export function resolveFenceposts(
  maxSurge: number | string,
  maxUnavailable: number | string,
  replicas: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, replicas, true);
  let unavailable = scaledValue(maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** What the rolling update sees of the two replica sets (counts exclude draining replicas). */
export interface RollingCounts {
  /** The desired count (`replicas`). */
  desired: number;
  surge: number;
  unavailable: number;
  /** Replicas of the new version (provisioning or in the set), and those available. */
  newTotal: number;
  newAvailable: number;
  /** Replicas of the old version still in the set (provisioning or serving), and those available. */
  oldTotal: number;
  oldAvailable: number;
}

/**
 * One reconciliation of the Kubernetes deployment controller's rolling update
 * (`pkg/controller/deployment/rolling.go`): the new set grows to at most `desired + surge`
 * replicas in all (`NewRSNewReplicas`); then the old set shrinks, its unavailable replicas first
 * (`cleanupUnhealthyReplicas`, within `all - minAvailable - newUnavailable`), then while more
 * than `desired - unavailable` replicas are available (`scaleDownOldReplicaSetsForRollingUpdate`).
 * Kubernetes does the two in consecutive syncs at one instant; so does this, the scale-down
 * seeing the scale-up's new replicas. Returns how many new replicas to create and old ones to remove.
 */
export function rollingStep(c: RollingCounts): { scaleUp: number; scaleDown: number } {
  const maxTotal = c.desired + c.surge;
  const scaleUp = Math.max(0, Math.min(maxTotal - (c.newTotal + c.oldTotal), c.desired - c.newTotal));
  const newTotal = c.newTotal + scaleUp;
  if (c.oldTotal === 0) return { scaleUp, scaleDown: 0 };
  const minAvailable = c.desired - c.unavailable;
  const newUnavailable = newTotal - c.newAvailable;
  const maxScaledDown = newTotal + c.oldTotal - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return { scaleUp, scaleDown: 0 };
  const cleanup = Math.min(maxScaledDown, c.oldTotal - c.oldAvailable);
  const byAvailability = Math.max(0, c.newAvailable + c.oldAvailable - minAvailable);
  return { scaleUp, scaleDown: cleanup + Math.min(c.oldTotal - cleanup, byAvailability) };
}

/** Canary replicas for a traffic weight with traffic routing (Argo: ceil(weight% x replicas)). */
export function canaryReplicas(weight: number, replicas: number): number {
  if (weight <= 0) return 0;
  const product = weight * replicas;
  return product % 100 === 0 ? product / 100 : Math.ceil(product / 100);
}

/**
 * Replica slots a service needs for its deployment beside its `replicas`: a rolling update may
 * hold `replicas + surge` counted replicas and up to `replicas` more draining; a canary or a
 * blue/green set up to `replicas` beside the stable ones. Preallocated, so node names and random
 * streams never move.
 *
 * With an autoscaler (`maxReplicas` not null) the desired count moves up to `maxReplicas`, and a
 * scale-down leaves the replicas it removed draining while the update goes on: twice the most a
 * rolling update may count (`maxReplicas + surge`), three times `maxReplicas` for a canary or
 * blue/green (stable, new, and what a scale-down left draining).
 */
export function deploymentSlots(
  replicas: number,
  deployment: DeploymentSpec | null,
  maxReplicas: number | null = null,
): number {
  if (deployment === null) return replicas;
  const s = deployment.strategy;
  if (maxReplicas !== null) {
    const most = Math.max(replicas, maxReplicas);
    if (s.kind !== 'rolling') return 3 * most;
    const { surge } = resolveFenceposts(s.maxSurge, s.maxUnavailable, most);
    return 2 * (most + surge);
  }
  if (s.kind === 'rolling') {
    const { surge } = resolveFenceposts(s.maxSurge, s.maxUnavailable, replicas);
    return 2 * replicas + surge;
  }
  return 2 * replicas;
}

/** One replica set as the proportional scaling sees it. */
export interface ScaledSet {
  /** Its replicas (Kubernetes `rs.spec.replicas`: provisioning or serving, not draining). */
  size: number;
  /** The newer set wins ties when scaling up, the older one when scaling down. */
  newer: boolean;
}

/**
 * The Kubernetes deployment controller's proportional scaling (`pkg/controller/deployment/sync.go`
 * `scale`, `deploymentutil.GetProportion`): when `spec.replicas` changes during a rolling update
 * (the HPA wrote it), the replicas to add or remove, `desired + surge` minus those of every set,
 * are shared among the sets with replicas, each in proportion to its size
 * (round(size x (desired + surge) / maxBefore) - size, never more than what is left to share),
 * largest first (ties: newer first up, older first down), the rounding's leftover to the largest.
 * `maxBefore` is the `max-replicas` annotation: `desired + surge` before the change. Only one set
 * with replicas: it alone takes `desired`. Returns each set's new size, in the order given.
 */
export function proportionalScale(
  sets: readonly ScaledSet[],
  desired: number,
  surge: number,
  maxBefore: number,
): number[] {
  const sizes = sets.map((s) => s.size);
  const active = sets.map((_, i) => i).filter((i) => sets[i].size > 0);
  if (active.length <= 1) {
    // The only active set, or the newest when none has replicas.
    const only = active.length === 1 ? active[0] : sets.findIndex((s) => s.newer);
    if (only >= 0) sizes[only] = desired;
    return sizes;
  }
  const allowed = desired > 0 ? desired + surge : 0;
  const toAdd = allowed - active.reduce((n, i) => n + sets[i].size, 0);
  if (toAdd === 0) return sizes;
  const up = toAdd > 0;
  active.sort((a, b) => {
    if (sets[a].size !== sets[b].size) return sets[b].size - sets[a].size;
    // Up: the newer set first; down: the older set first.
    return (sets[a].newer === up ? -1 : 0) - (sets[b].newer === up ? -1 : 0);
  });
  let added = 0;
  for (const i of active) {
    const size = sets[i].size;
    if (added === toAdd) continue;
    const fraction =
      desired === 0 ? -size : roundHalfAway((size * (desired + surge)) / Math.max(1, maxBefore)) - size;
    const left = toAdd - added;
    const proportion = up ? Math.min(fraction, left) : Math.max(fraction, left);
    sizes[i] = size + proportion;
    added += proportion;
  }
  const first = active[0];
  sizes[first] = Math.max(0, sizes[first] + toAdd - added);
  return sizes;
}

/** Go's `math.Round` (half away from zero), as `integer.RoundToInt32` uses it. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
