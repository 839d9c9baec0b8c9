import type { Engine } from '../engine/engine.ts';
import type { RandomStreams } from '../random/streams.ts';
import type { Scenario } from '../scenario/spec.ts';
import type { NodeClock } from './clock.ts';
import type { Edge } from './edge.ts';
import type { Payload } from './kinds.ts';
import type { Network } from './network.ts';
import type { RunProbe } from './probe.ts';
import type { ClientRuntime, MessageQueueRuntime, ReplicaRuntime, ServiceRuntime } from './runtime.ts';

/**
 * The system under simulation as state, and nothing else: the engine (time and pending
 * events), clients, services and their replicas, message queues, edges, the network and the
 * node clocks. `build.ts` makes it from a scenario; the caller side (`caller.ts`), the callee
 * side (`server.ts`) and the queues (`message-queues.ts`) act on it; faults act on it through
 * `faults/view.ts`.
 *
 * Nodes are numbered clients first, then replicas in service order, then queues, then the
 * probers of the services that have probes or health checks, then the failover monitors; the node
 * number is the `entity` of every event a node handles, so the trace hash names who acted.
 */
export interface World {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly engine: Engine<Payload>;
  readonly streams: RandomStreams;
  readonly network: Network;
  /** An optional observer of requests (trace export, animation); null: none. */
  readonly probe: RunProbe | null;
  readonly clients: ClientRuntime[];
  readonly services: ServiceRuntime[];
  readonly replicas: ReplicaRuntime[];
  readonly messageQueues: MessageQueueRuntime[];
  readonly edges: Edge[];
  /** Aggregated edge names (`caller group->target`), indexed by `Edge.group`. */
  readonly edgeGroups: string[];
  /** Per node: its name, network group and clock. */
  readonly nodeNames: string[];
  readonly nodeGroups: number[];
  readonly clocks: NodeClock[];
  /** Network groups: clients, then services, then queues, then the probers. */
  readonly groupNames: string[];
  /**
   * By service index: the node of its prober (load balancer and orchestrator, `<service>~prober`,
   * a group of its own after the queues), or -1 for a service without probes or health checks.
   */
  readonly proberNodes: number[];
  /**
   * By service index: the node of its failover monitor (`<service>~monitor`, a group of its own
   * after the probers), or -1 for a service without failover.
   */
  readonly monitorNodes: number[];
  /** Availability zones, in order of first mention in the scenario (a zone's index). */
  readonly zoneNames: string[];
  /** Per node: its zone index, -1 without one; empty when the scenario names no zone. */
  readonly nodeZones: number[];
  /** The id the next call gets (ids increase in creation order). */
  nextCallId: number;
  /** User requests (client calls) started and not yet ended: what `budget.maxInFlight` bounds. */
  userRequestsInFlight: number;
}
