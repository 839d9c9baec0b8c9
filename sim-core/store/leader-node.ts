/**
 * One replica of a leader-based store as a host-agnostic state machine, in the style of etcd's
 * `raft` package: the node never reads a clock, schedules an event or sends a message itself.
 * A host calls {@link LeaderNode.step} with a delivered message, {@link LeaderNode.tick} when a
 * timer the node asked for fires, and passes the node's OWN clock reading (`localNow`) each
 * time; the node answers with a {@link NodeOutput}: messages to send and timers to (re)arm, in
 * local milliseconds. So the same protocol runs on the standalone engine
 * (`runLeaderBasedStore` in leader-based-store.ts) or on a world's network and clocks.
 *
 * The protocol is Raft's (Ongaro & Ousterhout, "In Search of an Understandable Consensus
 * Algorithm", USENIX ATC 2014): terms; randomised election timeouts (§5.2); RequestVote with
 * the log up-to-date check (§5.4.1); AppendEntries as heartbeat and replication with the log
 * matching check and conflict truncation (§5.3); step-down on any higher term; a no-op entry at
 * the start of each term so earlier entries commit (§8). What it adds, as configuration:
 *
 * - **When a write is acknowledged**: `sync` once every follower has it, `semi-sync` once `k`
 *   followers have it (MySQL semi-synchronous replication, `rpl_semi_sync_master_wait_for_slave_count`),
 *   `async` at once, after the leader's own append (MySQL asynchronous replication). Raft's own
 *   rule is semi-sync with k = a majority minus the leader. The commit index is the acknowledged
 *   prefix; followers apply up to the commit index the leader sends.
 * - **Leader leases** (Raft thesis, Ongaro 2014, §6.4.1): in `cp` mode the leader serves reads
 *   and accepts writes only while a majority acknowledged a heartbeat sent less than `leaseMs`
 *   ago BY ITS OWN CLOCK; a slow clock therefore stretches the lease in true time.
 * - **Fencing tokens** (Kleppmann, "How to do distributed locking", 2016): with `fencing`, the
 *   term travels with every replicated write and a replica refuses one from a term older than it
 *   has seen (Raft's own rule). Without it the replication stream carries no epoch a replica
 *   checks (primary-backup replication without epoch fencing): a replica applies a deposed
 *   leader's writes and acknowledges them, so a deposed leader whose lease still holds by its
 *   clock keeps acknowledging writes while a newer leader exists (split brain).
 * - **CP or AP** (Brewer; Gilbert & Lynch 2002): `cp` refuses without a lease (leader) or a known
 *   leader (follower reads); `ap` serves whatever the replica has, so a minority answers stale
 *   reads and a deposed leader keeps accepting writes that conflict with the new leader's log.
 * - **Disk stall**: a stalled replica stays reachable, follows terms and heartbeats and serves
 *   reads from what it applied, but appends nothing (a stalled leader queues client writes).
 *
 * @module
 */
import type { Rng } from '../random/streams.ts';

/** One log entry. `writeId` 0 is the leader's no-op at the start of its term. */
export interface LogEntry {
  readonly term: number;
  readonly key: number;
  readonly writeId: number;
}

/** When the leader acknowledges a write. */
export type ReplicationMode = 'sync' | 'semi-sync' | 'async';

