import { Engine } from '../../../sim-core/engine/engine.ts';
import type { MetricsSink } from '../../../sim-core/metrics/sink.ts';
import { type Call, type Job, newCall, newJob, ORIGIN_JOB } from '../../../sim-core/model/call.ts';
import { NodeClock } from '../../../sim-core/model/clock.ts';
import type { GuardContext, GuardHost } from '../../../sim-core/model/edge/guard.ts';
import { Edge } from '../../../sim-core/model/edge.ts';
import type { Payload } from '../../../sim-core/model/kinds.ts';
import { TimerService } from '../../../sim-core/model/timers.ts';
import { RandomStreams } from '../../../sim-core/random/streams.ts';
import { type CallPolicySpec, NO_CALL_POLICY } from '../../../sim-core/scenario/policy-spec.ts';

/**
 * Small fakes for unit tests of the model's parts, with no world: a metrics sink that logs its
 * calls as `method arg arg...`, a timer service on one node's clock over a bare engine, edges,
 * calls and jobs as plain records.
 */
export function fakeMetrics(): { sink: MetricsSink; log: string[] } {
  const log: string[] = [];
  const sink = new Proxy(
    {},
    {
      get:
        (_, name) =>
        (...args: unknown[]) => {
          log.push([String(name), ...args].join(' '));
        },
    },
  ) as MetricsSink;
  return { sink, log };
}

export function bareTimers(nodes = 1): {
  engine: Engine<Payload>;
  timers: TimerService;
  clocks: NodeClock[];
} {
  const engine = new Engine<Payload>();
  for (let k = 0; k < 15; k++) engine.defineKind(`k${k}`, () => {});
  const clocks = Array.from({ length: nodes }, () => new NodeClock());
  return { engine, timers: new TimerService(engine, clocks), clocks };
}

/** A caller policy with nothing on, plus `extra`. */
export function policy(extra: Partial<CallPolicySpec> = {}): CallPolicySpec {
  return { ...NO_CALL_POLICY, ...extra };
}

/** Edge 0 (`users->api`, group 0) from node 0 to service 0. */
export function edge(p: CallPolicySpec): Edge {
  return new Edge(
    0,
    'users->api',
    0,
    0,
    0,
    false,
    p,
    new RandomStreams(1).stream('edge:users->api/jitter'),
    false,
  );
}

/** A guard context over fakes; the host logs `resume id index` and `refuse id cause index`. */
export function guardContext(): GuardContext & {
  log: string[];
  hostLog: string[];
  engine: Engine<Payload>;
} {
  const { sink, log } = fakeMetrics();
  const { engine, timers } = bareTimers();
  const hostLog: string[] = [];
  const host: GuardHost = {
    resume: (call, index) => hostLog.push(`resume ${call.id} ${index}`),
    refuse: (call, cause, index) => hostLog.push(`refuse ${call.id} ${cause} ${index}`),
  };
  return {
    metrics: sink,
    timers,
    streams: new RandomStreams(1),
    host,
    now: () => engine.now,
    nodeName: () => 'users',
    log,
    hostLog,
    engine,
  };
}

let nextId = 0;

/** A call on `e`, as the caller starts it. */
export function call(e: Edge, extra: Partial<Call> = {}): Call {
  const c = newCall(nextId++, ORIGIN_JOB, 0, 0, e, null, 0, -1, 0, Number.POSITIVE_INFINITY, 0);
  c.attempts = 1;
  return Object.assign(c, extra);
}

/** An attempt of `c` sent at `sentAt` to replica `replica`. */
export function job(c: Call, replica = 0, sentAt = 0): Job {
  return newJob(c, replica, sentAt, false, c.deadlineAt);
}
