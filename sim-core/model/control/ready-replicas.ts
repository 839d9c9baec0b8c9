/**
 * `series.services.<s>.readyReplicas` with Kubernetes' meaning: a Deployment's `readyReplicas`
 * counts the pods whose Ready condition is true ("Pod is able to serve requests and should be
 * added to the load balancing pools of all matching Services", Kubernetes pod lifecycle docs):
 * the container runs (`up`), its startup probe has passed and its readiness probe passes
 * (`ready`, kept by `probes.ts`), and the pod belongs to the set (`SLOT_READY`: not provisioning,
 * draining, a standby or gone).
 *
 * Not counted against it: the balancer's own views. Envoy's outlier ejection and active health
 * checking (`ejectedUntil`, `healthy`) take a replica out of one caller's load-balancing set,
 * not out of the pod's Ready condition, so an ejected replica still counts as ready here, as
 * Kubernetes would report it. A paused replica (a GC pause) counts until its readiness probe fails.
 *
 * The count is recomputed when one of its inputs changes (a crash, a start, a readiness flip, a
 * promotion, a replica-set step): rare events, never per request. It is a metric only: no event
 * and no random draw, so trace hashes never move with it.
 *
 * @module
 */
import type { MetricsSink } from '../../metrics/sink.ts';
import { SLOT_READY } from '../replica-load.ts';
import type { ReplicaRuntime, ServiceRuntime } from '../runtime.ts';

/** The pod's Ready condition, as Kubernetes reports it (see the module comment). */
export function podReady(replica: ReplicaRuntime): boolean {
  return replica.lifecycle === SLOT_READY && replica.up && replica.ready;
}

/** The service's replicas whose Ready condition is true. */
export function readyReplicaCount(replicas: readonly ReplicaRuntime[], svc: ServiceRuntime): number {
  let ready = 0;
  for (const r of svc.replicas) if (podReady(replicas[r])) ready++;
  return ready;
}

/** Records the service's ready count after one of its replicas changed (a no-op if it did not move). */
export function reportReadyReplicas(
  replicas: readonly ReplicaRuntime[],
  svc: ServiceRuntime,
  metrics: MetricsSink,
  now: number,
): void {
  metrics.serviceReadyReplicas(svc.index, readyReplicaCount(replicas, svc), now);
}