/** The protocol's parameters (the same on every node of a store). */
export interface LeaderProtocolConfig {
  readonly replicas: number;
  readonly heartbeatMs: number;
  readonly electionTimeoutMs: { readonly min: number; readonly max: number };
  readonly leaseMs: number;
  readonly replication: ReplicationMode;
  /** semi-sync: follower acknowledgements a write waits for. */
  readonly semiSyncAcks: number;
  readonly fencing: boolean;
  readonly consistency: 'cp' | 'ap';
  /** Entries per AppendEntries message at most. */
  readonly maxEntriesPerAppend: number;
  /**
   * Pre-vote (Raft thesis §9.6; etcd's `PreVote`): a follower whose election timer fires first
   * asks whether a majority WOULD vote for it in the next term, without raising its own term;
   * only then does it start a real election. A node cut off from the majority never wins a
   * pre-vote, so its term stays put and it cannot depose a healthy leader when it rejoins.
   */
  readonly preVote?: boolean;
  /**
   * Check-quorum (etcd's `CheckQuorum`, Raft thesis §6.2): at each heartbeat a leader that has not
   * heard from a majority (itself included) within the minimum election timeout, by its own
   * clock, steps down to follower; a leader cut off from its followers stops leading instead of
   * believing it leads until it hears a higher term.
   */
  readonly checkQuorum?: boolean;
  /**
   * semi-sync: how long (the leader's clock) a write waits for its `semiSyncAcks` before the
   * leader falls back to asynchronous replication (MySQL `rpl_semi_sync_master_timeout`, default
   * 10 s there); it returns to semi-sync once that many followers have caught up. Absent: it
   * waits forever.
   */
  readonly semiSyncTimeoutMs?: number;
}

/** The `raft-default` preset: heartbeat 50 ms, election timeout uniform in 150-300 ms (the Raft paper §9.3). */
export const RAFT_DEFAULT = { heartbeatMs: 50, electionTimeoutMs: { min: 150, max: 300 } } as const;

/** Messages between replicas, and between clients and replicas. */
export type StoreMessage =
  | { readonly type: 'vote'; readonly term: number; readonly lastIndex: number; readonly lastTerm: number }
  | { readonly type: 'vote-reply'; readonly term: number; readonly granted: boolean }
  /** A pre-vote asks for the term the sender WOULD start (its own plus one); nobody's term moves. */
  | {
      readonly type: 'pre-vote';
      readonly term: number;
      readonly lastIndex: number;
      readonly lastTerm: number;
    }
  /** Granted: `term` is the pre-vote's; refused: the replier's own term. */
  | { readonly type: 'pre-vote-reply'; readonly term: number; readonly granted: boolean }
  | {
      readonly type: 'append';
      readonly term: number;
      readonly prevIndex: number;
      readonly prevTerm: number;
      readonly entries: readonly LogEntry[];
      readonly commit: number;
      /** The leader's clock when it sent this (echoed back: the lease's start). */
      readonly sentAtLocal: number;
    }
  | {
      readonly type: 'append-reply';
      readonly term: number;
      readonly success: boolean;
      /** success: the follower's log matches the leader's up to here; failure: a hint to back off to. */
      readonly matchIndex: number;
      readonly sentAtLocal: number;
    }
  | {
      readonly type: 'request';
      /** The host's token for the operation (echoed back). */
      readonly op: number;
      readonly f: 'read' | 'write';
      readonly key: number;
      readonly writeId: number;
      /** A read any replica may answer from what it applied (else only the leader). */
      readonly followerRead: boolean;
    }
  | {
      readonly type: 'response';
      readonly op: number;
      readonly outcome: 'ok' | 'redirect' | 'unavailable';
      /** A read's write id (null: no value). */
      readonly value: number | null;
      /** The leader this replica knows (a redirect's target), null when none. */
      readonly leader: number | null;
    };

/** The node's timers: each is armed (or cancelled, `localDelayMs` null) by the node's output. */
export type NodeTimer = 'election' | 'heartbeat' | 'semi-sync';

/** What one step asks its host to do, and what it did (for the host's accounting). */
export interface NodeOutput {
  readonly sends: { readonly to: number; readonly msg: StoreMessage }[];
  /** Re-arm (replacing any pending one) or cancel (null) a timer, in the node's local ms. */
  readonly timers: { readonly timer: NodeTimer; readonly localDelayMs: number | null }[];
  /** Write ids appended to this node's log by this step. */
  readonly appended: number[];
  /** Client writes this node took in as leader by this step. */
  readonly accepted: number[];
  /** Entries discarded from this node's log as conflicting with a leader's. */
  truncated: number;
  /** Check-quorum: this step made the leader step down for want of a majority. */
  quorumLost: boolean;
  /** semi-sync with a timeout: this step fell back to async, or returned to semi-sync (null: neither). */
  semiSync: 'fallback' | 'restored' | null;
}

