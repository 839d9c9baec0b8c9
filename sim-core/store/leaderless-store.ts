/**
 * A leaderless quorum store (Dynamo, DeCandia et al. SOSP 2007 §4.5; Cassandra's consistency
 * levels) on its own deterministic engine: N replicas, each client coordinates its own
 * operations. A write is sent to every reachable replica and acknowledged to the client after
 * W replicas applied it; a read asks R replicas (chosen uniformly at random among the
 * reachable ones) and returns the newest version among the R answers ("the record with the
 * most recent timestamp": DataStax driver docs, consistency levels). Versions are ordered
 * last-writer-wins by the writer's own clock reading, so a writer whose clock is behind loses.
 *
 * Messages take a one-way latency (base + per-replica extra + exponential jitter, drawn from
 * named streams). A partition cuts replicas off for a window: the coordinator's failure
 * detector sees it, and an operation that cannot reach W (R) replicas is refused at once and
 * counted `unavailable`. A disk stall keeps a replica reachable but stops it applying writes
 * (see {@link ReplicaState}). Optional read repair and hinted handoff; no siblings (LWW only).
 *
 * @module
 */
import { Engine } from '../engine/engine.ts';
import { NodeClock } from '../model/clock.ts';
import { exponentialDraw } from '../random/distributions/basic.ts';
import { RandomStreams } from '../random/streams.ts';
import type { HistoryLog } from './history.ts';
import { ReplicaState } from './replica-state.ts';
import { ReplicationLag } from './replication-lag.ts';
import { StoreAccounting } from './store-accounting.ts';
import type { Version } from './version.ts';
import { newerVersion } from './version.ts';
import { storeWorkload } from './workload.ts';

/** A scripted operation (unit tests and lessons that need an exact moment). */
export interface ScriptedOp {
  readonly atMs: number;
  readonly client: number;
  readonly f: 'read' | 'write';
  readonly key: number;
}

/** A leaderless store's configuration. */
export interface LeaderlessStoreConfig {
  readonly seed: number;
  readonly durationMs: number;
  readonly replicas: number;
  readonly readQuorum: number;
  readonly writeQuorum: number;
  /** One-way message latency: base + perReplicaMs[i] + Exp(jitterMeanMs). */
  readonly latency: {
    readonly baseMs: number;
    readonly jitterMeanMs: number;
    readonly perReplicaMs?: readonly number[];
  };
  /** Per-client clock (offset and drift as in NodeClock) and optional random workload. */
  readonly clients: readonly {
    readonly clockOffsetMs?: number;
    readonly drift?: number;
    /** Poisson operations per second (0 or absent: scripted only). */
    readonly opsPerSec?: number;
  }[];
  readonly keys: { readonly count: number; readonly zipf: number };
  /** Fraction of random operations that are reads. */
  readonly readRatio: number;
  /** An operation's timeout on its client's clock. */
  readonly opTimeoutMs: number;
  /**
   * Read repair (Dynamo §4.7, Cassandra): once a read has its R answers, the coordinator sends
   * the newest version to each answering replica that returned an older one.
   */
  readonly readRepair?: boolean;
  /**
   * Hinted handoff (Dynamo §4.6): the coordinator keeps a write for each replica it could not
   * reach and replays it when that replica's partition ends. Hints do not count towards W.
   */
  readonly hintedHandoff?: boolean;
  readonly ops?: readonly ScriptedOp[];
  readonly diskStalls?: readonly {
    readonly replica: number;
    readonly startMs: number;
    readonly endMs: number;
  }[];
  readonly partitions?: readonly {
    readonly replicas: readonly number[];
    readonly startMs: number;
    readonly endMs: number;
  }[];
  /** Bucket width of the series. */
  readonly bucketMs: number;
}

/** One finished operation, with what the coordinator counted. */
export interface OperationRecord {
  readonly client: number;
  readonly f: 'read' | 'write';
  readonly key: number;
  readonly invokeMs: number;
  readonly endMs: number;
  readonly outcome: 'ok' | 'fail' | 'info';
  /** Write: its id. Read: the write id returned (null: no value). */
  readonly value: number | null;
  /** Replicas the request went to. */
  readonly sent: number;
  /** Acks (write) or answers (read) received by completion. */
  readonly repliesAtCompletion: number;
  /** Acks or answers received by the end of the run (late ones included). */
  repliesTotal: number;
  readonly stale: boolean;
}

/** The store's summary (summary.stores.<name>) and series (series.stores.<name>). */
export interface StoreResult {
  readonly summary: {
    readonly reads: number;
    readonly writes: number;
    readonly staleReads: number;
    readonly lostWrites: number;
    readonly splitBrainWrites: number;
    readonly conflicts: number;
    readonly unavailable: number;
    readonly readYourWritesViolations: number;
    readonly monotonicReadViolations: number;
    readonly timedOut: number;
    /** Repair writes sent by reads (0 without `readRepair`). */
    readonly readRepairs: number;
    /** Hints kept for unreachable replicas and replayed at the partition's end (0 without `hintedHandoff`). */
    readonly hintsReplayed: number;
  };
  readonly series: {
    readonly readsPerSec: number[];
    readonly writesPerSec: number[];
    readonly staleReadsPerSec: number[];
    readonly lostWritesPerSec: number[];
    readonly splitBrainWritesPerSec: number[];
    readonly unavailablePerSec: number[];
    /** Per replica index: lag and applied writes at each bucket's end. */
    readonly replicas: readonly { readonly lagMs: number[]; readonly appliedVersion: number[] }[];
  };
  readonly operations: readonly OperationRecord[];
  readonly history: HistoryLog;
  readonly traceHash: string;
  /** Write id each replica holds per key at the end (null: none). */
  readonly held: (key: number) => (number | null)[];
}

