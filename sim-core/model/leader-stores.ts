/**
 * The world's host of a leader-based store (`services.<s>.store.family: "leader"`): each of the
 * service's replicas runs a {@link LeaderNode} (Raft, Ongaro & Ousterhout 2014), timed on that
 * replica node's own clock, so clock faults stretch or shorten its timers and its lease. The
 * replica the load balancer picked for a request does its work, then forwards the request to the
 * leader it believes in (following redirects, as etcd's and Consul's followers answer with the
 * leader's address); every message between replicas travels over the world's network (latency,
 * loss, partitions), a crashed replica hears nothing and its in-flight messages die with it, and
 * a restarted one comes back with its persistent state (term, vote, log: Raft §5.1).
 *
 * Accounting is the shared {@link StoreAccounting}, plus the leadership per bucket
 * (`series.stores.<name>.leader`, `.term`) and a `leader-elected` control event per new term.
 *
 * @module
 */
import type { MetricsSink } from '../metrics/sink.ts';
import type { Rng } from '../random/streams.ts';
import type { LeaderStoreSpec } from '../scenario/store-spec.ts';
import {
  LeaderNode,
  type LeaderProtocolConfig,
  type NodeOutput,
  type NodeTimer,
  RAFT_DEFAULT,
  type StoreMessage,
} from '../store/leader-node.ts';
import {
  type AccountedOp,
  StoreAccounting,
  type StoreSeries,
  type StoreSummary,
} from '../store/store-accounting.ts';
import type { Call, Job } from './call.ts';
import { ClientHistory } from './client-history.ts';
import { drawKey, zipfCdf } from './keys.ts';
import { STORE_LEADER_MESSAGE, STORE_LEADER_TIMER, STORE_TIMEOUT } from './kinds.ts';
import type { Network } from './network.ts';
import { FAILED, SUCCEEDED } from './outcome.ts';
import { PausedWork } from './paused-work.ts';
import type { ReplicaRuntime, ServiceRuntime } from './runtime.ts';
import { storeClientName } from './store-clients.ts';
import type { StoreAnswerPort } from './stores.ts';
import type { TimerService } from './timers.ts';
import type { World } from './world.ts';

/** A message in flight between two endpoints: replicas are 0..n-1, replica i's forwarder is n + i. */
export interface LeaderEnvelope {
  readonly run: LeaderStoreRun;
  readonly from: number;
  readonly to: number;
  readonly sentMs: number;
  readonly msg: StoreMessage;
}

/** One replica's election or heartbeat timer (the node timer's reference, kept per replica and timer). */
export interface LeaderTimerRef {
  readonly run: LeaderStoreRun;
  readonly slot: number;
  readonly timer: NodeTimer;
  handle: number;
}

/** Where a rescheduled election or heartbeat timer's handle goes (see `TimerService.set`). */
function rehandleLeaderTimer(ref: LeaderTimerRef, handle: number): void {
  ref.handle = handle;
}

/** A leader store's series: the shared ones, plus the leadership at each bucket's end. */
export interface LeaderStoreSeries extends StoreSeries {
  /** The replica index leading (the highest term among up leaders), null: none. */
  leader: (number | null)[];
  /** The highest term any up replica has reached. */
  term: number[];
}

interface Op extends AccountedOp {
  readonly job: Job;
  readonly slot: number;
  done: boolean;
  timeout: number;
}

const TIMERS: readonly NodeTimer[] = ['election', 'heartbeat', 'semi-sync'];

/** What a leader store uses of the world it runs in. */
export interface LeaderStoreWorld {
  readonly w: World;
  readonly timers: TimerService;
  readonly network: Network;
  readonly answers: StoreAnswerPort;
  readonly metrics: MetricsSink;
}