export type Role = 'follower' | 'candidate' | 'leader';

/** One replica's protocol state. Persistent state (term, vote, log) survives {@link crash}. */
export class LeaderNode {
  term = 0;
  votedFor: number | null = null;
  role: Role = 'follower';
  /** The leader this node last heard from in its current term (null: none known). */
  leader: number | null = null;
  /** log[0] is a sentinel (index 0, term 0). */
  private readonly log: LogEntry[] = [{ term: 0, key: -1, writeId: 0 }];
  commitIndex = 0;
  /** The index of the no-op this node appended when it last became leader. */
  private termStartIndex = 0;
  /** When this node last heard from a current leader (its local clock). */
  private heardLeaderLocal = Number.NEGATIVE_INFINITY;
  /** Elections this node started (for the host's accounting). */
  electionsStarted = 0;
  private stalled = false;
  private readonly stalledWrites: { from: number; msg: StoreMessage & { type: 'request' } }[] = [];
  /** Per key: the log indices holding it, ascending. */
  private readonly indicesByKey = new Map<number, number[]>();
  // Candidate and leader state (volatile).
  private votes = 0;
  /** Pre-vote: true while this follower canvasses for the next term (its term unchanged). */
  private preCandidate = false;
  private preVotes = 0;
  private electionStartLocal = Number.NEGATIVE_INFINITY;
  private readonly nextIndex: number[];
  private readonly matchIndex: number[];
  private readonly leaseAck: number[];
  /** Leader: when (its local clock) it last heard from each peer in its term (check-quorum). */
  private readonly heardFromLocal: number[];
  /** Times this node stepped down for want of a quorum (check-quorum). */
  quorumStepDowns = 0;
  /** Pending client writes by log index: who to answer. */
  private readonly pendingWrites = new Map<number, { from: number; op: number; sinceLocal: number }>();
  /** semi-sync with a timeout: the leader replicates asynchronously since a write waited too long. */
  semiSyncOff = false;
  private semiSyncTimerArmed = false;

  constructor(
    readonly id: number,
    private readonly config: LeaderProtocolConfig,
    /** Election timeouts are drawn from here (one stream per node). */
    private readonly rng: Rng,
  ) {
    const n = config.replicas;
    this.nextIndex = new Array<number>(n).fill(1);
    this.matchIndex = new Array<number>(n).fill(0);
    this.leaseAck = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
    this.heardFromLocal = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  }

  /** Index of the last log entry. */
  get lastIndex(): number {
    return this.log.length - 1;
  }

  /** The entry at `index` (1-based; 0 is the sentinel). */
  entry(index: number): LogEntry {
    return this.log[index];
  }

  /** The newest write of `key` in the log (applied or not), or null: what the replica holds. */
  heldWrite(key: number): number | null {
    const idx = this.indicesByKey.get(key);
    return idx === undefined || idx.length === 0 ? null : this.log[idx[idx.length - 1]].writeId;
  }

  /** The newest write of `key` the node has applied (index <= commit index), or null. */
  appliedWrite(key: number): number | null {
    const idx = this.indicesByKey.get(key);
    if (idx === undefined) return null;
    let lo = 0;
    let hi = idx.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (idx[mid] <= this.commitIndex) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : this.log[idx[lo - 1]].writeId;
  }

  /** True when, as leader at local time `localNow`, a majority acknowledged a heartbeat within `leaseMs`. */
  holdsLease(localNow: number): boolean {
    return localNow < this.leaseExpiryLocal();
  }

  /**
   * The local time its lease ends at, as a leader: `leaseMs` after the heartbeat a majority
   * (itself included) last acknowledged was sent; -Infinity when not leading, +Infinity for a
   * single replica (its own majority).
   */
  leaseExpiryLocal(): number {
    if (this.role !== 'leader') return Number.NEGATIVE_INFINITY;
    const needed = Math.floor(this.config.replicas / 2); // followers, the leader counting itself
    if (needed === 0) return Number.POSITIVE_INFINITY;
    const others = this.leaseAck.filter((_, i) => i !== this.id).sort((a, b) => b - a);
    return others[needed - 1] + this.config.leaseMs;
  }

