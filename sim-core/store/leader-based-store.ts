/**
 * A leader-based replicated store (Raft-like, primary-backup) on its own deterministic engine:
 * the standalone host of {@link LeaderNode}. It delivers the nodes' messages with a one-way
 * latency (base + per-link extra + exponential jitter, drawn from a named stream), fires the
 * timers they arm ON EACH NODE'S OWN CLOCK (offset, drift and steps of {@link NodeClock}), and
 * applies the faults: partitions between groups of endpoints (replicas and clients, optionally
 * one-way), crashes and restarts (persistent Raft state survives), clock steps and drift
 * changes, disk stalls. Clients issue reads and writes (scripted or Poisson) to the leader they
 * believe in, follow redirects, and time out on their own clocks.
 *
 * The accounting is omniscient and exact, with the same shapes as the leaderless store
 * ({@link StoreResult}, the Jepsen-shape {@link HistoryLog}, the {@link ConsistencyOracle}):
 * - `splitBrainWrites`: acknowledged writes that a leader of term T took in while a leader of a
 *   term later than T existed (at that instant, in true time);
 * - `lostWrites`: acknowledged writes no replica's log reflects at the end (crashed replicas'
 *   disks included);
 * - `conflicts`: log entries replicas discarded as conflicting with a leader's log;
 * - `unavailable`: operations refused for want of a known leader or a lease.
 *
 * @module
 */
import { Engine } from '../engine/engine.ts';
import { NodeClock } from '../model/clock.ts';
import { exponentialDraw } from '../random/distributions/basic.ts';
import { RandomStreams } from '../random/streams.ts';
import {
  LeaderNode,
  type LeaderProtocolConfig,
  type NodeOutput,
  type NodeTimer,
  RAFT_DEFAULT,
  type ReplicationMode,
  type StoreMessage,
} from './leader-node.ts';
import type { ScriptedOp, StoreResult } from './leaderless-store.ts';
import { type AccountedOp, StoreAccounting } from './store-accounting.ts';
import { storeWorkload } from './workload.ts';

/** A group of endpoints cut off from another (by default from every other endpoint). */
export interface StorePartition {
  readonly replicas: readonly number[];
  readonly clients?: readonly number[];
  /** The other side; absent: every endpoint not on this side. */
  readonly against?: { readonly replicas: readonly number[]; readonly clients?: readonly number[] };
  /** Only messages FROM this side are dropped. */
  readonly oneWay?: boolean;
  readonly startMs: number;
  readonly endMs: number;
}

/** A leader-based store's configuration. */
export interface LeaderStoreConfig {
  readonly seed: number;
  readonly durationMs: number;
  readonly replicas: number;
  /** `raft-default`: heartbeat 50 ms, election timeout uniform 150-300 ms. Explicit fields win. */
  readonly preset?: 'raft-default';
  readonly heartbeatMs?: number;
  readonly electionTimeoutMs?: { readonly min: number; readonly max: number };
  /** Lease length on the leader's clock (default: the minimum election timeout). */
  readonly leaseMs?: number;
  readonly replication: ReplicationMode;
  /** semi-sync: follower acknowledgements a write waits for (default 1). */
  readonly semiSyncAcks?: number;
  /** semi-sync: fall back to async after a write waited this long on the leader's clock (MySQL `rpl_semi_sync_master_timeout`). */
  readonly semiSyncTimeoutMs?: number;
  readonly fencing?: boolean;
  /** Pre-vote before each election (Raft thesis §9.6, etcd `PreVote`; default false). */
  readonly preVote?: boolean;
  /** A leader not hearing from a majority within an election timeout steps down (etcd `CheckQuorum`; default false). */
  readonly checkQuorum?: boolean;
  /** `cp` (default) refuses without a lease or a known leader; `ap` serves what a replica has. */
  readonly consistency?: 'cp' | 'ap';
  /** `leader` (default): reads go to the leader; `followers`: to the client's own replica. */
  readonly reads?: 'leader' | 'followers';
  /** One-way latency: base + perReplicaMs of each replica end + a link's extra + Exp(jitterMeanMs). */
  readonly latency: {
    readonly baseMs: number;
    readonly jitterMeanMs: number;
    readonly perReplicaMs?: readonly number[];
    readonly links?: readonly { readonly a: number; readonly b: number; readonly extraMs: number }[];
  };
  /** Per replica clock (NodeClock offset and drift). */
  readonly replicaClocks?: readonly { readonly offsetMs?: number; readonly drift?: number }[];
  readonly clients: readonly {
    readonly clockOffsetMs?: number;
    readonly drift?: number;
    readonly opsPerSec?: number;
    /** The replica this client contacts first and reads from with `reads: followers` (default client % replicas). */
    readonly replica?: number;
  }[];
  readonly keys: { readonly count: number; readonly zipf: number };
  readonly readRatio: number;
  readonly opTimeoutMs: number;
  readonly ops?: readonly ScriptedOp[];
  readonly diskStalls?: readonly {
    readonly replica: number;
    readonly startMs: number;
    readonly endMs: number;
  }[];
  readonly partitions?: readonly StorePartition[];
  readonly crashes?: readonly {
    readonly replica: number;
    readonly atMs: number;
    readonly restartMs?: number;
  }[];
  /** Clock faults: a step of the offset and/or a new drift from `atMs` on. */
  readonly clockFaults?: readonly {
    readonly replica: number;
    readonly atMs: number;
    readonly stepMs?: number;
    readonly drift?: number;
  }[];
  readonly bucketMs: number;
}

