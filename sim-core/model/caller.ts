import type { MetricsSink } from '../metrics/sink.ts';
import { CacheAside } from './cache-aside.ts';
import {
  type Call,
  JOB_CANCELLED,
  JOB_NEW,
  JOB_QUEUED,
  type Job,
  newCall,
  newJob,
  ORIGIN_CLIENT,
  ORIGIN_JOB,
  ORIGIN_QUEUE,
  rehandleAttemptTimer,
  rehandleDeadline,
} from './call.ts';
import { fallbackOutcome } from './edge/fallback.ts';
import { ADMIT, WAIT } from './edge/guard.ts';
import { Hedging } from './edge/hedge.ts';
import { Retries } from './edge/retry.ts';
import type { Edge } from './edge.ts';
import { ATTEMPT_TIMEOUT, DEADLINE } from './kinds.ts';
import { CORRUPT, DEGRADED, DROPPED, FAILED, isGoodAnswer, SUCCEEDED, TIMED_OUT } from './outcome.ts';
import { pickReplica } from './pick-replica.ts';
import type { ClientsPort, QueuePort, ServerPort } from './ports.ts';
import { RecordPool } from './record-pool.ts';
import { SLOT_DRAINING } from './replica-load.ts';
import type { ServiceRuntime } from './runtime.ts';
import type { TimerService } from './timers.ts';
import type { Transport } from './transport.ts';
import type { World } from './world.ts';

/**
 * The caller side of every call: its attempts through the edge's guards (breaker, rate limit,
 * adaptive limit, bulkhead: `edge/guards.ts`), per-attempt timeouts and the overall deadline,
 * retries (`edge/retry.ts`), hedged attempts (`edge/hedge.ts`), fallbacks (`edge/fallback.ts`)
 * and the cache in front of the callee (`cache-aside.ts`). An edge with no guard and no retry
 * budget sends each attempt straight away.
 */
export class Caller {
  private readonly retries: Retries;
  private readonly hedging: Hedging;
  private readonly cache: CacheAside;