  /** Starts (or restarts after a crash) as a follower with a fresh election timer. */
  start(localNow: number): NodeOutput {
    const out = emptyOutput();
    this.becomeFollower(out, localNow);
    return out;
  }

  /** The process died: volatile state is gone (the host drops its timers and messages). */
  crash(): void {
    this.role = 'follower';
    this.leader = null;
    this.preCandidate = false;
    this.semiSyncTimerArmed = false;
    this.heardLeaderLocal = Number.NEGATIVE_INFINITY;
    this.commitIndex = 0;
    this.pendingWrites.clear();
    this.stalledWrites.length = 0;
  }

  /** Starts or ends a disk stall; at its end a stalled leader takes in the writes it queued. */
  setStalled(stalled: boolean, localNow: number): NodeOutput {
    this.stalled = stalled;
    const out = emptyOutput();
    if (!stalled) {
      for (const w of this.stalledWrites.splice(0)) this.onRequest(out, w.from, w.msg, localNow);
    }
    return out;
  }

  /** A timer the node armed fired. */
  tick(timer: NodeTimer, localNow: number): NodeOutput {
    const out = emptyOutput();
    if (timer === 'semi-sync') {
      this.semiSyncTimerArmed = false;
      if (this.role === 'leader') this.checkSemiSyncWait(out, localNow);
      return out;
    }
    if (timer === 'heartbeat') {
      if (this.role !== 'leader') return out;
      if (this.config.checkQuorum === true && !this.heardFromQuorum(localNow)) {
        this.quorumStepDowns++;
        out.quorumLost = true;
        this.leader = null;
        this.becomeFollower(out, localNow);
        return out;
      }
      this.broadcastAppend(out, localNow);
      out.timers.push({ timer: 'heartbeat', localDelayMs: this.config.heartbeatMs });
      return out;
    }
    if (this.role === 'leader') return out;
    // As etcd: any node whose election timer fires canvasses first, a candidate too.
    if (this.config.preVote === true) this.startPreVote(out);
    else this.startElection(out, localNow);
    return out;
  }

  /**
   * A message from endpoint `from`. Peers are the replica indices 0..replicas-1; any other
   * number is a client endpoint of the host's choosing, which the node only ever answers.
   */
  step(from: number, msg: StoreMessage, localNow: number): NodeOutput {
    const out = emptyOutput();
    switch (msg.type) {
      case 'vote':
        this.onVote(out, from, msg, localNow);
        break;
      case 'vote-reply':
        if (msg.term > this.term) this.stepDown(out, msg.term, localNow);
        else if (this.role === 'candidate' && msg.term === this.term && msg.granted) {
          this.votes++;
          this.leaseAck[from] = this.electionStartLocal;
          if (this.votes > this.config.replicas / 2) this.becomeLeader(out, localNow);
        }
        break;
      case 'pre-vote':
        this.onPreVote(out, from, msg, localNow);
        break;
      case 'pre-vote-reply':
        if (!msg.granted && msg.term > this.term) this.stepDown(out, msg.term, localNow);
        else if (this.preCandidate && msg.granted && msg.term === this.term + 1) {
          this.preVotes++;
          if (this.preVotes > this.config.replicas / 2) this.startElection(out, localNow);
        }
        break;
      case 'append':
        this.onAppend(out, from, msg, localNow);
        break;
      case 'append-reply':
        this.onAppendReply(out, from, msg, localNow);
        break;
      case 'request':
        this.onRequest(out, from, msg, localNow);
        break;
      case 'response':
        break;
    }
    return out;
  }

  private electionTimeout(): number {
    const { min, max } = this.config.electionTimeoutMs;
    return min + (max - min) * this.rng.next();
  }