/** The protocol parameters a scenario's leader store implies. */
export function leaderProtocol(spec: LeaderStoreSpec, replicas: number): LeaderProtocolConfig {
  const election = spec.election === 'raft-default' ? RAFT_DEFAULT : spec.election;
  const r = spec.replication;
  return {
    replicas,
    heartbeatMs: election.heartbeatMs,
    electionTimeoutMs: election.electionTimeoutMs,
    // Without a lease the leader serves while it believes it leads: no acknowledgement is too old.
    leaseMs: spec.lease === null ? Number.POSITIVE_INFINITY : spec.lease.durationMs,
    replication: typeof r === 'string' ? r : 'semi-sync',
    semiSyncAcks: typeof r === 'string' ? 1 : r.semiSync,
    ...(typeof r !== 'string' && r.timeoutMs !== null ? { semiSyncTimeoutMs: r.timeoutMs } : {}),
    fencing: spec.fencing,
    consistency: spec.minority,
    maxEntriesPerAppend: 64,
    ...(spec.preVote ? { preVote: true } : {}),
    ...(spec.checkQuorum ? { checkQuorum: true } : {}),
  };
}

/** One leader-based store service in the world. */
export class LeaderStoreRun {
  readonly accounting: StoreAccounting;
  readonly nodes: LeaderNode[];
  private readonly n: number;
  private readonly opsRng: Rng;
  private readonly keyCdf: Float64Array;
  private readonly timerRefs: LeaderTimerRef[][];
  private readonly up: boolean[];
  private readonly lastCrashMs: number[];
  private readonly ops: Op[] = [];
  private readonly byJob = new Map<Job, Op>();
  private readonly plans = new WeakMap<Call, { f: 'read' | 'write'; key: number }>();
  private readonly acceptedInSplit = new Set<number>();
  private readonly pausedWork = new PausedWork();
  /** The history as the callers see it. */
  readonly clientHistory: ClientHistory;
  private readonly lagStarted = new Set<number>();
  private readonly leading: (number | null)[];
  /** Per replica, the lease end last told to the probe (probe runs only). */
  private readonly leaseReported: number[] = [];
  private readonly leaderSeries: (number | null)[];
  private readonly termSeries: number[];
  private started = false;

  private readonly w: World;
  private readonly timers: TimerService;
  private readonly network: Network;
  private readonly answers: StoreAnswerPort;
  private readonly metrics: MetricsSink;

  constructor(
    world: LeaderStoreWorld,
    readonly service: ServiceRuntime,
    readonly spec: LeaderStoreSpec,
    buckets: number,
  ) {
    ({
      w: this.w,
      timers: this.timers,
      network: this.network,
      answers: this.answers,
      metrics: this.metrics,
    } = world);
    const w = this.w;
    const name = service.spec.name;
    const n = service.replicas.length;
    this.n = n;
    this.opsRng = w.streams.stream(`store:${name}/ops`);
    this.keyCdf = zipfCdf(spec.keys.count, spec.keys.zipfS);
    const protocol = leaderProtocol(spec, n);
    this.nodes = Array.from(
      { length: n },
      (_, i) => new LeaderNode(i, protocol, w.streams.stream(`store:${name}/election:${i}`)),
    );
    this.timerRefs = this.nodes.map((_, slot) =>
      TIMERS.map((timer) => ({ run: this, slot, timer, handle: -1 })),
    );
    this.up = this.nodes.map((_, i) => this.replica(i).up);
    this.lastCrashMs = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
    this.leading = new Array<number | null>(n).fill(null);
    this.accounting = new StoreAccounting(n, buckets, w.scenario.metrics.bucketMs, false);
    this.accounting.clientHistory = true;
    this.clientHistory = new ClientHistory(this.accounting.history);
    if (protocol.semiSyncTimeoutMs !== undefined) this.accounting.semiSyncFallbacks = 0;
    this.leaderSeries = new Array<number | null>(buckets).fill(null);
    this.termSeries = new Array<number>(buckets).fill(0);
  }

  replica(slot: number): ReplicaRuntime {
    return this.w.replicas[this.service.replicas[slot]];
  }

  /** Starts every replica's protocol (at time 0). */
  begin(): void {
    this.started = true;
    for (let i = 0; i < this.n; i++) if (this.up[i]) this.apply(i, this.nodes[i].start(this.local(i)));
  }

