import type { Edge } from './edge.ts';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** A record's place in its run's pool (`record-pool.ts`): in use, free since this event, released. */
export const RECORD_LIVE = 0;
export const RECORD_SETTLING = 1;
export const RECORD_FREE = 2;

/** Who made a call: a client's user request, a job of a service, or a message queue's delivery. */
export const ORIGIN_CLIENT = 0;
export const ORIGIN_JOB = 1;
export const ORIGIN_QUEUE = 2;
/**
 * A probe or health check from a service's prober (`control/probes.ts`): never a user request,
 * never counted in a client's, edge's or service's request metrics.
 */
export const ORIGIN_PROBE = 3;

/**
 * A call is one logical request from a caller to a service, made of one or more attempts
 * (retries and hedges). A call whose origin is a client is a user request. Every call ends
 * exactly once (`outcome` goes from -1 to an outcome code and never changes again).
 */
export interface Call {
  /** Unique, increasing in creation order; also the idempotency key of the request. */
  readonly id: number;
  readonly origin: number;
  /** Index of the client whose user request this call serves (-1 for queue deliveries). */
  readonly client: number;
  readonly tier: number;
  /** The caller side of the edge: its policies and their state. */
  readonly edge: Edge;
  /** The job that made this call (origin job), or null. */
  readonly parent: Job | null;
  /** Position of this call in its parent's call list, or the message id for queue deliveries. */
  readonly slot: number;
  /** The key the request addresses (for caches), or -1. */
  readonly key: number;
  readonly startedAt: number;
  /** True time by which the whole call must end (Infinity: no deadline). */
  deadlineAt: number;
  /** Outcome code once ended, -1 while pending. */
  outcome: number;
  /** Handle of the overall-deadline timer, -1 when none. */
  deadlineTimer: number;
  /** Handle of a pending retry or hedge timer, -1 when none. */
  retryTimer: number;
  /** Attempts sent (or refused locally) so far. */
  attempts: number;
  /** Attempts in flight now. */
  inFlight: number;
  /** Cause of the most recent failed attempt. */
  lastCause: number;
  /** The previous backoff sleep (decorrelated jitter needs it). */
  previousSleepMs: number;
  /** Times the request's side effect was applied at a `writes` service. */
  applied: number;
  /** The latest attempt (the only one that can be open unless the call hedges). */
  current: Job | null;
  /** A retry was allowed and is backing off: the next attempt is a retry. */
  nextIsRetry: boolean;
  /** The latest attempt is a retry (not a first try or a hedge). */
  currentIsRetry: boolean;
  /** This call is the one fetch of its key for the callee's cache (it fills the entry when it ends). */
  fetch: boolean;
  /** Its jobs not yet released to the pool: the call is released once it ended and this is 0. */
  liveJobs: number;
  /** Where the record stands in its pool: RECORD_LIVE, RECORD_SETTLING or RECORD_FREE. */
  record: number;
}

/** Job states. */
export const JOB_NEW = 0;
export const JOB_QUEUED = 1;
export const JOB_RUNNING = 2;
export const JOB_CALLING = 3;
export const JOB_DONE = 4;
/** The attempt was abandoned (its call ended, e.g. a hedge lost): a queued one is skipped. */
export const JOB_CANCELLED = 5;

/**
 * One attempt of a call, as handled by one replica: it travels, queues, holds a worker, makes
 * its own downstream calls and answers.
 */
export interface Job {
  readonly call: Call;
  /** Global replica index that handles it. */
  readonly replica: number;
  /** 1 for the first attempt, 2 for the first retry or hedge... */
  readonly attemptNo: number;
  /** The replica's incarnation when the job arrived: a crash makes older jobs vanish. */
  epoch: number;
  /** Time the attempt was sent by the caller. */
  readonly sentAt: number;
  /** Arrival time at the replica. */
  arrivedAt: number;
  /** Time it got a worker. */
  startedAt: number;
  state: number;
  /** Handle of the per-attempt timeout at the caller, -1 when none. */
  timer: number;
  /** Handle of the work-done event, -1 when none (needed to pause work). */
  workTimer: number;
  /** Remaining work when paused. */
  remainingWorkMs: number;
  /** Downstream calls still awaited (parallel) or index of the next one (sequential). */
  pendingCalls: number;
  nextCall: number;
  /** Data version read on arrival (optimistic concurrency). */
  readVersion: number;
  /** The answer carries a fallback (degraded) or wrong (corrupt) value from somewhere below. */
  degraded: boolean;
  corrupt: boolean;
  /** This attempt is a retry (budgets account retries apart). */
  readonly isRetry: boolean;
  /** True while the caller still waits for this attempt. */
  open: boolean;
  /** True time by which the caller stops waiting (attempt timeout or call deadline): propagated downstream. */
  deadlineAt: number;
  /** Outcome this job answers with (set when it finishes). */
  outcome: number;
  /**
   * What holds the job besides its open caller: a message in transit, its replica (queued,
   * working or calling), each child call it made. Released to the pool once closed and 0.
   */
  holds: number;
  /** Where the record stands in its pool: RECORD_LIVE, RECORD_SETTLING or RECORD_FREE. */
  record: number;
}