interface Op {
  readonly client: number;
  readonly f: 'read' | 'write';
  readonly key: number;
  readonly invokeMs: number;
  readonly writeId: number;
  readonly version: Version | undefined;
  readonly needed: number;
  sent: number;
  replies: number;
  best: Version | undefined;
  /** A read's answers so far: the replica and the version it returned. */
  readonly answers: { readonly replica: number; readonly version: Version | undefined }[];
  done: boolean;
  timeout: number;
  record: OperationRecord | undefined;
}

/** What an engine event carries. */
interface StoreEvent {
  readonly op?: Op;
  readonly replica?: number;
  readonly scripted?: ScriptedOp;
  /** Read answers carry the replica's version. */
  readonly version?: Version;
  /** A disk stall's end (true time). */
  readonly stallEndMs?: number;
}

// Kinds 0 and 1: the workload's (see storeWorkload).
const AT_REPLICA = 2;
const REPLY = 3;
const OP_TIMEOUT = 4;
const STALL_END = 5;
const STALL_START = 6;
const SAMPLE = 7;
const REPAIR = 8;

/** Runs a leaderless store to `durationMs` and returns its accounting, history and hash. */
export function runLeaderlessStore(config: LeaderlessStoreConfig): StoreResult {
  const n = config.replicas;
  if (config.readQuorum < 1 || config.readQuorum > n) throw new RangeError(`readQuorum must be in 1..${n}`);
  if (config.writeQuorum < 1 || config.writeQuorum > n)
    throw new RangeError(`writeQuorum must be in 1..${n}`);
  const engine = new Engine<StoreEvent>();
  const streams = new RandomStreams(config.seed);
  const latencyRng = streams.stream('store/latency');
  const pickRng = streams.stream('store/read-replicas');
  const replicas = Array.from({ length: n }, (_, i) => new ReplicaState(i));
  const clocks = config.clients.map((c) => new NodeClock(c.clockOffsetMs ?? 0, c.drift ?? 0));
  const acc = new StoreAccounting(config.durationMs, config.bucketMs);
  const { oracle, series, buckets } = acc;
  const lag = new ReplicationLag(n, buckets);
  let conflicts = 0;
  let timedOut = 0;
  let readRepairs = 0;
  let hintsReplayed = 0;

  const reachable = (replica: number, t: number): boolean =>
    !(config.partitions ?? []).some((p) => t >= p.startMs && t < p.endMs && p.replicas.includes(replica));
  /** When the partitions cutting `replica` off at `t` are all over (true time). */
  const partitionEnd = (replica: number, t: number): number => {
    let end = t;
    for (const p of config.partitions ?? []) {
      if (p.replicas.includes(replica) && p.startMs <= end && p.endMs > end) end = p.endMs;
    }
    return end;
  };
  const delay = (replica: number): number => {
    const jitter =
      config.latency.jitterMeanMs > 0 ? exponentialDraw(latencyRng, config.latency.jitterMeanMs) : 0;
    return config.latency.baseMs + (config.latency.perReplicaMs?.[replica] ?? 0) + jitter;
  };

  const complete = (op: Op, outcome: 'ok' | 'fail' | 'info', value: number | null): void => {
    op.done = true;
    engine.cancel(op.timeout);
    const v = op.f === 'write' ? op.writeId : value;
    op.record = acc.completed(op, outcome, v, engine.now, op.sent, op.replies);
  };

  const invoke = (client: number, f: 'read' | 'write', key: number): void => {
    const now = engine.now;
    const isWrite = f === 'write';
    const writeId = acc.invoked(client, f, key, now);
    const version: Version | undefined = isWrite
      ? { timestampMs: clocks[client].localTime(now), writer: client, writeId }
      : undefined;
    const op: Op = {
      client,
      f,
      key,
      invokeMs: now,
      writeId,
      version,
      needed: isWrite ? config.writeQuorum : config.readQuorum,
      sent: 0,
      replies: 0,
      best: undefined,
      answers: [],
      done: false,
      timeout: -1,
      record: undefined,
    };
    if (isWrite) lag.writeInvoked(writeId, now);
    const up: number[] = [];
    for (let i = 0; i < n; i++) if (reachable(i, now)) up.push(i);
    if (up.length < op.needed) {
      acc.refused(now);
      complete(op, 'fail', null);
      return;
    }
    // Writes go to every reachable replica; reads to R of them, uniformly at random (a partial
    // Fisher-Yates shuffle on the coordinator's stream).
    let targets = up;
    if (!isWrite) {
      for (let i = 0; i < op.needed; i++) {
        const j = i + Math.floor(pickRng.next() * (up.length - i));
        const tmp = up[i];
        up[i] = up[j];
        up[j] = tmp;
      }
      targets = up.slice(0, op.needed);
    }
    if (isWrite && config.hintedHandoff === true && version !== undefined) {
      for (let i = 0; i < n; i++) {
        if (reachable(i, now)) continue;
        hintsReplayed++;
        engine.at(partitionEnd(i, now) + delay(i), REPAIR, i, { op, replica: i, version });
      }
    }
    for (const r of targets) {
      op.sent++;
      engine.after(delay(r), AT_REPLICA, r, { op, replica: r });
    }
    op.timeout = engine.after(clocks[client].trueDelay(config.opTimeoutMs), OP_TIMEOUT, client, { op });
  };

  const workload = storeWorkload(
    engine,
    '',
    config,
    streams,
    (scripted) => ({ scripted }),
    (ev) => ev?.scripted,
    invoke,
  );
  engine.defineKind('store-at-replica', (replica, ev) => {
    const op = ev?.op;
    if (op === undefined) return;
    const now = engine.now;
    if (!reachable(replica, now)) return; // cut off in flight: the message is lost
    const state = replicas[replica];
    if (op.version !== undefined) {
      const version = op.version;
      state.receive(now, op.key, version, () => {
        // Last-writer-wins discarded it: the replica already held a newer version.
        if (state.read(op.key) !== version) conflicts++;
        lag.applied(replica, version.writeId);
        engine.after(delay(replica), REPLY, op.client, { op, replica });
      });
      return;
    }
    engine.after(delay(replica), REPLY, op.client, { op, replica, version: state.read(op.key) });
  });
  engine.defineKind('store-reply', (_client, ev) => {
    const op = ev?.op;
    if (op === undefined) return;
    if (ev?.replica !== undefined && !reachable(ev.replica, engine.now)) return;
    op.replies++;
    if (op.record !== undefined) op.record.repliesTotal = op.replies;
    if (op.done) return;
    if (op.f === 'read' && ev?.replica !== undefined) {
      op.best = newerVersion(op.best, ev.version);
      op.answers.push({ replica: ev.replica, version: ev.version });
    }
    if (op.replies < op.needed) return;
    complete(op, 'ok', op.f === 'read' ? (op.best?.writeId ?? null) : op.writeId);
    const best = op.best;
    if (config.readRepair === true && best !== undefined) {
      for (const a of op.answers) {
        if (a.version === best) continue;
        readRepairs++;
        engine.after(delay(a.replica), REPAIR, a.replica, { op, replica: a.replica, version: best });
      }
    }
  });
  engine.defineKind('store-op-timeout', (_client, ev) => {
    const op = ev?.op;
    if (op === undefined || op.done) return;
    timedOut++;
    // A write that timed out may still apply: indeterminate. A read has no effect: it failed.
    complete(op, op.f === 'write' ? 'info' : 'fail', null);
  });
  engine.defineKind('store-stall-end', (replica) => replicas[replica].drainStalled());
  engine.defineKind('store-stall-start', (replica, ev) => {
    if (ev?.stallEndMs !== undefined) replicas[replica].stallUntil(ev.stallEndMs);
  });

  engine.defineKind('store-sample', (bucket) => lag.sample(bucket, engine.now));
  // A read repair or a replayed hint: a write sent to one replica, acknowledged to nobody.
  engine.defineKind('store-repair-write', (replica, ev) => {
    const version = ev?.version;
    if (ev?.op === undefined || version === undefined || !reachable(replica, engine.now)) return;
    replicas[replica].receive(engine.now, ev.op.key, version, () => lag.applied(replica, version.writeId));
  });

  for (const s of config.diskStalls ?? []) {
    engine.at(s.startMs, STALL_START, s.replica, { stallEndMs: s.endMs });
    engine.at(s.endMs, STALL_END, s.replica);
  }
  workload.start();
  // Lag is sampled at each bucket's end; the last bucket is sampled after the run.
  for (let b = 0; b + 1 < buckets; b++) engine.at((b + 1) * config.bucketMs, SAMPLE, b);
  engine.runUntil(config.durationMs);
  lag.sample(buckets - 1, config.durationMs);

  const held = (key: number): (number | null)[] => replicas.map((r) => r.read(key)?.writeId ?? null);
  const lostWrites = acc.finish(held);
  return {
    summary: {
      reads: acc.reads,
      writes: acc.writes,
      staleReads: oracle.staleReads,
      lostWrites,
      // No leader exists in a leaderless store, so no write is accepted by a deposed one.
      splitBrainWrites: 0,
      conflicts,
      unavailable: acc.unavailable,
      readYourWritesViolations: oracle.readYourWritesViolations,
      monotonicReadViolations: oracle.monotonicReadViolations,
      timedOut,
      readRepairs,
      hintsReplayed,
    },
    series: { ...series, replicas: lag.replicas },
    operations: acc.operations,
    history: acc.history,
    traceHash: engine.traceHash(),
    held,
  };
}
