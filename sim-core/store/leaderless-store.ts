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
 * (see {@link ReplicaState}). Optional read repair, hinted handoff and siblings.
 *
 * @module
 */
import { Engine } from '../engine/engine.ts';
import { NodeClock } from '../model/clock.ts';
import { drawKey, zipfCdf } from '../model/keys.ts';
import { exponentialDraw } from '../random/distributions/basic.ts';
import { type RandomStream, RandomStreams } from '../random/streams.ts';
import { HashRing } from './hash-ring.ts';
import type { HistoryLog } from './history.ts';
import { LeaderlessCoordinator } from './leaderless-coordinator.ts';
import { StoreAccounting, type StoreSeries, type StoreSummary } from './store-accounting.ts';
import type { OperationRecord, StoreHost, StoreMessage, StoreOp } from './store-protocol.ts';

export type { OperationRecord } from './store-protocol.ts';

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
  /** Keep concurrent writes as siblings (Riak `allow_mult`) instead of last-writer-wins. */
  readonly siblings?: boolean;
  /**
   * Each key on `n` of the replicas only: its preference list on a consistent-hash ring of
   * `tokensPerReplica` (default 16) tokens per replica, named `store/<i>` (see `hash-ring.ts`).
   */
  readonly ring?: { readonly n: number; readonly tokensPerReplica?: number };
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

/** The store's summary, series, history and hash from one standalone run. */
export interface StoreResult {
  readonly summary: StoreSummary;
  readonly series: StoreSeries;
  readonly operations: readonly OperationRecord[];
  readonly history: HistoryLog;
  readonly traceHash: string;
  /** Write id each replica holds per key at the end (null: none). */
  readonly held: (key: number) => (number | null)[];
}

/** What an engine event carries. */
interface StoreEvent {
  readonly message?: StoreMessage;
  readonly op?: StoreOp;
  readonly scripted?: ScriptedOp;
  /** A disk stall's end (true time). */
  readonly stallEndMs?: number;
}

const OP_ARRIVAL = 0;
const SCRIPTED = 1;
const AT_REPLICA = 2;
const REPLY = 3;
const OP_TIMEOUT = 4;
const STALL_END = 5;
const STALL_START = 6;
const SAMPLE = 7;
const REPAIR = 8;

/**
 * Runs a leaderless store to `durationMs` and returns its accounting, history and hash. This is
 * the standalone host of {@link LeaderlessCoordinator}: each client coordinates its own
 * operations, messages take the configured latency, and the coordinator's failure detector
 * sees the configured partitions.
 */
