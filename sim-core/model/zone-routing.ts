import type { ZoneAwareSpec } from '../scenario/spec.ts';
import { SLOT_ABSENT, SLOT_READY } from './replica-load.ts';
import type { ReplicaRuntime, ServiceRuntime } from './runtime.ts';
import type { World } from './world.ts';

/** The slot `pick` returns when the call is to be routed zone-blind (the plain balancer). */
export const ZONE_BLIND = -1;
/** The fleet is in panic (too few healthy replicas): the balancer picks over the whole rotation. */
export const ZONE_PANIC = -2;

/**
 * Zone-aware routing of the calls to one service, with the semantics of Envoy's zone aware
 * routing (Envoy docs, "Zone aware routing" and the cluster's `zone_aware_lb_config`):
 *
 * - The *originating cluster* is the caller's own fleet: the replicas of the calling service, or
 *   the clients that call this service (each client one host, as each is one Envoy). Healthy
 *   means what the load balancer filters on: the health-check flag and no outlier ejection (a
 *   client is healthy unless its zone is down).
 * - Preconditions: the caller has a zone, the service has at least `minClusterSize` replicas
 *   (`min_cluster_size`, 6), and neither the service nor the originating cluster is in panic
 *   (healthy percent below `panicThresholdPercent`, `healthy_panic_threshold`, 50). A service in
 *   panic takes calls on every replica, healthy or not, as Envoy's panic mode; otherwise a failed
 *   precondition routes zone-blind.
 * - With `up[z]` the service's healthy percent in the caller's zone z and `org[z]` the originating
 *   cluster's: if `up[z] >= org[z]` every call stays in zone z. Otherwise a share
 *   `up[z] / org[z]` stays and the rest spills to the other zones in proportion to their
 *   residual capacity `max(0, up[k] - org[k])`, so requests per replica stay even.
 * - Where Envoy draws a random number to split, each caller node keeps a smooth weighted
 *   round-robin over the zones' shares instead (the nginx algorithm): the split is exact over
 *   any window, deterministic, and draws nothing.
 * - `forceLocalZoneMinSize` (Envoy `force_local_zone`): while the caller's zone holds at least
 *   that many healthy replicas every call stays there, whatever the shares.
 * - Spill on load (ours, not Envoy's, which splits on host counts only): when the zone chosen holds
 *   at least `spillOutstandingPerReplica` outstanding attempts per healthy replica (the
 *   balancer's own view, `ServiceRuntime.outstanding`), the call goes to the zone holding the
 *   fewest per healthy replica, if that is fewer (ties: the first zone).
 *
 * Within the zone chosen the service's own balancer picks among its healthy replicas.
 */
export class ZoneRouting {
  private readonly zones: number;
  /** Per caller node, its smooth weighted round-robin state over the zones (made on first use). */
  private readonly current = new Map<number, Float64Array>();
  private readonly upHealthy: Float64Array;
  private readonly orgHealthy: Float64Array;
  private readonly share: Float64Array;
  private readonly load: Float64Array;

  constructor(
    private readonly spec: ZoneAwareSpec,
    private readonly svc: ServiceRuntime,
    private readonly w: World,
  ) {
    this.zones = w.zoneNames.length;
    this.upHealthy = new Float64Array(this.zones);
    this.orgHealthy = new Float64Array(this.zones);
    this.share = new Float64Array(this.zones);
    this.load = new Float64Array(this.zones);
  }

  /** The slot a call from `callerNode` goes to, or {@link ZONE_BLIND}. */
  pick(callerNode: number, now: number): number {
    const w = this.w;
    const svc = this.svc;
    const zone = callerNode < w.nodeZones.length ? w.nodeZones[callerNode] : -1;
    if (zone < 0 || inSet(svc, w) < this.spec.minClusterSize) return ZONE_BLIND;
    const up = this.upHealthy;
    const load = this.load;
    up.fill(0);
    load.fill(0);
    let healthy = 0;
    svc.replicas.forEach((r, slot) => {
      const z = w.nodeZones[w.replicas[r].node];
      if (z < 0 || !usable(w.replicas[r], now)) return;
      up[z]++;
      load[z] += svc.load.outstanding[slot];
      healthy++;
    });
    // No healthy replica at all: the balancer's own panic (every replica) decides.
    if (healthy === 0) return ZONE_BLIND;
    if (this.panics(healthy, inSet(svc, w))) return ZONE_PANIC;
    const org = this.orgHealthy;
    const orgTotal = this.originating(callerNode, now);
    if (orgTotal.healthy === 0 || this.panics(orgTotal.healthy, orgTotal.all)) return ZONE_BLIND;

    const force = this.spec.forceLocalZoneMinSize;
    if (force !== null && up[zone] >= force) return this.pickIn(this.spilledOnLoad(zone), now);
    let chosen = zone;
    const localUp = up[zone] / healthy;
    const localOrg = org[zone] / orgTotal.healthy;
    if (up[zone] === 0) chosen = this.spill(callerNode, zone, 0, healthy, orgTotal.healthy);
    else if (localUp < localOrg)
      chosen = this.spill(callerNode, zone, localUp / localOrg, healthy, orgTotal.healthy);
    return this.pickIn(this.spilledOnLoad(chosen), now);
  }

