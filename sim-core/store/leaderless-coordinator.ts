/**
 * The leaderless quorum family (Dynamo, DeCandia et al. SOSP 2007 §4.5; Cassandra's consistency
 * levels) as a {@link StoreProtocol}: N replicas, any node may coordinate. A write is sent to
 * every replica the coordinator believes reachable and acknowledged after W replicas applied
 * it; a read asks R of them (chosen uniformly at random) and returns the newest version among
 * the R answers ("the record with the most recent timestamp": DataStax driver docs,
 * consistency levels). Versions are ordered last-writer-wins by the timestamp the host stamps
 * (the writer's or the coordinator's clock reading), so a clock that is behind loses writes.
 * An operation that cannot reach W (R) replicas is refused at once (Cassandra's
 * UnavailableException) and counted `unavailable`.
 *
 * Optional read repair (Dynamo §4.7) and hinted handoff (Dynamo §4.6). With `siblings`, concurrent
 * writes are kept side by side instead (Riak `allow_mult`, Dynamo §4.4; see `siblings.ts`): a
 * write carries the causal context its client last read of the key, a read returns every sibling
 * of its R answers, and a write whose context holds them all resolves them.
 *
 * @module
 */
import type { HashRing } from './hash-ring.ts';
import { ReplicaState } from './replica-state.ts';
import { addSibling, contextOf, NO_CONTEXT } from './siblings.ts';
import type { StoreAccounting } from './store-accounting.ts';
import type { OpRequest, StoreHost, StoreMessage, StoreOp, StoreProtocol } from './store-protocol.ts';
import { newerVersion, type Version } from './version.ts';

/** What a completed operation returned: a write its id; a read its value, or every sibling's id ascending. */
export function returnedValue(op: StoreOp): number | null | readonly number[] {
  if (op.f === 'write') return op.writeId;
  if (op.merged !== null) return siblingIds(op.merged);
  return op.best?.writeId ?? null;
}

function siblingIds(siblings: readonly Version[]): number[] {
  return siblings.map((v) => v.writeId).sort((a, b) => a - b);
}

/** A leaderless store's shape. */
export interface LeaderlessOptions {
  readonly replicas: number;
  readonly readQuorum: number;
  readonly writeQuorum: number;
  /**
   * Read repair (Dynamo §4.7, Cassandra): once a read has its R answers, the coordinator sends
   * the newest version to each answering replica that returned an older one.
   */
  readonly readRepair: boolean;
  /**
   * Hinted handoff (Dynamo §4.6): the coordinator keeps a write for each replica it could not
   * reach and replays it when that replica is back. Hints do not count towards W.
   */
  readonly hintedHandoff: boolean;
  /** Keep concurrent writes as siblings (Riak `allow_mult`) instead of last-writer-wins. */
  readonly siblings?: boolean;
  /**
   * A consistent-hash ring and N, the replicas that hold each key (fewer than `replicas`): R and
   * W count against the key's preference list. With `hintedHandoff` the quorum is sloppy (Dynamo
   * §4.6): an unreachable holder's place goes to the next reachable replica on the list, which
   * counts towards W, and the coordinator keeps a hint for the holder. Absent: every replica holds
   * every key.
   */
  readonly ring?: { readonly ring: HashRing; readonly n: number };
}

/** The leaderless coordinator and the replicas' data, driven by a {@link StoreHost}. */
export class LeaderlessCoordinator implements StoreProtocol {
  /** The replicas' applied data (a host's disk stall acts on these). */
  readonly replicas: ReplicaState[];
  /**
   * Siblings: the causal context each client last read, by client and key. It travels to the
   * client in the read's answer and back with its next write of the key (Riak's vector clock on
   * the fetched object); it is kept here because that is all the client would do with it.
   */
  private readonly contexts: Map<string, ReadonlySet<number>> | null;