/** One leader's tenure: from its election to its step-down or crash (null: still leading at the end). */
export interface LeaderTerm {
  readonly term: number;
  readonly leader: number;
  readonly fromMs: number;
  toMs: number | null;
}

/** {@link StoreResult} plus the leadership story. */
export interface LeaderStoreResult extends StoreResult {
  readonly leadership: {
    readonly terms: readonly LeaderTerm[];
    /** Elections started (a candidate's term increment). */
    readonly elections: number;
    readonly redirects: number;
  };
}

interface Op extends AccountedOp {
  done: boolean;
  timeout: number;
}

interface HostEvent {
  readonly from?: number;
  /** When a message was sent (true time). */
  readonly sentMs?: number;
  readonly msg?: StoreMessage;
  readonly timer?: NodeTimer;
  readonly scripted?: ScriptedOp;
  readonly endMs?: number;
  readonly fault?: NonNullable<LeaderStoreConfig['clockFaults']>[number];
}

// Kinds 0 and 1: the workload's (see storeWorkload).
const DELIVER = 2;
const TIMER = 3;
const OP_TIMEOUT = 4;
const STALL_START = 5;
const STALL_END = 6;
const SAMPLE = 7;
const CRASH = 8;
const RESTART = 9;
const CLOCK_FAULT = 10;

const TIMERS: readonly NodeTimer[] = ['election', 'heartbeat', 'semi-sync'];

