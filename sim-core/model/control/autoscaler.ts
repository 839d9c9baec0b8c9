import type { MetricsSink } from '../../metrics/sink.ts';
import type { AutoscalingSpec } from '../../scenario/autoscaling-spec.ts';
import { AUTOSCALE, type ControlAction } from '../kinds.ts';
import { SLOT_ABSENT, SLOT_DRAINING, SLOT_PROVISIONING, SLOT_READY } from '../replica-load.ts';
import type { ReplicaRuntime, ServiceRuntime } from '../runtime.ts';
import type { TimerService } from '../timers.ts';
import type { World } from '../world.ts';
import { type HpaState, hpaDecide, newHpaState, type StepState, stepDecide } from './hpa.ts';
import { type ScalingSignals, type SignalSnapshot, windowMetric } from './signals.ts';

/** What the autoscaler needs of the callee side: a replica starts serving, or is stopped. */
export interface ScalingServer {
  markStarted(replica: ReplicaRuntime, now: number): void;
  crash(replica: ReplicaRuntime): void;
  restart(replica: ReplicaRuntime): void;
}

/**
 * The autoscalers of a run, one per service with `autoscaling`: each evaluates its policy every
 * `periodMs` on the service's trailing-window metric and moves the replica set toward the
 * decision. A new replica is provisioning for `provisioningDelayMs`, then joins the rotation
 * (cold: `markStarted`). A removed one drains: out of rotation at once, it finishes what it holds
 * (no attempt outstanding at any caller, nothing queued or running), then is absent; after
 * `drainTimeoutMs` whatever it still holds is lost (Kubernetes' termination grace period).
 *
 * Which replicas go: provisioning ones first, then the newest ready ones (highest slot), as a
 * Kubernetes ReplicaSet deletes pending and younger pods first; new replicas take the lowest
 * absent slots.
 */
export class Autoscalers {
  private readonly scalers: ServiceScaler[] = [];
  private readonly byService: (ServiceScaler | null)[];

  constructor(w: World, timers: TimerService, metrics: MetricsSink, server: ScalingServer) {
    this.byService = w.services.map((svc) => {
      const spec = svc.spec.autoscaling;
      if (spec === null || svc.signals === null) return null;
      const s = new ServiceScaler(w, timers, metrics, server, svc, spec, svc.signals);
      this.scalers.push(s);
      return s;
    });
  }

  /** Schedules every first evaluation. */
  start(): void {
    for (const s of this.scalers) s.start();
  }

  /** A draining replica may just have emptied. */
  drainCheck(replica: ReplicaRuntime): void {
    this.byService[replica.service]?.drainCheck(replica);
  }
}

