/**
 * Recorded spans -> Chrome Trace Event JSON (the `{"traceEvents": [...]}` object form), which
 * Perfetto (ui.perfetto.dev) and chrome://tracing open.
 *
 * Layout:
 * - one process (pid) for the clients, one per service (in scenario order), one for the message
 *   queues (if any), and one, `faults`, for the fault timeline;
 * - threads (tid): every replica has a thread named after it (`api/0`); the JSON format only
 *   draws complete events that nest perfectly on a thread, so a replica working on several
 *   attempts at once gets more threads, `api/0 (2)`, `api/0 (3)`... (one per worker busy at the
 *   same time), and attempts waiting in its queue at once get `api/0 queued`, `api/0 queued (2)`...
 *   Clients (and queues) likewise get `users`, `users (2)`... for requests in flight at once.
 *   Lanes are assigned first-fit in time order, so the same run always gets the same layout;
 * - a replica hit by a chaos fault also gets `api/0 hits`, with a `crash (monkey)` or
 *   `partition (cut)` slice per hit of the result's control timeline (`summary.timeline`); the
 *   control plane's entries go there too (`not-ready (readiness)`, `restart (liveness)`: cat
 *   `control`);
 * - a leader store's replica that led gets `kv/3 leadership`: a slice per term it led
 *   (`leader term 2`, election to step-down), with the spans its lease held nested inside
 *   (`lease (term 2)`, true time, on the leader's own clock: cat `store`);
 * - a service with control-plane instants (`summary.controlEvents`: probes flipping readiness,
 *   restarts, and any other kind a control loop reports) gets an `api control` thread, first in
 *   its process, with an instant per event (scope `t`, cat `control`, named `kind api/2` or just
 *   `kind` for the service as a whole); one without a service lands on the faults thread (scope `g`);
 * - complete events (`ph: "X"`): per attempt at a replica `queued` (arrival -> a worker takes it)
 *   and `serve` (work starts -> answer), inside `serve` the attempt's own `work` and its downstream
 *   calls (`call db`) or, at a store, the operation it coordinated (`write k3`, `read k0`, with its
 *   outcome, value and replies); per user request `request api` on its client's thread; per queue delivery
 *   `deliver worker` on its queue's thread;
 * - instant events (`ph: "i"`): fault starts and ends (scope `g`); breaker transitions,
 *   refusals (`shed`, `rejected`, `rateLimited`, `limited`), `timeout`, `retry`, `hedge` and
 *   `deadline` (scope `p`, on the process of the node they happened at; `args.node` names it);
 * - metadata events (`ph: "M"`) naming and ordering every process and thread used.
 *
 * Times are simulated: `ts` and `dur` in microseconds (ms x 1000, to the nanosecond). Events are
 * sorted by `ts` (metadata first; at equal `ts`, an enclosing span before what it encloses).
 * `--window` keeps the events that overlap it (whole: spans are not cut); `--sample R` keeps the
 * user requests (and queue deliveries) whose id hashes below R, with everything they caused.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { World } from '../../sim-core/model/world.ts';
import type { AttemptSpan, CallSpan, InstantMark, RecordedSpans } from './recorder.ts';

/** A Chrome trace event. */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: 'X' | 'i' | 'M';
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: 'g' | 'p' | 't';
  args?: Record<string, unknown>;
}

/** A time window in simulated ms (either end may be open: -Infinity / Infinity). */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

export interface ExportOptions {
  window: TimeWindow | null;
  /** Fraction of user requests kept, in (0, 1]. */
  sample: number;
}

export interface ExportedTrace {
  /**
   * The JSON text, one event per line, ending with a newline: built when read, for small traces
   * and tests. The command streams it with {@link ExportedTrace.write} instead, so a trace of
   * millions of events is never one string.
   */
  readonly text: string;
  /** Hands the JSON text to `sink` in pieces of about 64 KiB, in order: the same bytes as `text`. */
  write(sink: (chunk: string) => void): void;
  /** Events written, by phase. */
  counts: { total: number; spans: number; instants: number; metadata: number };
}

