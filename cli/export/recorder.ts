/**
 * Records the spans of a run for trace export: each attempt at a replica (arrival, start of work,
 * end of work, answer), each call (user requests, downstream calls, queue deliveries), and the
 * moments worth marking (refusals, timeouts, retries, hedges, deadlines).
 *
 * It listens through sim-core's {@link RunProbe}, the run's official observer: the engine's event
 * observer sees (time, kind, entity) only, which cannot tell which of a replica's concurrent jobs
 * an event belongs to, and attempts that start work or answer without an event of their own (a
 * free worker takes a job the moment it arrives; a zero-latency hop is delivered synchronously)
 * leave no event at all; the probe is called at each of those moments. It only reads what the
 * hooks hand it (and the world's clock and names), so the run, and its trace hash, are exactly
 * those of `faultline run` (a test checks this).
 *
 * What the probe does not say outright, the recorder derives: an attempt refused at admission is
 * answered without being admitted (a refusal moment, not a span); a replica crash ends the
 * recorder's own open attempts at that replica; an attempt still queued when its call ends was
 * cancelled by it (it ends with the call, as its caller gave up on it then, not when the replica
 * later skips it); a retry or hedge is announced just before it is sent, so its attempt number is
 * the call's count plus one.
 *
 * An attempt dropped by deadline-aware dequeue is answered `shed` and late: it ends so and is
 * marked as a shed, like one CoDel drops.
 *
 * Use: {@link createRecording}, pass its `probe` to `new Simulation(scenario, { seed, probe })`,
 * `attach` the simulation's world, run, `finish`.
 */
import {
  type Call,
  JOB_CANCELLED,
  type Job,
  ORIGIN_CLIENT,
  ORIGIN_QUEUE,
} from '../../sim-core/model/call.ts';
import { OUTCOMES } from '../../sim-core/model/outcome.ts';
import type { RunProbe } from '../../sim-core/model/probe.ts';
import type { ReplicaRuntime } from '../../sim-core/model/runtime.ts';
import type { World } from '../../sim-core/model/world.ts';
import { LeadershipRecorder, type LeadershipSpan } from './leadership.ts';

/** One call: a user request (client), a downstream call of an attempt (job), or a queue delivery. */
export interface CallSpan {
  /** Creation order of every recorded span and instant: the deterministic tie-breaker. */
  seq: number;
  id: number;
  /** Id of the user request (or queue delivery) this call is part of: what sampling keys on. */
  root: number;
  origin: 'client' | 'job' | 'queue';
  /** The calling node (a client, replica or queue node). */
  callerNode: number;
  /** The attempt that made this call (origin `job`), else null. */
  parent: AttemptSpan | null;
  /** The called service or queue. */
  target: string;
  startMs: number;
  /** null while the call is pending (closed at the run's end by the exporter). */
  endMs: number | null;
  outcome: string;
  attempts: number;
}

/** One attempt of a call at one replica. */
export interface AttemptSpan {
  seq: number;
  callId: number;
  root: number;
  attempt: number;
  /** Global replica index. */
  replica: number;
  /** The node that sent the attempt. */
  callerNode: number;
  tier: number;
  arrivedMs: number;
  /** When a worker took it; null if it never got one. */
  startedMs: number | null;
  /** When its own work ended (its downstream calls start then); null if it never got that far. */
  workDoneMs: number | null;
  endMs: number | null;
  /** An outcome name, or `crashed` (vanished with its replica) or `cancelled` (abandoned while queued). */
  outcome: string;
  /** Answered after its caller had given up (wasted work). */
  late: boolean;
  /** Downstream calls it made, in order. */
  children: CallSpan[];
  /** The store operation it coordinated (a service with a store), else null. */
  store: StoreSpan | null;
}

/** One store operation coordinated by an attempt's replica. */
export interface StoreSpan {
  f: 'read' | 'write';
  key: number;
  startMs: number;
  endMs: number;
  outcome: string;
  /** Replicas asked, acknowledgements or answers by completion, and how many it needed (W or R). */
  sent: number;
  replies: number;
  needed: number;
  /** A write's id (its value in the history); a read's returned write id (null: none). */
  value: number | null;
}

/** A moment: a refusal at a replica, or a timeout, retry, hedge or deadline at a caller. */
export interface InstantMark {
  seq: number;
  atMs: number;
  name: 'shed' | 'rejected' | 'rateLimited' | 'limited' | 'timeout' | 'retry' | 'hedge' | 'deadline';
  /** The node it happened at (the replica that refused, or the caller). */
  node: number;
  root: number;
  args: Record<string, string | number>;
}