  /** The request `job` reached replica `coordinator` and did its work: forward its operation. */
  start(coordinator: ReplicaRuntime, job: Job): void {
    const call = job.call;
    let plan = this.plans.get(call);
    const now = this.w.engine.now;
    if (plan === undefined) {
      const f = this.opsRng.next() < this.spec.readRatio ? 'read' : 'write';
      plan = { f, key: drawKey(this.keyCdf, this.opsRng) };
      this.plans.set(call, plan);
    } else if (plan.f === 'write') this.metrics.serviceDuplicate(this.service.index, now);
    const slot = coordinator.slot;
    const writeId = plan.f === 'write' ? this.accounting.newWrite(call.client, plan.key, now) : 0;
    const process = this.ops.length;
    const op: Op = {
      client: call.client,
      process,
      f: plan.f,
      key: plan.key,
      invokeMs: now,
      writeId,
      sent: 0,
      replies: 0,
      job,
      slot,
      done: false,
      timeout: -1,
    };
    this.ops.push(op);
    this.byJob.set(job, op);
    // Replicas owe a write only once a leader took it in (a refused one is owed by nobody).
    this.accounting.invoked(op, false, false);
    this.clientHistory.invoked(job, process, plan.f, plan.key, writeId);
    const followerRead = plan.f === 'read' && this.spec.reads === 'followers';
    // A follower forwards to the leader it last heard from in its term (itself when it knows none,
    // and then answers with a redirect or a refusal): the forwarding of etcd's and Consul's followers.
    this.request(op, followerRead ? slot : (this.nodes[slot].leader ?? slot));
    op.timeout = this.timers.set(coordinator.node, this.spec.timeoutMs, STORE_TIMEOUT, job, (_, h) => {
      op.timeout = h;
    });
  }

  /** A message reaches its endpoint: lost if its receiver is down, a partition cuts it, or its sender crashed since. */
  onMessage(e: LeaderEnvelope): void {
    const n = this.n;
    const toSlot = e.to % n;
    const fromSlot = e.from % n;
    const target = this.replica(toSlot);
    if (!target.up) return;
    if (fromSlot !== toSlot && !this.network.deliverable(this.replica(fromSlot).node, target.node)) return;
    if (this.lastCrashMs[fromSlot] >= e.sentMs) return;
    if (PausedWork.paused(target)) this.pausedWork.park(target, () => this.handle(e));
    else this.handle(e);
  }

  onTimer(ref: LeaderTimerRef): void {
    this.timers.fired(ref);
    ref.handle = -1;
    if (!this.up[ref.slot]) return;
    const replica = this.replica(ref.slot);
    // A timer the node re-armed while it waited is the one that counts: the stale one is dropped.
    if (PausedWork.paused(replica)) this.pausedWork.park(replica, () => ref.handle < 0 && this.tick(ref));
    else this.tick(ref);
  }

  /** The operation of `job` timed out on its forwarding replica's clock: a write is then indeterminate. */
  onTimeout(job: Job): void {
    const op = this.byJob.get(job);
    if (op === undefined || op.done) return;
    op.timeout = -1;
    const forwarder = this.replica(op.slot);
    if (PausedWork.paused(forwarder)) {
      this.pausedWork.park(forwarder, () => this.timeOut(op));
      return;
    }
    this.timeOut(op);
  }

  /** A paused replica runs again: the messages and timers that waited for it. */
  resumed(replica: ReplicaRuntime): void {
    this.pausedWork.resumed(replica);
  }

  /** The lag and the leadership at the end of the bucket that ends now. */
  onSample(): void {
    const now = this.w.engine.now;
    this.sample(Math.round(now / this.accounting.bucketMs) - 1, now);
  }

  replicaDown(replica: ReplicaRuntime): void {
    const i = replica.slot;
    if (!this.up[i]) return;
    this.up[i] = false;
    this.lastCrashMs[i] = this.w.engine.now;
    for (const ref of this.timerRefs[i]) this.cancelTimer(ref);
    this.nodes[i].crash();
    this.trackLeadership(i);
  }

  replicaUp(replica: ReplicaRuntime): void {
    const i = replica.slot;
    if (this.up[i]) return;
    this.up[i] = true;
    if (this.started) this.apply(i, this.nodes[i].start(this.local(i)));
  }

  diskStall(replica: ReplicaRuntime, stalled: boolean): void {
    const i = replica.slot;
    if (this.up[i]) this.apply(i, this.nodes[i].setStalled(stalled, this.local(i)));
  }

