import { ConsistencyOracle } from './consistency-oracle.ts';
import { HistoryLog } from './history.ts';
import type { OperationRecord, StoreResult } from './leaderless-store.ts';

/** A store's per-bucket counters, before they are turned into rates. */
export type StoreCounterSeries = Omit<StoreResult['series'], 'replicas'>;

/**
 * What every store family records the same way, whatever its protocol: operation counts per
 * bucket, the Jepsen-shape history, each finished operation, and the exact consistency oracle.
 * A host calls {@link invoked} when a client issues an operation, {@link refused} when it is
 * turned down for want of a leader or quorum, {@link completed} when it ends, and {@link finish}
 * after the run.
 */
export class StoreAccounting {
  readonly oracle = new ConsistencyOracle();
  readonly history = new HistoryLog();
  readonly operations: OperationRecord[] = [];
  readonly buckets: number;
  readonly series: StoreCounterSeries;
  reads = 0;
  writes = 0;
  unavailable = 0;

  constructor(
    durationMs: number,
    private readonly bucketMs: number,
  ) {
    const buckets = Math.max(1, Math.ceil(durationMs / bucketMs));
    this.buckets = buckets;
    this.series = {
      readsPerSec: new Array<number>(buckets).fill(0),
      writesPerSec: new Array<number>(buckets).fill(0),
      staleReadsPerSec: new Array<number>(buckets).fill(0),
      lostWritesPerSec: new Array<number>(buckets).fill(0),
      splitBrainWritesPerSec: new Array<number>(buckets).fill(0),
      unavailablePerSec: new Array<number>(buckets).fill(0),
    };
  }

  bucketOf(t: number): number {
    return Math.min(this.buckets - 1, Math.floor(t / this.bucketMs));
  }

  /** A client issued an operation at `nowMs`; returns the write's id (0 for a read). */
  invoked(client: number, f: 'read' | 'write', key: number, nowMs: number): number {
    const isWrite = f === 'write';
    const writeId = isWrite ? this.oracle.writeInvoked(client, key, nowMs) : 0;
    const b = this.bucketOf(nowMs);
    if (isWrite) {
      this.writes++;
      this.series.writesPerSec[b]++;
    } else {
      this.reads++;
      this.series.readsPerSec[b]++;
    }
    this.history.add(client, 'invoke', f, key, isWrite ? writeId : null, nowMs);
    return writeId;
  }

  /** An operation was refused at `nowMs` (no leader, lease or quorum): counted unavailable. */
  refused(nowMs: number): void {
    this.unavailable++;
    this.series.unavailablePerSec[this.bucketOf(nowMs)]++;
  }

  /**
   * An operation ended at `nowMs`. `value`: a write's id, or the write id a read returned (null:
   * none). `sent` and `replies` are what the host counted for it. Returns the record.
   */
  completed(
    op: {
      readonly client: number;
      readonly f: 'read' | 'write';
      readonly key: number;
      readonly invokeMs: number;
    },
    outcome: 'ok' | 'fail' | 'info',
    value: number | null,
    nowMs: number,
    sent: number,
    replies: number,
  ): OperationRecord {
    let stale = false;
    if (op.f === 'write' && outcome === 'ok' && value !== null) this.oracle.writeAcked(value, nowMs);
    if (op.f === 'read' && outcome === 'ok') {
      stale = this.oracle.readCompleted(op.client, op.key, op.invokeMs, value, nowMs).stale;
      if (stale) this.series.staleReadsPerSec[this.bucketOf(nowMs)]++;
    }
    this.history.add(op.client, outcome, op.f, op.key, value, nowMs);
    const record: OperationRecord = {
      client: op.client,
      f: op.f,
      key: op.key,
      invokeMs: op.invokeMs,
      endMs: nowMs,
      outcome,
      value,
      sent,
      repliesAtCompletion: replies,
      repliesTotal: replies,
      stale,
    };
    this.operations.push(record);
    return record;
  }

  /**
   * After the run: the acknowledged writes lost given what the replicas hold (`held`), counted
   * in the bucket of their acknowledgement, and every counter turned into a rate per second.
   * Returns the number lost.
   */
  finish(held: (key: number) => readonly (number | null)[]): number {
    const lost = this.oracle.lostWrites(held);
    for (const id of lost) this.series.lostWritesPerSec[this.bucketOf(this.oracle.write(id).ackMs ?? 0)]++;
    const perSec = 1000 / this.bucketMs;
    for (const values of Object.values(this.series))
      for (let i = 0; i < values.length; i++) values[i] *= perSec;
    return lost.length;
  }
}