  private becomeFollower(out: NodeOutput, _localNow: number): void {
    const wasLeader = this.role === 'leader';
    this.role = 'follower';
    this.preCandidate = false;
    this.pendingWrites.clear();
    if (wasLeader) out.timers.push({ timer: 'heartbeat', localDelayMs: null });
    if (this.semiSyncTimerArmed) {
      this.semiSyncTimerArmed = false;
      out.timers.push({ timer: 'semi-sync', localDelayMs: null });
    }
    out.timers.push({ timer: 'election', localDelayMs: this.electionTimeout() });
  }

  private stepDown(out: NodeOutput, term: number, localNow: number): void {
    if (term > this.term) {
      this.term = term;
      this.votedFor = null;
      this.leader = null;
    }
    this.becomeFollower(out, localNow);
  }

  /** Canvasses for the next term without taking it (pre-vote); a majority of grants starts the election. */
  private startPreVote(out: NodeOutput): void {
    this.preCandidate = true;
    this.preVotes = 1;
    out.timers.push({ timer: 'election', localDelayMs: this.electionTimeout() });
    const lastTerm = this.log[this.lastIndex].term;
    for (let p = 0; p < this.config.replicas; p++) {
      if (p === this.id) continue;
      out.sends.push({
        to: p,
        msg: { type: 'pre-vote', term: this.term + 1, lastIndex: this.lastIndex, lastTerm },
      });
    }
  }

  /**
   * A pre-vote changes nothing here (term, vote, timer): it is granted when the term is ahead of
   * ours, we have not heard from a current leader within the minimum election timeout (or, as
   * leader, we still hold our lease), and the sender's log is at least as up to date (etcd).
   */
  private onPreVote(
    out: NodeOutput,
    from: number,
    msg: StoreMessage & { type: 'pre-vote' },
    localNow: number,
  ): void {
    const granted = msg.term > this.term && !this.leaderFresh(localNow) && this.upToDate(msg);
    out.sends.push({
      to: from,
      msg: { type: 'pre-vote-reply', term: granted ? msg.term : this.term, granted },
    });
  }

  private startElection(out: NodeOutput, localNow: number): void {
    this.preCandidate = false;
    this.term++;
    this.electionsStarted++;
    this.role = 'candidate';
    this.votedFor = this.id;
    this.leader = null;
    this.votes = 1;
    this.electionStartLocal = localNow;
    this.leaseAck.fill(Number.NEGATIVE_INFINITY);
    out.timers.push({ timer: 'election', localDelayMs: this.electionTimeout() });
    if (this.votes > this.config.replicas / 2) {
      this.becomeLeader(out, localNow);
      return;
    }
    const lastTerm = this.log[this.lastIndex].term;
    for (let p = 0; p < this.config.replicas; p++) {
      if (p === this.id) continue;
      out.sends.push({ to: p, msg: { type: 'vote', term: this.term, lastIndex: this.lastIndex, lastTerm } });
    }
  }

  private onVote(
    out: NodeOutput,
    from: number,
    msg: StoreMessage & { type: 'vote' },
    localNow: number,
  ): void {
    // Raft thesis §4.2.3 (etcd's CheckQuorum lease): a replica that heard from a current leader
    // less than the minimum election timeout ago (by its own clock) ignores the request, term
    // included; a leader does while it holds its lease. Without this, voters would elect a new
    // leader while the old one's lease still holds, even with perfect clocks.
    if (msg.term > this.term && this.leaderFresh(localNow)) return;
    if (msg.term > this.term) this.stepDown(out, msg.term, localNow);
    const granted =
      msg.term === this.term && (this.votedFor === null || this.votedFor === from) && this.upToDate(msg);
    if (granted) {
      this.votedFor = from;
      out.timers.push({ timer: 'election', localDelayMs: this.electionTimeout() });
    }
    out.sends.push({ to: from, msg: { type: 'vote-reply', term: this.term, granted } });
  }

  /** Heard from a current leader less than the minimum election timeout ago (a leader: holds its lease). */
  private leaderFresh(localNow: number): boolean {
    return this.role === 'leader'
      ? this.holdsLease(localNow)
      : localNow - this.heardLeaderLocal < this.config.electionTimeoutMs.min;
  }

