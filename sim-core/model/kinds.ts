/**
 * The model's event vocabulary: every event kind, its number and its payload.
 *
 * How an event is scheduled and handled: a component schedules `(time, kind, entity, payload)`
 * on the engine (`engine.at`/`engine.after`, or a node timer through the timer service), the
 * engine pops events in (time, band, sequence) order and calls the handler bound to the kind;
 * the builder (`build.ts`) binds each kind below to its handler.
 *
 * The numbers and names enter the trace hash, so the list is append only: a new kind goes at
 * the end with the next number, and no existing entry changes.
 *
 * @module
 */
import type { Engine, EventDispatcher, EventHandler } from '../engine/engine.ts';
import type { StoreMessage } from '../store/store-protocol.ts';
import type { Call, Job } from './call.ts';
import type { AlertRuntime } from './control/alerts.ts';
import type { FailoverMonitor, Heartbeat } from './control/failover.ts';
import type { ProbeLoop } from './control/probes.ts';
import type { LeaderEnvelope, LeaderTimerRef } from './leader-stores.ts';
import type { QueueMessage, ReplicaRuntime } from './runtime.ts';

/** A control event's action: a fault's start or end. */
export interface ControlAction {
  readonly apply: () => void;
}

/** A client's Poisson/constant/... arrival (entity: the client's node). */
export const ARRIVAL = 0;
/** A closed-loop user finished thinking (entity: the client's node). */
export const THINK_DONE = 1;
/** An attempt reaches its replica or queue (entity: that node). */
export const REQUEST_ARRIVES = 2;
/** A worker finished an attempt's own work (entity: the replica's node). */
export const WORK_DONE = 3;
/** An answer reaches the caller (entity: the caller's node). */
export const RESPONSE_ARRIVES = 4;
/** An attempt's own timeout fired (a node timer). */
export const ATTEMPT_TIMEOUT = 5;
/** A call's overall deadline passed. */
export const DEADLINE = 6;
/** A retry's backoff ended (a node timer). */
export const RETRY = 7;
/** The hedge delay passed (a node timer). */
export const HEDGE = 8;
/** A call waited for a bulkhead slot as long as it may (a node timer). */
export const BULKHEAD_TIMEOUT = 9;
/** The callee's cache answers a hit. */
export const CACHE_HIT = 10;
/** A service's health checks or one of its probes run (entity: the service's prober node). */
export const HEALTH_CHECK = 11;
/** A fault's start or end (in the control band). */
export const FAULT = 12;
/** A redelivered message becomes visible again (entity: the queue's node). */
export const QUEUE_VISIBLE = 13;
/** A synchronized herd of a `once` client (entity: the client's node). */
export const HERD = 14;
/** A probe or health check reaches its replica (entity: the replica's node). */
export const PROBE_ARRIVES = 15;
/** A probe's answer reaches the prober (entity: the prober's node). */
export const PROBE_ANSWERED = 16;
/** A probe was not answered within its timeout (entity: the prober's node). */
export const PROBE_TIMEOUT = 17;
/** A replica the orchestrator restarted is up again (entity: the replica's node). */
export const RESTARTED = 18;
/** An autoscaler's evaluation, a replica's provisioning end or drain timeout (a control action). */
export const AUTOSCALE = 19;
/** A burn-rate alert is evaluated (in the control band; entity: its SLO's client node or first replica node). */
export const ALERT_EVALUATION = 20;
/** A fired alert's action takes effect (in the control band; entity as for its evaluation). */
export const ALERT_ACTION = 21;
/** A store message (request, reply, repair) reaches its replica (entity: that replica's node). */
export const STORE_MESSAGE = 22;
/** A store operation's timeout fired at its coordinator (a node timer on the coordinator's clock). */
export const STORE_TIMEOUT = 23;
/** A store's replication lag is sampled at a bucket's end (entity: the store's first replica node). */
export const STORE_SAMPLE = 24;
/** A leader-based store's message (Raft RPC, forwarded request, response) arrives (entity: the receiving node). */
export const STORE_LEADER_MESSAGE = 25;
/** A leader-based store replica's election or heartbeat timer fired (a node timer on that replica's clock). */
export const STORE_LEADER_TIMER = 26;
// cp-failover: active-passive failover (control/failover.ts).
/** A failover monitor sends its heartbeats (entity: the service's monitor node). */
export const FAILOVER_TICK = 27;
/** A heartbeat reaches its replica, or its answer reaches the monitor (entity: the receiving node). */
export const HEARTBEAT_MESSAGE = 28;
/** A heartbeat was not answered within the detector's timeout (entity: the monitor node). */
export const HEARTBEAT_TIMEOUT = 29;
/** A detected failover's promotion time is over: the standby takes the active's place (a control action). */
export const FAILOVER_PROMOTION = 30;

// Deployments (control/rollout.ts).
/** A rollout's start, step, pause end, analysis measurement, provisioning end, drain timeout or rollback (a control action). */
export const ROLLOUT = 31;