function oneOf<T extends string>(field: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value))
    throw new RangeError(`${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value;
}

function positive(field: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`${field} must be a number > 0, got ${value}`);
  return value;
}

function replicaIndex(field: string, value: number, n: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= n)
    throw new RangeError(`${field} must be a replica index in 0..${n - 1}, got ${value}`);
}

/**
 * The protocol parameters a configuration implies (preset, then explicit fields), after checking
 * the configuration: each error names the field and what it allows.
 */
export function leaderProtocolConfig(config: LeaderStoreConfig): LeaderProtocolConfig {
  const n = config.replicas;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`replicas must be an integer >= 1, got ${n}`);
  oneOf('preset', config.preset, ['raft-default'], 'raft-default');
  const replication = oneOf('replication', config.replication, ['sync', 'semi-sync', 'async'], 'sync');
  const consistency = oneOf('consistency', config.consistency, ['cp', 'ap'], 'cp');
  oneOf('reads', config.reads, ['leader', 'followers'], 'leader');
  const heartbeatMs = positive('heartbeatMs', config.heartbeatMs ?? RAFT_DEFAULT.heartbeatMs);
  const electionTimeoutMs = config.electionTimeoutMs ?? RAFT_DEFAULT.electionTimeoutMs;
  positive('electionTimeoutMs.min', electionTimeoutMs.min);
  if (!(electionTimeoutMs.max >= electionTimeoutMs.min))
    throw new RangeError(
      `electionTimeoutMs.max must be >= electionTimeoutMs.min (${electionTimeoutMs.min}), got ${electionTimeoutMs.max}`,
    );
  const leaseMs = positive('leaseMs', config.leaseMs ?? electionTimeoutMs.min);
  const semiSyncAcks = config.semiSyncAcks ?? 1;
  if (
    replication === 'semi-sync' &&
    !(Number.isInteger(semiSyncAcks) && semiSyncAcks >= 1 && semiSyncAcks <= n - 1)
  )
    throw new RangeError(
      `semiSyncAcks must be an integer in 1..${n - 1} (the followers), got ${semiSyncAcks}`,
    );
  config.clients.forEach((c, i) => {
    if (c.replica !== undefined) replicaIndex(`clients[${i}].replica`, c.replica, n);
  });
  const faults = { crashes: config.crashes, diskStalls: config.diskStalls, clockFaults: config.clockFaults };
  for (const [field, list] of Object.entries(faults)) {
    for (const [i, f] of (list ?? []).entries()) replicaIndex(`${field}[${i}].replica`, f.replica, n);
  }
  return {
    replicas: n,
    heartbeatMs,
    electionTimeoutMs,
    leaseMs,
    replication,
    semiSyncAcks,
    fencing: config.fencing ?? false,
    consistency,
    maxEntriesPerAppend: 64,
    ...(config.preVote === true ? { preVote: true } : {}),
    ...(config.checkQuorum === true ? { checkQuorum: true } : {}),
    ...(config.semiSyncTimeoutMs === undefined
      ? {}
      : { semiSyncTimeoutMs: positive('semiSyncTimeoutMs', config.semiSyncTimeoutMs) }),
  };
}

/** Runs a leader-based store to `durationMs` and returns its accounting, history, leadership and hash. */
export function runLeaderBasedStore(config: LeaderStoreConfig): LeaderStoreResult {
  const protocol = leaderProtocolConfig(config);
  const n = config.replicas;
  const engine = new Engine<HostEvent>();
  const streams = new RandomStreams(config.seed);
  const latencyRng = streams.stream('store/latency');
  const nodes = Array.from(
    { length: n },
    (_, i) => new LeaderNode(i, protocol, streams.stream(`store/election:${i}`)),
  );
  const clocks = nodes.map(
    (_, i) => new NodeClock(config.replicaClocks?.[i]?.offsetMs ?? 0, config.replicaClocks?.[i]?.drift ?? 0),
  );
  const up = new Array<boolean>(n).fill(true);
  const clientClocks = config.clients.map((c) => new NodeClock(c.clockOffsetMs ?? 0, c.drift ?? 0));
  const leaderHint = config.clients.map((c, i) => c.replica ?? i % n);
  const ops: Op[] = [];
  const buckets = Math.max(1, Math.ceil(config.durationMs / config.bucketMs));
  const acc = new StoreAccounting(n, buckets, config.bucketMs, true);
  const { lag } = acc;
  if (protocol.semiSyncTimeoutMs !== undefined) acc.semiSyncFallbacks = 0;
  const lagStarted = new Set<number>();
  /** Writes a leader took in while a later-term leader existed. */
  const acceptedInSplit = new Set<number>();
  const terms: LeaderTerm[] = [];
  const tenure: (LeaderTerm | null)[] = new Array<LeaderTerm | null>(n).fill(null);
  /** Per node and timer: the local deadline and the engine handle. */
  const timerAt = nodes.map(() => TIMERS.map(() => ({ localMs: 0, handle: -1 })));
  let redirects = 0;

  const onSide = (e: number, replicas: readonly number[], clients: readonly number[] | undefined): boolean =>
    e < n ? replicas.includes(e) : (clients ?? []).includes(e - n);
  const cut = (from: number, to: number, t: number): boolean => {
    for (const p of config.partitions ?? []) {
      if (t < p.startMs || t >= p.endMs) continue;
      const inSide = (e: number) => onSide(e, p.replicas, p.clients);
      const inOther = (e: number) =>
        p.against === undefined ? !inSide(e) : onSide(e, p.against.replicas, p.against.clients);
      if (inSide(from) && inOther(to)) return true;
      if (p.oneWay !== true && inSide(to) && inOther(from)) return true;
    }
    return false;
  };
  const extraOf = (e: number): number => (e < n ? (config.latency.perReplicaMs?.[e] ?? 0) : 0);
  const delay = (from: number, to: number): number => {
    let d = config.latency.baseMs + extraOf(from) + extraOf(to);
    for (const l of config.latency.links ?? []) {
      if ((l.a === from && l.b === to) || (l.a === to && l.b === from)) d += l.extraMs;
    }
    return config.latency.jitterMeanMs > 0 ? d + exponentialDraw(latencyRng, config.latency.jitterMeanMs) : d;
  };
  /** True time of each replica's latest crash. */
  const lastCrashMs = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  /**
   * A crash takes the machine's unsent and in-flight messages with it: what a replica sent before
   * its latest crash and had not arrived by then is lost (so an asynchronously replicated write
   * acknowledged just before a leader crash may exist nowhere else).
   */
  const crashedSince = (replica: number, sentMs: number): boolean => lastCrashMs[replica] >= sentMs;
  const send = (from: number, to: number, msg: StoreMessage): void => {
    engine.after(delay(from, to), DELIVER, to, { from, msg, sentMs: engine.now });
  };
  const newerLeaderThan = (term: number): boolean =>
    nodes.some((x, i) => up[i] && x.role === 'leader' && x.term > term);

  const trackLeadership = (i: number): void => {
    const node = nodes[i];
    const t = tenure[i];
    const leading = up[i] && node.role === 'leader';
    if (t !== null && (!leading || t.term !== node.term)) {
      t.toMs = engine.now;
      tenure[i] = null;
    }
    if (leading && tenure[i] === null) {
      const record: LeaderTerm = { term: node.term, leader: i, fromMs: engine.now, toMs: null };
      terms.push(record);
      tenure[i] = record;
    }
  };

  const apply = (i: number, out: NodeOutput): void => {
    const clock = clocks[i];
    const localNow = clock.localTime(engine.now);
    for (const t of out.timers) {
      const slot = timerAt[i][TIMERS.indexOf(t.timer)];
      engine.cancel(slot.handle);
      slot.handle = -1;
      if (t.localDelayMs === null) continue;
      slot.localMs = localNow + t.localDelayMs;
      slot.handle = engine.at(clock.trueTimeAt(slot.localMs), TIMER, i, { timer: t.timer });
    }
    for (const id of out.accepted) {
      if (newerLeaderThan(nodes[i].term)) acceptedInSplit.add(id);
      if (!lagStarted.has(id)) {
        lagStarted.add(id);
        lag.writeInvoked(id, ops[id - 1].invokeMs);
      }
    }
    for (const id of out.appended) if (lagStarted.has(id)) lag.applied(i, id);
    acc.conflicted(engine.now, out.truncated);
    if (out.semiSync === 'fallback') acc.semiSyncFallbacks = (acc.semiSyncFallbacks ?? 0) + 1;
    trackLeadership(i);
    for (const s of out.sends) send(i, s.to, s.msg);
  };

  const complete = (op: Op, outcome: 'ok' | 'fail' | 'info', value: number | null): void => {
    op.done = true;
    // Only a pending timeout: a spent handle may name a later event (handles wrap, see event-queue.ts).
    if (op.timeout !== -1) engine.cancel(op.timeout);
    op.timeout = -1;
    if (op.f === 'write' && outcome === 'ok' && acceptedInSplit.has(op.writeId))
      acc.splitBrainWrite(engine.now);
    op.replies = outcome === 'ok' ? 1 : 0;
    acc.completed(op, outcome, value, engine.now);
  };

  const sendRequest = (token: number, op: Op, to: number): void => {
    op.sent++;
    const followerRead = op.f === 'read' && config.reads === 'followers';
    send(n + op.client, to, {
      type: 'request',
      op: token,
      f: op.f,
      key: op.key,
      writeId: op.writeId,
      followerRead,
    });
  };

  const invoke = (client: number, f: 'read' | 'write', key: number): void => {
    const now = engine.now;
    const isWrite = f === 'write';
    const writeId = isWrite ? acc.newWrite(client, key, now) : 0;
    const op: Op = {
      client,
      process: client,
      f,
      key,
      invokeMs: now,
      writeId,
      sent: 0,
      replies: 0,
      done: false,
      timeout: -1,
    };
    ops.push(op);
    const token = ops.length;
    // Replicas owe a write only once a leader took it in (a refused one is owed by nobody).
    acc.invoked(op, false, false);
    const own = config.clients[client].replica ?? client % n;
    sendRequest(token, op, !isWrite && config.reads === 'followers' ? own : leaderHint[client]);
    op.timeout = engine.after(clientClocks[client].trueDelay(config.opTimeoutMs), OP_TIMEOUT, token);
  };

  const atClient = (client: number, msg: StoreMessage): void => {
    if (msg.type !== 'response') return;
    const op = ops[msg.op - 1];
    if (op === undefined || op.done) return;
    if (msg.outcome === 'ok') {
      complete(op, 'ok', op.f === 'write' ? op.writeId : msg.value);
      return;
    }
    if (msg.outcome === 'redirect' && msg.leader !== null && op.sent <= n) {
      redirects++;
      leaderHint[client] = msg.leader;
      sendRequest(msg.op, op, msg.leader);
      return;
    }
    // Refused before it was taken in: a definite failure, for want of a leader or a lease.
    acc.refused(op);
    complete(op, 'fail', null);
  };

  const workload = storeWorkload(
    engine,
    'leader-',
    config,
    streams,
    (scripted) => ({ scripted }),
    (ev) => ev?.scripted,
    invoke,
  );
  engine.defineKind('leader-store-deliver', (to, ev) => {
    const msg = ev?.msg;
    const from = ev?.from;
    if (msg === undefined || from === undefined || cut(from, to, engine.now)) return;
    if (from < n && crashedSince(from, ev?.sentMs ?? engine.now)) return;
    if (to >= n) {
      atClient(to - n, msg);
      return;
    }
    if (!up[to]) return;
    apply(to, nodes[to].step(from, msg, clocks[to].localTime(engine.now)));
  });
  engine.defineKind('leader-store-timer', (i, ev) => {
    const timer = ev?.timer;
    if (timer === undefined || !up[i]) return;
    timerAt[i][TIMERS.indexOf(timer)].handle = -1;
    apply(i, nodes[i].tick(timer, clocks[i].localTime(engine.now)));
  });
  engine.defineKind('leader-store-op-timeout', (token) => {
    const op = ops[token - 1];
    op.timeout = -1;
    if (op.done) return;
    acc.timedOut++;
    // A write that timed out may still apply: indeterminate. A read has no effect: it failed.
    complete(op, op.f === 'write' ? 'info' : 'fail', null);
  });
  engine.defineKind('leader-store-stall-start', (i) => {
    if (up[i]) apply(i, nodes[i].setStalled(true, clocks[i].localTime(engine.now)));
  });
  engine.defineKind('leader-store-stall-end', (i) => {
    if (up[i]) apply(i, nodes[i].setStalled(false, clocks[i].localTime(engine.now)));
  });
  engine.defineKind('leader-store-sample', (bucket) => lag.sample(bucket, engine.now));
  engine.defineKind('leader-store-crash', (i) => {
    if (!up[i]) return;
    up[i] = false;
    lastCrashMs[i] = engine.now;
    for (const slot of timerAt[i]) {
      engine.cancel(slot.handle);
      slot.handle = -1;
    }
    nodes[i].crash();
    trackLeadership(i);
  });
  engine.defineKind('leader-store-restart', (i) => {
    if (up[i]) return;
    up[i] = true;
    apply(i, nodes[i].start(clocks[i].localTime(engine.now)));
  });
  engine.defineKind('leader-store-clock-fault', (i, ev) => {
    const f = ev?.fault;
    if (f === undefined) return;
    const clock = clocks[i];
    if (f.stepMs !== undefined) clock.step(f.stepMs);
    if (f.drift !== undefined) clock.setDrift(engine.now, f.drift);
    // Timers are deadlines on the node's clock: a step or a new rate moves them in true time.
    TIMERS.forEach((timer, k) => {
      const slot = timerAt[i][k];
      if (!engine.cancel(slot.handle)) return;
      slot.handle = engine.at(clock.trueTimeAt(slot.localMs), TIMER, i, { timer });
    });
  });

  for (let i = 0; i < n; i++) apply(i, nodes[i].start(clocks[i].localTime(0)));
  for (const s of config.diskStalls ?? []) {
    engine.at(s.startMs, STALL_START, s.replica);
    engine.at(s.endMs, STALL_END, s.replica);
  }
  for (const c of config.crashes ?? []) {
    engine.at(c.atMs, CRASH, c.replica);
    if (c.restartMs !== undefined) engine.at(c.restartMs, RESTART, c.replica);
  }
  for (const f of config.clockFaults ?? []) engine.at(f.atMs, CLOCK_FAULT, f.replica, { fault: f });
  workload.start();
  for (let b = 0; b + 1 < buckets; b++) engine.at((b + 1) * config.bucketMs, SAMPLE, b);
  engine.runUntil(config.durationMs);
  lag.sample(buckets - 1, config.durationMs);

  const held = (key: number): (number | null)[] => nodes.map((x) => x.heldWrite(key));
  const { summary, series } = acc.result(held);
  return {
    summary,
    series,
    operations: acc.operations ?? [],
    history: acc.history,
    traceHash: engine.traceHash(),
    held,
    leadership: { terms, elections: nodes.reduce((sum, x) => sum + x.electionsStarted, 0), redirects },
  };
}
