import type { MetricsSink } from '../../metrics/sink.ts';
import type { AutoscalingSpec } from '../../scenario/autoscaling-spec.ts';
import { AUTOSCALE } from '../kinds.ts';
import { SLOT_ABSENT, SLOT_PROVISIONING, SLOT_READY } from '../replica-load.ts';
import type { ReplicaRuntime, ServiceRuntime } from '../runtime.ts';
import type { TimerService } from '../timers.ts';
import type { World } from '../world.ts';
import { type HpaState, hpaDecide, newHpaState, type StepState, stepDecide } from './hpa.ts';
import { type LifecycleServer, ReplicaLifecycle } from './replica-lifecycle.ts';
import { type ScalingSignals, type SignalSnapshot, windowMetric } from './signals.ts';

/** What the autoscaler needs of the callee side: a replica starts serving, or is stopped. */
export type ScalingServer = LifecycleServer;

/**
 * A workload that owns its replica set and takes its desired count from the autoscaler, as a
 * Deployment or an Argo Rollout exposes `spec.replicas` through its `/scale` subresource (the
 * service's rollout, `rollout.ts`).
 */
export interface ScaleTarget {
  /** `spec.replicas`: the count the autoscaler last wrote (the HPA's current replicas). */
  desiredReplicas(): number;
  /** Writes `spec.replicas`; the workload's own controller moves the replicas. */
  scaleTo(replicas: number): void;
}

/**
 * The autoscalers of a run, one per service with `autoscaling`: each evaluates its policy every
 * `periodMs` on the service's trailing-window metric and moves the replica set toward the
 * decision, through the replica lifecycle it shares with rollouts (`replica-lifecycle.ts`):
 * provisioning for `provisioningDelayMs`, then cold in rotation; removed ones drain, stopped at
 * `drainTimeoutMs`.
 *
 * Which replicas go: provisioning ones first, then the newest ready ones (highest slot), as a
 * Kubernetes ReplicaSet deletes pending and younger pods first; new replicas take the lowest
 * absent slots.
 *
 * A service with a deployment is scaled through it (`ScaleTarget`): the HPA reads and writes the
 * desired count and the rollout decides which versions' replicas come and go; the metric is still
 * measured over every replica of the service, whatever its version.
 */
export class Autoscalers {
  private readonly scalers: ServiceScaler[] = [];
  private readonly byService: (ServiceScaler | null)[];

  constructor(
    w: World,
    timers: TimerService,
    metrics: MetricsSink,
    server: ScalingServer,
    targets: { of(service: number): ScaleTarget | null } | null = null,
  ) {
    this.byService = w.services.map((svc) => {
      const spec = svc.spec.autoscaling;
      if (spec === null || svc.signals === null) return null;
      const target = targets?.of(svc.index) ?? null;
      const s = new ServiceScaler(w, timers, metrics, server, svc, spec, svc.signals, target);
      this.scalers.push(s);
      // The workload's own lifecycle drains its replicas.
      return target === null ? s : null;
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
  private readonly lifecycle: ReplicaLifecycle;
  private readonly source: string;
  private readonly node: number;

  constructor(
    private readonly w: World,
    timers: TimerService,
    private readonly metrics: MetricsSink,
    server: ScalingServer,
    private readonly svc: ServiceRuntime,
    private readonly spec: AutoscalingSpec,
    private readonly signals: ScalingSignals,
    private readonly target: ScaleTarget | null,
  ) {
    this.source = spec.policy.kind === 'hpa' ? 'hpa' : 'step-scaling';
    this.lifecycle = new ReplicaLifecycle(w, timers, metrics, server, svc, signals, {
      kind: AUTOSCALE,
      source: this.source,
      provisioningDelayMs: spec.provisioningDelayMs,
      drainTimeoutMs: spec.drainTimeoutMs,
      changed: null,
      versionOf: null,
    });
    this.node = w.replicas[svc.replicas[0]].node;
  }

  start(): void {
    this.snapshots.push(this.signals.snapshot(0));
    this.lifecycle.schedule(this.spec.periodMs, this.node, () => this.evaluate());
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
    const ready = this.lifecycle.count(SLOT_READY);
    // Kubernetes' HPA takes the current count from the target's spec.replicas (a rolling update's surge is not in it).
    const current = this.target?.desiredReplicas() ?? ready + this.lifecycle.count(SLOT_PROVISIONING);
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
      if (this.target === null) this.scaleTo(current, desired, now);
      else this.target.scaleTo(desired);
    }
    this.lifecycle.schedule(now + spec.periodMs, this.node, () => this.evaluate());
  }

  private scaleTo(current: number, desired: number, now: number): void {
    const life = this.lifecycle;
    const slots = this.svc.replicas.length;
    let n = current;
    for (let slot = 0; slot < slots && n < desired; slot++) {
      if (life.replica(slot).lifecycle === SLOT_ABSENT) {
        life.provision(slot, now);
        n++;
      }
    }
    for (const state of [SLOT_PROVISIONING, SLOT_READY]) {
      for (let slot = slots - 1; slot >= 0 && n > desired; slot--) {
        const rep = life.replica(slot);
        if (rep.lifecycle !== state) continue;
        // One replica always stays in rotation, whatever the policy asks.
        if (state === SLOT_READY && this.svc.load.rotating <= 1) break;
        if (state === SLOT_PROVISIONING) life.cancel(rep, now);
        else life.drain(rep, now);
        n--;
      }
    }
    life.report(now);
  }

  drainCheck(rep: ReplicaRuntime): void {
    this.lifecycle.drainCheck(rep);
  }
}
