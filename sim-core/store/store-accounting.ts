import { ConsistencyOracle } from './consistency-oracle.ts';
import { HistoryLog } from './history.ts';
import { ReplicationLag } from './replication-lag.ts';
import type { OperationRecord, StoreOp } from './store-protocol.ts';

/** The store's summary (summary.stores.<name>). */
export interface StoreSummary {
  /** Reads coordinated (invoked at a coordinator). */
  reads: number;
  writes: number;
  /** Reads that returned a version older than the newest write acknowledged before the read began. */
  staleReads: number;
  /** Acknowledged writes that no replica reflects at the end (neither they nor a write ordered after them). */
  lostWrites: number;
  /** Acknowledged writes a leader took in while a leader of a later term existed (always 0 for leaderless stores). */
  splitBrainWrites: number;
  /** Replica applications that last-writer-wins discarded (the replica held a newer version). */
  conflicts: number;
  /** Operations refused at once: fewer than R (W) replicas reachable. */
  unavailable: number;
  /** Stale reads counting only the reading client's own acknowledged writes. */
  readYourWritesViolations: number;
  /** Reads older than what an earlier completed read of the same client and key returned. */
  monotonicReadViolations: number;
  /** Operations the coordinator's timeout ended (a write then is indeterminate). */
  timedOut: number;
  /** Repair writes sent by reads (0 without `readRepair`). */
  readRepairs: number;
  /** Hints kept for unreachable replicas and replayed at the partition's end (0 without `hintedHandoff`). */
  hintsReplayed: number;
  /** Siblings only (`conflicts: "siblings"`): the most siblings one read returned. */
  siblingsMax?: number;
  /** Semi-sync with a timeout only: times a leader fell back to asynchronous replication. */
  semiSyncFallbacks?: number;
  /**
   * The session guarantees per client (by client name; a standalone store's clients by index):
   * each client is one session, as the oracle judges it.
   */
  clients: Record<string, ClientConsistency>;
}

/** One client's reads as the oracle judged them (`summary.stores.<name>.clients.<client>`). */
export interface ClientConsistency {
  /** Reads of this client that returned (ended ok), each judged. */
  reads: number;
  staleReads: number;
  readYourWritesViolations: number;
  monotonicReadViolations: number;
}

/** The store's series (series.stores.<name>): one value per bucket. */
export interface StoreSeries {
  readsPerSec: number[];
  writesPerSec: number[];
  staleReadsPerSec: number[];
  lostWritesPerSec: number[];
  splitBrainWritesPerSec: number[];
  unavailablePerSec: number[];
  /** Per replica index: lag and applied writes at each bucket's end. */
  replicas: { lagMs: number[]; appliedVersion: number[] }[];
  /** Leader-based stores: the replica leading at each bucket's end (null: none). */
  leader?: (number | null)[];
  /** Leader-based stores: the highest term reached by each bucket's end. */
  term?: number[];
  /** Conflicts per second (LWW discards, log entries truncated, or sibling reads), by when they happened. */
  conflictsPerSec: number[];
  /** Siblings only: the most siblings one read returned in each bucket (0: no read returned). */
  siblingsMax?: number[];
}

/**
 * What the accounting reads of an operation: {@link StoreOp} has it, and so does a host whose
 * operations are not a coordinator's (the leader-based store's clients).
 */
export type AccountedOp = Pick<
  StoreOp,
  'client' | 'process' | 'f' | 'key' | 'invokeMs' | 'writeId' | 'sent' | 'replies'
> & { record?: OperationRecord | undefined };

/**
 * One store's omniscient accounting, whichever family and host: the consistency oracle, the
 * history, replication lag, the counters of the summary and their per-bucket series. The
 * protocol reports each operation's start and end here; nothing in it draws or schedules.
 */
export class StoreAccounting {
  readonly oracle = new ConsistencyOracle();
  readonly history = new HistoryLog();
  readonly lag: ReplicationLag;
  /** Finished operations, when the host keeps them (unit tests); null: not kept. */
  readonly operations: OperationRecord[] | null;
  reads = 0;
  writes = 0;
  conflicts = 0;
  unavailable = 0;
  timedOut = 0;
  readRepairs = 0;
  hintsReplayed = 0;
  /** Counted by a leader-based host through {@link splitBrainWrite}. */
  splitBrainWrites = 0;
  /** On a hash ring: the replicas that hold `key` (they alone owe its writes); null: every replica. */
  owners: ((key: number) => readonly number[]) | null = null;
  /**
   * True when the host writes the history itself, as its clients see the operations
   * (`model/client-history.ts`): then {@link invoked} and {@link completed} add no entry.
   */
  clientHistory = false;
  /** The most siblings one read returned; null: the store resolves by last-writer-wins. */
  siblingsMax: number | null = null;
  /** Semi-sync fallbacks to async; null: no semi-sync timeout configured. */
  semiSyncFallbacks: number | null = null;
  private readonly counts: Omit<StoreSeries, 'replicas' | 'leader' | 'term' | 'siblingsMax'>;
  /** Per bucket, the most siblings a read returned; null until the store keeps siblings. */
  private siblingsByBucket: number[] | null = null;
  /** Per client index (-1: queue deliveries), its judged reads. */
  private readonly byClient = new Map<number, ClientConsistency>();

