import type { ReplicaRuntime, ServiceRuntime } from './runtime.ts';
import { ZONE_BLIND } from './zone-routing.ts';

/**
 * The load balancer's pick of a replica slot for a call from `callerNode`, skipping ejected and
 * unhealthy replicas (all of them if none is left: Envoy's panic mode). A zone-aware service
 * routes by zone first (`zone-routing.ts`) unless that routing says zone-blind.
 */
export function pickReplica(
  svc: ServiceRuntime,
  replicas: readonly ReplicaRuntime[],
  now: number,
  callerNode: number,
): number {
  if (svc.zoneRouting !== null) {
    const slot = svc.zoneRouting.pick(callerNode, now);
    if (slot !== ZONE_BLIND) return slot;
  }
  const spec = svc.spec;
  if (spec.outlierDetection === null && spec.healthCheck === null) {
    return svc.balancer.pick(svc.outstanding, svc.balancerRng);
  }
  const eligible: number[] = [];
  svc.replicas.forEach((r, i) => {
    const rep = replicas[r];
    if (rep.healthy && rep.ejectedUntil <= now) eligible.push(i);
  });
  if (eligible.length === 0 || eligible.length === svc.replicas.length) {
    return svc.balancer.pick(svc.outstanding, svc.balancerRng);
  }
  const sub = new Int32Array(eligible.length);
  eligible.forEach((i, k) => {
    sub[k] = svc.outstanding[i];
  });
  return eligible[svc.balancer.pick(sub, svc.balancerRng)];
}
