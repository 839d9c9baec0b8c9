import { SLOT_ABSENT, SLOT_READY } from './replica-load.ts';
import type { ReplicaRuntime, ServiceRuntime } from './runtime.ts';
import { ZONE_BLIND, ZONE_PANIC } from './zone-routing.ts';

/**
 * The load balancer's pick of a replica slot for a call from `callerNode` among those in rotation
 * (READY: not provisioning, draining or absent), skipping ejected, unhealthy (health checks) and
 * not-ready (readiness probes, restarts) replicas (all of the rotation if none is left: Envoy's
 * panic mode). A zone-aware service routes by zone first (`zone-routing.ts`) unless that routing
 * says zone-blind. While a rollout splits the traffic by version (`svc.split`), the split picks
 * the version first and the balancer picks among that version's replicas (zone-blind).
 */
export function pickReplica(
  svc: ServiceRuntime,
  replicas: readonly ReplicaRuntime[],
  now: number,
  callerNode: number,
): number {
  // The common case first, the same pick as below: the whole rotation, no split, zones or health.
  // Kept small so the request path inlines it within V8's default budget; the rest is apart.
  const load = svc.load;
  const spec = svc.spec;
  if (
    load.rotating !== 0 &&
    (load.all || load.tree !== null) &&
    svc.split === null &&
    svc.zoneRouting === null &&
    spec.outlierDetection === null &&
    spec.healthCheck === null &&
    spec.probes === null
  )
    return svc.balancer.pickAll(load, svc.balancerRng);
  return pickAny(svc, replicas, now, callerNode);
}

/** {@link pickReplica} in every case. */
function pickAny(
  svc: ServiceRuntime,
  replicas: readonly ReplicaRuntime[],
  now: number,
  callerNode: number,
): number {
  const load = svc.load;
  if (load.rotating === 0) return noEndpoint(svc, replicas);
  if (svc.split !== null) return pickVersion(svc, replicas, now, svc.split.choose());
  // The whole rotation at once: every slot, or an index that masks the rest itself.
  const whole = load.all || load.tree !== null;
  if (svc.zoneRouting !== null) {
    const slot = svc.zoneRouting.pick(callerNode, now);
    if (slot === ZONE_PANIC)
      return whole ? svc.balancer.pickAll(load, svc.balancerRng) : pickAmong(svc, inRotation(svc, replicas));
    if (slot !== ZONE_BLIND) return slot;
  }
  const spec = svc.spec;
  if (spec.outlierDetection === null && spec.healthCheck === null && spec.probes === null) {
    if (whole) return svc.balancer.pickAll(load, svc.balancerRng);
    return pickAmong(svc, inRotation(svc, replicas));
  }
  const eligible: number[] = [];
  svc.replicas.forEach((r, i) => {
    const rep = replicas[r];
    if (rep.lifecycle === SLOT_READY && rep.healthy && rep.ready && rep.ejectedUntil <= now) eligible.push(i);
  });
  if (eligible.length === 0 || eligible.length === load.rotating) {
    if (whole) return svc.balancer.pickAll(load, svc.balancerRng);
    return pickAmong(svc, eligible.length === 0 ? inRotation(svc, replicas) : eligible);
  }
  return pickAmong(svc, eligible);
}

function inRotation(svc: ServiceRuntime, replicas: readonly ReplicaRuntime[]): number[] {
  const slots: number[] = [];
  svc.replicas.forEach((r, i) => {
    if (replicas[r].lifecycle === SLOT_READY) slots.push(i);
  });
  return slots;
}

/** The balancer's pick among `slots` (positions behind the balancer), by their outstanding counts. */
function pickAmong(svc: ServiceRuntime, slots: readonly number[]): number {
  const sub = new Int32Array(slots.length);
  slots.forEach((i, k) => {
    sub[k] = svc.load.outstanding[i];
  });
  return slots[svc.balancer.pick(sub, svc.balancerRng)];
}

/**
 * The balancer's pick among the usable replicas of `version`; if it has none, among its replicas
 * in rotation; if none is in rotation, among every usable replica (a split never sends a request
 * nowhere).
 */
function pickVersion(
  svc: ServiceRuntime,
  replicas: readonly ReplicaRuntime[],
  now: number,
  version: number,
): number {
  const usable: number[] = [];
  const rotating: number[] = [];
  const any: number[] = [];
  svc.replicas.forEach((r, i) => {
    const rep = replicas[r];
    if (rep.lifecycle !== SLOT_READY) return;
    const ok = rep.healthy && rep.ready && rep.ejectedUntil <= now;
    if (ok) any.push(i);
    if (rep.version !== version) return;
    rotating.push(i);
    if (ok) usable.push(i);
  });
  if (usable.length > 0) return pickAmong(svc, usable);
  if (rotating.length > 0) return pickAmong(svc, rotating);
  return pickAmong(svc, any.length > 0 ? any : inRotation(svc, replicas));
}

/**
 * No replica in rotation (a big-bang rollout between the old set's drain and the new one's
 * start): the request goes nowhere that answers, an absent slot, and its caller learns it from
 * its timeout. Only a rollout empties the rotation; the autoscaler always keeps one replica.
 */
function noEndpoint(svc: ServiceRuntime, replicas: readonly ReplicaRuntime[]): number {
  const absent = svc.replicas.findIndex((r) => replicas[r].lifecycle === SLOT_ABSENT);
  return Math.max(absent, 0);
}