  constructor(
    replicas: number,
    readonly buckets: number,
    readonly bucketMs: number,
    keepOperations: boolean,
  ) {
    this.lag = new ReplicationLag(replicas, buckets);
    this.operations = keepOperations ? [] : null;
    const zeros = () => new Array<number>(buckets).fill(0);
    this.counts = {
      readsPerSec: zeros(),
      writesPerSec: zeros(),
      staleReadsPerSec: zeros(),
      lostWritesPerSec: zeros(),
      splitBrainWritesPerSec: zeros(),
      unavailablePerSec: zeros(),
      conflictsPerSec: zeros(),
    };
  }

  /** The store keeps siblings: count them per read (summary and series). */
  keepSiblings(): void {
    this.siblingsMax = 0;
    this.siblingsByBucket = new Array<number>(this.buckets).fill(0);
  }

  /** `count` conflicts happened now (a replica's LWW discard, truncated log entries). */
  conflicted(nowMs: number, count = 1): void {
    if (count === 0) return;
    this.conflicts += count;
    this.counts.conflictsPerSec[this.bucketOf(nowMs)] += count;
  }

  bucketOf(t: number): number {
    return Math.min(this.buckets - 1, Math.floor(t / this.bucketMs));
  }

  /** A new write's id (its value), registered with the oracle. */
  newWrite(client: number, key: number, nowMs: number): number {
    return this.oracle.writeInvoked(client, key, nowMs);
  }

  /**
   * `op` was invoked now (a repeated write keeps its first invocation in the oracle). `owed`:
   * whether every replica owes a new write from now on (its lag counts from its invocation); a
   * leader-based host passes false and registers the write with {@link lag} once a leader took it in.
   */
  invoked(op: AccountedOp, repeat: boolean, owed = !repeat): void {
    const b = this.bucketOf(op.invokeMs);
    if (op.f === 'write') {
      this.writes++;
      this.counts.writesPerSec[b]++;
    } else {
      this.reads++;
      this.counts.readsPerSec[b]++;
    }
    if (!this.clientHistory)
      this.history.add(op.process, 'invoke', op.f, op.key, op.f === 'write' ? op.writeId : null, op.invokeMs);
    if (op.f === 'write' && owed)
      this.lag.writeInvoked(op.writeId, op.invokeMs, this.owners === null ? undefined : this.owners(op.key));
  }

  /** `op` was refused for lack of reachable replicas. */
  refused(op: AccountedOp): void {
    this.unavailable++;
    this.counts.unavailablePerSec[this.bucketOf(op.invokeMs)]++;
  }

  /**
   * `op` ended now with `outcome`; `value` is the write id a read returned (null: none).
   * `siblings`: a siblings store's read returned these write ids (ascending; `value` is then the
   * largest, or null), and a read that returned more than one counts as a conflict.
   */
  completed(
    op: AccountedOp,
    outcome: 'ok' | 'fail' | 'info',
    value: number | null,
    nowMs: number,
    siblings?: readonly number[],
  ): void {
    let stale = false;
    const isWrite = op.f === 'write';
    if (isWrite && outcome === 'ok' && this.oracle.write(op.writeId).ackMs === null)
      this.oracle.writeAcked(op.writeId, nowMs);
    const readSiblings = !isWrite && outcome === 'ok' ? siblings : undefined;
    if (!isWrite && outcome === 'ok') {
      const returned = readSiblings ?? value;
      const verdict = this.oracle.readCompleted(op.client, op.key, op.invokeMs, returned, nowMs);
      stale = verdict.stale;
      if (stale) this.counts.staleReadsPerSec[this.bucketOf(nowMs)]++;
      let mine = this.byClient.get(op.client);
      if (mine === undefined) {
        mine = { reads: 0, staleReads: 0, readYourWritesViolations: 0, monotonicReadViolations: 0 };
        this.byClient.set(op.client, mine);
      }
      mine.reads++;
      if (stale) mine.staleReads++;
      if (verdict.readYourWrites) mine.readYourWritesViolations++;
      if (verdict.monotonic) mine.monotonicReadViolations++;
    }
    if (readSiblings !== undefined) {
      if (readSiblings.length > 1) this.conflicted(nowMs);
      this.siblingsMax = Math.max(this.siblingsMax ?? 0, readSiblings.length);
      const sb = this.siblingsByBucket;
      if (sb !== null) {
        const b = this.bucketOf(nowMs);
        sb[b] = Math.max(sb[b], readSiblings.length);
      }
    }
    const written = isWrite ? op.writeId : (readSiblings ?? value);
    if (!this.clientHistory) this.history.add(op.process, outcome, op.f, op.key, written, nowMs);
    if (this.operations === null) return;
    op.record = {
      client: op.client,
      f: op.f,
      key: op.key,
      invokeMs: op.invokeMs,
      endMs: nowMs,
      outcome,
      value: isWrite ? op.writeId : value,
      ...(readSiblings === undefined ? {} : { siblings: readSiblings }),
      sent: op.sent,
      repliesAtCompletion: op.replies,
      repliesTotal: op.replies,
      stale,
    };
    this.operations.push(op.record);
  }

