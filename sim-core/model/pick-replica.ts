import { SLOT_READY } from './replica-load.ts';
import type { ReplicaRuntime, ServiceRuntime } from './runtime.ts';
import { ZONE_BLIND, ZONE_PANIC } from './zone-routing.ts';

/**
 * The load balancer's pick of a replica slot for a call from `callerNode` among those in rotation
 * (READY: not provisioning, draining or absent), skipping ejected, unhealthy (health checks) and
 * not-ready (readiness probes, restarts) replicas (all of the rotation if none is left: Envoy's
 * panic mode). A zone-aware service routes by zone first (`zone-routing.ts`) unless that routing
 * says zone-blind.
 */
export function pickReplica(
  svc: ServiceRuntime,
  replicas: readonly ReplicaRuntime[],
  now: number,
  callerNode: number,
): number {
  const load = svc.load;
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
