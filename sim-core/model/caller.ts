import type { MetricsSink } from '../metrics/sink.ts';
import { nextSleepMs } from '../patterns/jitter.ts';
import type { FailureCause } from '../scenario/policy-spec.ts';
import {
  type Call,
  JOB_CANCELLED,
  JOB_NEW,
  JOB_QUEUED,
  type Job,
  ORIGIN_CLIENT,
  ORIGIN_JOB,
  ORIGIN_QUEUE,
} from './call.ts';
import { BREAKER_STATE_CLOSED, BREAKER_STATE_HALF_OPEN, BREAKER_STATE_OPEN } from './edge/breaker-state.ts';
import type { Edge } from './edge.ts';
import { drawKey } from './keys.ts';
import {
  ARRIVAL,
  ATTEMPT_TIMEOUT,
  BULKHEAD_TIMEOUT,
  CACHE_HIT,
  DEADLINE,
  HEDGE,
  HERD,
  RETRY,
  THINK_DONE,
} from './kinds.ts';
import {
  BREAKER_OPEN,
  BULKHEAD_FULL,
  CORRUPT,
  DEGRADED,
  DROPPED,
  FAILED,
  isGoodAnswer,
  LIMITED,
  OUTCOMES,
  RATE_LIMITED,
  SUCCEEDED,
  TIMED_OUT,
} from './outcome.ts';
import type { QueuePort, ServerPort } from './ports.ts';
import type { ClientRuntime, ServiceRuntime } from './runtime.ts';
import type { TimerService } from './timers.ts';
import type { Transport } from './transport.ts';
import type { World } from './world.ts';

const STATE = {
  CLOSED: BREAKER_STATE_CLOSED,
  OPEN: BREAKER_STATE_OPEN,
  HALF_OPEN: BREAKER_STATE_HALF_OPEN,
} as const;

/**
 * The caller side of every call: issuing user requests, then for each call its attempts
 * through the caller's patterns (rate limiter, circuit breaker, adaptive limit, bulkhead),
 * per-attempt timeouts and the overall deadline, retries with backoff, jitter and budgets,
 * hedged attempts, fallbacks, and a cache in front of the callee. "Where does a retry happen":
 * {@link Caller.retryOrEnd}.
 */
export class Caller {
  /** Per-call list of open attempts, kept only for calls that may have several at once (hedging). */
  private readonly openAttempts = new Map<Call, Job[]>();