  /** `chosen`, or the least loaded zone when `chosen` holds the spill threshold per healthy replica. */
  private spilledOnLoad(chosen: number): number {
    const limit = this.spec.spillOutstandingPerReplica;
    if (limit === null) return chosen;
    const up = this.upHealthy;
    const load = this.load;
    for (let z = 0; z < this.zones; z++) if (up[z] > 0) load[z] /= up[z];
    if (load[chosen] < limit) return chosen;
    let least = -1;
    for (let z = 0; z < this.zones; z++) if (up[z] > 0 && (least < 0 || load[z] < load[least])) least = z;
    return load[least] < load[chosen] ? least : chosen;
  }

  /** A fleet is in panic when its healthy percent is below the threshold. */
  private panics(healthy: number, all: number): boolean {
    return healthy * 100 < this.spec.panicThresholdPercent * all;
  }

  /** Fills `orgHealthy` per zone with the caller's fleet; returns its healthy and total hosts. */
  private originating(callerNode: number, now: number): { healthy: number; all: number } {
    const w = this.w;
    const org = this.orgHealthy;
    org.fill(0);
    let healthy = 0;
    let all = 0;
    const count = (node: number, ok: boolean) => {
      all++;
      const z = w.nodeZones[node];
      if (!ok || z < 0) return;
      org[z]++;
      healthy++;
    };
    const group = w.nodeGroups[callerNode];
    if (group < w.clients.length) {
      const target = this.svc.spec.name;
      for (const c of w.clients) if (c.spec.target === target) count(c.node, c.stopped === 0);
    } else {
      const caller = w.services[group - w.clients.length];
      for (const r of caller.replicas) count(w.replicas[r].node, usable(w.replicas[r], now));
    }
    return { healthy, all };
  }

  /**
   * The zone of a call that may not all stay local: the local zone keeps `keep` (< 1) of the
   * caller's calls, the other zones share the rest by residual capacity. Smooth weighted
   * round-robin: every zone gains its share, the largest total wins and pays the whole (1).
   */
  private spill(callerNode: number, zone: number, keep: number, upTotal: number, orgTotal: number): number {
    const share = this.share;
    let residual = 0;
    for (let z = 0; z < this.zones; z++) {
      share[z] = z === zone ? 0 : Math.max(0, this.upHealthy[z] / upTotal - this.orgHealthy[z] / orgTotal);
      residual += share[z];
    }
    // No residual anywhere (the caller's zone has no healthy caller either): spread by healthy replicas.
    if (residual === 0)
      for (let z = 0; z < this.zones; z++) {
        share[z] = z === zone ? 0 : this.upHealthy[z] / upTotal;
        residual += share[z];
      }
    for (let z = 0; z < this.zones; z++) share[z] = z === zone ? keep : (share[z] / residual) * (1 - keep);
    let current = this.current.get(callerNode);
    if (current === undefined) {
      current = new Float64Array(this.zones);
      this.current.set(callerNode, current);
    }
    for (let z = 0; z < this.zones; z++) current[z] += share[z];
    // Only zones with a share now (health changes), ties to the local zone, then the first zone.
    let best = share[zone] > 0 ? zone : -1;
    for (let z = 0; z < this.zones; z++)
      if (share[z] > 0 && (best < 0 || current[z] > current[best])) best = z;
    current[best] -= 1;
    return best;
  }

  /** The balancer's pick among the healthy replicas of `zone` (zone-blind if it has none). */
  private pickIn(zone: number, now: number): number {
    const w = this.w;
    const svc = this.svc;
    const slots: number[] = [];
    svc.replicas.forEach((r, slot) => {
      if (w.nodeZones[w.replicas[r].node] === zone && usable(w.replicas[r], now)) slots.push(slot);
    });
    if (slots.length === 0) return ZONE_BLIND;
    const sub = new Int32Array(slots.length);
    slots.forEach((slot, k) => {
      sub[k] = svc.load.outstanding[slot];
    });
    return slots[svc.balancer.pick(sub, svc.balancerRng)];
  }
}

/** What the load balancer may send to: in rotation, healthy by its checks, ready by its probes, not ejected. */
function usable(rep: ReplicaRuntime, now: number): boolean {
  return rep.lifecycle === SLOT_READY && rep.healthy && rep.ready && rep.ejectedUntil <= now;
}

/** The service's replicas in its set (absent slots of an autoscaled service are not hosts). */
function inSet(svc: ServiceRuntime, w: World): number {
  let n = 0;
  for (const r of svc.replicas) if (w.replicas[r].lifecycle !== SLOT_ABSENT) n++;
  return n;
}
