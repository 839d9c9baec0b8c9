/**
 * A call is one logical request from a caller (a client, or a job of a service) to a service.
 * A call whose `parent` is null is a user request. A job is one attempt of a call being handled
 * by one replica: it queues, holds a worker, makes its own downstream calls and responds.
 */
export interface Call {
  /** Unique, increasing in creation order. */
  readonly id: number;
  /** Index of the client whose user request this call serves (for tier and per-client metrics). */
  readonly client: number;
  readonly tier: number;
  /** Index of the called service. */
  readonly service: number;
  /** Node that made the call (client node or replica node); its clock runs the timer. */
  readonly callerNode: number;
  /** The job that made this call, or null for a user request. */
  readonly parent: Job | null;
  /** Position of this call in its parent's call list. */
  readonly slot: number;
  readonly startedAt: number;
  /** Outcome code once ended (see outcome.ts), -1 while pending. */
  outcome: number;
  /** Handle of the timeout event, -1 when none is pending. */
  timer: number;
  /** The attempt in flight. */
  job: Job | null;
}

export const JOB_NEW = 0;
export const JOB_QUEUED = 1;
export const JOB_RUNNING = 2;
export const JOB_CALLING = 3;
export const JOB_DONE = 4;

export interface Job {
  readonly call: Call;
  /** Global replica index that handles it. */
  replica: number;
  /** Arrival time at the replica. */
  arrivedAt: number;
  state: number;
  /** Downstream calls still awaited (parallel) or index of the next one (sequential). */
  pendingCalls: number;
  nextCall: number;
  /** Outcome this job answers with (set when it finishes). */
  outcome: number;
}