  /** Connected by the builder. */
  server!: ServerPort;
  queues!: QueuePort;

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
    private readonly transport: Transport,
  ) {}

  // ------------------------------------------------------------------ clients

  startClient(c: ClientRuntime): void {
    const a = c.spec.arrival;
    if (c.arrivals !== null) {
      this.scheduleArrival(c, c.arrivals.next(0, c.rng));
    } else if (a.kind === 'closed') {
      // Each user starts with a think, so a population does not fire all at once at t = 0.
      for (let u = 0; u < a.users; u++) this.think(c);
    } else if (a.kind === 'once') {
      this.timers.atTrue(a.atMs, HERD, c.node);
    }
  }

  private scheduleArrival(c: ClientRuntime, t: number): void {
    if (t < this.w.scenario.durationMs) this.timers.atTrue(t, ARRIVAL, c.node);
  }

  private think(c: ClientRuntime): void {
    const w = this.w;
    const delay = this.timers.trueDelay(c.node, c.think!.sample(c.rng));
    if (w.engine.now + delay < w.scenario.durationMs) this.timers.afterTrue(delay, THINK_DONE, c.node);
  }

  onArrival(c: ClientRuntime): void {
    this.scheduleArrival(c, c.arrivals!.next(this.w.engine.now, c.rng));
    this.issue(c);
  }

  /** A synchronized herd: every user of a `once` client sends its request now. */
  onHerd(c: ClientRuntime): void {
    const a = c.spec.arrival;
    if (a.kind === 'once') this.burst(c, a.users);
  }

  /** `n` user requests at this instant (herds and client-burst faults). */
  burst(c: ClientRuntime, n: number): void {
    for (let i = 0; i < n; i++) this.issue(c);
  }

  /** A user request: the root call of a client. */
  issue(c: ClientRuntime): void {
    this.metrics.clientOffered(c.index, this.w.engine.now);
    const key = c.keyCdf === null ? -1 : drawKey(c.keyCdf, c.keyRng);
    this.startCall(ORIGIN_CLIENT, c.index, c.spec.tier, c.edge, null, 0, key, Number.POSITIVE_INFINITY);
  }

  // ------------------------------------------------------------------ calls

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
    const call: Call = {
      id: w.nextCallId++,
      origin,
      client,
      tier,
      edge,
      parent,
      slot,
      key,
      startedAt: now,
      deadlineAt,
      outcome: -1,
      deadlineTimer: -1,
      retryTimer: -1,
      attempts: 0,
      inFlight: 0,
      lastCause: -1,
      previousSleepMs: policy.retry?.backoff.baseMs ?? 0,
      applied: 0,
      current: null,
      nextIsRetry: false,
      currentIsRetry: false,
      fetch: false,
    };
    if (origin !== ORIGIN_CLIENT) this.metrics.edgeCall(edge.group, now);
    if (w.probe !== null) w.probe.callStarted?.(call);
    if (deadlineAt !== Number.POSITIVE_INFINITY && !this.armDeadline(call, ownDeadline)) return call;
    if (key >= 0 && !edge.toQueue && w.services[edge.target].cache !== null && this.cached(call)) return call;
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
      call.deadlineTimer = this.timers.set(edge.callerNode, edge.policy.deadlineMs!, DEADLINE, call, (h) => {
        call.deadlineTimer = h;
      });
    } else {
      call.deadlineTimer = this.timers.atTrue(call.deadlineAt, DEADLINE, edge.callerNode, call);
    }
    return true;
  }

  /** The callee's cache answers the call (a hit, or a wait for a fetch in progress): true; else the call fetches. */
  private cached(call: Call): boolean {
    const w = this.w;
    const edge = call.edge;
    const key = call.key;
    const svc = w.services[edge.target];
    const cache = svc.cache!;
    const found = cache.lookup(key, this.timers.localNow(w.replicas[svc.replicas[0]].node));
    if (found === 'hit') {
      this.timers.afterTrue(cache.spec.hitLatency.valueMs, CACHE_HIT, edge.callerNode, call);
      return true;
    }
    if (found === 'wait') {
      cache.wait(key, call);
      return true;
    }
    cache.startFetch(key);
    call.fetch = true;
    return false;
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
    if (edge.unguarded) this.send(call, false);
    else this.guardedAttempt(call, edge, isRetry);
  }

  /** The guards of an attempt on an edge that has some; sends it if they all let it through. */
  private guardedAttempt(call: Call, edge: Edge, isRetry: boolean): void {
    const local = this.timers.localNow(edge.callerNode);
    edge.budget?.onAttempt(local, isRetry);
    let permit = false;
    if (edge.breaker !== null) {
      const allowed = edge.breaker.tryAcquirePermission(local);
      this.syncBreaker(edge);
      if (!allowed) {
        this.refused(call, BREAKER_OPEN, false);
        return;
      }
      permit = true;
    }
    if (edge.bucket !== null && !edge.bucket.tryTake(local)) {
      this.refused(call, RATE_LIMITED, permit);
      return;
    }
    if (edge.limit !== null && edge.inFlight >= Math.floor(edge.limit.limit)) {
      this.refused(call, LIMITED, permit);
      return;
    }
    const bulkhead = edge.policy.bulkhead;
    if (bulkhead !== null) {
      if (edge.bulkheadActive >= bulkhead.maxConcurrent) {
        if (bulkhead.maxWaitMs <= 0) {
          this.refused(call, BULKHEAD_FULL, permit);
          return;
        }
        edge.bulkheadWaiting.push(call);
        call.retryTimer = this.timers.set(
          edge.callerNode,
          bulkhead.maxWaitMs,
          BULKHEAD_TIMEOUT,
          call,
          (h) => {
            call.retryTimer = h;
          },
        );
        this.heldPermits.set(call, permit);
        return;
      }
      edge.bulkheadActive++;
    }
    this.send(call, permit);
  }

  /** Breaker permits held by calls waiting for a bulkhead slot. */
  private readonly heldPermits = new Map<Call, boolean>();

  onBulkheadTimeout(call: Call): void {
    call.retryTimer = -1;
    const permit = this.heldPermits.get(call) ?? false;
    this.heldPermits.delete(call);
    if (call.outcome !== -1) return;
    call.edge.bulkheadWaiting.remove(call);
    this.refused(call, BULKHEAD_FULL, permit);
  }

  /** A bulkhead slot was freed: the longest-waiting live call takes it. */
  private releaseBulkhead(edge: Edge): void {
    edge.bulkheadActive--;
    for (;;) {
      const next = edge.bulkheadWaiting.pop();
      if (next === undefined) return;
      const permit = this.heldPermits.get(next) ?? false;
      this.heldPermits.delete(next);
      if (next.outcome !== -1) continue;
      if (next.retryTimer !== -1) {
        this.timers.cancel(edge.callerNode, next.retryTimer, next);
        next.retryTimer = -1;
      }
      edge.bulkheadActive++;
      this.send(next, permit);
      return;
    }
  }

  /** The attempt was refused by a caller-side guard: it ends at once with `cause`. */
  private refused(call: Call, cause: number, permit: boolean): void {
    const w = this.w;
    const edge = call.edge;
    const local = this.timers.localNow(edge.callerNode);
    this.metrics.edgeRefused(edge.group, cause, w.engine.now);
    if (permit) {
      edge.breaker!.onResult(local, 0, edge.countsAsBreakerFailure(cause));
      this.syncBreaker(edge);
    }
    if (edge.budget !== null) {
      edge.budget.onFailure(local, OUTCOMES[cause] as FailureCause, edge.isRetryable(cause));
      if (call.currentIsRetry) edge.budget.onRetryEnd(local);
    }
    this.attemptFailed(call, cause);
  }

  /** Sends an attempt over the network to a replica (or a queue) chosen by the balancer. */
  private send(call: Call, permit: boolean): void {
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
      slot = this.pickReplica(svc);
      svc.outstanding[slot]++;
      replica = svc.replicas[slot];
      toNode = w.replicas[replica].node;
    }
    const job: Job = {
      call,
      replica,
      attemptNo: call.attempts,
      epoch: 0,
      sentAt: now,
      arrivedAt: 0,
      startedAt: 0,
      state: JOB_NEW,
      timer: -1,
      workTimer: -1,
      remainingWorkMs: 0,
      pendingCalls: 0,
      nextCall: 0,
      readVersion: 0,
      degraded: false,
      corrupt: false,
      breakerPermit: permit,
      isRetry: call.currentIsRetry,
      open: true,
      deadlineAt: call.deadlineAt,
      outcome: -1,
    };
    call.inFlight++;
    call.current = job;
    edge.inFlight++;
    if (policy.timeoutMs !== null) this.armAttemptTimeout(job, edge, policy.timeoutMs);
    if (policy.hedge !== null) this.trackHedged(call, job);
    this.transport.request(job, edge.callerNode, toNode);
  }

  /** The attempt's own timeout, on the caller's clock; it also bounds the deadline the job propagates. */
  private armAttemptTimeout(job: Job, edge: Edge, timeoutMs: number): void {
    const w = this.w;
    job.timer = this.timers.set(edge.callerNode, timeoutMs, ATTEMPT_TIMEOUT, job, (h) => {
      job.timer = h;
    });
    job.deadlineAt = Math.min(
      job.deadlineAt,
      w.engine.now + this.timers.trueDelay(edge.callerNode, timeoutMs),
    );
  }

  /** A hedging call keeps its open attempts, and the next hedge is due after the hedge delay. */
  private trackHedged(call: Call, job: Job): void {
    const edge = call.edge;
    const hedge = edge.policy.hedge!;
    let open = this.openAttempts.get(call);
    if (open === undefined) {
      open = [];
      this.openAttempts.set(call, open);
    }
    open.push(job);
    if (call.attempts <= hedge.maxHedges && call.retryTimer === -1) {
      call.retryTimer = this.timers.set(edge.callerNode, hedge.delayMs, HEDGE, call, (h) => {
        call.retryTimer = h;
      });
    }
  }

  /** The load balancer's pick, skipping ejected and unhealthy replicas (all of them if none is left: panic mode). */
  private pickReplica(svc: ServiceRuntime): number {
    const spec = svc.spec;
    if (spec.outlierDetection === null && spec.healthCheck === null) {
      return svc.balancer.pick(svc.outstanding, svc.balancerRng);
    }
    const w = this.w;
    const now = w.engine.now;
    const eligible: number[] = [];
    svc.replicas.forEach((r, i) => {
      const rep = w.replicas[r];
      if (rep.healthy && rep.ejectedUntil <= now) eligible.push(i);
    });
    if (eligible.length === 0 || eligible.length === svc.replicas.length) {
      return svc.balancer.pick(svc.outstanding, svc.balancerRng);
    }
    const sub = new Int32Array(eligible.length);
    eligible.forEach((i, k) => {
      sub[k] = svc.outstanding[i];
    });
    return eligible[svc.balancer.pick(sub, svc.balancerRng)];
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
      if (!w.network.deliverable(from, job.call.edge.callerNode)) {
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
    let outcome = answered;
    if (outcome === SUCCEEDED && (job.corrupt || job.degraded)) outcome = this.taintedOutcome(job);
    if (job.breakerPermit || edge.learnsFromResults) this.learn(job, outcome);
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

  /** The patterns that learn from an attempt's result: breaker, adaptive limit, outlier detection, budget. */
  private learn(job: Job, outcome: number): void {
    const w = this.w;
    const call = job.call;
    const edge = call.edge;
    const local = this.timers.localNow(edge.callerNode);
    const rtt = w.engine.now - job.sentAt;
    const good = isGoodAnswer(outcome);
    if (job.breakerPermit) {
      edge.breaker!.onResult(local, rtt, edge.countsAsBreakerFailure(outcome));
      this.syncBreaker(edge);
    }
    if (edge.limit !== null) {
      const before = edge.limit.limit;
      edge.limit.onSample(local, rtt, edge.inFlight + 1, outcome === TIMED_OUT || outcome === LIMITED);
      this.syncLimit(edge, before);
    }
    if (job.replica >= 0 && !edge.toQueue && w.services[edge.target].spec.outlierDetection !== null) {
      this.server.observeOutcome(job.replica, outcome);
    }
    const budget = edge.budget;
    if (budget !== null) {
      if (good) budget.onSuccess(local, job.isRetry ? (OUTCOMES[call.lastCause] as FailureCause) : null);
      else budget.onFailure(local, OUTCOMES[outcome] as FailureCause, edge.isRetryable(outcome));
      if (job.isRetry) budget.onRetryEnd(local);
    }
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
    if (job.replica >= 0) w.services[edge.target].outstanding[w.replicas[job.replica].slot]--;
    if (edge.policy.bulkhead !== null) this.releaseBulkhead(edge);
    if (edge.policy.hedge !== null) {
      const open = this.openAttempts.get(call);
      if (open !== undefined) {
        const i = open.indexOf(job);
        if (i >= 0) open.splice(i, 1);
      }
    }
  }

  private attemptFailed(call: Call, cause: number): void {
    call.lastCause = cause;
    if (call.outcome !== -1 || call.inFlight > 0) return;
    this.retryOrEnd(call);
  }

  /** Where a retry happens: retryable cause, attempts left, time left before the deadline, budget. */
  private retryOrEnd(call: Call): void {
    const w = this.w;
    const edge = call.edge;
    const spec = edge.policy.retry;
    const cause = call.lastCause;
    if (call.retryTimer !== -1) {
      // A hedge was still due: every attempt failed first, so the retry policy decides now.
      this.timers.cancel(edge.callerNode, call.retryTimer, call);
      call.retryTimer = -1;
    }
    if (spec === null || !edge.isRetryable(cause) || call.attempts >= spec.maxAttempts) {
      this.endCall(call, cause);
      return;
    }
    const sleep = nextSleepMs(spec, call.attempts, call.previousSleepMs, edge.jitterRng);
    const trueSleep = this.timers.trueDelay(edge.callerNode, sleep);
    if (w.engine.now + trueSleep >= call.deadlineAt) {
      this.endCall(call, cause);
      return;
    }
    if (
      edge.budget !== null &&
      !edge.budget.tryRetry(this.timers.localNow(edge.callerNode), OUTCOMES[cause] as FailureCause)
    ) {
      this.metrics.edgeRetrySuppressed(edge.group, w.engine.now);
      this.endCall(call, cause);
      return;
    }
    call.previousSleepMs = sleep;
    call.nextIsRetry = true;
    this.metrics.edgeRetry(edge.group, w.engine.now);
    call.retryTimer = this.timers.set(edge.callerNode, sleep, RETRY, call, (h) => {
      call.retryTimer = h;
    });
  }

  onRetryTimer(call: Call): void {
    call.retryTimer = -1;
    if (call.outcome === -1) this.w.probe?.callerMoment?.('retry', call, null);
    if (call.outcome === -1) this.attempt(call);
  }

  onHedgeTimer(call: Call): void {
    call.retryTimer = -1;
    const hedge = call.edge.policy.hedge;
    if (call.outcome !== -1 || call.inFlight === 0 || hedge === null || call.attempts > hedge.maxHedges)
      return;
    this.metrics.edgeHedge(call.edge.group, this.w.engine.now);
    this.w.probe?.callerMoment?.('hedge', call, null);
    this.attempt(call);
  }

  onDeadline(call: Call): void {
    call.deadlineTimer = -1;
    if (call.outcome === -1) this.w.probe?.callerMoment?.('deadline', call, null);
    if (call.outcome === -1) this.endCall(call, TIMED_OUT);
  }

  /** Ends a call exactly once; a failure becomes a degraded success if a fallback can answer. */
  endCall(call: Call, cause: number): void {
    const w = this.w;
    const edge = call.edge;
    const now = w.engine.now;
    let outcome = cause;
    if (edge.policy.fallback !== null && !isGoodAnswer(outcome))
      outcome = this.fallbackOutcome(edge, outcome);
    call.outcome = outcome;
    if (call.deadlineTimer !== -1 || call.retryTimer !== -1 || call.nextIsRetry) this.clearPending(call);
    if (edge.policy.hedge !== null) this.abandonHedged(call);
    const current = call.current;
    if (current?.open) this.abandon(current);
    if (call.origin === ORIGIN_CLIENT) {
      if (w.probe !== null) w.probe.callEnded?.(call);
      if (call.fetch) this.endFetch(w.services[edge.target], call, outcome);
      this.metrics.clientEnded(call.client, outcome, call.startedAt, now);
      const c = w.clients[call.client];
      if (c.think !== null) this.think(c);
      return;
    }
    this.metrics.edgeEnded(edge.group, outcome, call.startedAt, now);
    if (w.probe !== null) w.probe.callEnded?.(call);
    if (call.fetch) this.endFetch(w.services[edge.target], call, outcome);
    if (call.origin === ORIGIN_JOB) {
      this.server.onChildEnded(call.parent!, call);
    } else if (call.origin === ORIGIN_QUEUE) {
      this.queues.onDeliveryEnded(call);
    }
  }

  /** A failed call's fallback: a static one always answers, a cached one if its value is fresh enough. */
  private fallbackOutcome(edge: Edge, outcome: number): number {
    const fallback = edge.policy.fallback!;
    const now = this.w.engine.now;
    if (fallback.kind === 'static' || now - edge.lastGoodAt <= fallback.maxAgeMs) {
      this.metrics.edgeFallback(edge.group, now);
      return DEGRADED;
    }
    return outcome;
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
      this.heldPermits.delete(call);
    }
    if (call.nextIsRetry) {
      // A retry the budget allowed was never sent.
      call.nextIsRetry = false;
      edge.budget?.onRetryEnd(this.timers.localNow(edge.callerNode));
    }
  }

  /** A cache fetch ended: fill the entry and end the calls that waited for it the same way. */
  private endFetch(svc: ServiceRuntime, call: Call, outcome: number): void {
    const cache = svc.cache!;
    const w = this.w;
    const spec = cache.spec;
    const ttl = spec.ttlMs * (1 - spec.ttlJitter * svc.faultRng.next());
    const local = this.timers.localNow(w.replicas[svc.replicas[0]].node);
    for (const waiter of cache.endFetch(call.key, isGoodAnswer(outcome), local, ttl)) {
      if (waiter.outcome === -1 && waiter !== call)
        this.endCall(waiter, isGoodAnswer(outcome) ? SUCCEEDED : FAILED);
    }
  }

  /** A hedging call is over: its open attempts are cancelled (queued ones are skipped by the server). */
  private abandonHedged(call: Call): void {
    const open = this.openAttempts.get(call);
    if (open !== undefined) {
      this.openAttempts.delete(call);
      for (const job of open) this.abandon(job);
    }
  }

  private abandon(job: Job): void {
    if (!job.open) return;
    if (job.state === JOB_QUEUED || job.state === JOB_NEW) job.state = JOB_CANCELLED;
    this.closeAttempt(job);
    const edge = job.call.edge;
    if (job.breakerPermit) {
      edge.breaker!.releasePermission();
      this.syncBreaker(edge);
    }
    if (edge.budget !== null) {
      const local = this.timers.localNow(edge.callerNode);
      edge.budget.onFailure(local, 'failed', false);
      if (job.isRetry) edge.budget.onRetryEnd(local);
    }
  }

  /** Reports the breaker's new transitions to the metrics (in true time). */
  private syncBreaker(edge: Edge): void {
    const transitions = edge.breaker!.transitions;
    while (edge.breakerSeen < transitions.length) {
      const t = transitions[edge.breakerSeen++];
      this.metrics.breakerTransition(
        edge.group,
        this.w.nodeNames[edge.callerNode],
        STATE[t.from],
        STATE[t.to],
        this.w.engine.now,
      );
    }
  }

  private syncLimit(edge: Edge, before: number): void {
    const after = edge.limit!.limit;
    if (after !== before)
      this.metrics.limitChanged(edge.group, after - before, after, this.w.engine.now, false);
  }
}