class ServiceScaler {
  private readonly snapshots: SignalSnapshot[] = [];
  private readonly hpa: HpaState = newHpaState();
  private readonly step: StepState = { lastChangeMs: Number.NEGATIVE_INFINITY };
  /** Per slot: bumped when a pending provisioning or drain timeout must be ignored. */
  private readonly generation: Int32Array;
  /** Per slot: the open timeline entry (provisioning or draining), or -1. */
  private readonly entry: Int32Array;
  private readonly source: string;
  private readonly node: number;

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
    private readonly server: ScalingServer,
    private readonly svc: ServiceRuntime,
    private readonly spec: AutoscalingSpec,
    private readonly signals: ScalingSignals,
  ) {
    this.generation = new Int32Array(svc.replicas.length);
    this.entry = new Int32Array(svc.replicas.length).fill(-1);
    this.source = spec.policy.kind === 'hpa' ? 'hpa' : 'step-scaling';
    this.node = w.replicas[svc.replicas[0]].node;
  }

  start(): void {
    this.snapshots.push(this.signals.snapshot(0));
    this.schedule(this.spec.periodMs, this.node, () => this.evaluate());
  }

  private schedule(atMs: number, node: number, apply: () => void): void {
    const action: ControlAction = { apply };
    this.timers.atTrue(atMs, AUTOSCALE, node, action);
  }

  private replica(slot: number): ReplicaRuntime {
    return this.w.replicas[this.svc.replicas[slot]];
  }

  private count(state: number): number {
    let n = 0;
    for (const r of this.svc.replicas) if (this.w.replicas[r].lifecycle === state) n++;
    return n;
  }

  /** The metric over the trailing window ending now (from the run's start while shorter). */
  private metricNow(now: number): number {
    const snap = this.signals.snapshot(now);
    this.snapshots.push(snap);
    const from = now - this.spec.metric.windowMs;
    while (this.snapshots.length > 1 && this.snapshots[1].atMs <= from) this.snapshots.shift();
    return windowMetric(this.spec.metric.kind, this.snapshots[0], snap);
  }

  private evaluate(): void {
    const now = this.w.engine.now;
    const spec = this.spec;
    const metric = this.metricNow(now);
    const ready = this.count(SLOT_READY);
    const current = ready + this.count(SLOT_PROVISIONING);
    const bounds = {
      nowMs: now,
      current,
      metric,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
    };
    let desired: number;
    let recommended: number;
    if (spec.policy.kind === 'hpa') {
      const d = hpaDecide(spec.policy, this.hpa, { ...bounds, ready, target: spec.metric.target ?? 1 });
      desired = d.desired;
      recommended = d.recommendation;
    } else {
      desired = stepDecide(spec.policy, this.step, bounds);
      recommended = desired;
    }
    if (desired !== current) {
      this.metrics.controlEvent(
        {
          kind: 'scale',
          service: this.svc.spec.name,
          replica: null,
          source: this.source,
          detail: { from: current, to: desired, desired: recommended, metric },
        },
        now,
      );
      this.scaleTo(current, desired, now);
    }
    this.schedule(now + spec.periodMs, this.node, () => this.evaluate());
  }

  private scaleTo(current: number, desired: number, now: number): void {
    const slots = this.svc.replicas.length;
    let n = current;
    for (let slot = 0; slot < slots && n < desired; slot++) {
      if (this.replica(slot).lifecycle === SLOT_ABSENT) {
        this.provision(slot, now);
        n++;
      }
    }
    for (const state of [SLOT_PROVISIONING, SLOT_READY]) {
      for (let slot = slots - 1; slot >= 0 && n > desired; slot--) {
        const rep = this.replica(slot);
        if (rep.lifecycle !== state) continue;
        // One replica always stays in rotation, whatever the policy asks.
        if (state === SLOT_READY && this.svc.load.rotating <= 1) break;
        if (state === SLOT_PROVISIONING) this.becomeAbsent(rep, now, { cancelled: 1 });
        else this.drain(rep, now);
        n--;
      }
    }
    this.report(now);
  }

  private provision(slot: number, now: number): void {
    const rep = this.replica(slot);
    rep.lifecycle = SLOT_PROVISIONING;
    // A new replica: the balancer knows nothing against it.
    rep.consecutiveErrors = 0;
    rep.ejectedUntil = Number.NEGATIVE_INFINITY;
    rep.ejections = 0;
    this.openEntry(rep, 'provisioning', now);
    const gen = ++this.generation[slot];
    this.schedule(now + this.spec.provisioningDelayMs, rep.node, () => {
      if (this.generation[slot] === gen) this.becomeReady(rep);
    });
  }

  private becomeReady(rep: ReplicaRuntime): void {
    const now = this.w.engine.now;
    this.closeEntry(rep, now);
    rep.lifecycle = SLOT_READY;
    this.svc.load.setInRotation(rep.slot, true);
    this.signals.servingChanged(1, rep.baseConcurrency, now);
    this.server.markStarted(rep, now);
    this.event('provisioned', rep, now, {});
    this.report(now);
  }

  private drain(rep: ReplicaRuntime, now: number): void {
    rep.lifecycle = SLOT_DRAINING;
    this.svc.load.setInRotation(rep.slot, false);
    this.openEntry(rep, 'draining', now);
    const gen = ++this.generation[rep.slot];
    this.schedule(now + this.spec.drainTimeoutMs, rep.node, () => {
      if (this.generation[rep.slot] !== gen || rep.lifecycle !== SLOT_DRAINING) return;
      // The grace period is over: what it still holds is lost (SIGKILL).
      this.server.crash(rep);
      this.server.restart(rep);
      if (rep.lifecycle === SLOT_DRAINING) this.stopServing(rep, this.w.engine.now, { timedOut: 1 });
    });
    this.drainCheck(rep);
  }

  drainCheck(rep: ReplicaRuntime): void {
    if (rep.lifecycle !== SLOT_DRAINING) return;
    const workers = rep.workers;
    if (
      this.svc.load.outstanding[rep.slot] > 0 ||
      workers.busy > 0 ||
      workers.waiting.size > 0 ||
      rep.parked.length > 0
    )
      return;
    this.stopServing(rep, this.w.engine.now, { timedOut: 0 });
  }

  private stopServing(rep: ReplicaRuntime, now: number, detail: Record<string, number>): void {
    this.signals.servingChanged(-1, -rep.baseConcurrency, now);
    this.becomeAbsent(rep, now, detail);
    this.report(now);
  }

  private becomeAbsent(rep: ReplicaRuntime, now: number, detail: Record<string, number>): void {
    const wasDraining = rep.lifecycle === SLOT_DRAINING;
    this.generation[rep.slot]++;
    rep.lifecycle = SLOT_ABSENT;
    this.closeEntry(rep, now);
    this.event(wasDraining ? 'drained' : 'provisioning-cancelled', rep, now, detail);
  }

  private openEntry(rep: ReplicaRuntime, kind: 'provisioning' | 'draining', now: number): void {
    this.closeEntry(rep, now);
    this.entry[rep.slot] = this.metrics.timelineStarted(
      { kind, source: this.source, service: this.svc.spec.name, replica: rep.slot, node: rep.name },
      now,
    );
  }

  private closeEntry(rep: ReplicaRuntime, now: number): void {
    const handle = this.entry[rep.slot];
    if (handle < 0) return;
    this.metrics.timelineEnded(handle, now);
    this.entry[rep.slot] = -1;
  }

  private event(kind: string, rep: ReplicaRuntime, now: number, detail: Record<string, number>): void {
    this.metrics.controlEvent(
      { kind, service: this.svc.spec.name, replica: rep.slot, source: this.source, detail },
      now,
    );
  }

  /** The replica counts as the series show them. */
  private report(now: number): void {
    const ready = this.count(SLOT_READY);
    const total = this.svc.replicas.length - this.count(SLOT_ABSENT);
    this.metrics.serviceReplicas(this.svc.index, total, ready, this.signals.servingWorkers, now);
  }
}