export interface RecordedSpans {
  calls: CallSpan[];
  attempts: AttemptSpan[];
  instants: InstantMark[];
  /** Leader stores: each term a replica led, with its lease spans (never sampled). */
  leadership: LeadershipSpan[];
}

/** A recording in progress: the probe that feeds it, its spans so far, and how to close what is still open. */
export interface Recording {
  /** Pass it to the run: `new Simulation(scenario, { seed, probe: recording.probe })`. */
  readonly probe: RunProbe;
  /** Binds the recording to that run's world (its clock and names); before the run advances. */
  attach(world: World): void;
  spans: RecordedSpans;
  /** Closes every call and attempt still open at `endMs` (outcome `in flight`). */
  finish(endMs: number): RecordedSpans;
}

const REFUSALS = new Set(['shed', 'rejected', 'rateLimited', 'limited']);

/** Deterministic hash of a root call id to [0, 1): `--sample` keeps a root when it is below the rate. */
export function sampleUnit(root: number): number {
  let h = (root ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * A recording whose probe records the calls whose root passes `keep` (sampling; a call's spans
 * and those of everything it causes downstream stay together). Pass `probe` to the run's
 * `Simulation` and `attach` its world before the run advances.
 */
export function createRecording(keep: (root: number) => boolean): Recording {
  const leadership = new LeadershipRecorder();
  const recorded: RecordedSpans = { calls: [], attempts: [], instants: [], leadership: leadership.spans };
  let attached: World | null = null;
  const world = (): World => {
    if (attached === null) throw new Error('trace export: the recording was not attached to its world');
    return attached;
  };
  const now = () => world().engine.now;
  let seq = 0;
  const roots = new WeakMap<Call, number>();
  const rootOf = (call: Call): number => {
    let root = roots.get(call);
    if (root === undefined) {
      root = call.parent === null ? call.id : rootOf(call.parent.call);
      roots.set(call, root);
    }
    return root;
  };
  /** Open attempts (admitted, not yet answered, crashed or cancelled), by job. */
  const jobs = new Map<Job, AttemptSpan>();
  /** Every recorded attempt that was admitted: an answer to any other job is a refusal at admission. */
  const admitted = new WeakSet<Job>();
  const openAtReplica = new Map<number, Map<Job, AttemptSpan>>();
  const openByCall = new Map<Call, Job[]>();
  const calls = new Map<Call, CallSpan>();

  const targetName = (call: Call) => {
    const w = world();
    const edge = call.edge;
    return edge.toQueue ? w.messageQueues[edge.target].spec.name : w.services[edge.target].spec.name;
  };

  const closeAttempt = (job: Job, span: AttemptSpan, outcome: string) => {
    span.endMs = now();
    span.outcome = outcome;
    recorded.attempts.push(span);
    jobs.delete(job);
    openAtReplica.get(span.replica)?.delete(job);
    const list = openByCall.get(job.call);
    if (list !== undefined) {
      const i = list.indexOf(job);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) openByCall.delete(job.call);
    }
  };

  const mark = (name: InstantMark['name'], node: number, root: number, args: InstantMark['args']) => {
    recorded.instants.push({ seq: seq++, atMs: now(), name, node, root, args });
  };

  const probe: RunProbe = {
    callStarted(call) {
      const root = rootOf(call);
      if (!keep(root)) return;
      const span: CallSpan = {
        seq: seq++,
        id: call.id,
        root,
        origin: call.origin === ORIGIN_CLIENT ? 'client' : call.origin === ORIGIN_QUEUE ? 'queue' : 'job',
        callerNode: call.edge.callerNode,
        parent: call.parent === null ? null : (jobs.get(call.parent) ?? null),
        target: targetName(call),
        startMs: call.startedAt,
        endMs: null,
        outcome: 'pending',
        attempts: 0,
      };
      calls.set(call, span);
      recorded.calls.push(span);
      span.parent?.children.push(span);
    },

    callEnded(call) {
      const span = calls.get(call);
      if (span === undefined) return;
      calls.delete(call);
      span.endMs = now();
      span.outcome = OUTCOMES[call.outcome] ?? `outcome#${call.outcome}`;
      span.attempts = call.attempts;
      // Its attempts still queued were cancelled with it (the replica skips them later): they end here.
      const open = openByCall.get(call);
      if (open !== undefined) {
        for (const job of [...open]) {
          const s = jobs.get(job);
          if (s !== undefined && job.state === JOB_CANCELLED) closeAttempt(job, s, 'cancelled');
        }
      }
    },

    attemptAdmitted(job) {
      const root = rootOf(job.call);
      if (!keep(root)) return;
      const span: AttemptSpan = {
        seq: seq++,
        callId: job.call.id,
        root,
        attempt: job.attemptNo,
        replica: job.replica,
        callerNode: job.call.edge.callerNode,
        tier: job.call.tier,
        arrivedMs: now(),
        startedMs: null,
        workDoneMs: null,
        endMs: null,
        outcome: 'in flight',
        late: false,
        children: [],
        store: null,
      };
      jobs.set(job, span);
      admitted.add(job);
      let open = openAtReplica.get(job.replica);
      if (open === undefined) {
        open = new Map();
        openAtReplica.set(job.replica, open);
      }
      open.set(job, span);
      const list = openByCall.get(job.call);
      if (list === undefined) openByCall.set(job.call, [job]);
      else list.push(job);
    },

    workStarted(job) {
      const span = jobs.get(job);
      if (span !== undefined) span.startedMs = now();
    },

    storeOperation(job, op) {
      const span = jobs.get(job);
      if (span === undefined) return;
      span.store = {
        f: op.f,
        key: op.key,
        startMs: op.invokeMs,
        endMs: now(),
        outcome: op.unavailable ? 'unavailable' : (op.outcome ?? 'in flight'),
        sent: op.sent,
        replies: op.replies,
        needed: op.needed,
        value: op.f === 'write' ? op.writeId : (op.best?.writeId ?? null),
      };
    },

    storeLeadership(service, replica, term, leading) {
      leadership.leadership(service, replica, term, leading, now());
    },

    storeLease(service, replica, term, untilMs) {
      leadership.lease(service, replica, term, untilMs, now());
    },

    workDone(job) {
      const span = jobs.get(job);
      if (span !== undefined && span.workDoneMs === null) span.workDoneMs = now();
    },

    attemptAnswered(job, outcome, late) {
      const span = jobs.get(job);
      // Neither open nor refused: an attempt this recording already ended (or does not keep).
      if (span === undefined && admitted.has(job)) return;
      const root = span?.root ?? rootOf(job.call);
      if (!keep(root)) return;
      const name = OUTCOMES[outcome] ?? `outcome#${outcome}`;
      if (REFUSALS.has(name)) {
        const replica = world().replicas[job.replica];
        mark(name as InstantMark['name'], replica.node, root, {
          replica: replica.name,
          call: job.call.id,
          attempt: job.attemptNo,
        });
      }
      // Refused at admission: a moment (marked above), not a span.
      if (span === undefined) return;
      span.late = late;
      closeAttempt(job, span, name);
    },

    attemptCancelled(job) {
      // Normally already ended with its call; kept for a cancellation that did not come from one.
      const span = jobs.get(job);
      if (span !== undefined) closeAttempt(job, span, 'cancelled');
    },

    replicaCrashed(replica: ReplicaRuntime) {
      const open = openAtReplica.get(replica.index);
      if (open === undefined) return;
      for (const [job, span] of [...open]) closeAttempt(job, span, 'crashed');
    },

    callerMoment(kind, call, job) {
      const root = rootOf(call);
      if (!keep(root)) return;
      const node = call.edge.callerNode;
      if (kind === 'timeout') {
        const w = world();
        const to = job !== null && job.replica >= 0 ? w.replicas[job.replica].name : targetName(call);
        mark('timeout', node, root, { call: call.id, attempt: job?.attemptNo ?? call.attempts, to });
      } else if (kind === 'deadline') {
        mark('deadline', node, root, { call: call.id, to: targetName(call) });
      } else {
        // Announced just before the attempt is sent: it will be the call's next one.
        mark(kind, node, root, { call: call.id, attempt: call.attempts + 1, to: targetName(call) });
      }
    },
  };

  return {
    probe,
    attach(w: World): void {
      if (attached !== null && attached !== w)
        throw new Error('trace export: the recording is attached already');
      attached = w;
    },
    spans: recorded,
    finish(endMs: number): RecordedSpans {
      for (const span of [...jobs.values()].sort((a, b) => a.seq - b.seq)) {
        span.endMs = endMs;
        span.outcome = 'in flight';
        recorded.attempts.push(span);
      }
      jobs.clear();
      openAtReplica.clear();
      openByCall.clear();
      for (const c of recorded.calls) {
        if (c.endMs === null) {
          c.endMs = endMs;
          c.outcome = 'in flight';
        }
      }
      calls.clear();
      leadership.finish(endMs);
      return recorded;
    },
  };
}