/**
 * A new attempt of `call` to global replica `replica` (or `-1 - queue`), sent at `sentAt`, before
 * it travels: `spare` (a released record from the run's pool, see `record-pool.ts`) with every
 * field set again, or a fresh record. The call counts it live until it is released.
 */
export function newJob(
  call: Call,
  replica: number,
  sentAt: number,
  isRetry: boolean,
  deadlineAt: number,
  spare?: Job,
): Job {
  call.liveJobs++;
  // One shape for every job: a fresh record is the blank literal, then set like a recycled one
  // (record-pool.test.ts checks that the two are equal). The literal is a function of its own,
  // and listed once, so that newJob stays small enough for the request path to inline within
  // V8's default budget (which counts a callee's whole bytecode, cold branches too).
  const j = (spare ?? blankJob(call)) as Writable<Job>;
  j.call = call;
  j.replica = replica;
  j.attemptNo = call.attempts;
  j.epoch = 0;
  j.sentAt = sentAt;
  j.arrivedAt = 0;
  j.startedAt = 0;
  j.state = JOB_NEW;
  j.timer = -1;
  j.workTimer = -1;
  j.remainingWorkMs = 0;
  j.pendingCalls = 0;
  j.nextCall = 0;
  j.readVersion = 0;
  j.degraded = false;
  j.corrupt = false;
  j.isRetry = isRetry;
  j.open = true;
  j.deadlineAt = deadlineAt;
  j.outcome = -1;
  j.holds = 0;
  j.record = RECORD_LIVE;
  return j;
}

/** A job record before {@link newJob} sets it: every field, so that all jobs share one shape. */
function blankJob(call: Call): Job {
  return {
    call,
    replica: 0,
    attemptNo: 0,
    epoch: 0,
    sentAt: 0,
    arrivedAt: 0,
    startedAt: 0,
    state: JOB_NEW,
    timer: -1,
    workTimer: -1,
    remainingWorkMs: 0,
    pendingCalls: 0,
    nextCall: 0,
    readVersion: 0,
    degraded: false,
    corrupt: false,
    isRetry: false,
    open: true,
    deadlineAt: 0,
    outcome: -1,
    holds: 0,
    record: RECORD_LIVE,
  };
}

/**
 * A new call, pending, with no attempt yet (`previousSleepMs`: decorrelated jitter's first
 * "previous sleep"): `spare` (a released record from the run's pool) with every field set again,
 * or a fresh record. The call holds its parent job until it is released.
 */
export function newCall(
  id: number,
  origin: number,
  client: number,
  tier: number,
  edge: Edge,
  parent: Job | null,
  slot: number,
  key: number,
  startedAt: number,
  deadlineAt: number,
  previousSleepMs: number,
  spare?: Call,
): Call {
  if (parent !== null) parent.holds++;
  // As in newJob: a fresh record is the blank literal, then set like a recycled one.
  const c = (spare ?? blankCall(edge)) as Writable<Call>;
  c.id = id;
  c.origin = origin;
  c.client = client;
  c.tier = tier;
  c.edge = edge;
  c.parent = parent;
  c.slot = slot;
  c.key = key;
  c.startedAt = startedAt;
  c.deadlineAt = deadlineAt;
  c.outcome = -1;
  c.deadlineTimer = -1;
  c.retryTimer = -1;
  c.attempts = 0;
  c.inFlight = 0;
  c.lastCause = -1;
  c.previousSleepMs = previousSleepMs;
  c.applied = 0;
  c.current = null;
  c.nextIsRetry = false;
  c.currentIsRetry = false;
  c.fetch = false;
  c.liveJobs = 0;
  c.record = RECORD_LIVE;
  return c;
}

/** A call record before {@link newCall} sets it (as {@link blankJob}). */
function blankCall(edge: Edge): Call {
  return {
    id: 0,
    origin: 0,
    client: 0,
    tier: 0,
    edge,
    parent: null,
    slot: 0,
    key: 0,
    startedAt: 0,
    deadlineAt: 0,
    outcome: -1,
    deadlineTimer: -1,
    retryTimer: -1,
    attempts: 0,
    inFlight: 0,
    lastCause: -1,
    previousSleepMs: 0,
    applied: 0,
    current: null,
    nextIsRetry: false,
    currentIsRetry: false,
    fetch: false,
    liveJobs: 0,
    record: RECORD_LIVE,
  };
}

/** Where a rescheduled attempt timeout's handle goes (see `TimerService.set`). */
export function rehandleAttemptTimer(job: Job, handle: number): void {
  job.timer = handle;
}

/** Where a rescheduled deadline timer's handle goes. */
export function rehandleDeadline(call: Call, handle: number): void {
  call.deadlineTimer = handle;
}

/** Where a rescheduled retry, hedge or bulkhead-wait timer's handle goes (the call's one retry slot). */
export function rehandleRetryTimer(call: Call, handle: number): void {
  call.retryTimer = handle;
}
