/**
 * How a replicated store's coordinator logic meets the world it runs in. A family of stores
 * (leaderless quorums today; a leader-based one can follow) is a {@link StoreProtocol}: it
 * keeps the replicas' data and the accounting, and acts only on what its host hands it
 * (operations, delivered messages, fired timeouts) and only through the host (messages to
 * send, timeouts to arm, operations answered). The same protocol runs on the standalone
 * engine of `runLeaderlessStore` and on a scenario's world (`model/store-host.ts`), so its
 * semantics are written and tested once.
 *
 * @module
 */
import type { Version } from './version.ts';

/** One operation a coordinator runs: a read or a write of one key. */
export interface StoreOp {
  /** The client whose request it serves (the oracle's unit for read-your-writes). */
  readonly client: number;
  /** The history's process: one per sequential actor (standalone: the client; world: the operation). */
  readonly process: number;
  /** Who coordinates it, in the host's numbering (standalone: the client; world: the replica). */
  readonly coordinator: number;
  readonly f: 'read' | 'write';
  readonly key: number;
  readonly invokeMs: number;
  /** A write's id (its value); 0 for a read. */
  readonly writeId: number;
  readonly version: Version | undefined;
  /** Acknowledgements (W) or answers (R) that complete it. */
  readonly needed: number;
  sent: number;
  replies: number;
  best: Version | undefined;
  /** A read's answers so far: the replica and the version it returned. */
  readonly answers: {
    readonly replica: number;
    readonly version: Version | undefined;
    /** A siblings store: the versions this replica returned. */
    readonly siblings?: readonly Version[];
  }[];
  /** A siblings store's read: the siblings merged from its answers so far (null: last-writer-wins). */
  merged: Version[] | null;
  done: boolean;
  /** How it ended, once done: ok, fail (refused, or a read that timed out), info (a write that timed out). */
  outcome: 'ok' | 'fail' | 'info' | null;
  /** Refused at once for lack of reachable replicas (counted `unavailable`). */
  unavailable: boolean;
  /** The host's timeout handle (-1: none). */
  timeout: number;
  record: OperationRecord | undefined;
}

/** One finished operation, with what the coordinator counted. */
export interface OperationRecord {
  readonly client: number;
  readonly f: 'read' | 'write';
  readonly key: number;
  readonly invokeMs: number;
  readonly endMs: number;
  readonly outcome: 'ok' | 'fail' | 'info';
  /** Write: its id. Read: the write id returned (null: no value; siblings: the largest). */
  readonly value: number | null;
  /** A siblings store's read: every sibling's write id it returned, ascending. */
  readonly siblings?: readonly number[];
  /** Replicas the request went to. */
  readonly sent: number;
  /** Acks (write) or answers (read) received by completion. */
  readonly repliesAtCompletion: number;
  /** Acks or answers received by the end of the run (late ones included). */
  repliesTotal: number;
  readonly stale: boolean;
}

/**
 * A message between a coordinator and one of the store's replicas (`replica`: its index in the
 * store). `request` goes to the replica (a write carries the op's version); `reply` comes back
 * (a read's reply carries the replica's version); `repair` is a write sent to one replica and
 * acknowledged to nobody (read repair, a replayed hint).
 */
export interface StoreMessage {
  readonly kind: 'request' | 'reply' | 'repair';
  readonly op: StoreOp;
  readonly replica: number;
  readonly version: Version | undefined;
  /** A siblings store: a read reply's versions, or a read repair's merged siblings. */
  readonly siblings?: readonly Version[];
}

/** What a store protocol needs from the world it runs in. */
export interface StoreHost {
  /** True time now. */
  now(): number;
  /** The coordinator's failure detector: may it count on reaching `replica` now? */
  reachable(op: StoreOp, replica: number): boolean;
  /** Sends a message over the host's network (it may be delayed, lost or cut off). */
  send(message: StoreMessage): void;
  /** Hinted handoff: keeps `message` (a repair) for an unreachable replica and delivers it once it is back. */
  handOff(message: StoreMessage): void;
  /** Arms the operation's timeout (the host calls {@link StoreProtocol.timedOut} when it fires). */
  armTimeout(op: StoreOp): void;
  disarmTimeout(op: StoreOp): void;
  /** A uniform draw in [0, 1) from the coordinator's own stream (which replicas a read asks). */
  pick(op: StoreOp): number;
  /** The operation ended (`op.outcome` says how): answer whoever asked. */
  completed(op: StoreOp): void;
}

/** What a host asks of an operation: the new write's LWW timestamp, or a write to repeat. */
export interface OpRequest {
  readonly client: number;
  readonly process: number;
  readonly coordinator: number;
  readonly f: 'read' | 'write';
  readonly key: number;
  /** A new write's timestamp on the clock that stamps it (ignored for reads and repeats). */
  readonly timestampMs: number;
  /** The writer's id in the LWW tie-break. */
  readonly writer: number;
  /** An earlier attempt's version to write again (an idempotent retry): no new write. */
  readonly repeat?: Version;
}

/** A store family's coordinator and replicas, driven by its host. */
export interface StoreProtocol {
  /** Starts an operation now; it ends through {@link StoreHost.completed}. */
  invoke(request: OpRequest): StoreOp;
  /** A message reached its destination (the host dropped it if it could not). */
  deliver(message: StoreMessage): void;
  /** The operation's timeout fired. */
  timedOut(op: StoreOp): void;
}