/** Integer nanoseconds of a simulated time in ms: exact endpoints, so nesting survives rounding. */
const ns = (ms: number) => Math.round(ms * 1e6);
/** Trace time (µs) of integer nanoseconds. */
const us = (nanos: number) => nanos / 1000;

interface Span {
  seq: number;
  name: string;
  cat: string;
  startNs: number;
  endNs: number;
  args: Record<string, unknown>;
}

/** Threads of one node kind on a process: lanes by purpose, assigned first-fit. */
class Lanes {
  /** End (ns) of the last span of each lane. */
  private readonly ends: number[] = [];

  /** The first lane free at `startNs` (touching spans share a lane). */
  take(startNs: number, endNs: number): number {
    for (let i = 0; i < this.ends.length; i++) {
      if (this.ends[i] <= startNs) {
        this.ends[i] = endNs;
        return i;
      }
    }
    this.ends.push(endNs);
    return this.ends.length - 1;
  }

  get count(): number {
    return this.ends.length;
  }
}

const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;
const byStart = (a: Span, b: Span) => a.startNs - b.startNs || a.seq - b.seq;

/** Builds the trace of a finished recording. */
export function perfettoTrace(
  world: World,
  result: RunResult,
  recorded: RecordedSpans,
  options: ExportOptions,
): ExportedTrace {
  const fromNs = options.window === null ? Number.NEGATIVE_INFINITY : ns(options.window.fromMs);
  const toNs = options.window === null ? Number.POSITIVE_INFINITY : ns(options.window.toMs);
  const overlaps = (s: Span) => s.startNs <= toNs && s.endNs >= fromNs;
  const inWindow = (atNs: number) => atNs >= fromNs && atNs <= toNs;

  const C = world.clients.length;
  const R = world.replicas.length;
  const nodeKind = (node: number) => (node < C ? 'client' : node < C + R ? 'replica' : 'queue');

  // ---- processes
  const CLIENTS_PID = 1;
  const servicePid = (service: number) => 2 + service;
  const QUEUES_PID = 2 + world.services.length;
  const FAULTS_PID = QUEUES_PID + (world.messageQueues.length > 0 ? 1 : 0);
  const pidOfNode = (node: number) =>
    nodeKind(node) === 'client'
      ? CLIENTS_PID
      : nodeKind(node) === 'replica'
        ? servicePid(world.replicas[node - C].service)
        : QUEUES_PID;

  // ---- the spans, each placed on a lane of a thread group (a node's workers, its queue, or a caller).
  type Group = {
    key: string;
    pid: number;
    order: number[];
    name: string;
    lanes: Lanes;
    spans: [Span, number][];
  };
  const groups = new Map<string, Group>();
  const group = (key: string, pid: number, order: number[], name: string): Group => {
    let g = groups.get(key);
    if (g === undefined) {
      g = { key, pid, order, name, lanes: new Lanes(), spans: [] };
      groups.set(key, g);
    }
    return g;
  };
  const workersOf = (replica: number) => {
    const r = world.replicas[replica];
    return group(`w${replica}`, servicePid(r.service), [r.slot, 0], r.name);
  };
  const queueOf = (replica: number) => {
    const r = world.replicas[replica];
    return group(`q${replica}`, servicePid(r.service), [r.slot, 1], `${r.name} queued`);
  };
  // A replica's control-timeline hits (chaos crashes and partitions) get a thread of their own
  // under its workers: a partition overlaps the work it does not stop, which would not nest.
  const hitsOf = (replica: number) => {
    const r = world.replicas[replica];
    return group(`h${replica}`, servicePid(r.service), [r.slot, 2], `${r.name} hits`);
  };
  const callerGroup = (node: number) =>
    nodeKind(node) === 'client'
      ? group(`c${node}`, CLIENTS_PID, [node, 0], world.nodeNames[node])
      : group(`m${node}`, QUEUES_PID, [node, 0], world.nodeNames[node]);
  // Every node has its main thread, even when nothing of it is in the window: instants land there.
  for (const c of world.clients) callerGroup(c.node);
  for (let r = 0; r < R; r++) workersOf(r);
  for (const q of world.messageQueues) callerGroup(q.node);

  const nodeName = (node: number) => world.nodeNames[node];
  const attempts = [...recorded.attempts].sort(bySeq);

  // Serve spans first (their lanes decide where their work and downstream calls go).
  const serveLane = new Map<AttemptSpan, [Group, number, Span]>();
  const serves: [AttemptSpan, Span][] = [];
  const queued: [AttemptSpan, Span][] = [];
  for (const a of attempts) {
    const end = ns(a.endMs!);
    const args = {
      call: a.callId,
      request: a.root,
      attempt: a.attempt,
      from: nodeName(a.callerNode),
      outcome: a.outcome,
    };
    const waitEnd = a.startedMs === null ? end : ns(a.startedMs);
    const arrived = ns(a.arrivedMs);
    if (waitEnd > arrived || a.startedMs === null) {
      queued.push([
        a,
        { seq: a.seq, name: 'queued', cat: 'attempt', startNs: arrived, endNs: waitEnd, args },
      ]);
    }
    if (a.startedMs !== null) {
      const serveArgs = {
        ...args,
        queuedMs: a.startedMs - a.arrivedMs,
        ...(a.late ? { late: true } : {}),
      };
      serves.push([
        a,
        { seq: a.seq, name: 'serve', cat: 'attempt', startNs: waitEnd, endNs: end, args: serveArgs },
      ]);
    }
  }
  for (const [a, span] of serves.filter(([, s]) => overlaps(s)).sort(([, x], [, y]) => byStart(x, y))) {
    const g = workersOf(a.replica);
    const lane = g.lanes.take(span.startNs, span.endNs);
    g.spans.push([span, lane]);
    serveLane.set(a, [g, lane, span]);
  }
  for (const [a, span] of queued.filter(([, s]) => overlaps(s)).sort(([, x], [, y]) => byStart(x, y))) {
    const g = queueOf(a.replica);
    g.spans.push([span, g.lanes.take(span.startNs, span.endNs)]);
  }

  // Inside a serve span: its own work, then its downstream calls (cut to the serve span: a call
  // can outlive the attempt that made it, when a sibling failed fast or the replica crashed).
  for (const [a, [g, lane, serve]] of serveLane) {
    if (a.children.length === 0 && a.store === null) continue;
    if (a.workDoneMs !== null) {
      const work: Span = {
        seq: a.seq,
        name: 'work',
        cat: 'attempt',
        startNs: serve.startNs,
        endNs: Math.min(ns(a.workDoneMs), serve.endNs),
        args: { call: a.callId, request: a.root },
      };
      if (overlaps(work)) g.spans.push([work, lane]);
    }
    const op = a.store;
    if (op !== null) {
      const span: Span = {
        seq: a.seq,
        name: `${op.f} k${op.key}`,
        cat: 'store',
        startNs: Math.max(ns(op.startMs), serve.startNs),
        endNs: Math.min(ns(op.endMs), serve.endNs),
        args: {
          call: a.callId,
          request: a.root,
          outcome: op.outcome,
          value: op.value,
          sent: op.sent,
          replies: op.replies,
          needed: op.needed,
        },
      };
      if (overlaps(span)) g.spans.push([span, lane]);
    }
    for (const c of a.children) {
      const start = Math.max(ns(c.startMs), serve.startNs);
      const end = Math.min(ns(c.endMs!), serve.endNs);
      if (end < start) continue;
      const span = callSpan(c, start, end);
      if (end < ns(c.endMs!)) {
        span.args['cut'] = 'the call outlived the attempt that made it';
        span.args['endsAtMs'] = c.endMs;
      }
      if (overlaps(span)) g.spans.push([span, lane]);
    }
  }

  // The result's control timeline: a slice per hit on its replica's hits thread (not sampled).
  const replicaByNode = new Map(world.replicas.map((r, i) => [r.name, i]));
  result.summary.timeline.forEach((e, i) => {
    const replica = replicaByNode.get(e.node);
    if (replica === undefined) return;
    const span: Span = {
      seq: i,
      name: `${e.kind} (${e.source})`,
      cat: e.kind === 'crash' || e.kind === 'partition' ? 'fault' : 'control',
      startNs: ns(e.startMs),
      endNs: ns(e.endMs ?? result.simTimeMs),
      args: {
        fault: e.source,
        kind: e.kind,
        replica: e.node,
        startMs: e.startMs,
        endMs: e.endMs,
        ...(e.endMs === null ? { open: 'still in force when the run stopped' } : {}),
      },
    };
    if (!overlaps(span)) return;
    const g = hitsOf(replica);
    g.spans.push([span, g.lanes.take(span.startNs, span.endNs)]);
  });

  // A leader store's terms, one slice per term a replica led, with its lease spans nested inside,
  // on a thread of the replica's own (`kv/3 leadership`): not sampled, like the timeline.
  const seqBase = result.summary.timeline.length;
  for (const t of recorded.leadership) {
    const replica = world.services[t.service].replicas[t.replica];
    const r = world.replicas[replica];
    const toMs = t.toMs ?? result.simTimeMs;
    const term: Span = {
      seq: seqBase + 2 * t.seq,
      name: `leader term ${t.term}`,
      cat: 'store',
      startNs: ns(t.fromMs),
      endNs: ns(toMs),
      args: { term: t.term, replica: r.name, fromMs: t.fromMs, toMs, leases: t.leases.length },
    };
    if (!overlaps(term)) continue;
    const g = group(`L${replica}`, servicePid(r.service), [r.slot, 3], `${r.name} leadership`);
    const lane = g.lanes.take(term.startNs, term.endNs);
    g.spans.push([term, lane]);
    for (const l of t.leases) {
      const lease: Span = {
        seq: seqBase + 2 * t.seq + 1,
        name: `lease (term ${t.term})`,
        cat: 'store',
        startNs: ns(l.fromMs),
        endNs: ns(l.untilMs),
        args: { term: t.term, replica: r.name, fromMs: l.fromMs, untilMs: l.untilMs },
      };
      if (lease.endNs > lease.startNs && overlaps(lease)) g.spans.push([lease, lane]);
    }
  }

  // A control thread for each service with control-plane instants (whatever their kind).
  const serviceIndex = new Map(world.services.map((svc, i) => [svc.spec.name, i]));
  const controlGroup = (service: number) =>
    group(`k${service}`, servicePid(service), [-1, 0], `${world.services[service].spec.name} control`);
  const serviceOf = (e: { service: string | null }) =>
    e.service === null ? undefined : serviceIndex.get(e.service);
  for (const e of result.summary.controlEvents) {
    const service = serviceOf(e);
    if (service !== undefined) controlGroup(service);
  }

  function callSpan(c: CallSpan, startNs: number, endNs: number): Span {
    const verb = c.origin === 'client' ? 'request' : c.origin === 'queue' ? 'deliver' : 'call';
    return {
      seq: c.seq,
      name: `${verb} ${c.target}`,
      cat: 'call',
      startNs,
      endNs,
      args: { call: c.id, request: c.root, outcome: c.outcome, attempts: c.attempts },
    };
  }

  // User requests and queue deliveries, on their caller's lanes.
  const roots = recorded.calls
    .filter((c) => c.origin !== 'job')
    .map((c) => [c, callSpan(c, ns(c.startMs), ns(c.endMs!))] as const)
    .filter(([, s]) => overlaps(s))
    .sort(([, x], [, y]) => byStart(x, y));
  for (const [c, span] of roots) {
    const g = callerGroup(c.callerNode);
    g.spans.push([span, g.lanes.take(span.startNs, span.endNs)]);
  }

  // ---- threads: tids in display order within each process (a node's threads together).
  const tids = new Map<string, number[]>();
  const threads: { pid: number; tid: number; name: string }[] = [];
  const byPid = new Map<number, Group[]>();
  for (const g of groups.values()) byPid.set(g.pid, [...(byPid.get(g.pid) ?? []), g]);
  for (const [pid, list] of [...byPid].sort(([a], [b]) => a - b)) {
    list.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
    let next = 1;
    for (const g of list) {
      const ids: number[] = [];
      for (let lane = 0; lane < Math.max(1, g.lanes.count); lane++) {
        ids.push(next);
        threads.push({ pid, tid: next, name: lane === 0 ? g.name : `${g.name} (${lane + 1})` });
        next++;
      }
      tids.set(g.key, ids);
    }
  }
  const mainTid = (node: number) => {
    const key =
      nodeKind(node) === 'client' ? `c${node}` : nodeKind(node) === 'replica' ? `w${node - C}` : `m${node}`;
    return tids.get(key)![0];
  };

  // ---- events
  const body: { e: TraceEvent; seq: number; tsNs: number; durNs: number; rank: number }[] = [];
  for (const g of groups.values()) {
    const ids = tids.get(g.key)!;
    for (const [span, lane] of g.spans) {
      body.push({
        e: {
          name: span.name,
          cat: span.cat,
          ph: 'X',
          ts: us(span.startNs),
          dur: us(span.endNs - span.startNs),
          pid: g.pid,
          tid: ids[lane],
          args: span.args,
        },
        seq: span.seq,
        tsNs: span.startNs,
        durNs: span.endNs - span.startNs,
        rank: span.name === 'serve' ? 0 : span.name === 'work' ? 1 : 2,
      });
    }
  }
  const instant = (
    name: string,
    cat: string,
    atMs: number,
    pid: number,
    tid: number,
    scope: 'g' | 'p' | 't',
    args: Record<string, unknown>,
    seq: number,
  ) => {
    const t = ns(atMs);
    if (!inWindow(t)) return;
    body.push({
      e: { name, cat, ph: 'i', ts: us(t), pid, tid, s: scope, args },
      seq,
      tsNs: t,
      durNs: -1,
      rank: 3,
    });
  };
  const marks: InstantMark[] = [...recorded.instants].sort(bySeq);
  for (const m of marks) {
    instant(
      m.name,
      m.name === 'timeout' || m.name === 'retry' || m.name === 'hedge' || m.name === 'deadline'
        ? 'caller'
        : 'refusal',
      m.atMs,
      pidOfNode(m.node),
      mainTid(m.node),
      'p',
      { node: nodeName(m.node), request: m.root, ...m.args },
      m.seq,
    );
  }
  // Breaker transitions and faults come from the result (they are not sampled).
  let extra = Number.MAX_SAFE_INTEGER / 2;
  const nodeByName = new Map(world.nodeNames.map((n, i) => [n, i]));
  for (const [edge, e] of Object.entries(result.summary.edges)) {
    for (const t of e.breaker?.transitions ?? []) {
      const node = nodeByName.get(t.node);
      if (node === undefined) continue;
      instant(
        `breaker ${t.to}`,
        'breaker',
        t.atMs,
        pidOfNode(node),
        mainTid(node),
        'p',
        { edge, node: t.node, from: t.from, to: t.to },
        extra++,
      );
    }
  }
  const FAULTS_TID = 1;
  result.summary.faults.forEach((f, i) => {
    const args = {
      fault: f.name,
      kind: f.kind,
      state: f.state,
      recoveryMs: f.recoveryMs,
      metastable: f.metastable,
    };
    instant(
      `fault ${f.name} starts`,
      'fault',
      f.startMs,
      FAULTS_PID,
      FAULTS_TID,
      'g',
      { ...args, index: i },
      extra++,
    );
    if (f.endMs !== null)
      instant(
        `fault ${f.name} ends`,
        'fault',
        f.endMs,
        FAULTS_PID,
        FAULTS_TID,
        'g',
        { ...args, index: i },
        extra++,
      );
  });

  for (const e of result.summary.controlEvents) {
    const service = serviceOf(e);
    const node = service !== undefined && e.replica !== null ? `${e.service}/${e.replica}` : null;
    const args = {
      kind: e.kind,
      service: e.service,
      replica: e.replica,
      ...(node === null ? {} : { node }),
      source: e.source,
      detail: e.detail,
    };
    const name = node === null ? e.kind : `${e.kind} ${node}`;
    if (service === undefined) instant(name, 'control', e.atMs, FAULTS_PID, FAULTS_TID, 'g', args, extra++);
    else
      instant(name, 'control', e.atMs, servicePid(service), tids.get(`k${service}`)![0], 't', args, extra++);
  }

  body.sort(
    (a, b) =>
      a.tsNs - b.tsNs ||
      a.rank - b.rank ||
      b.durNs - a.durNs ||
      a.e.pid - b.e.pid ||
      a.e.tid - b.e.tid ||
      a.seq - b.seq,
  );

  // ---- metadata: every process and thread that exists (a thread per lane used, plus main threads).
  const processes: [number, string][] = [
    [CLIENTS_PID, 'clients'],
    ...world.services.map((s, i) => [servicePid(i), s.spec.name] as [number, string]),
  ];
  if (world.messageQueues.length > 0) processes.push([QUEUES_PID, 'queues']);
  processes.push([FAULTS_PID, 'faults']);
  const meta: TraceEvent[] = [];
  for (const [pid, name] of processes) {
    meta.push({ name: 'process_name', ph: 'M', ts: 0, pid, tid: 0, args: { name } });
    meta.push({ name: 'process_sort_index', ph: 'M', ts: 0, pid, tid: 0, args: { sort_index: pid } });
  }
  const allThreads = [...threads, { pid: FAULTS_PID, tid: FAULTS_TID, name: 'faults' }].sort(
    (a, b) => a.pid - b.pid || a.tid - b.tid,
  );
  for (const t of allThreads) {
    meta.push({ name: 'thread_name', ph: 'M', ts: 0, pid: t.pid, tid: t.tid, args: { name: t.name } });
    meta.push({
      name: 'thread_sort_index',
      ph: 'M',
      ts: 0,
      pid: t.pid,
      tid: t.tid,
      args: { sort_index: t.tid },
    });
  }

  const events = [...meta, ...body.map((b) => b.e)];
  const other = {
    scenario: result.scenario,
    title: result.title,
    seed: result.seed,
    traceHash: result.traceHash,
    simTimeMs: result.simTimeMs,
    stopReason: result.stopReason,
    window:
      options.window === null
        ? null
        : { fromMs: finite(options.window.fromMs), toMs: finite(options.window.toMs) },
    sample: options.sample,
    timeUnit: 'simulated time: 1 ms of simulation = 1 ms on the timeline',
  };
  const write = (sink: (chunk: string) => void) => {
    let pending = `{"displayTimeUnit":"ms","otherData":${JSON.stringify(other)},"traceEvents":[\n`;
    for (let i = 0; i < events.length; i++) {
      pending += (i === 0 ? '' : ',\n') + JSON.stringify(events[i]);
      if (pending.length >= CHUNK) {
        sink(pending);
        pending = '';
      }
    }
    sink(`${pending}\n]}\n`);
  };
  const instants = body.filter((b) => b.e.ph === 'i').length;
  return {
    get text() {
      const chunks: string[] = [];
      write((chunk) => chunks.push(chunk));
      return chunks.join('');
    },
    write,
    counts: { total: events.length, spans: body.length - instants, instants, metadata: meta.length },
  };
}

/** Characters gathered before a piece goes to the sink: few writes, and no giant string. */
const CHUNK = 64 * 1024;

const finite = (n: number) => (Number.isFinite(n) ? n : null);
