import type { ReplicaRuntime, ServiceRuntime } from './runtime.ts';

/**
 * The load balancer's pick of a replica slot, skipping ejected, unhealthy (health checks) and
 * not-ready (readiness probes, restarts) replicas (all of them if none is left: Envoy's panic mode).
 */
export function pickReplica(svc: ServiceRuntime, replicas: readonly ReplicaRuntime[], now: number): number {
  const spec = svc.spec;
  if (spec.outlierDetection === null && spec.healthCheck === null && spec.probes === null) {
    return svc.balancer.pick(svc.outstanding, svc.balancerRng);
  }
  const eligible: number[] = [];
  svc.replicas.forEach((r, i) => {
    const rep = replicas[r];
    if (rep.healthy && rep.ready && rep.ejectedUntil <= now) eligible.push(i);
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
