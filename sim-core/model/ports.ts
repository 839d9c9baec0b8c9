/**
 * How the request path's parts reach each other: the caller side, the callee side and the
 * message queues each see the others only through these few methods. The builder connects them
 * (`build.ts`); a unit test can connect a part to fakes.
 *
 * @module
 */
import type { Call, Job } from './call.ts';
import type { Edge } from './edge.ts';
import type { ClientRuntime, ReplicaRuntime } from './runtime.ts';

/** The caller side, as the callee side, the queues and the network see it. */
export interface CallerPort {
  /** Starts a call on `edge` (see `Caller.startCall`). */
  startCall(
    origin: number,
    client: number,
    tier: number,
    edge: Edge,
    parent: Job | null,
    slot: number,
    key: number,
    inheritedDeadline: number,
  ): Call;
  /** A message of this attempt was lost. */
  lost(job: Job): void;
  /** An answer reaches the caller (`viaNetwork`: it travelled, so a partition may stop it now). */
  onAnswer(job: Job, viaNetwork: boolean): void;
}

/** The callee side, as the caller and the network see it. */
export interface ServerPort {
  /** An attempt reaches its replica or queue. */
  arrive(job: Job, viaNetwork: boolean): void;
  /** A downstream call that `job` made ended. */
  onChildEnded(job: Job, child: Call): void;
  /** An attempt's outcome, for the target's outlier detection. */
  observeOutcome(replica: number, outcome: number): void;
  /** A probe or health check reaches its replica. */
  probeArrives(job: Job, viaNetwork: boolean): void;
  /** The autoscalers, told when a draining replica may have emptied (null: none in the run). */
  readonly scaling: { drainCheck(replica: ReplicaRuntime): void } | null;
}

/** The probers (`control/probes.ts`), as the callee side and the network see them. */
export interface ProberPort {
  /** A probe's answer reaches its prober (`viaNetwork`: a partition may stop it now). */
  onAnswer(job: Job, viaNetwork: boolean): void;
  /** The replica (re)started: its probes start over. */
  replicaStarted(replica: ReplicaRuntime): void;
}

/** The message queues, as the callee side and the caller see them. */
export interface QueuePort {
  /** A publish reaches its queue. */
  publish(job: Job, viaNetwork: boolean): void;
  /** A delivery call ended. */
  onDeliveryEnded(call: Call): void;
}

/** The workload, as the caller sees it. */
export interface ClientsPort {
  /** A user request of closed-loop client `c` ended. */
  requestEnded(c: ClientRuntime): void;
}