/** Kind names, indexed by kind number (they enter the trace hash and name kinds in traces). */
export const KIND_NAMES = [
  'arrival',
  'think-done',
  'request-arrives',
  'work-done',
  'response-arrives',
  'attempt-timeout',
  'deadline',
  'retry',
  'hedge',
  'bulkhead-timeout',
  'cache-hit',
  'health-check',
  'fault',
  'queue-visible',
  'herd',
  'probe-arrives',
  'probe-answered',
  'probe-timeout',
  'restarted',
  'autoscale',
  'alert-evaluation',
  'alert-action',
  'store-message',
  'store-timeout',
  'store-sample',
  'store-leader-message',
  'store-leader-timer',
  // Active-passive failover.
  'failover-tick',
  'heartbeat-message',
  'heartbeat-timeout',
  'failover-promotion',
  // Deployments.
  'rollout',
] as const;

/** The payload each kind carries (undefined: the entity alone says everything). */
export interface Payloads {
  [ARRIVAL]: undefined;
  [THINK_DONE]: undefined;
  [REQUEST_ARRIVES]: Job;
  [WORK_DONE]: Job;
  [RESPONSE_ARRIVES]: Job;
  [ATTEMPT_TIMEOUT]: Job;
  [DEADLINE]: Call;
  [RETRY]: Call;
  [HEDGE]: Call;
  [BULKHEAD_TIMEOUT]: Call;
  [CACHE_HIT]: Call;
  [HEALTH_CHECK]: ProbeLoop;
  [FAULT]: ControlAction;
  [QUEUE_VISIBLE]: QueueMessage;
  [HERD]: undefined;
  [PROBE_ARRIVES]: Job;
  [PROBE_ANSWERED]: Job;
  [PROBE_TIMEOUT]: Job;
  [RESTARTED]: ReplicaRuntime;
  [AUTOSCALE]: ControlAction;
  [ALERT_EVALUATION]: AlertRuntime;
  [ALERT_ACTION]: AlertRuntime;
  [STORE_MESSAGE]: StoreMessage;
  [STORE_TIMEOUT]: Job;
  [STORE_SAMPLE]: undefined;
  [STORE_LEADER_MESSAGE]: LeaderEnvelope;
  [STORE_LEADER_TIMER]: LeaderTimerRef;
  [FAILOVER_TICK]: FailoverMonitor;
  [HEARTBEAT_MESSAGE]: Heartbeat;
  [HEARTBEAT_TIMEOUT]: Heartbeat;
  [FAILOVER_PROMOTION]: ControlAction;
  [ROLLOUT]: ControlAction;
}

/** Any event payload. */
export type Payload = Payloads[keyof Payloads] & object;

/** One handler per kind, each typed with its kind's payload. */
export type KindHandlers = { readonly [K in keyof Payloads]: (entity: number, payload: Payloads[K]) => void };

/**
 * Declares every kind on a fresh engine, in number order, with its handler. The handlers'
 * payload types are the one place a payload is narrowed: the kind number says which it is.
 */
export function bindKinds(engine: Engine<Payload>, handlers: KindHandlers): void {
  if (engine.kindCount !== 0) throw new Error('bindKinds: the engine already has event kinds');
  for (let kind = 0; kind < KIND_NAMES.length; kind++) {
    const handler = handlers[kind as keyof Payloads] as unknown as EventHandler<Payload>;
    engine.defineKind(KIND_NAMES[kind], handler);
  }
  engine.dispatchWith(requestPathDispatcher(engine, handlers));
}

/**
 * One function for every event: a switch over the request path's kinds, each calling its
 * handler from a call site of its own (monomorphic, so V8 inlines it); the rarer kinds go through
 * the engine's table. Same handlers, same order: only how the call is made changes.
 */
function requestPathDispatcher(engine: Engine<Payload>, h: KindHandlers): EventDispatcher<Payload> {
  const arrival = h[ARRIVAL];
  const thinkDone = h[THINK_DONE];
  const requestArrives = h[REQUEST_ARRIVES];
  const workDone = h[WORK_DONE];
  const responseArrives = h[RESPONSE_ARRIVES];
  const attemptTimeout = h[ATTEMPT_TIMEOUT];
  const deadline = h[DEADLINE];
  const retry = h[RETRY];
  return (kind, entity, ref) => {
    switch (kind) {
      case ARRIVAL:
        arrival(entity, ref as undefined);
        return;
      case THINK_DONE:
        thinkDone(entity, ref as undefined);
        return;
      case REQUEST_ARRIVES:
        requestArrives(entity, ref as Job);
        return;
      case WORK_DONE:
        workDone(entity, ref as Job);
        return;
      case RESPONSE_ARRIVES:
        responseArrives(entity, ref as Job);
        return;
      case ATTEMPT_TIMEOUT:
        attemptTimeout(entity, ref as Job);
        return;
      case DEADLINE:
        deadline(entity, ref as Call);
        return;
      case RETRY:
        retry(entity, ref as Call);
        return;
      default:
        engine.handlerOf(kind)(entity, ref);
    }
  };
}
