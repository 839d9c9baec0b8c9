import type { FaultSpec } from '../scenario/fault-spec.ts';
import type { FaultActions } from './actions.ts';
import type { NetworkFaults } from './network-faults.ts';
import type { ReplicaFaults } from './replica-faults.ts';
import type { FaultTargets } from './targets.ts';
import type { FaultView } from './view.ts';

type ZoneOutageSpec = Extract<FaultSpec, { kind: 'zone-outage' }>;

/**
 * An availability-zone outage: every node of one zone fails at once, as when an AWS Availability
 * Zone loses power or its network (AWS: "Availability Zones are designed for physical redundancy
 * ... an outage is contained to one zone"; Envoy treats the zone's hosts as one locality).
 *
 * - `crash`: every replica in the zone crashes (queued and in-flight work lost, as a `crash`
 *   fault) and every client in the zone stops sending: its machines are gone with the zone.
 *   Requests a client already sent still end (answers or its own timeouts), so each request ends
 *   exactly once. At the end the replicas restart and the clients send again.
 * - `partition`: every node in the zone is cut off from every node outside it (other zones, nodes
 *   without a zone, queues), both ways, messages in flight included; inside the zone nodes still
 *   talk, and the zone's clients keep sending.
 *
 * Each replica hit goes on the control timeline (`crash` or `partition`, source = the fault's
 * name, ended with the fault); the start is a `zone-outage` control event (service null, detail:
 * `zone`, `mode`, and how many `replicas` and `clients` the zone holds). Neither enters the trace.
 * No random draws: the zone's members are fixed by the scenario.
 */
export function zoneOutageActions(
  w: FaultView,
  replicaFaults: ReplicaFaults,
  networkFaults: NetworkFaults,
  targets: FaultTargets,
  i: number,
  f: ZoneOutageSpec,
): FaultActions {
  const zone = w.zoneNames.indexOf(f.zone);
  if (zone < 0) {
    const known = w.zoneNames.length === 0 ? '(none)' : w.zoneNames.join(', ');
    throw targets.error(i, f, 'zone', `no zone "${f.zone}"; zones: ${known}`);
  }
  const inZone: number[] = [];
  const outside: number[] = [];
  w.nodeZones.forEach((z, node) => {
    (z === zone ? inZone : outside).push(node);
  });
  const replicas = w.replicas.filter((r) => w.nodeZones[r.node] === zone).map((r) => r.index);
  const clients = w.clients.filter((c) => w.nodeZones[c.node] === zone);
  const crash = f.mode === 'crash';
  const entries: number[] = [];
  return {
    // A zone listed but holding no node (more zones than replicas) fails with nothing in it.
    node: inZone[0] ?? 0,
    start: () => {
      w.controlEvent({
        kind: 'zone-outage',
        service: null,
        replica: null,
        source: f.name,
        detail: { zone: f.zone, mode: f.mode, replicas: replicas.length, clients: clients.length },
      });
      if (crash) {
        for (const r of replicas) replicaFaults.crash(r);
        for (const c of clients) w.stopClient(c);
      } else networkFaults.partition(inZone, outside);
      for (const r of replicas) {
        const replica = w.replicas[r];
        entries.push(
          w.timelineStarted({
            kind: f.mode,
            source: f.name,
            service: w.services[replica.service].spec.name,
            replica: replica.slot,
            node: replica.name,
          }),
        );
      }
    },
    end: () => {
      if (crash) {
        for (const r of replicas) replicaFaults.restart(r);
        for (const c of clients) w.resumeClient(c);
      } else networkFaults.heal(inZone, outside);
      for (const e of entries) w.timelineEnded(e);
      entries.length = 0;
    },
  };
}