  /** Connected by the builder when the scenario has a store: hears each attempt's end (its history). */
  storeHistory: { attemptEnded(job: Job, answered: number): void } | null = null;
  /** Connected by the builder. */
  server!: ServerPort;
  queues!: QueuePort;
  clients!: ClientsPort;
  /** The run's call and job records: set by the builder, recycling unless the run keeps records elsewhere. */
  records = new RecordPool(false);

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
    private readonly transport: Transport,
  ) {
    this.retries = new Retries(timers, metrics, w.engine);
    this.hedging = new Hedging(timers, metrics, w.engine, w.probe);
    this.cache = new CacheAside(timers, w.replicas);
  }

  /**
   * Starts a call on `edge`. `inheritedDeadline` is the true time by which the caller itself
   * must be done (deadline propagation), Infinity when it does not propagate one.
   */
  startCall(
    origin: number,
    client: number,
    tier: number,
    edge: Edge,
    parent: Job | null,
    slot: number,
    key: number,
    inheritedDeadline: number,
  ): Call {
    const w = this.w;
    const now = w.engine.now;
    const policy = edge.policy;
    let deadlineAt = inheritedDeadline;
    // The call's own deadline is a timer on the caller's clock; an inherited one is fixed in true time.
    let ownDeadline = false;
    if (policy.deadlineMs !== null) {
      const own = now + this.timers.trueDelay(edge.callerNode, policy.deadlineMs);
      ownDeadline = own < deadlineAt;
      if (ownDeadline) deadlineAt = own;
    }
    const call = newCall(
      w.nextCallId++,
      origin,
      client,
      tier,
      edge,
      parent,
      slot,
      key,
      now,
      deadlineAt,
      policy.retry?.backoff.baseMs ?? 0,
      this.records.spareCall(),
    );
    if (origin !== ORIGIN_CLIENT) this.metrics.edgeCall(edge.group, now);
    if (w.probe !== null) w.probe.callStarted?.(call);
    if (deadlineAt !== Number.POSITIVE_INFINITY && !this.armDeadline(call, ownDeadline)) return call;
    if (
      key >= 0 &&
      !edge.toQueue &&
      w.services[edge.target].cache !== null &&
      this.cache.answers(call, w.services[edge.target])
    )
      return call;
    this.attempt(call);
    return call;
  }

  /** Sets the call's deadline timer; false when the deadline has already passed (the call ended). */
  private armDeadline(call: Call, ownDeadline: boolean): boolean {
    const w = this.w;
    const edge = call.edge;
    if (call.deadlineAt <= w.engine.now) {
      this.endCall(call, TIMED_OUT);
      return false;
    }
    if (ownDeadline) {
      call.deadlineTimer = this.timers.set(
        edge.callerNode,
        edge.policy.deadlineMs!,
        DEADLINE,
        call,
        rehandleDeadline,
      );
    } else {
      call.deadlineTimer = this.timers.atTrue(call.deadlineAt, DEADLINE, edge.callerNode, call);
    }
    return true;
  }

  onCacheHit(call: Call): void {
    if (call.outcome === -1) this.endCall(call, SUCCEEDED);
  }

  /** One attempt of `call`, through the caller-side guards in Resilience4j's order. */
  private attempt(call: Call): void {
    const w = this.w;
    const edge = call.edge;
    call.attempts++;
    if (call.origin === ORIGIN_CLIENT) this.metrics.clientAttempt(call.client, w.engine.now);
    else this.metrics.edgeAttempt(edge.group, w.engine.now);
    const isRetry = call.nextIsRetry;
    call.nextIsRetry = false;
    call.currentIsRetry = isRetry;
    if (edge.unguarded) this.send(call);
    else this.guardedAttempt(call, edge, isRetry);
  }

  /** An attempt on an edge with guards or a retry budget: the budget hears it, then the guards in order. */
  private guardedAttempt(call: Call, edge: Edge, isRetry: boolean): void {
    const local = this.timers.localNow(edge.callerNode);
    this.retries.heardAttempt(edge, local, isRetry);
    this.passGuards(call, 0, local);
  }

  /** Asks the guards from `from` on; sends the attempt if they all admit it. */
  private passGuards(call: Call, from: number, local: number): void {
    const guards = call.edge.guards;
    for (let i = from; i < guards.length; i++) {
      const verdict = guards[i].admit(call, local);
      if (verdict === ADMIT) continue;
      if (verdict !== WAIT) this.refuse(call, verdict, i);
      return;
    }
    this.send(call);
  }

  /** A call held by guard `index` goes on through the guards after it. */
  resume(call: Call, index: number): void {
    this.passGuards(call, index + 1, this.timers.localNow(call.edge.callerNode));
  }

  /** The attempt was refused by guard `index`: the guards before it and the budget hear it, and it ends at once with `cause`. */
  refuse(call: Call, cause: number, index: number): void {
    const edge = call.edge;
    const local = this.timers.localNow(edge.callerNode);
    this.metrics.edgeRefused(edge.group, cause, this.w.engine.now);
    const guards = edge.guards;
    for (let i = 0; i < index; i++) guards[i].refusedLater(cause, local);
    this.retries.heardRefusal(edge, call, cause, local);
    this.attemptFailed(call, cause);
  }

  /** A wait a guard imposed on the call ran out: that guard refuses it. */
  onWaitTimeout(call: Call): void {
    call.retryTimer = -1;
    if (call.outcome !== -1) return;
    const guards = call.edge.guards;
    for (let i = 0; i < guards.length; i++) {
      const cause = guards[i].waitTimedOut(call);
      if (cause !== ADMIT) {
        this.refuse(call, cause, i);
        return;
      }
    }
  }

  /** Sends an attempt over the network to a replica (or a queue) chosen by the balancer. */
  private send(call: Call): void {
    const w = this.w;
    const edge = call.edge;
    const policy = edge.policy;
    const now = w.engine.now;
    let replica: number;
    let toNode: number;
    let slot = -1;
    if (edge.toQueue) {
      replica = -1 - edge.target;
      toNode = w.messageQueues[edge.target].node;
    } else {
      const svc = w.services[edge.target];
      slot = pickReplica(svc, w.replicas, now, edge.callerNode);
      svc.load.add(slot, 1);
      replica = svc.replicas[slot];
      toNode = w.replicas[replica].node;
    }
    const job = newJob(call, replica, now, call.currentIsRetry, call.deadlineAt, this.records.spareJob());
    call.inFlight++;
    call.current = job;
    edge.inFlight++;
    if (policy.timeoutMs !== null) this.armAttemptTimeout(job, edge, policy.timeoutMs);
    if (policy.hedge !== null) this.hedging.sent(call, job);
    this.transport.request(job, edge.callerNode, toNode);
  }

  /**
   * The attempt's own timeout, on the caller's clock; it also bounds the deadline the job propagates.
   * In its edge group's lane of the event queue: the group's edges share one timeout, so their
   * timeouts come in order (a clock that runs at another rate only sends some to the heap alone).
   */
  private armAttemptTimeout(job: Job, edge: Edge, timeoutMs: number): void {
    const w = this.w;
    job.timer = this.timers.set(
      edge.callerNode,
      timeoutMs,
      ATTEMPT_TIMEOUT,
      job,
      rehandleAttemptTimer,
      edge.group,
    );
    job.deadlineAt = Math.min(
      job.deadlineAt,
      w.engine.now + this.timers.trueDelay(edge.callerNode, timeoutMs),
    );
  }

  /** A message of this attempt was lost: a timer will end it, or nothing ever would (dropped). */
  lost(job: Job): void {
    if (job.timer === -1 && job.call.deadlineTimer === -1 && job.open) this.attemptEnded(job, DROPPED);
  }

  /** An answer reaches the caller. */
  onAnswer(job: Job, viaNetwork: boolean): void {
    const w = this.w;
    if (viaNetwork) {
      const from = job.replica >= 0 ? w.replicas[job.replica].node : w.messageQueues[-1 - job.replica].node;
      if (!this.transport.deliverable(from, job.call.edge.callerNode)) {
        this.lost(job);
        return;
      }
    }
    if (!job.open) return;
    this.attemptEnded(job, job.outcome);
  }

  onAttemptTimeout(job: Job): void {
    job.timer = -1;
    if (job.open) this.w.probe?.callerMoment?.('timeout', job.call, job);
    if (job.open) this.attemptEnded(job, TIMED_OUT);
  }

  /**
   * An attempt ended with `outcome` (as the callee answered, or a timeout/loss). Updates the
   * patterns that learn from results, then ends the call or retries.
   */
  private attemptEnded(job: Job, answered: number): void {
    const call = job.call;
    const edge = call.edge;
    this.closeAttempt(job);
    this.storeHistory?.attemptEnded(job, answered);
    let outcome = answered;
    if (outcome === SUCCEEDED && (job.corrupt || job.degraded)) outcome = this.taintedOutcome(job);
    if (edge.learnsFromResults) this.learn(job, outcome);
    if (call.outcome !== -1) return;
    if (isGoodAnswer(outcome)) {
      if (outcome === SUCCEEDED) edge.lastGoodAt = this.w.engine.now;
      this.endCall(call, outcome);
      return;
    }
    this.attemptFailed(call, outcome);
  }

  /** A good answer that carries a wrong value (corrupt) or a fallback's (degraded). */
  private taintedOutcome(job: Job): number {
    const edge = job.call.edge;
    if (job.corrupt) {
      if (edge.policy.validateResponses) this.metrics.edgeCorruptDetected(edge.group, this.w.engine.now);
      return edge.policy.validateResponses ? FAILED : CORRUPT;
    }
    return DEGRADED;
  }

  /** The patterns that learn from an attempt's result: the guards, outlier detection, the retry budget. */
  private learn(job: Job, outcome: number): void {
    const call = job.call;
    const edge = call.edge;
    const local = this.timers.localNow(edge.callerNode);
    const rtt = this.w.engine.now - job.sentAt;
    const guards = edge.guards;
    for (let i = 0; i < guards.length; i++) guards[i].ended(job, outcome, rtt, local);
    if (job.replica >= 0 && !edge.toQueue && this.w.services[edge.target].spec.outlierDetection !== null) {
      this.server.observeOutcome(job.replica, outcome);
    }
    this.retries.heardEnd(edge, job, outcome, isGoodAnswer(outcome), local);
  }

  /** Bookkeeping of an attempt that is over for its caller (answered, timed out, lost or abandoned). */
  private closeAttempt(job: Job): void {
    const w = this.w;
    const call = job.call;
    const edge = call.edge;
    job.open = false;
    if (job.timer !== -1) {
      this.timers.cancel(edge.callerNode, job.timer, job);
      job.timer = -1;
    }
    call.inFlight--;
    edge.inFlight--;
    if (job.replica >= 0) {
      const rep = w.replicas[job.replica];
      w.services[edge.target].load.add(rep.slot, -1);
      if (rep.lifecycle === SLOT_DRAINING) this.server.scaling?.drainCheck(rep);
    }
    const guards = edge.guards;
    for (let i = 0; i < guards.length; i++) guards[i].released(job);
    if (edge.policy.hedge !== null) this.hedging.closed(call, job);
    this.records.jobLetGo(job);
  }

  private attemptFailed(call: Call, cause: number): void {
    call.lastCause = cause;
    if (call.outcome !== -1 || call.inFlight > 0) return;
    if (!this.retries.retry(call)) this.endCall(call, cause);
  }

  onRetryTimer(call: Call): void {
    call.retryTimer = -1;
    if (call.outcome === -1) this.w.probe?.callerMoment?.('retry', call, null);
    if (call.outcome === -1) this.attempt(call);
  }

  onHedgeTimer(call: Call): void {
    if (this.hedging.due(call)) this.attempt(call);
  }

  onDeadline(call: Call): void {
    call.deadlineTimer = -1;
    if (call.outcome === -1) this.w.probe?.callerMoment?.('deadline', call, null);
    if (call.outcome === -1) this.endCall(call, TIMED_OUT);
  }

  /** Ends a call exactly once; a failure becomes a degraded success if a fallback can answer. */
  endCall(call: Call, cause: number): void {
    const edge = call.edge;
    let outcome = cause;
    if (edge.policy.fallback !== null && !isGoodAnswer(outcome))
      outcome = fallbackOutcome(edge, outcome, this.w.engine.now, this.metrics);
    call.outcome = outcome;
    this.records.callLetGo(call);
    if (call.deadlineTimer !== -1 || call.retryTimer !== -1 || call.nextIsRetry) this.clearPending(call);
    if (edge.policy.hedge !== null) this.abandonHedged(call);
    const current = call.current;
    if (current?.open) this.abandon(current);
    if (call.origin === ORIGIN_CLIENT) this.userRequestEnded(call, outcome);
    else this.innerCallEnded(call, outcome);
  }

  /**
   * The rest of {@link endCall} for a client's user request, and {@link innerCallEnded} for the
   * others: apart, so that each stays below V8's size limit for inlining a callee (460 bytes of
   * bytecode; endCall whole was 491).
   */
  private userRequestEnded(call: Call, outcome: number): void {
    const w = this.w;
    w.userRequestsInFlight--;
    if (w.probe !== null) w.probe.callEnded?.(call);
    if (call.fetch) this.endFetch(w.services[call.edge.target], call, outcome);
    this.metrics.clientEnded(call.client, outcome, call.startedAt, w.engine.now);
    const c = w.clients[call.client];
    if (c.think !== null) this.clients.requestEnded(c);
  }

  /** The rest of {@link endCall} for a job's downstream call or a queue's delivery. */
  private innerCallEnded(call: Call, outcome: number): void {
    const w = this.w;
    this.metrics.edgeEnded(call.edge.group, outcome, call.startedAt, w.engine.now);
    if (w.probe !== null) w.probe.callEnded?.(call);
    if (call.fetch) this.endFetch(w.services[call.edge.target], call, outcome);
    if (call.origin === ORIGIN_JOB) {
      this.server.onChildEnded(call.parent!, call);
    } else if (call.origin === ORIGIN_QUEUE) {
      this.queues.onDeliveryEnded(call);
    }
  }

  /** An ended call's pending deadline and retry (or hedge, or bulkhead wait) timers, and a retry never sent. */
  private clearPending(call: Call): void {
    const edge = call.edge;
    if (call.deadlineTimer !== -1) {
      this.timers.cancel(edge.callerNode, call.deadlineTimer, call);
      call.deadlineTimer = -1;
    }
    if (call.retryTimer !== -1) {
      this.timers.cancel(edge.callerNode, call.retryTimer, call);
      call.retryTimer = -1;
    }
    if (call.nextIsRetry) this.retries.unsent(call);
  }

  /** A cache fetch ended: fill the entry and end the calls that waited for it the same way. */
  private endFetch(svc: ServiceRuntime, call: Call, outcome: number): void {
    const good = isGoodAnswer(outcome);
    for (const waiter of this.cache.fetched(svc, call, good)) {
      if (waiter.outcome === -1 && waiter !== call) this.endCall(waiter, good ? SUCCEEDED : FAILED);
    }
  }

  /** A hedging call is over: its open attempts are cancelled (queued ones are skipped by the server). */
  private abandonHedged(call: Call): void {
    const open = this.hedging.ended(call);
    if (open !== undefined) for (const job of open) this.abandon(job);
  }

  /** The attempt is cancelled: its call ended another way; the guards and the budget hear it. */
  private abandon(job: Job): void {
    if (!job.open) return;
    if (job.state === JOB_QUEUED || job.state === JOB_NEW) job.state = JOB_CANCELLED;
    this.closeAttempt(job);
    this.storeHistory?.attemptEnded(job, -1);
    const edge = job.call.edge;
    if (edge.unguarded) return;
    const local = this.timers.localNow(edge.callerNode);
    const guards = edge.guards;
    for (let i = 0; i < guards.length; i++) guards[i].cancelled(job, local);
    this.retries.heardCancel(edge, job, local);
  }
}