  result(endMs: number, length: number): { summary: StoreSummary; series: LeaderStoreSeries } {
    const acc = this.accounting;
    const bucketMs = acc.bucketMs;
    const widths = Array.from({ length }, (_, b) => Math.max(0, Math.min(bucketMs, endMs - b * bucketMs)));
    this.sample(Math.max(0, Math.min(acc.buckets, Math.ceil(endMs / bucketMs)) - 1), endMs);
    const { summary, series } = acc.result(
      (key) => this.nodes.map((x) => x.heldWrite(key)),
      widths,
      storeClientName(this.w),
    );
    return {
      summary,
      series: {
        ...series,
        leader: this.leaderSeries.slice(0, length),
        term: this.termSeries.slice(0, length),
      },
    };
  }

  // ------------------------------------------------------------------ helpers

  /** A message its endpoint handles now: a forwarder's answer, or a step of the replica's node. */
  private handle(e: LeaderEnvelope): void {
    if (e.to >= this.n) {
      this.atForwarder(e.msg);
      return;
    }
    const slot = e.to % this.n;
    this.apply(slot, this.nodes[slot].step(e.from, e.msg, this.local(slot)));
  }

  private tick(ref: LeaderTimerRef): void {
    this.apply(ref.slot, this.nodes[ref.slot].tick(ref.timer, this.local(ref.slot)));
  }

  private timeOut(op: Op): void {
    if (op.done) return;
    this.accounting.timedOut++;
    this.complete(op, op.f === 'write' ? 'info' : 'fail', null);
  }

  private local(slot: number): number {
    return this.timers.localNow(this.replica(slot).node);
  }

  private sample(bucket: number, nowMs: number): void {
    this.accounting.lag.sample(bucket, nowMs);
    let leader: number | null = null;
    let term = 0;
    this.nodes.forEach((x, i) => {
      if (!this.up[i]) return;
      term = Math.max(term, x.term);
      if (x.role === 'leader' && (leader === null || x.term > this.nodes[leader].term)) leader = i;
    });
    this.leaderSeries[bucket] = leader;
    this.termSeries[bucket] = term;
  }

  private cancelTimer(ref: LeaderTimerRef): void {
    if (ref.handle < 0) return;
    this.timers.cancel(this.replica(ref.slot).node, ref.handle, ref);
    ref.handle = -1;
  }

  private send(from: number, to: number, msg: StoreMessage): void {
    const n = this.n;
    const fromSlot = from % n;
    const toSlot = to % n;
    const toNode = this.replica(toSlot).node;
    const delay = fromSlot === toSlot ? 0 : this.network.transit(this.replica(fromSlot).node, toNode);
    if (delay < 0) return;
    const envelope: LeaderEnvelope = { run: this, from, to, sentMs: this.w.engine.now, msg };
    this.timers.afterTrue(delay, STORE_LEADER_MESSAGE, toNode, envelope);
  }

  private request(op: Op, to: number): void {
    op.sent++;
    this.send(this.n + op.slot, to, {
      type: 'request',
      op: op.process,
      f: op.f,
      key: op.key,
      writeId: op.writeId,
      followerRead: op.f === 'read' && this.spec.reads === 'followers',
    });
  }

  private atForwarder(msg: StoreMessage): void {
    if (msg.type !== 'response') return;
    const op = this.ops[msg.op];
    if (op === undefined || op.done) return;
    if (msg.outcome === 'ok') {
      this.complete(op, 'ok', op.f === 'write' ? op.writeId : msg.value);
      return;
    }
    if (msg.outcome === 'redirect' && msg.leader !== null && op.sent <= this.n) {
      this.request(op, msg.leader);
      return;
    }
    // Refused before any leader took it in: a definite failure, for want of a leader or a lease.
    this.accounting.refused(op);
    this.complete(op, 'fail', null);
  }

  private complete(op: Op, outcome: 'ok' | 'fail' | 'info', value: number | null): void {
    const now = this.w.engine.now;
    op.done = true;
    this.byJob.delete(op.job);
    if (op.timeout >= 0) {
      this.timers.cancel(this.replica(op.slot).node, op.timeout, op.job);
      op.timeout = -1;
    }
    if (op.f === 'write' && outcome === 'ok' && this.acceptedInSplit.has(op.writeId))
      this.accounting.splitBrainWrite(now);
    op.replies = outcome === 'ok' ? 1 : 0;
    this.accounting.completed(op, outcome, value, now);
    this.clientHistory.completed(op.job, outcome, value);
    this.answers.storeAnswered(op.job, outcome === 'ok' ? SUCCEEDED : FAILED);
  }

