/**
 * The world's host of replicated stores: a service with a `store` runs a {@link StoreProtocol}
 * whose replicas are the service's replicas. A request reaches the replica the load balancer
 * picked, waits for a worker and does its work as any request does; then that replica
 * coordinates one store operation: its messages to the other replicas travel over the world's
 * network (link latency, loss and partitions apply, and a crashed replica answers nothing),
 * its timeout runs on the coordinator's own clock, and it answers the request when the
 * operation ends. Scenarios without a store build none of this and pay nothing.
 *
 * Which operation a request is (read or write, and its key) is drawn once per call from the
 * store's own stream, so a retry repeats the same operation: a retried write is written again
 * (counted as a duplicate) unless the caller sends idempotency keys, in which case the retry
 * carries the first attempt's version and applying it again changes nothing (Stripe-style
 * idempotency keys; Dynamo's coordinators do the same with a write's vector clock).
 *
 * @module
 */
import type { MetricsSink } from '../metrics/sink.ts';
import type { Rng } from '../random/streams.ts';
import type { LeaderlessStoreSpec } from '../scenario/store-spec.ts';
import { HashRing } from '../store/hash-ring.ts';
import { LeaderlessCoordinator, returnedValue } from '../store/leaderless-coordinator.ts';
import { StoreAccounting, type StoreSeries, type StoreSummary } from '../store/store-accounting.ts';
import type { StoreHost, StoreMessage, StoreOp } from '../store/store-protocol.ts';
import type { Version } from '../store/version.ts';
import type { Call, Job } from './call.ts';
import { ClientHistory } from './client-history.ts';
import { drawKey, zipfCdf } from './keys.ts';
import { STORE_MESSAGE, STORE_SAMPLE, STORE_TIMEOUT } from './kinds.ts';
import { LeaderStoreRun } from './leader-stores.ts';
import type { Network } from './network.ts';
import { FAILED, SUCCEEDED } from './outcome.ts';
import { PausedWork } from './paused-work.ts';
import type { ReplicaRuntime, ServiceRuntime } from './runtime.ts';
import { storeClientName } from './store-clients.ts';
import type { TimerService } from './timers.ts';
import type { World } from './world.ts';

/** How the store answers the request a coordinator was working on (the callee side's finish). */
export interface StoreAnswerPort {
  storeAnswered(job: Job, outcome: number): void;
}

/** What a call is, decided at its first coordinated attempt. */
interface Plan {
  readonly f: 'read' | 'write';
  readonly key: number;
  /** The version the call's first applied write carried (undefined: nothing written yet). */
  version: Version | undefined;
}

