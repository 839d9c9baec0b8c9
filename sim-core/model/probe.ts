import type { StoreOp } from '../store/store-protocol.ts';
import type { Call, Job } from './call.ts';
import type { ReplicaRuntime } from './runtime.ts';

/**
 * An optional observer of a run's requests, for tools that need more than the event trace
 * (trace export, the lab's animation): every hook is called synchronously at the moment it
 * names and must not change anything. Without a probe the request path pays one null check.
 */
export interface RunProbe {
  /** A call starts (before any synchronous end). */
  callStarted?(call: Call): void;
  /** A call ends: called before its parent (or queue) hears of it. */
  callEnded?(call: Call): void;
  /** An attempt passed admission at its replica (queued or about to start work). */
  attemptAdmitted?(job: Job): void;
  /** A worker took the attempt. */
  workStarted?(job: Job): void;
  /** The attempt's own work ended (its downstream calls start now). */
  workDone?(job: Job): void;
  /** The replica answered (`late`: its caller had already given up). */
  attemptAnswered?(job: Job, outcome: number, late: boolean): void;
  /** A queued attempt was skipped because its caller cancelled it. */
  attemptCancelled?(job: Job): void;
  /** A replica crashed: its queued and running attempts vanish unanswered. */
  replicaCrashed?(replica: ReplicaRuntime): void;
  /** The store operation `job`'s replica coordinated ended (`op.outcome` says how), before the replica answers. */
  storeOperation?(job: Job, op: StoreOp): void;
  /**
   * A leader store's replica (slot `replica` of service `service`) began (`leading`) or stopped
   * leading `term`: stepped down, learnt a later term, or crashed.
   */
  storeLeadership?(service: number, replica: number, term: number, leading: boolean): void;
  /**
   * A leader store's leader of `term` holds its lease until `untilMs` (true time, as its clock runs
   * now): called when a majority acknowledgement moves the lease's end. Stores with a lease only.
   */
  storeLease?(service: number, replica: number, term: number, untilMs: number): void;
  /** A caller-side moment of a call (`job`: the attempt concerned, when there is one). */
  callerMoment?(kind: 'timeout' | 'retry' | 'hedge' | 'deadline', call: Call, job: Job | null): void;
}