  /** The candidate's log is at least as up to date as ours: last term, then last index (§5.4.1). */
  private upToDate(msg: { readonly lastIndex: number; readonly lastTerm: number }): boolean {
    const lastTerm = this.log[this.lastIndex].term;
    return msg.lastTerm > lastTerm || (msg.lastTerm === lastTerm && msg.lastIndex >= this.lastIndex);
  }

  /** Check-quorum: a majority (the leader counting itself) heard from within the minimum election timeout. */
  private heardFromQuorum(localNow: number): boolean {
    const needed = Math.floor(this.config.replicas / 2);
    if (needed === 0) return true;
    const heard = this.heardFromLocal.filter((_, i) => i !== this.id).sort((a, b) => b - a);
    return localNow - heard[needed - 1] < this.config.electionTimeoutMs.min;
  }

  private becomeLeader(out: NodeOutput, localNow: number): void {
    this.role = 'leader';
    this.semiSyncOff = false;
    this.heardFromLocal.fill(localNow);
    this.leader = this.id;
    this.nextIndex.fill(this.lastIndex + 1);
    this.matchIndex.fill(0);
    out.timers.push({ timer: 'election', localDelayMs: null });
    // The no-op of the new term: committing it commits every earlier entry (Raft §8).
    this.appendLocal(out, { term: this.term, key: -1, writeId: 0 });
    this.termStartIndex = this.lastIndex;
    if (this.config.replication === 'async') this.commitIndex = this.lastIndex;
    this.advanceCommit(out);
    this.broadcastAppend(out, localNow);
    out.timers.push({ timer: 'heartbeat', localDelayMs: this.config.heartbeatMs });
  }

  private appendLocal(out: NodeOutput, e: LogEntry): void {
    this.log.push(e);
    if (e.writeId !== 0) {
      let idx = this.indicesByKey.get(e.key);
      if (idx === undefined) {
        idx = [];
        this.indicesByKey.set(e.key, idx);
      }
      idx.push(this.lastIndex);
      out.appended.push(e.writeId);
    }
  }

  private truncateFrom(out: NodeOutput, index: number): void {
    for (let i = this.lastIndex; i >= index; i--) {
      const e = this.log[i];
      if (e.writeId !== 0) {
        this.indicesByKey.get(e.key)?.pop();
        out.truncated++;
      }
    }
    this.log.length = index;
    if (this.commitIndex > this.lastIndex) this.commitIndex = this.lastIndex;
  }

  private broadcastAppend(out: NodeOutput, localNow: number): void {
    for (let p = 0; p < this.config.replicas; p++) if (p !== this.id) this.sendAppend(out, p, localNow);
  }

  private sendAppend(out: NodeOutput, to: number, localNow: number): void {
    const next = Math.min(this.nextIndex[to], this.lastIndex + 1);
    const prevIndex = next - 1;
    const end = Math.min(this.lastIndex + 1, next + this.config.maxEntriesPerAppend);
    out.sends.push({
      to,
      msg: {
        type: 'append',
        term: this.term,
        prevIndex,
        prevTerm: this.log[prevIndex].term,
        entries: this.log.slice(next, end),
        commit: this.commitIndex,
        sentAtLocal: localNow,
      },
    });
  }