export function runLeaderlessStore(config: LeaderlessStoreConfig): StoreResult {
  const n = config.replicas;
  const engine = new Engine<StoreEvent>();
  const streams = new RandomStreams(config.seed);
  const latencyRng = streams.stream('store/latency');
  const pickRng = streams.stream('store/read-replicas');
  const clocks = config.clients.map((c) => new NodeClock(c.clockOffsetMs ?? 0, c.drift ?? 0));
  const clientRngs = config.clients.map((_, i) => streams.stream(`store/client:${i}`));
  const cdf = zipfCdf(config.keys.count, config.keys.zipf);
  const buckets = Math.max(1, Math.ceil(config.durationMs / config.bucketMs));
  const accounting = new StoreAccounting(n, buckets, config.bucketMs, true);

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

  const host: StoreHost = {
    now: () => engine.now,
    reachable: (_op, replica) => reachable(replica, engine.now),
    send: (message) => {
      const kind = message.kind === 'request' ? AT_REPLICA : message.kind === 'reply' ? REPLY : REPAIR;
      const entity = message.kind === 'reply' ? message.op.client : message.replica;
      engine.after(delay(message.replica), kind, entity, { message });
    },
    handOff: (message) => {
      const at = partitionEnd(message.replica, engine.now) + delay(message.replica);
      engine.at(at, REPAIR, message.replica, { message });
    },
    armTimeout: (op) => {
      op.timeout = engine.after(clocks[op.client].trueDelay(config.opTimeoutMs), OP_TIMEOUT, op.client, {
        op,
      });
    },
    disarmTimeout: (op) => {
      // Only a pending timeout: a spent handle may name a later event (handles wrap, see event-queue.ts).
      if (op.timeout !== -1) engine.cancel(op.timeout);
      op.timeout = -1;
    },
    pick: () => pickRng.next(),
    completed: () => {},
  };
  const store = new LeaderlessCoordinator(
    {
      replicas: n,
      readQuorum: config.readQuorum,
      writeQuorum: config.writeQuorum,
      readRepair: config.readRepair === true,
      hintedHandoff: config.hintedHandoff === true,
      siblings: config.siblings === true,
      ...(config.ring === undefined
        ? {}
        : {
            ring: {
              n: config.ring.n,
              ring: new HashRing(
                Array.from({ length: n }, (_, i) => `store/${i}`),
                config.ring.tokensPerReplica ?? 16,
              ),
            },
          }),
    },
    host,
    accounting,
  );

  const invoke = (client: number, f: 'read' | 'write', key: number): void => {
    const timestampMs = clocks[client].localTime(engine.now);
    store.invoke({ client, process: client, coordinator: client, f, key, timestampMs, writer: client });
  };
  const scheduleArrival = (client: number): void => {
    const rate = config.clients[client].opsPerSec ?? 0;
    if (rate <= 0) return;
    const gap = exponentialDraw(clientRngs[client], 1000 / rate);
    engine.after(gap, OP_ARRIVAL, client);
  };
  /** A message reaches its end unless a partition now cuts the replica off (then it is lost). */
  const arrive = (ev: StoreEvent | undefined): void => {
    const message = ev?.message;
    if (message !== undefined && reachable(message.replica, engine.now)) store.deliver(message);
  };

  engine.defineKind('store-op-arrival', (client) => {
    const rng: RandomStream = clientRngs[client];
    const f = rng.next() < config.readRatio ? 'read' : 'write';
    invoke(client, f, drawKey(cdf, rng));
    scheduleArrival(client);
  });
  engine.defineKind('store-scripted-op', (_client, ev) => {
    const s = ev?.scripted;
    if (s !== undefined) invoke(s.client, s.f, s.key);
  });
  engine.defineKind('store-at-replica', (_replica, ev) => arrive(ev));
  engine.defineKind('store-reply', (_client, ev) => arrive(ev));
  engine.defineKind('store-op-timeout', (_client, ev) => {
    if (ev === undefined || ev.op === undefined) return;
    ev.op.timeout = -1;
    store.timedOut(ev.op);
  });
  engine.defineKind('store-stall-end', (replica) => store.replicas[replica].drainStalled());
  engine.defineKind('store-stall-start', (replica, ev) => {
    if (ev?.stallEndMs !== undefined) store.replicas[replica].stallUntil(ev.stallEndMs);
  });
  engine.defineKind('store-sample', (bucket) => accounting.lag.sample(bucket, engine.now));
  engine.defineKind('store-repair-write', (_replica, ev) => arrive(ev));

  for (const s of config.diskStalls ?? []) {
    engine.at(s.startMs, STALL_START, s.replica, { stallEndMs: s.endMs });
    engine.at(s.endMs, STALL_END, s.replica);
  }
  for (const s of config.ops ?? []) engine.at(s.atMs, SCRIPTED, s.client, { scripted: s });
  for (let c = 0; c < config.clients.length; c++) scheduleArrival(c);
  // Lag is sampled at each bucket's end; the last bucket is sampled after the run.
  for (let b = 0; b + 1 < buckets; b++) engine.at((b + 1) * config.bucketMs, SAMPLE, b);
  engine.runUntil(config.durationMs);
  accounting.lag.sample(buckets - 1, config.durationMs);

  const held = (key: number): (number | null)[] => store.held(key);
  const { summary, series } = accounting.result(held);
  return {
    summary,
    series,
    operations: accounting.operations ?? [],
    history: accounting.history,
    traceHash: engine.traceHash(),
    held,
  };
}