  private newerLeaderThan(term: number): boolean {
    return this.nodes.some((x, i) => this.up[i] && x.role === 'leader' && x.term > term);
  }

  private trackLeadership(i: number): void {
    const node = this.nodes[i];
    const leads = this.up[i] && node.role === 'leader';
    const was = this.leading[i];
    if (was !== null && (!leads || was !== node.term)) {
      this.leading[i] = null;
      this.w.probe?.storeLeadership?.(this.service.index, i, was, false);
    }
    if (!leads || this.leading[i] !== null) return;
    this.leading[i] = node.term;
    this.w.probe?.storeLeadership?.(this.service.index, i, node.term, true);
    this.metrics.controlEvent(
      {
        kind: 'leader-elected',
        service: this.service.spec.name,
        replica: i,
        source: 'election',
        detail: { term: node.term, replica: i },
      },
      this.w.engine.now,
    );
  }

  /** Replica `i`, leading, fell back to async or returned to semi-sync: counted, and a control event. */
  private semiSyncChanged(i: number, change: 'fallback' | 'restored'): void {
    if (change === 'fallback')
      this.accounting.semiSyncFallbacks = (this.accounting.semiSyncFallbacks ?? 0) + 1;
    this.metrics.controlEvent(
      {
        kind: change === 'fallback' ? 'semi-sync-fallback' : 'semi-sync-restored',
        service: this.service.spec.name,
        replica: i,
        source: 'semi-sync',
        detail: { term: this.nodes[i].term, replica: i },
      },
      this.w.engine.now,
    );
  }

  /** Check-quorum made replica `i` step down: a `leader-stepped-down` control event. */
  private steppedDown(i: number): void {
    this.metrics.controlEvent(
      {
        kind: 'leader-stepped-down',
        service: this.service.spec.name,
        replica: i,
        source: 'check-quorum',
        detail: { term: this.nodes[i].term, replica: i },
      },
      this.w.engine.now,
    );
  }

  private apply(i: number, out: NodeOutput): void {
    const node = this.replica(i).node;
    for (const t of out.timers) {
      const ref = this.timerRefs[i][TIMERS.indexOf(t.timer)];
      this.cancelTimer(ref);
      if (t.localDelayMs === null) continue;
      ref.handle = this.timers.set(node, t.localDelayMs, STORE_LEADER_TIMER, ref, rehandleLeaderTimer);
    }
    const lag = this.accounting.lag;
    for (const id of out.accepted) {
      if (this.newerLeaderThan(this.nodes[i].term)) this.acceptedInSplit.add(id);
      if (!this.lagStarted.has(id)) {
        this.lagStarted.add(id);
        lag.writeInvoked(id, this.accounting.oracle.write(id).invokeMs);
      }
    }
    for (const id of out.appended) if (this.lagStarted.has(id)) lag.applied(i, id);
    this.accounting.conflicted(this.w.engine.now, out.truncated);
    if (out.quorumLost) this.steppedDown(i);
    if (out.semiSync !== null) this.semiSyncChanged(i, out.semiSync);
    this.trackLeadership(i);
    if (this.w.probe?.storeLease !== undefined) this.reportLease(i);
    for (const s of out.sends) this.send(i, s.to, s.msg);
  }

  /** Tells the probe where leader `i`'s lease ends now, when that moved (a probe's run only). */
  private reportLease(i: number): void {
    const node = this.nodes[i];
    if (this.spec.lease === null || !this.up[i] || node.role !== 'leader') return;
    const expiry = node.leaseExpiryLocal();
    if (!Number.isFinite(expiry)) return;
    const untilMs = this.w.clocks[this.replica(i).node].trueTimeAt(expiry);
    if (untilMs <= this.w.engine.now || this.leaseReported[i] === untilMs) return;
    this.leaseReported[i] = untilMs;
    this.w.probe?.storeLease?.(this.service.index, i, node.term, untilMs);
  }
}