  /** An acknowledged write, completed at `nowMs`, was taken in while a later-term leader existed. */
  splitBrainWrite(nowMs: number): void {
    this.splitBrainWrites++;
    this.counts.splitBrainWritesPerSec[this.bucketOf(nowMs)]++;
  }

  /**
   * The summary and the series at the end (`held`: the write ids the replicas hold per key),
   * with the series' first `widths.length` buckets as rates per second over each bucket's width
   * in ms (default: every bucket whole; a run's last bucket may be partial). `clientName` names a
   * client index in `summary.clients` (default: the index itself).
   */
  result(
    held: (key: number) => readonly (number | null)[],
    widths: readonly number[] = new Array<number>(this.buckets).fill(this.bucketMs),
    clientName: (client: number) => string = String,
  ): { summary: StoreSummary; series: StoreSeries; lost: number[] } {
    const length = widths.length;
    const oracle = this.oracle;
    const lost = oracle.lostWrites(held);
    const counts = {
      readsPerSec: this.counts.readsPerSec.slice(0, length),
      writesPerSec: this.counts.writesPerSec.slice(0, length),
      staleReadsPerSec: this.counts.staleReadsPerSec.slice(0, length),
      lostWritesPerSec: new Array<number>(this.buckets).fill(0),
      splitBrainWritesPerSec: this.counts.splitBrainWritesPerSec.slice(0, length),
      unavailablePerSec: this.counts.unavailablePerSec.slice(0, length),
      conflictsPerSec: this.counts.conflictsPerSec.slice(0, length),
    };
    for (const id of lost) counts.lostWritesPerSec[this.bucketOf(oracle.write(id).ackMs ?? 0)]++;
    counts.lostWritesPerSec.length = length;
    for (const values of Object.values(counts))
      for (let i = 0; i < values.length; i++) values[i] = widths[i] > 0 ? (values[i] * 1000) / widths[i] : 0;
    const replicas = this.lag.replicas.map((r) => ({
      lagMs: r.lagMs.slice(0, length),
      appliedVersion: r.appliedVersion.slice(0, length),
    }));
    const clients: Record<string, ClientConsistency> = {};
    for (const c of [...this.byClient.keys()].sort((a, b) => a - b))
      clients[clientName(c)] = { ...(this.byClient.get(c) as ClientConsistency) };
    const siblings =
      this.siblingsByBucket === null ? {} : { siblingsMax: this.siblingsByBucket.slice(0, length) };
    return {
      summary: {
        reads: this.reads,
        writes: this.writes,
        staleReads: oracle.staleReads,
        lostWrites: lost.length,
        splitBrainWrites: this.splitBrainWrites,
        conflicts: this.conflicts,
        unavailable: this.unavailable,
        readYourWritesViolations: oracle.readYourWritesViolations,
        monotonicReadViolations: oracle.monotonicReadViolations,
        timedOut: this.timedOut,
        readRepairs: this.readRepairs,
        hintsReplayed: this.hintsReplayed,
        ...(this.siblingsMax === null ? {} : { siblingsMax: this.siblingsMax }),
        ...(this.semiSyncFallbacks === null ? {} : { semiSyncFallbacks: this.semiSyncFallbacks }),
        clients,
      },
      series: { ...counts, replicas, ...siblings },
      lost,
    };
  }
}
