import type { ControlEvent } from '../metrics/result.ts';
import type { TimelineStart } from '../metrics/sink.ts';
import type { NodeClock } from '../model/clock.ts';
import type { Edge } from '../model/edge.ts';
import type { ControlAction } from '../model/kinds.ts';
import type { LinkFault } from '../model/network.ts';
import type { ClientRuntime, ReplicaRuntime, ServiceRuntime } from '../model/runtime.ts';
import type { RandomStreams } from '../random/streams.ts';
import type { Scenario } from '../scenario/spec.ts';

/**
 * What a fault may touch, and how: where a fault acts. Faults read the model's shape (names,
 * groups, replicas, edges) to resolve their targets, change a replica's fault fields (latency,
 * error and corruption probabilities) directly, and act otherwise only through these verbs:
 * crash/restart, pause/resume, capacity, partitions and link overlays, clocks, client bursts,
 * and their own control events. The builder (`model/build.ts`, `faultView`) makes the view.
 */
export interface FaultView {
  readonly scenario: Scenario;
  readonly streams: RandomStreams;
  readonly clients: readonly ClientRuntime[];
  readonly services: readonly ServiceRuntime[];
  readonly replicas: readonly ReplicaRuntime[];
  readonly edges: readonly Edge[];
  readonly nodeNames: readonly string[];
  readonly nodeGroups: readonly number[];
  readonly groupNames: readonly string[];
  /** By service: its prober's node, -1 without probes (see `World.proberNodes`). */
  readonly proberNodes: readonly number[];
  readonly clocks: readonly NodeClock[];
  /** Availability zones by index, and each node's zone index (-1: none; empty: no zones at all). */
  readonly zoneNames: readonly string[];
  readonly nodeZones: readonly number[];
  /** Simulated time now, ms. */
  now(): number;
  /** Fail-stop: the replica's queued and in-flight work vanishes. */
  crash(replica: ReplicaRuntime): void;
  restart(replica: ReplicaRuntime): void;
  /** Stop-the-world: work that ends during the pause resumes after it. */
  pause(replica: ReplicaRuntime): void;
  resume(replica: ReplicaRuntime): void;
  /** A store replica's disk stops applying writes until true time `untilMs` (Infinity: the run's end). */
  diskStall(replica: ReplicaRuntime, untilMs: number): void;
  /** The stall ended: the replica applies what it queued. */
  diskStallEnd(replica: ReplicaRuntime): void;
  /** Workers of the replica now (capacity loss and its end). */
  setConcurrency(replica: ReplicaRuntime, workers: number): void;
  /** Starts (+1) or heals (-1) a partition from every node of `from` to every node of `to`. */
  partition(from: readonly number[], to: readonly number[], delta: 1 | -1): void;
  /** The fault overlay of a directed link between two network groups. */
  linkFault(fromGroup: number, toGroup: number): LinkFault;
  /** A node's clock stepped or changed rate: its pending timers are rescheduled. */
  clockChanged(node: number): void;
  /** `n` extra user requests of the client, now. */
  burst(client: ClientRuntime, n: number): void;
  /** The client's node is down (its zone crashed): it sends nothing until `resumeClient`. */
  stopClient(client: ClientRuntime): void;
  resumeClient(client: ClientRuntime): void;
  /** A control-plane instant now (see `MetricsSink.controlEvent`). */
  controlEvent(event: Omit<ControlEvent, 'atMs'>): void;
  /** Puts a hit on the run's control timeline (see `MetricsSink.timelineStarted`); returns its handle. */
  timelineStarted(entry: TimelineStart): number;
  /** The hit of `handle` is over. */
  timelineEnded(handle: number): void;
  /** Schedules a control event: it runs before ordinary events at the same instant. */
  scheduleControl(atMs: number, node: number, action: ControlAction): void;
}