  constructor(
    private readonly options: LeaderlessOptions,
    private readonly host: StoreHost,
    readonly accounting: StoreAccounting,
  ) {
    const n = options.replicas;
    if (options.readQuorum < 1 || options.readQuorum > n)
      throw new RangeError(`readQuorum must be in 1..${n}`);
    if (options.writeQuorum < 1 || options.writeQuorum > n)
      throw new RangeError(`writeQuorum must be in 1..${n}`);
    const siblings = options.siblings === true;
    this.replicas = Array.from({ length: n }, (_, i) => new ReplicaState(i, siblings));
    this.contexts = siblings ? new Map() : null;
    if (siblings) accounting.keepSiblings();
    const ring = options.ring;
    if (ring !== undefined) {
      if (ring.n < 1 || ring.n > n) throw new RangeError(`ring n must be in 1..${n}`);
      if (options.readQuorum > ring.n || options.writeQuorum > ring.n)
        throw new RangeError(`readQuorum and writeQuorum must be at most the ring's n (${ring.n})`);
      accounting.owners = (key) => ring.ring.preferenceList(key).slice(0, ring.n);
    }
  }

  invoke(request: OpRequest): StoreOp {
    const host = this.host;
    const acc = this.accounting;
    const now = host.now();
    const isWrite = request.f === 'write';
    const repeat = isWrite ? request.repeat : undefined;
    const writeId = !isWrite ? 0 : (repeat?.writeId ?? acc.newWrite(request.client, request.key, now));
    const contexts = this.contexts;
    const version: Version | undefined = !isWrite
      ? undefined
      : (repeat ??
        (contexts === null
          ? { timestampMs: request.timestampMs, writer: request.writer, writeId }
          : {
              timestampMs: request.timestampMs,
              writer: request.writer,
              writeId,
              past: contexts.get(`${request.client}/${request.key}`) ?? NO_CONTEXT,
            }));
    const op: StoreOp = {
      client: request.client,
      process: request.process,
      coordinator: request.coordinator,
      f: request.f,
      key: request.key,
      invokeMs: now,
      writeId,
      version,
      needed: isWrite ? this.options.writeQuorum : this.options.readQuorum,
      sent: 0,
      replies: 0,
      best: undefined,
      answers: [],
      merged: contexts !== null && !isWrite ? [] : null,
      done: false,
      outcome: null,
      unavailable: false,
      timeout: -1,
      record: undefined,
    };
    acc.invoked(op, repeat !== undefined);
    const n = this.options.replicas;
    const ring = this.options.ring;
    const up: number[] = [];
    if (ring === undefined) {
      for (let i = 0; i < n; i++) if (host.reachable(op, i)) up.push(i);
    } else {
      // Strict: the reachable ones of the key's N holders. Sloppy: the first N reachable replicas
      // of its preference list, stand-ins included.
      const list = ring.ring.preferenceList(request.key);
      const reach = this.options.hintedHandoff ? n : ring.n;
      for (let i = 0; i < reach && up.length < ring.n; i++) if (host.reachable(op, list[i])) up.push(list[i]);
    }
    if (up.length < op.needed) {
      op.unavailable = true;
      acc.refused(op);
      this.complete(op, 'fail', null);
      return op;
    }
    // Writes go to every reachable replica; reads to R of them, uniformly at random (a partial
    // Fisher-Yates shuffle on the coordinator's stream).
    let targets = up;
    if (!isWrite) {
      for (let i = 0; i < op.needed; i++) {
        const j = i + Math.floor(host.pick(op) * (up.length - i));
        const tmp = up[i];
        up[i] = up[j];
        up[j] = tmp;
      }
      targets = up.slice(0, op.needed);
    }
    if (version !== undefined && this.options.hintedHandoff) {
      const holders = ring === undefined ? null : ring.ring.preferenceList(request.key);
      for (let h = 0; h < (ring?.n ?? n); h++) {
        const i = holders === null ? h : holders[h];
        if (host.reachable(op, i)) continue;
        acc.hintsReplayed++;
        host.handOff({ kind: 'repair', op, replica: i, version });
      }
    }
    for (const r of targets) {
      op.sent++;
      host.send({ kind: 'request', op, replica: r, version });
    }
    host.armTimeout(op);
    return op;
  }

  deliver(message: StoreMessage): void {
    if (message.kind === 'request') this.atReplica(message);
    else if (message.kind === 'reply') this.onReply(message);
    else this.onRepair(message);
  }