  private onAppend(
    out: NodeOutput,
    from: number,
    msg: StoreMessage & { type: 'append' },
    localNow: number,
  ): void {
    if (msg.term > this.term) this.stepDown(out, msg.term, localNow);
    const stale = msg.term < this.term;
    if (stale && this.config.fencing) {
      out.sends.push({
        to: from,
        msg: {
          type: 'append-reply',
          term: this.term,
          success: false,
          matchIndex: 0,
          sentAtLocal: msg.sentAtLocal,
        },
      });
      return;
    }
    // A deposed leader's stream never overwrites a newer leader's own log.
    if (stale && this.role === 'leader') return;
    if (!stale) {
      if (this.role !== 'follower') this.becomeFollower(out, localNow);
      else out.timers.push({ timer: 'election', localDelayMs: this.electionTimeout() });
      this.leader = from;
      this.heardLeaderLocal = localNow;
    }
    if (this.stalled) return;
    // Unfenced, a stale leader's message is applied and answered in ITS term: nothing tells it.
    const replyTerm = stale ? msg.term : this.term;
    if (msg.prevIndex > this.lastIndex || this.log[msg.prevIndex].term !== msg.prevTerm) {
      const hint = Math.min(this.lastIndex, msg.prevIndex - 1);
      out.sends.push({
        to: from,
        msg: {
          type: 'append-reply',
          term: replyTerm,
          success: false,
          matchIndex: hint,
          sentAtLocal: msg.sentAtLocal,
        },
      });
      return;
    }
    for (let j = 0; j < msg.entries.length; j++) {
      const index = msg.prevIndex + 1 + j;
      const e = msg.entries[j];
      if (index <= this.lastIndex) {
        if (this.log[index].term === e.term) continue;
        this.truncateFrom(out, index);
      }
      this.appendLocal(out, e);
    }
    const lastNew = msg.prevIndex + msg.entries.length;
    const commit = Math.min(msg.commit, lastNew);
    if (commit > this.commitIndex) this.commitIndex = commit;
    out.sends.push({
      to: from,
      msg: {
        type: 'append-reply',
        term: replyTerm,
        success: true,
        matchIndex: lastNew,
        sentAtLocal: msg.sentAtLocal,
      },
    });
  }

  private onAppendReply(
    out: NodeOutput,
    from: number,
    msg: StoreMessage & { type: 'append-reply' },
    localNow: number,
  ): void {
    if (msg.term > this.term) {
      this.stepDown(out, msg.term, localNow);
      return;
    }
    if (this.role !== 'leader' || msg.term !== this.term) return;
    this.heardFromLocal[from] = localNow;
    if (msg.sentAtLocal > this.leaseAck[from]) this.leaseAck[from] = msg.sentAtLocal;
    if (msg.success) {
      if (msg.matchIndex > this.matchIndex[from]) this.matchIndex[from] = msg.matchIndex;
      if (this.matchIndex[from] + 1 > this.nextIndex[from]) this.nextIndex[from] = this.matchIndex[from] + 1;
      if (this.semiSyncOff) this.checkSemiSyncCaughtUp(out);
      this.advanceCommit(out);
      // A backlog longer than one message is sent on at once; shorter ones ride the next
      // heartbeat or write (every write is sent to every follower).
      if (this.lastIndex - this.matchIndex[from] >= this.config.maxEntriesPerAppend) {
        this.sendAppend(out, from, localNow);
      }
      return;
    }
    this.nextIndex[from] = Math.max(1, Math.min(this.nextIndex[from] - 1, msg.matchIndex + 1));
    this.sendAppend(out, from, localNow);
  }

  /** Follower acknowledgements a write waits for. */
  private get acksNeeded(): number {
    const followers = this.config.replicas - 1;
    if (this.config.replication === 'sync') return followers;
    if (this.config.replication === 'semi-sync')
      return this.semiSyncOff ? 0 : Math.min(followers, this.config.semiSyncAcks);
    return 0;
  }

  private advanceCommit(out: NodeOutput): void {
    const needed = this.acksNeeded;
    for (let i = this.lastIndex; i > this.commitIndex; i--) {
      // Only an entry of the current term is committed by counting (Raft §5.4.2).
      if (this.log[i].term !== this.term) break;
      let acks = 0;
      for (let p = 0; p < this.config.replicas; p++) if (p !== this.id && this.matchIndex[p] >= i) acks++;
      if (acks >= needed) {
        this.commitIndex = i;
        break;
      }
    }
    this.answerCommitted(out);
  }

  private answerCommitted(out: NodeOutput): void {
    for (const [index, w] of this.pendingWrites) {
      if (index > this.commitIndex) continue;
      this.pendingWrites.delete(index);
      this.respond(out, w.from, w.op, 'ok');
    }
  }

