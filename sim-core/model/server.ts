import type { MetricsSink } from '../metrics/sink.ts';
import { bernoulli } from '../random/distributions.ts';
import type { SheddingSpec } from '../scenario/spec.ts';
import {
  type Call,
  JOB_CALLING,
  JOB_CANCELLED,
  JOB_DONE,
  JOB_NEW,
  JOB_QUEUED,
  JOB_RUNNING,
  type Job,
  ORIGIN_JOB,
  ORIGIN_PROBE,
} from './call.ts';
import type { Failover } from './control/failover.ts';
import type { ProbeCall } from './control/probes.ts';
import { reportReadyReplicas } from './control/ready-replicas.ts';
import { WORK_DONE } from './kinds.ts';
import {
  CORRUPT,
  DEGRADED,
  FAILED,
  isGoodAnswer,
  LIMITED,
  RATE_LIMITED,
  REJECTED,
  SHED,
  SUCCEEDED,
  TIMED_OUT,
} from './outcome.ts';
import type { CallerPort, ProberPort, QueuePort } from './ports.ts';
import { RecordPool } from './record-pool.ts';
import { SLOT_ABSENT, SLOT_DRAINING, SLOT_READY, SLOT_STANDBY } from './replica-load.ts';
import type { ReplicaRuntime, ServiceRuntime } from './runtime.ts';
import type { StoreAnswerPort, Stores } from './stores.ts';
import type { TimerService } from './timers.ts';
import type { Transport } from './transport.ts';
import type { World } from './world.ts';

/**
 * The callee side: an attempt reaches a replica, passes its admission (rate limit, adaptive
 * limit, load shedding, queue capacity), waits for a worker, works, makes its downstream calls
 * while holding the worker, and answers. Crashes and pauses act here too.
 */
