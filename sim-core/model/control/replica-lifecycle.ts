import type { MetricsSink } from '../../metrics/sink.ts';
import type { ControlAction } from '../kinds.ts';
import { SLOT_ABSENT, SLOT_DRAINING, SLOT_PROVISIONING, SLOT_READY } from '../replica-load.ts';
import type { ReplicaRuntime, ServiceRuntime } from '../runtime.ts';
import type { TimerService } from '../timers.ts';
import type { World } from '../world.ts';
import { readyReplicaCount } from './ready-replicas.ts';
import type { ScalingSignals } from './signals.ts';

/** What a control loop that changes a replica set needs of the callee side. */
export interface LifecycleServer {
  markStarted(replica: ReplicaRuntime, now: number): void;
  crash(replica: ReplicaRuntime): void;
  restart(replica: ReplicaRuntime): void;
}

/** How a control loop's replica changes are timed and named. */
export interface LifecycleOptions {
  /** The event kind of its provisioning ends and drain timeouts (a control action). */
  readonly kind: number;
  /** The control events' and timeline entries' `source`. */
  readonly source: string;
  readonly provisioningDelayMs: number;
  readonly drainTimeoutMs: number;
  /** Told after a replica became ready, drained or was stopped (a rollout reconciles then). */
  readonly changed: ((replica: ReplicaRuntime) => void) | null;
  /** The version a replica runs, named in its `provisioned` event (null: the event has no version). */
  readonly versionOf: ((replica: ReplicaRuntime) => string) | null;
}

/**
 * The walk of one service's replica slots through provisioning, the rotation, draining and
 * absence, shared by the control loops that change a replica set (the autoscaler, rollouts).
 *
 * A new replica is provisioning for `provisioningDelayMs`, then joins the rotation (cold:
 * `markStarted`). A removed one drains: out of rotation at once, it finishes what it holds (no
 * attempt outstanding at any caller, nothing queued or running), then is absent; after
 * `drainTimeoutMs` whatever it still holds is lost (Kubernetes' termination grace period).
 */
export class ReplicaLifecycle {
  /** Per slot: bumped when a pending provisioning or drain timeout must be ignored. */
  private readonly generation: Int32Array;
  /** Per slot: the open timeline entry (provisioning or draining), or -1. */
  private readonly entry: Int32Array;

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
    private readonly server: LifecycleServer,
    private readonly svc: ServiceRuntime,
    private readonly signals: ScalingSignals | null,
    private readonly options: LifecycleOptions,
  ) {
    this.generation = new Int32Array(svc.replicas.length);
    this.entry = new Int32Array(svc.replicas.length).fill(-1);
  }

  /** Schedules a control action of this loop's kind at `atMs` on `node`. */
  schedule(atMs: number, node: number, apply: () => void): void {
    const action: ControlAction = { apply };
    this.timers.atTrue(atMs, this.options.kind, node, action);
  }

  replica(slot: number): ReplicaRuntime {
    return this.w.replicas[this.svc.replicas[slot]];
  }

  /** Slots in `state`. */
  count(state: number): number {
    let n = 0;
    for (const r of this.svc.replicas) if (this.w.replicas[r].lifecycle === state) n++;
    return n;
  }

  /** Creates a replica in an absent slot: it serves after the provisioning delay. */
  provision(slot: number, now: number): void {
    const rep = this.replica(slot);
    rep.lifecycle = SLOT_PROVISIONING;
    // A new replica: the balancer knows nothing against it.
    rep.consecutiveErrors = 0;
    rep.ejectedUntil = Number.NEGATIVE_INFINITY;
    rep.ejections = 0;
    this.openEntry(rep, 'provisioning', now);
    const gen = ++this.generation[slot];
    this.schedule(now + this.options.provisioningDelayMs, rep.node, () => {
      if (this.generation[slot] === gen) this.becomeReady(rep);
    });
  }

  private becomeReady(rep: ReplicaRuntime): void {
    const now = this.w.engine.now;
    this.closeEntry(rep, now);
    rep.lifecycle = SLOT_READY;
    this.svc.load.setInRotation(rep.slot, true);
    this.signals?.servingChanged(1, rep.baseConcurrency, now);
    this.server.markStarted(rep, now);
    this.event(
      'provisioned',
      rep,
      now,
      this.options.versionOf === null ? {} : { version: this.options.versionOf(rep) },
    );
    this.report(now);
    this.options.changed?.(rep);
  }

  /** A provisioning replica is given up before it serves. */
  cancel(rep: ReplicaRuntime, now: number): void {
    this.becomeAbsent(rep, now, { cancelled: 1 });
  }

  /** Takes a replica out of rotation; it is absent once it holds nothing, or stopped at the drain timeout. */
  drain(rep: ReplicaRuntime, now: number): void {
    rep.lifecycle = SLOT_DRAINING;
    this.svc.load.setInRotation(rep.slot, false);
    this.openEntry(rep, 'draining', now);
    const gen = ++this.generation[rep.slot];
    this.schedule(now + this.options.drainTimeoutMs, rep.node, () => {
      if (this.generation[rep.slot] !== gen || rep.lifecycle !== SLOT_DRAINING) return;
      // The grace period is over: what it still holds is lost (SIGKILL).
      this.server.crash(rep);
      this.server.restart(rep);
      if (rep.lifecycle === SLOT_DRAINING) this.stopServing(rep, this.w.engine.now, { timedOut: 1 });
    });
    this.drainCheck(rep);
  }

  /** A draining replica may just have emptied. */
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
    this.signals?.servingChanged(-1, -rep.baseConcurrency, now);
    this.becomeAbsent(rep, now, detail);
    this.report(now);
    this.options.changed?.(rep);
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
      { kind, source: this.options.source, service: this.svc.spec.name, replica: rep.slot, node: rep.name },
      now,
    );
  }

  private closeEntry(rep: ReplicaRuntime, now: number): void {
    const handle = this.entry[rep.slot];
    if (handle < 0) return;
    this.metrics.timelineEnded(handle, now);
    this.entry[rep.slot] = -1;
  }

  private event(
    kind: string,
    rep: ReplicaRuntime,
    now: number,
    detail: Record<string, number | string>,
  ): void {
    this.metrics.controlEvent(
      { kind, service: this.svc.spec.name, replica: rep.slot, source: this.options.source, detail },
      now,
    );
  }

  /** The replica counts as the series show them. */
  report(now: number): void {
    const ready = readyReplicaCount(this.w.replicas, this.svc);
    const total = this.svc.replicas.length - this.count(SLOT_ABSENT);
    let workers = this.signals?.servingWorkers ?? -1;
    if (workers < 0) {
      workers = 0;
      for (const r of this.svc.replicas) {
        const rep = this.w.replicas[r];
        if (rep.lifecycle === SLOT_READY || rep.lifecycle === SLOT_DRAINING) workers += rep.workers.capacity;
      }
    }
    this.metrics.serviceReplicas(this.svc.index, total, ready, workers, now);
  }
}