/** One store service's protocol and its host side in the world. */
export class StoreRun implements StoreHost {
  readonly protocol: LeaderlessCoordinator;
  readonly accounting: StoreAccounting;
  private readonly opsRng: Rng;
  private readonly pickRng: Rng;
  private readonly keyCdf: Float64Array;
  /** Per coordinator slot: writes kept for replicas it could not reach (hinted handoff). */
  private readonly hints: StoreMessage[][];
  /** The request each pending operation serves, by the operation's process (unique per operation). */
  private readonly jobs = new Map<number, Job>();
  private readonly ops = new Map<Job, StoreOp>();
  private readonly plans = new WeakMap<Call, Plan>();
  private readonly pausedWork = new PausedWork();
  /** The history as the callers see it. */
  readonly clientHistory: ClientHistory;
  private nextProcess = 0;

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly network: Network,
    private readonly answers: StoreAnswerPort,
    private readonly metrics: MetricsSink,
    readonly service: ServiceRuntime,
    readonly spec: LeaderlessStoreSpec,
    buckets: number,
  ) {
    const name = service.spec.name;
    this.opsRng = w.streams.stream(`store:${name}/ops`);
    this.pickRng = w.streams.stream(`store:${name}/read-replicas`);
    this.keyCdf = zipfCdf(spec.keys.count, spec.keys.zipfS);
    const n = service.replicas.length;
    this.hints = Array.from({ length: n }, () => []);
    this.accounting = new StoreAccounting(n, buckets, w.scenario.metrics.bucketMs, false);
    this.accounting.clientHistory = true;
    this.clientHistory = new ClientHistory(this.accounting.history);
    this.protocol = new LeaderlessCoordinator(
      {
        replicas: n,
        readQuorum: spec.r,
        writeQuorum: spec.w,
        readRepair: spec.readRepair,
        hintedHandoff: spec.hintedHandoff,
        siblings: spec.conflicts === 'siblings',
        ...(spec.ring === null
          ? {}
          : {
              ring: {
                n: spec.ring.n,
                ring: new HashRing(
                  Array.from({ length: n }, (_, i) => `${name}/${i}`),
                  spec.ring.tokensPerReplica,
                ),
              },
            }),
      },
      this,
      this.accounting,
    );
  }

  /** The store replica `slot`'s runtime. */
  replica(slot: number): ReplicaRuntime {
    return this.w.replicas[this.service.replicas[slot]];
  }

  /** The request `job` reached coordinator `coordinator` and did its work: coordinate its operation. */
  start(coordinator: ReplicaRuntime, job: Job): void {
    const call = job.call;
    let plan = this.plans.get(call);
    if (plan === undefined) {
      const f = this.opsRng.next() < this.spec.readRatio ? 'read' : 'write';
      plan = { f, key: drawKey(this.keyCdf, this.opsRng), version: undefined };
      this.plans.set(call, plan);
    }
    const slot = coordinator.slot;
    if (this.spec.hintedHandoff) this.replayHints(slot);
    const now = this.w.engine.now;
    const idempotent = call.edge.policy.idempotencyKeys;
    const repeat = plan.f === 'write' && idempotent ? plan.version : undefined;
    const byClient = this.spec.timestamps === 'client';
    const stamper = byClient ? call.edge.callerNode : coordinator.node;
    const process = this.nextProcess++;
    this.jobs.set(process, job);
    const op = this.protocol.invoke({
      client: call.client,
      process,
      coordinator: slot,
      f: plan.f,
      key: plan.key,
      timestampMs: this.w.clocks[stamper].localTime(byClient ? job.sentAt : now),
      writer: stamper,
      repeat,
    });
    this.clientHistory.invoked(job, process, plan.f, plan.key, op.writeId);
    if (op.done) this.clientHistory.completed(job, op.outcome ?? 'fail', null);
    else this.ops.set(job, op);
    if (plan.f !== 'write' || op.unavailable) return;
    if (plan.version === undefined) plan.version = op.version;
    else if (repeat !== undefined) this.metrics.serviceDeduplicated(this.service.index, now);
    else this.metrics.serviceDuplicate(this.service.index, now);
  }

  /** A store message reaches node `node`: lost if a partition now cuts it off or the node is down. */
  onMessage(message: StoreMessage): void {
    const { from, to } = this.ends(message);
    const target = this.w.replicas[this.service.replicas[to]];
    if (!target.up) return;
    if (from !== to && !this.network.deliverable(this.replica(from).node, target.node)) return;
    if (message.kind === 'reply') {
      // A coordinator that crashed since has forgotten the operation; its timer still ends it.
      const job = this.jobs.get(message.op.process);
      if (job === undefined || job.epoch !== target.epoch) return;
    }
    if (PausedWork.paused(target)) this.pausedWork.park(target, () => this.protocol.deliver(message));
    else this.protocol.deliver(message);
  }

  /** The operation of `job` timed out on its coordinator's clock (a paused coordinator sees it at its resume). */
  onTimeout(job: Job): void {
    const op = this.ops.get(job);
    if (op === undefined) return;
    op.timeout = -1;
    const coordinator = this.replica(op.coordinator);
    if (PausedWork.paused(coordinator)) this.pausedWork.park(coordinator, () => this.protocol.timedOut(op));
    else this.protocol.timedOut(op);
  }

  /** A paused replica runs again: the messages and timeouts that waited for it. */
  resumed(replica: ReplicaRuntime): void {
    this.pausedWork.resumed(replica);
  }

  /** The replication lag at the end of the bucket that ends now. */
  onSample(): void {
    const now = this.w.engine.now;
    this.accounting.lag.sample(Math.round(now / this.accounting.bucketMs) - 1, now);
  }

  /** The summary and series at `endMs`, the series over the buckets the run reached (the last one may be partial). */
  result(endMs: number, length: number): { summary: StoreSummary; series: StoreSeries } {
    const bucketMs = this.accounting.bucketMs;
    const widths = Array.from({ length }, (_, b) => Math.max(0, Math.min(bucketMs, endMs - b * bucketMs)));
    const last = Math.max(
      0,
      Math.min(this.accounting.buckets, Math.ceil(endMs / this.accounting.bucketMs)) - 1,
    );
    this.accounting.lag.sample(last, endMs);
    const { summary, series } = this.accounting.result(
      (key) => this.protocol.held(key),
      widths,
      storeClientName(this.w),
    );
    return { summary, series };
  }

  // ------------------------------------------------------------------ the host

  now(): number {
    return this.w.engine.now;
  }

  reachable(op: StoreOp, replica: number): boolean {
    return this.reachableFrom(op.coordinator, replica);
  }

  send(message: StoreMessage): void {
    const { from, to } = this.ends(message);
    const toNode = this.replica(to).node;
    const delay = from === to ? 0 : this.network.transit(this.replica(from).node, toNode);
    if (delay >= 0) this.timers.afterTrue(delay, STORE_MESSAGE, toNode, message);
  }

  handOff(message: StoreMessage): void {
    this.hints[message.op.coordinator].push(message);
  }

  armTimeout(op: StoreOp): void {
    const job = this.jobs.get(op.process);
    if (job === undefined) return;
    const node = this.replica(op.coordinator).node;
    op.timeout = this.timers.set(node, this.spec.timeoutMs, STORE_TIMEOUT, job, (_, h) => {
      op.timeout = h;
    });
  }

  disarmTimeout(op: StoreOp): void {
    const job = this.jobs.get(op.process);
    if (op.timeout < 0 || job === undefined) return;
    this.timers.cancel(this.replica(op.coordinator).node, op.timeout, job);
    op.timeout = -1;
  }

  pick(): number {
    return this.pickRng.next();
  }

  completed(op: StoreOp): void {
    const job = this.jobs.get(op.process);
    if (job === undefined) return;
    this.jobs.delete(op.process);
    this.ops.delete(job);
    this.w.probe?.storeOperation?.(job, op);
    this.clientHistory.completed(job, op.outcome ?? 'fail', op.outcome === 'ok' ? returnedValue(op) : null);
    this.answers.storeAnswered(job, op.outcome === 'ok' ? SUCCEEDED : FAILED);
  }

  // ------------------------------------------------------------------ helpers

  /** The sending and receiving store replicas of a message. */
  private ends(message: StoreMessage): { from: number; to: number } {
    const coordinator = message.op.coordinator;
    return message.kind === 'reply'
      ? { from: message.replica, to: coordinator }
      : { from: coordinator, to: message.replica };
  }

  /**
   * The coordinator's failure detector (Cassandra's gossip view, idealised): a replica counts
   * as reachable while it is up and no partition cuts the coordinator off from it.
   */
  private reachableFrom(coordinator: number, replica: number): boolean {
    if (coordinator === replica) return true;
    const target = this.replica(replica);
    return target.up && !this.network.isCut(this.replica(coordinator).node, target.node);
  }

  /** Sends the coordinator's kept writes to the replicas it can reach again. */
  private replayHints(slot: number): void {
    const kept = this.hints[slot];
    if (kept.length === 0) return;
    const left: StoreMessage[] = [];
    for (const message of kept) {
      if (this.reachableFrom(slot, message.replica)) this.send(message);
      else left.push(message);
    }
    this.hints[slot] = left;
  }
}