export class Server implements StoreAnswerPort {
  /** Connected by the builder. */
  caller!: CallerPort;
  queues!: QueuePort;
  /** The probers' side (null: no service has probes or health checks). */
  prober: ProberPort | null = null;
  /** The autoscalers, told when a draining replica may have emptied (null: none in the run). */
  scaling: { drainCheck(replica: ReplicaRuntime): void } | null = null;
  /** The failover monitors, told of every replica's ups and downs and losses (null: no failover). */
  failover: Failover | null = null;
  /** The rollouts, told each answer for their versions' signals (null: no deployment in the run). */
  rollouts: {
    answered(replica: ReplicaRuntime, outcome: number, arrivedAt: number, t: number): void;
  } | null = null;
  stores!: Stores;
  /** The caller's record pool, told when the replica lets go of a job (connected by the builder). */
  records = new RecordPool(false);

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
    private readonly transport: Pick<Transport, 'answer' | 'deliverable' | 'probeAnswer'>,
  ) {}

  /** An attempt reaches its replica (or its queue). */
  arrive(job: Job, viaNetwork: boolean): void {
    const w = this.w;
    if (job.replica < 0) {
      this.queues.publish(job, viaNetwork);
      return;
    }
    const replica = w.replicas[job.replica];
    if (viaNetwork && !this.transport.deliverable(job.call.edge.callerNode, replica.node)) {
      this.caller.lost(job);
      return;
    }
    if (!replica.up || replica.lifecycle === SLOT_ABSENT) {
      // A dead node (or one scaled away) answers nothing: the caller learns it only from its timer.
      this.failover?.lost(replica, 1);
      this.caller.lost(job);
      return;
    }
    if (job.state === JOB_CANCELLED) return;
    this.admit(replica, job);
  }

  /**
   * A probe or health check reaches its replica. A dead, unreachable or (on the admin path)
   * paused replica answers nothing: the prober learns it from its timeout. On the admin path a
   * live replica answers at once; otherwise the probe is a job like any other, without the
   * admission control (rate limits, adaptive limits and shedding exempt it, as a server exempts
   * its health endpoint), that waits for a worker behind real work and is rejected by a full queue.
   */
  probeArrives(job: Job, viaNetwork: boolean): void {
    const w = this.w;
    const replica = w.replicas[job.replica];
    if (viaNetwork && !this.transport.deliverable(job.call.edge.callerNode, replica.node)) return;
    if (!replica.up) return;
    job.arrivedAt = w.engine.now;
    job.epoch = replica.epoch;
    if (w.services[replica.service].spec.probes?.adminPath === true) {
      if (replica.pausedSince < 0) this.answerProbe(replica, job, SUCCEEDED);
      return;
    }
    const canWork = replica.workers.hasFree() && replica.pausedSince < 0;
    if (!canWork && replica.workers.waiting.size >= replica.capacity) {
      this.answerProbe(replica, job, REJECTED);
      return;
    }
    if (canWork) {
      this.startWork(replica, job);
    } else {
      job.state = JOB_QUEUED;
      replica.workers.wait(job, job.call.tier);
      this.metrics.queueChanged(replica.service, 1, w.engine.now);
    }
  }

  /** A probe's answer leaves the replica (probes count in saturation, never in request metrics). */
  private answerProbe(replica: ReplicaRuntime, job: Job, outcome: number): void {
    job.state = JOB_DONE;
    job.outcome = outcome;
    this.transport.probeAnswer(job, replica.node);
  }

  private admit(replica: ReplicaRuntime, job: Job): void {
    const w = this.w;
    const now = w.engine.now;
    const svc = w.services[replica.service];
    job.arrivedAt = now;
    job.epoch = replica.epoch;
    this.metrics.serviceArrival(replica.service, now);
    if (svc.signals !== null) svc.signals.arrivals++;
    if (
      (replica.bucket !== null || replica.limit !== null || svc.shedding !== null) &&
      this.refused(replica, job)
    )
      return;
    const canWork = replica.workers.hasFree() && replica.pausedSince < 0;
    if (!canWork && replica.workers.waiting.size >= replica.capacity) {
      this.respond(replica, job, REJECTED);
      return;
    }
    replica.inFlight++;
    // The replica holds the job until it answers or sheds it (a crash drops it unreleased).
    job.holds++;
    if (w.probe !== null) w.probe.attemptAdmitted?.(job);
    if (canWork) {
      this.startWork(replica, job);
    } else {
      job.state = JOB_QUEUED;
      replica.workers.wait(job, job.call.tier);
      this.metrics.queueChanged(replica.service, 1, now);
      svc.signals?.queueChanged(1, now);
    }
  }

  /** Admission control: a rate limit, an adaptive limit or load shedding turns the job away (true). */
  private refused(replica: ReplicaRuntime, job: Job): boolean {
    const w = this.w;
    const svc = w.services[replica.service];
    if (replica.bucket !== null && !replica.bucket.tryTake(this.timers.localNow(replica.node))) {
      this.respond(replica, job, RATE_LIMITED);
      return true;
    }
    if (replica.limit !== null && replica.inFlight >= Math.floor(replica.limit.limit)) {
      this.respond(replica, job, LIMITED);
      return true;
    }
    const shedding = svc.shedding;
    if (shedding !== null && shedding.kind !== 'codel') {
      const depth = replica.workers.waiting.size;
      const threshold =
        shedding.kind === 'queue-length'
          ? shedding.maxQueue
          : shedding.thresholds[Math.min(job.call.tier, shedding.thresholds.length - 1)];
      if (depth >= threshold) {
        this.metrics.serviceShed(replica.service, job.call.tier, w.engine.now);
        this.respond(replica, job, SHED);
        return true;
      }
    }
    return false;
  }

  private startWork(replica: ReplicaRuntime, job: Job): void {
    const w = this.w;
    const svc = w.services[replica.service];
    const now = w.engine.now;
    job.state = JOB_RUNNING;
    job.startedAt = now;
    replica.workers.take();
    this.metrics.busyChanged(replica.service, 1, now);
    svc.signals?.busyChanged(1, now);
    const cold = this.coldFactor(replica, svc, now);
    if (job.call.origin === ORIGIN_PROBE) {
      this.startProbeWork(replica, job, cold);
      return;
    }
    this.metrics.serviceWorkStarted(replica.service, job.arrivedAt, now);
    if (w.probe !== null) w.probe.workStarted?.(job);
    if (svc.spec.optimisticConcurrency) job.readVersion = svc.version;
    const work =
      svc.serviceTime.sample(svc.serviceTimeRng) * replica.serviceTimeFactor * replica.latencyMul * cold +
      replica.latencyAdd;
    job.workTimer = this.timers.afterTrue(work, WORK_DONE, replica.node, job);
  }

  /** A probe's fixed cost: no service-time draw, so probes never shift the requests' numbers. */
  private startProbeWork(replica: ReplicaRuntime, job: Job, cold: number): void {
    const cost = (job.call as ProbeCall).costMs * replica.serviceTimeFactor * replica.latencyMul * cold;
    job.workTimer = this.timers.afterTrue(cost + replica.latencyAdd, WORK_DONE, replica.node, job);
  }

  /** The cold-start factor on service times now: `coldStart.serviceTimeFactor` within its duration of a (re)start, else 1. */
  private coldFactor(replica: ReplicaRuntime, svc: ServiceRuntime, now: number): number {
    const cold = svc.spec.coldStart;
    if (cold === null || now - replica.startedAt >= cold.durationMs) return 1;
    return cold.serviceTimeFactor;
  }

  /**
   * The replica (re)starts serving now: the one place a start is marked, by a crash fault's end,
   * the orchestrator's restart, and any control loop that brings a replica into service. It
   * starts the cold-start window (`services.<s>.coldStart`) and resets its probes (Kubernetes
   * probes start over with a new container: not ready until readiness passes, no probe before
   * `initialDelayMs`).
   */
  markStarted(replica: ReplicaRuntime, now: number): void {
    replica.startedAt = now;
    this.prober?.replicaStarted(replica);
    this.failover?.replicaChanged(replica);
  }

  onWorkDone(job: Job): void {
    const w = this.w;
    const replica = w.replicas[job.replica];
    job.workTimer = -1;
    if (job.epoch !== replica.epoch) return;
    if (replica.pausedSince >= 0 || job.call.origin === ORIGIN_PROBE) {
      this.workDoneApart(replica, job);
      return;
    }
    const svc = w.services[replica.service];
    if (w.probe !== null) w.probe.workDone?.(job);
    if (replica.errorProbability > 0 && bernoulli(svc.faultRng, replica.errorProbability)) {
      this.finish(replica, job, FAILED);
      return;
    }
    if (replica.corruptProbability > 0 && bernoulli(svc.faultRng, replica.corruptProbability))
      job.corrupt = true;
    if (svc.spec.store !== null && this.startStore(replica, job, svc)) return;
    if (svc.calls.length === 0) this.finish(replica, job, SUCCEEDED);
    else this.callDownstreams(replica, job);
  }

  /**
   * The end of work off the request path: a paused replica's or a probe's. Apart from
   * {@link onWorkDone} so that the request path stays within V8's default inlining budget.
   */
  private workDoneApart(replica: ReplicaRuntime, job: Job): void {
    const now = this.w.engine.now;
    if (replica.pausedSince >= 0) {
      // Stop-the-world: the work that was left when the pause began resumes after it.
      job.remainingWorkMs = now - replica.pausedSince;
      replica.parked.push(job);
      return;
    }
    // A probe's handler does not run the request path: injected errors do not fail it.
    replica.workers.release();
    this.metrics.busyChanged(replica.service, -1, now);
    this.answerProbe(replica, job, SUCCEEDED);
    this.startNext(replica);
  }

  /**
   * Starts the store operation of `job`'s service, if it has a store (true); the worker stays
   * held while this replica coordinates it. Apart from {@link onWorkDone}, like {@link workDoneApart}.
   */
  private startStore(replica: ReplicaRuntime, job: Job, svc: ServiceRuntime): boolean {
    const store = this.stores.byService[svc.index];
    if (store === null) return false;
    job.state = JOB_CALLING;
    store.start(replica, job);
    return true;
  }

  /** The store operation `job`'s replica coordinated ended: answer, unless the replica crashed since. */
  storeAnswered(job: Job, outcome: number): void {
    const replica = this.w.replicas[job.replica];
    if (job.state !== JOB_CALLING || job.epoch !== replica.epoch) return;
    this.finish(replica, job, outcome);
  }

  /** The work is done: the job now makes its downstream calls, in parallel or one after another. */
  private callDownstreams(replica: ReplicaRuntime, job: Job): void {
    const svc = this.w.services[replica.service];
    const n = svc.calls.length;
    job.state = JOB_CALLING;
    if (svc.parallel) {
      job.pendingCalls = n;
      for (let i = 0; i < n && job.state === JOB_CALLING && job.epoch === replica.epoch; i++) {
        this.callDownstream(replica, job, i);
      }
    } else {
      job.nextCall = 1;
      this.callDownstream(replica, job, 0);
    }
  }

  private callDownstream(replica: ReplicaRuntime, job: Job, i: number): void {
    const call = job.call;
    const deadline = call.edge.policy.propagateDeadline ? job.deadlineAt : Number.POSITIVE_INFINITY;
    this.caller.startCall(ORIGIN_JOB, call.client, call.tier, replica.edges[i], job, i, call.key, deadline);
  }

  /** A downstream call of `job` ended: fail fast on an error, else go on to the next call or finish. */
  onChildEnded(job: Job, child: Call): void {
    const replica = this.w.replicas[job.replica];
    if (job.state !== JOB_CALLING || job.epoch !== replica.epoch) return;
    if (!isGoodAnswer(child.outcome)) {
      this.finish(replica, job, FAILED);
      return;
    }
    if (child.outcome === DEGRADED) job.degraded = true;
    if (child.outcome === CORRUPT) job.corrupt = true;
    const svc = this.w.services[replica.service];
    if (svc.parallel) {
      if (--job.pendingCalls === 0) this.finish(replica, job, SUCCEEDED);
    } else if (job.nextCall < svc.calls.length) {
      this.callDownstream(replica, job, job.nextCall++);
    } else {
      this.finish(replica, job, SUCCEEDED);
    }
  }

  /** The job releases its worker, answers, and the worker takes the next waiting job. */
  private finish(replica: ReplicaRuntime, job: Job, result: number): void {
    const w = this.w;
    const now = w.engine.now;
    const svc = w.services[replica.service];
    const spec = svc.spec;
    const outcome =
      result === SUCCEEDED && (spec.optimisticConcurrency || spec.writes)
        ? this.write(replica, job, svc)
        : result;
    replica.workers.release();
    this.metrics.busyChanged(replica.service, -1, now);
    svc.signals?.busyChanged(-1, now);
    this.respond(replica, job, outcome);
    this.startNext(replica);
    if (replica.lifecycle === SLOT_DRAINING) this.scaling?.drainCheck(replica);
  }

  /** A successful job's write at a `writes` or optimistic service: its outcome once written (apart from {@link finish}, like {@link dropsQueued}). */
  private write(replica: ReplicaRuntime, job: Job, svc: ServiceRuntime): number {
    let outcome = SUCCEEDED;
    if (svc.spec.optimisticConcurrency) {
      // The conditional write: it conflicts if another write landed since this job read.
      if (svc.version !== job.readVersion) outcome = FAILED;
      else svc.version++;
    }
    if (outcome === SUCCEEDED && svc.spec.writes) this.applyWrite(replica, job);
    return outcome;
  }

  /** A write's side effect: applied once per request unless an idempotency key is missing. */
  private applyWrite(replica: ReplicaRuntime, job: Job): void {
    const call = job.call;
    if (call.applied > 0 && call.edge.policy.idempotencyKeys) {
      this.metrics.serviceDeduplicated(replica.service, this.w.engine.now);
      return;
    }
    call.applied++;
    if (call.applied > 1) this.metrics.serviceDuplicate(replica.service, this.w.engine.now);
  }

  /** Free workers take waiting jobs; CoDel drops jobs that waited too long while delay stays high. */
  private startNext(replica: ReplicaRuntime): void {
    const w = this.w;
    const svc = w.services[replica.service];
    const shedding = svc.shedding;
    while (replica.pausedSince < 0) {
      const next = replica.workers.next();
      if (next === undefined) return;
      if (next.state === JOB_CANCELLED || next.call.edge.policy.propagateDeadline || shedding !== null) {
        this.metrics.queueChanged(replica.service, -1, w.engine.now);
        svc.signals?.queueChanged(-1, w.engine.now);
        if (!this.dropsQueued(replica, next, shedding)) this.startWork(replica, next);
        continue;
      }
      // The queue's -1 after the busy +1 (one instant, two gauges: each keeps its own order),
      // so that a worker's -1 from finish and this +1 meet in the gauge log as one change.
      this.startWork(replica, next);
      this.metrics.queueChanged(replica.service, -1, w.engine.now);
      svc.signals?.queueChanged(-1, w.engine.now);
    }
  }

  /**
   * A job taken from the queue that is not worked on after all (true): its call ended, its
   * propagated deadline passed, or CoDel sheds it. Apart from {@link startNext}, which the
   * request path then inlines within V8's default budget.
   */
  private dropsQueued(replica: ReplicaRuntime, next: Job, shedding: SheddingSpec | null): boolean {
    if (next.state === JOB_CANCELLED) {
      this.dropCancelled(replica, next);
      return true;
    }
    if (next.call.edge.policy.propagateDeadline && this.w.engine.now >= next.deadlineAt) {
      // Deadline-aware dequeue: the caller has given up, so its work is dropped, not done.
      this.expire(replica, next);
      return true;
    }
    return (
      shedding !== null &&
      shedding.kind === 'codel' &&
      next.call.origin !== ORIGIN_PROBE &&
      this.codelDrops(replica, next)
    );
  }

  /** CoDel at dequeue: drops (sheds) the job when queueing delay has stayed above target for an interval. */
  private codelDrops(replica: ReplicaRuntime, next: Job): boolean {
    const w = this.w;
    const codel = w.services[replica.service].shedding;
    if (codel === null || codel.kind !== 'codel') return false;
    const now = w.engine.now;
    const sojourn = now - next.arrivedAt;
    if (sojourn < codel.targetMs) {
      replica.codelAboveSince = -1;
    } else if (replica.codelAboveSince < 0) {
      replica.codelAboveSince = now;
    } else if (now - replica.codelAboveSince >= codel.intervalMs) {
      this.metrics.serviceShed(replica.service, next.call.tier, now);
      this.respond(replica, next, SHED);
      return true;
    }
    return false;
  }

  /** Drops a job whose propagated deadline has passed: shed, with no answer (nobody waits for it). */
  private expire(replica: ReplicaRuntime, job: Job): void {
    this.shedQueued(replica, job);
    this.w.probe?.attemptAnswered?.(job, SHED, true);
  }

  /**
   * Drops a queued job whose call already ended (its deadline passed, or a hedge answered):
   * shed like an expired one, so every arrival is accounted for at the service.
   */
  private dropCancelled(replica: ReplicaRuntime, job: Job): void {
    this.shedQueued(replica, job);
    this.w.probe?.attemptCancelled?.(job);
  }

  /** A queued job leaves without an answer: counted as shed at its service. */
  private shedQueued(replica: ReplicaRuntime, job: Job): void {
    const now = this.w.engine.now;
    job.state = JOB_DONE;
    job.outcome = SHED;
    replica.inFlight--;
    this.metrics.serviceShed(replica.service, job.call.tier, now);
    this.metrics.serviceAnswered(replica.service, SHED, job.arrivedAt, now);
    if (this.rollouts !== null) this.rollouts.answered(replica, SHED, job.arrivedAt, now);
    job.holds--;
    this.records.jobLetGo(job);
  }

  private respond(replica: ReplicaRuntime, job: Job, outcome: number): void {
    const w = this.w;
    const now = w.engine.now;
    const call = job.call;
    const admitted = job.state !== JOB_NEW;
    job.state = JOB_DONE;
    job.outcome = outcome;
    if (admitted) replica.inFlight--;
    if (this.failover !== null || replica.limit !== null) this.beforeAnswer(replica, job, outcome, admitted);
    this.metrics.serviceAnswered(replica.service, outcome, job.arrivedAt, now);
    if (this.rollouts !== null || w.probe !== null) this.answerSeen(replica, job, outcome);
    if (!job.open || call.outcome !== -1) this.metrics.serviceLate(replica.service, now);
    else this.transport.answer(job, replica.node);
    if (admitted) {
      job.holds--;
      this.records.jobLetGo(job);
    }
  }

  /**
   * What failover and a server-side adaptive limit hear of an answer before it is counted. This
   * and {@link answerSeen} are apart from {@link respond} so that the request path stays within
   * V8's default inlining budget (it counts a callee's whole bytecode, cold branches too).
   */
  private beforeAnswer(replica: ReplicaRuntime, job: Job, outcome: number, admitted: boolean): void {
    if (this.failover !== null && admitted && replica.lifecycle === SLOT_STANDBY)
      this.failover.servedAfterDemotion(replica);
    if (replica.limit !== null) {
      replica.limit.onSample(
        this.timers.localNow(replica.node),
        this.w.engine.now - job.arrivedAt,
        replica.inFlight + 1,
        outcome === LIMITED,
      );
    }
  }

  /** The rollouts and the run probe hear an answer (see {@link beforeAnswer}). */
  private answerSeen(replica: ReplicaRuntime, job: Job, outcome: number): void {
    const now = this.w.engine.now;
    if (this.rollouts !== null) this.rollouts.answered(replica, outcome, job.arrivedAt, now);
    const probe = this.w.probe;
    if (probe !== null) probe.attemptAnswered?.(job, outcome, !job.open || job.call.outcome !== -1);
  }

  // ------------------------------------------------------------------ the balancer's view of health

  /** Envoy-style outlier detection: consecutive errors eject a replica for a growing time. */
  observeOutcome(replicaIndex: number, outcome: number): void {
    const w = this.w;
    const replica = w.replicas[replicaIndex];
    const svc = w.services[replica.service];
    const od = svc.spec.outlierDetection;
    if (od === null) return;
    const error = outcome === FAILED || outcome === TIMED_OUT || outcome === REJECTED || outcome === SHED;
    if (!error) {
      replica.consecutiveErrors = 0;
      return;
    }
    if (++replica.consecutiveErrors < od.consecutiveErrors) return;
    replica.consecutiveErrors = 0;
    const now = w.engine.now;
    if (replica.ejectedUntil > now) return;
    const ejected = svc.replicas.filter(
      (r) => w.replicas[r].ejectedUntil > now && w.replicas[r].lifecycle === SLOT_READY,
    ).length;
    // Envoy always allows at least one ejection, whatever the percentage (of the hosts in rotation).
    if (ejected > 0 && ((ejected + 1) * 100) / svc.load.rotating > od.maxEjectionPercent) return;
    replica.ejections++;
    replica.ejectedUntil = now + od.baseEjectionTimeMs * replica.ejections;
    this.metrics.serviceEjection(replica.service, now);
  }

  // ------------------------------------------------------------------ faults acting on replicas

  /** Fail-stop (a crash fault): queued and in-flight work vanishes; callers see it only through their timers. */
  crash(replica: ReplicaRuntime): void {
    replica.faultDown = true;
    this.goDown(replica);
  }

  /** The crash fault ends: the replica serves again (cold), unless the orchestrator is still restarting it. */
  restart(replica: ReplicaRuntime): void {
    replica.faultDown = false;
    if (replica.restarting || replica.up) return;
    replica.up = true;
    this.markStarted(replica, this.w.engine.now);
    this.stores.replicaUp(replica);
    this.readyReplicasChanged(replica);
  }

  /** The orchestrator kills the replica's process to restart it: its work is lost as in a crash. */
  kill(replica: ReplicaRuntime): void {
    replica.restarting = true;
    this.goDown(replica);
  }

  /** The orchestrator's restart is done: the process runs again (cold), unless a crash fault still holds the node down. */
  started(replica: ReplicaRuntime): void {
    replica.restarting = false;
    if (replica.faultDown || replica.up) return;
    replica.up = true;
    this.markStarted(replica, this.w.engine.now);
    this.stores.replicaUp(replica);
    this.readyReplicasChanged(replica);
  }

  /**
   * Fences a demoted failover active (STONITH): its queued and in-flight work is lost as in a
   * crash, and it comes back at once, empty and cold, as a standby. A replica already down stays so.
   */
  fence(replica: ReplicaRuntime): void {
    if (!replica.up) return;
    this.goDown(replica);
    replica.up = true;
    this.markStarted(replica, this.w.engine.now);
    this.stores.replicaUp(replica);
    this.readyReplicasChanged(replica);
  }

  private goDown(replica: ReplicaRuntime): void {
    if (!replica.up) return;
    const w = this.w;
    const now = w.engine.now;
    w.probe?.replicaCrashed?.(replica);
    this.failover?.lost(replica, replica.inFlight);
    replica.up = false;
    replica.epoch++;
    this.stores.replicaDown(replica);
    const workers = replica.workers;
    const signals = w.services[replica.service].signals;
    if (workers.waiting.size > 0) this.metrics.queueChanged(replica.service, -workers.waiting.size, now);
    signals?.queueChanged(-workers.waiting.size, now);
    while (workers.waiting.pop() !== undefined) {}
    if (workers.busy > 0) this.metrics.busyChanged(replica.service, -workers.busy, now);
    signals?.busyChanged(-workers.busy, now);
    workers.busy = 0;
    replica.inFlight = 0;
    replica.parked.length = 0;
    replica.pausedSince = -1;
    replica.codelAboveSince = -1;
    this.failover?.replicaChanged(replica);
    this.readyReplicasChanged(replica);
  }

  /** Its Ready condition may have changed with `up`: the service's `readyReplicas` follows. */
  private readyReplicasChanged(replica: ReplicaRuntime): void {
    const w = this.w;
    reportReadyReplicas(w.replicas, w.services[replica.service], this.metrics, w.engine.now);
  }

  pause(replica: ReplicaRuntime): void {
    if (replica.pausedSince < 0) replica.pausedSince = this.w.engine.now;
    this.failover?.replicaChanged(replica);
  }

  resume(replica: ReplicaRuntime): void {
    if (replica.pausedSince < 0) return;
    replica.pausedSince = -1;
    for (const job of replica.parked) {
      if (job.epoch === replica.epoch)
        job.workTimer = this.timers.afterTrue(job.remainingWorkMs, WORK_DONE, replica.node, job);
    }
    replica.parked.length = 0;
    this.failover?.replicaChanged(replica);
    this.startNext(replica);
  }

  /** Workers per replica change (capacity loss and its end). */
  setConcurrency(replica: ReplicaRuntime, workers: number): void {
    replica.workers.capacity = workers;
    this.startNext(replica);
  }
}