  timedOut(op: StoreOp): void {
    if (op.done) return;
    this.accounting.timedOut++;
    // A write that timed out may still apply: indeterminate. A read has no effect: it failed.
    this.complete(op, op.f === 'write' ? 'info' : 'fail', null);
  }

  /** The write id each replica holds for `key` at the end (null: none); with siblings, every sibling of every replica. */
  held(key: number): (number | null)[] {
    if (this.contexts !== null) return this.replicas.flatMap((r) => r.readAll(key).map((v) => v.writeId));
    return this.replicas.map((r) => r.read(key)?.writeId ?? null);
  }

  private atReplica(message: StoreMessage): void {
    const { op, replica } = message;
    const state = this.replicas[replica];
    const version = op.version;
    if (version === undefined) {
      if (op.merged !== null)
        this.host.send({ kind: 'reply', op, replica, version: undefined, siblings: state.readAll(op.key) });
      else this.host.send({ kind: 'reply', op, replica, version: state.read(op.key) });
      return;
    }
    const lww = this.contexts === null;
    state.receive(this.host.now(), op.key, version, () => {
      // Last-writer-wins discarded it: the replica already held a newer version.
      if (lww && state.read(op.key) !== version) this.accounting.conflicted(this.host.now());
      this.accounting.lag.applied(replica, version.writeId);
      this.host.send({ kind: 'reply', op, replica, version: undefined });
    });
  }

  private onReply(message: StoreMessage): void {
    const op = message.op;
    op.replies++;
    if (op.record !== undefined) op.record.repliesTotal = op.replies;
    if (op.done) return;
    const merged = op.merged;
    if (merged !== null) {
      for (const v of message.siblings ?? []) addSibling(merged, v);
      op.answers.push({ replica: message.replica, version: undefined, siblings: message.siblings ?? [] });
    } else if (op.f === 'read') {
      op.best = newerVersion(op.best, message.version);
      op.answers.push({ replica: message.replica, version: message.version });
    }
    if (op.replies < op.needed) return;
    if (merged !== null) {
      this.completeSiblingsRead(op, merged);
      return;
    }
    this.complete(op, 'ok', op.f === 'read' ? (op.best?.writeId ?? null) : op.writeId);
    const best = op.best;
    if (this.options.readRepair && best !== undefined) {
      for (const a of op.answers) {
        if (a.version === best) continue;
        this.accounting.readRepairs++;
        this.host.send({ kind: 'repair', op, replica: a.replica, version: best });
      }
    }
  }

  /**
   * A siblings read has its R answers: it returns every sibling (a conflict when more than one),
   * its client's context becomes what it read, and read repair sends the merged siblings to each
   * answering replica that lacked one of them.
   */
  private completeSiblingsRead(op: StoreOp, merged: Version[]): void {
    const ids = siblingIds(merged);
    this.contexts?.set(`${op.client}/${op.key}`, contextOf(merged));
    this.complete(op, 'ok', ids.length === 0 ? null : ids[ids.length - 1], ids);
    if (!this.options.readRepair) return;
    for (const a of op.answers) {
      const had = a.siblings ?? [];
      if (merged.every((v) => had.some((h) => h.writeId === v.writeId))) continue;
      this.accounting.readRepairs++;
      this.host.send({ kind: 'repair', op, replica: a.replica, version: undefined, siblings: merged });
    }
  }

  /** A read repair or a replayed hint: a write sent to one replica, acknowledged to nobody. */
  private onRepair(message: StoreMessage): void {
    const lag = this.accounting.lag;
    const replica = this.replicas[message.replica];
    for (const v of message.siblings ?? []) {
      replica.receive(this.host.now(), message.op.key, v, () => lag.applied(message.replica, v.writeId));
    }
    const version = message.version;
    if (version === undefined) return;
    replica.receive(this.host.now(), message.op.key, version, () =>
      lag.applied(message.replica, version.writeId),
    );
  }

  private complete(
    op: StoreOp,
    outcome: 'ok' | 'fail' | 'info',
    value: number | null,
    siblings?: readonly number[],
  ): void {
    op.done = true;
    op.outcome = outcome;
    this.host.disarmTimeout(op);
    this.accounting.completed(op, outcome, value, this.host.now(), siblings);
    this.host.completed(op);
  }
}