/** A store service's run, whichever family. */
export type AnyStoreRun = StoreRun | LeaderStoreRun;

/** Every store service's run, by service index (null: an ordinary service). */
export class Stores {
  readonly byService: (AnyStoreRun | null)[];
  /** The store runs in service order. */
  readonly runs: AnyStoreRun[];

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    network: Network,
    answers: StoreAnswerPort,
    metrics: MetricsSink,
  ) {
    const buckets = Math.max(1, Math.ceil(w.scenario.durationMs / w.scenario.metrics.bucketMs));
    this.byService = w.services.map((svc) => {
      const spec = svc.spec.store;
      if (spec === null) return null;
      return spec.family === 'leader'
        ? new LeaderStoreRun({ w, timers, network, answers, metrics }, svc, spec, buckets)
        : new StoreRun(w, timers, network, answers, metrics, svc, spec, buckets);
    });
    this.runs = this.byService.filter((r): r is AnyStoreRun => r !== null);
    this.hasLeader = this.runs.some((r) => r instanceof LeaderStoreRun);
  }

  private readonly hasLeader: boolean;

  /** The run of the store a replica node belongs to. */
  ofNode(node: number): AnyStoreRun {
    const replica = this.w.replicas[node - this.w.clients.length];
    const run = this.byService[replica.service];
    if (run === null) throw new Error(`stores: node ${this.w.nodeNames[node]} is not a store replica`);
    return run;
  }

  /** The leaderless run of a replica node (its messages are leaderless ones). */
  leaderlessOf(node: number): StoreRun {
    const run = this.ofNode(node);
    if (!(run instanceof StoreRun))
      throw new Error(`stores: node ${this.w.nodeNames[node]} is not a leaderless store replica`);
    return run;
  }

  /** A disk-stall fault starts on a store replica: it applies nothing until `untilMs`. */
  diskStall(replica: ReplicaRuntime, untilMs: number): void {
    const run = this.ofNode(replica.node);
    if (run instanceof LeaderStoreRun) run.diskStall(replica, true);
    else run.protocol.replicas[replica.slot].stallUntil(untilMs);
  }

  /** A disk stall ended: the replica applies what it queued, unless another stall still holds it. */
  diskStallEnd(replica: ReplicaRuntime): void {
    const run = this.ofNode(replica.node);
    if (run instanceof LeaderStoreRun) {
      run.diskStall(replica, false);
      return;
    }
    const state = run.protocol.replicas[replica.slot];
    if (!state.isStalled(this.w.engine.now)) state.drainStalled();
  }

  /** A caller's attempt at a store ended (answered, timed out, lost, abandoned): its history entry. */
  attemptEnded(job: Job, answered: number): void {
    if (job.replica < 0) return;
    this.byService[this.w.replicas[job.replica].service]?.clientHistory.attemptEnded(
      job,
      answered,
      this.w.engine.now,
    );
  }

  /** A pause fault ended on a replica: a store replica handles what reached it meanwhile. */
  resumed(replica: ReplicaRuntime): void {
    this.byService[replica.service]?.resumed(replica);
  }

  /** A replica went down (crash, kill, zone outage): a leader store's node loses its volatile state. */
  replicaDown(replica: ReplicaRuntime): void {
    if (!this.hasLeader) return;
    const run = this.byService[replica.service];
    if (run instanceof LeaderStoreRun) run.replicaDown(replica);
  }

  /** A replica is up again: a leader store's node restarts from its persistent state. */
  replicaUp(replica: ReplicaRuntime): void {
    if (!this.hasLeader) return;
    const run = this.byService[replica.service];
    if (run instanceof LeaderStoreRun) run.replicaUp(replica);
  }

  /** Schedules each store's lag samples at the buckets' ends (the last one is taken by `result`). */
  start(): void {
    const bucketMs = this.w.scenario.metrics.bucketMs;
    for (const run of this.runs) {
      if (run instanceof LeaderStoreRun) run.begin();
      const node = run.replica(0).node;
      for (let b = 1; b * bucketMs < this.w.scenario.durationMs; b++)
        this.timers.atTrue(b * bucketMs, STORE_SAMPLE, node);
    }
  }
}