  private respond(
    out: NodeOutput,
    to: number,
    op: number,
    outcome: 'ok' | 'redirect' | 'unavailable',
    value: number | null = null,
  ): void {
    const leader = outcome === 'unavailable' ? null : this.leader;
    out.sends.push({ to, msg: { type: 'response', op, outcome, value, leader } });
  }

  private onRequest(
    out: NodeOutput,
    from: number,
    msg: StoreMessage & { type: 'request' },
    localNow: number,
  ): void {
    const cp = this.config.consistency === 'cp';
    if (this.role !== 'leader') {
      const knowsLeader = this.leader !== null && this.leader !== this.id;
      if (msg.f === 'read' && msg.followerRead && (!cp || knowsLeader)) {
        this.respond(out, from, msg.op, 'ok', this.appliedWrite(msg.key));
        return;
      }
      this.respond(out, from, msg.op, knowsLeader ? 'redirect' : 'unavailable');
      return;
    }
    if (cp && !this.holdsLease(localNow)) {
      this.respond(out, from, msg.op, 'unavailable');
      return;
    }
    if (msg.f === 'read') {
      // Until its no-op commits, a new leader may not know what earlier terms committed (§8).
      if (cp && this.commitIndex < this.termStartIndex) this.respond(out, from, msg.op, 'unavailable');
      else this.respond(out, from, msg.op, 'ok', this.appliedWrite(msg.key));
      return;
    }
    if (this.stalled) {
      this.stalledWrites.push({ from, msg });
      return;
    }
    this.appendLocal(out, { term: this.term, key: msg.key, writeId: msg.writeId });
    out.accepted.push(msg.writeId);
    this.pendingWrites.set(this.lastIndex, { from, op: msg.op, sinceLocal: localNow });
    if (this.config.replication === 'async') this.commitIndex = this.lastIndex;
    this.advanceCommit(out);
    if (
      this.pendingWrites.size > 0 &&
      !this.semiSyncTimerArmed &&
      this.config.semiSyncTimeoutMs !== undefined
    ) {
      this.semiSyncTimerArmed = true;
      out.timers.push({ timer: 'semi-sync', localDelayMs: this.config.semiSyncTimeoutMs });
    }
    this.broadcastAppend(out, localNow);
  }

  /**
   * The semi-sync timer fired: if the oldest write still waiting has waited the whole timeout, fall
   * back to async (every waiting write commits and is answered, as MySQL's source commits once it
   * stops waiting); else wait the rest of that write's timeout.
   */
  private checkSemiSyncWait(out: NodeOutput, localNow: number): void {
    const timeout = this.config.semiSyncTimeoutMs;
    if (timeout === undefined) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const w of this.pendingWrites.values()) oldest = Math.min(oldest, w.sinceLocal);
    if (oldest === Number.POSITIVE_INFINITY) return;
    if (localNow - oldest < timeout) {
      this.semiSyncTimerArmed = true;
      out.timers.push({ timer: 'semi-sync', localDelayMs: oldest + timeout - localNow });
      return;
    }
    this.semiSyncOff = true;
    out.semiSync = 'fallback';
    this.advanceCommit(out);
  }

  /** Async since a fallback: back to semi-sync once `semiSyncAcks` followers hold the whole log. */
  private checkSemiSyncCaughtUp(out: NodeOutput): void {
    let caughtUp = 0;
    for (let p = 0; p < this.config.replicas; p++)
      if (p !== this.id && this.matchIndex[p] >= this.lastIndex) caughtUp++;
    if (caughtUp < Math.min(this.config.replicas - 1, this.config.semiSyncAcks)) return;
    this.semiSyncOff = false;
    out.semiSync = 'restored';
  }
}

function emptyOutput(): NodeOutput {
  return {
    sends: [],
    timers: [],
    appended: [],
    accepted: [],
    truncated: 0,
    quorumLost: false,
    semiSync: null,
  };
}
