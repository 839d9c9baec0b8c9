import type { DeploymentSummary, VersionSeries, VersionSummary } from '../../metrics/result.ts';
import type { MetricsSink } from '../../metrics/sink.ts';
import type { AnalysisSpec, DeploymentSpec, VersionSpec } from '../../scenario/deployment-spec.ts';
import { STABLE_VERSION } from '../../scenario/deployment-spec.ts';
import { ROLLOUT } from '../kinds.ts';
import { isGoodAnswer } from '../outcome.ts';
import { SLOT_ABSENT, SLOT_PROVISIONING, SLOT_READY } from '../replica-load.ts';
import type { ReplicaRuntime, ServiceRuntime } from '../runtime.ts';
import type { TimerService } from '../timers.ts';
import type { World } from '../world.ts';
import { AnalysisRun } from './analysis.ts';
import { type LifecycleServer, ReplicaLifecycle } from './replica-lifecycle.ts';
import { canaryReplicas, proportionalScale, resolveFenceposts, rollingStep } from './rollout-plan.ts';
import { TrafficSplit } from './traffic-split.ts';
import { VersionSignals } from './version-signals.ts';

/** Where a rollout is. */
type Phase = 'pending' | 'progressing' | 'aborting' | 'promoted' | 'rolled-back';

/** What a progressing rollout waits for before its next step. */
type Wait =
  | { kind: 'none' }
  /** Canary: this many canary replicas available, then the weight. */
  | { kind: 'weight'; weight: number; replicas: number }
  /** Blue/green: the whole green set available. */
  | { kind: 'green' }
  /** Canary promotion: the canary at `replicas` and available, then all traffic. */
  | { kind: 'promotion' }
  /** A timer (a pause, an analysis interval, blue/green's scale-down delay). */
  | { kind: 'timer' };

/**
 * The deployments of a run, one per service with `deployment`, acting on the service's replica
 * slots through the lifecycle the autoscaler uses (`replica-lifecycle.ts`): new-version replicas
 * are provisioned (provisioning delay, then cold), old ones drained.
 *
 * - **rolling**: the Kubernetes Deployment controller's RollingUpdate (`rollout-plan.ts`
 *   `rollingStep`), reconciled whenever a replica of the service becomes ready, available
 *   (readiness probes, if declared) or drained; traffic goes to every replica in rotation.
 * - **canary**: Argo Rollouts' canary with traffic routing: `setWeight` scales the canary to
 *   ceil(weight% x replicas), waits until those are available, then sends weight% of requests to
 *   it by a smooth weighted round-robin (`traffic-split.ts`), independent of the replica counts
 *   (the stable set stays whole); `pause` waits; `analysis` runs an AnalysisRun on the canary.
 *   After the last step: promotion (canary to `replicas`, all traffic, the stable set drained).
 * - **blue-green**: Argo's blueGreen: the green set comes up fully with no traffic, an optional
 *   pre-promotion analysis, then all traffic switches at once; blue is kept `scaleDownDelayMs`
 *   and until a post-promotion analysis passed, so a rollback is a switch back.
 *
 * An abort (a failed analysis, or an alert's `rollback` action) is a rollback: after
 * `rollbackMs` every request goes to the stable version again and the new replicas drain; a
 * rolling update is rolled back by a rolling update to the stable version (as
 * `kubectl rollout undo`). One-shot: nothing undoes it.
 *
 * With an autoscaler on the service, the HPA writes the desired count (`spec.replicas`, through
 * `scaleTo`) and the rollout sizes its sets from it, as the Kubernetes deployment controller and
 * Argo Rollouts do with an HPA targeting them: a rolling update's maxSurge / maxUnavailable are
 * resolved against the current desired count, and a change during the update is shared between
 * the old and new sets by proportional scaling (`rollout-plan.ts` `proportionalScale`); a canary
 * with traffic routing keeps ceil(weight x desired / 100) canary replicas and the stable set at
 * the desired count; blue/green keeps both sets at it. Before, after or without a rollout the
 * service's one version follows the desired count.
 */
export class Rollouts {
  readonly runs: ServiceRollout[] = [];
  private readonly byService: (ServiceRollout | null)[];

  constructor(w: World, timers: TimerService, metrics: MetricsSink, server: LifecycleServer) {
    this.byService = w.services.map((svc) => {
      const spec = svc.spec.deployment;
      if (spec === null) return null;
      const run = new ServiceRollout(w, timers, metrics, server, svc, spec);
      this.runs.push(run);
      return run;
    });
  }

  /** Schedules every rollout's start. */
  start(): void {
    for (const r of this.runs) r.schedule();
  }

  drainCheck(replica: ReplicaRuntime): void {
    this.byService[replica.service]?.drainCheck(replica);
  }

  /** A replica's readiness changed (probes): a rollout counts it available or not. */
  readinessChanged(replica: ReplicaRuntime): void {
    this.byService[replica.service]?.reconcile();
  }

  /** A replica answered an attempt (its version's signals). */
  answered(replica: ReplicaRuntime, outcome: number, arrivedAt: number, t: number): void {
    this.byService[replica.service]?.answered(replica, outcome, arrivedAt, t);
  }

  /** Aborts the service's rollout in progress (an alert's action); false if none was. */
  abort(service: number, source: string): boolean {
    return this.byService[service]?.abort(source) ?? false;
  }

  /** The service's rollout (null: it has no deployment). */
  of(service: number): ServiceRollout | null {
    return this.byService[service];
  }
}

/** One service's rollout. */
export class ServiceRollout {
  private phase: Phase = 'pending';
  private wait: Wait = { kind: 'none' };
  /** Bumped on abort: a pending pause, analysis or switch of the aborted rollout is ignored. */
  private generation = 0;
  private readonly lifecycle: ReplicaLifecycle;
  /** Version index 0 is the service's own settings; k >= 1 the k-th of `versions`. */
  private readonly versions: (VersionSpec | null)[];
  /** Per version: its golden signals. */
  readonly signals: VersionSignals[];
  /** The version traffic returns to on a rollback, and the one rolled out. */
  private stable = 0;
  readonly target: number;
  /** The version the rolling update converges to (target, or stable once rolled back). */
  private rollingTo: number;
  private step = 0;
  private reconciling = false;
  private again = false;
  private analysis: AnalysisRun | null = null;
  /** Blue/green: the scale-down delay is over / the post-promotion analysis passed (or none). */
  private blueDelayOver = false;
  private postPassed = false;
  private readonly node: number;
  /** The desired count (`spec.replicas`): the service's `replicas`, or what its autoscaler last wrote. */
  private desired: number;
  /** An autoscaler writes the desired count: the sets are kept at their sizes for it after any change. */
  private readonly scaled: boolean;
  /** Above 0 while sets are being resized or retired: a replica emptying then must not resize them again. */
  private resizing = 0;
  // Each slot's settings as built (replica overrides), for the stable version.
  private readonly baseFactor: number[];
  private readonly baseError: number[];
  private readonly baseWorkers: number[];
  private readonly warmupMs: number;
  // The summary's accounting.
  private startedAt: number | null = null;
  private endedAt: number | null = null;
  private abortedAt: number | null = null;
  private abortedBy: string | null = null;
  private mitigatedAt: number | null = null;
  private failedOnNew = 0;
  private answeredSinceStart = 0;
  private analysesPassed = 0;
  private analysesFailed = 0;

  constructor(
    private readonly w: World,
    timers: TimerService,
    private readonly metrics: MetricsSink,
    server: LifecycleServer,
    readonly svc: ServiceRuntime,
    readonly spec: DeploymentSpec,
  ) {
    // With an autoscaler, its signals see every replica the rollout starts or stops.
    this.lifecycle = new ReplicaLifecycle(w, timers, metrics, server, svc, svc.signals, {
      kind: ROLLOUT,
      source: `deploy:${spec.version}`,
      provisioningDelayMs: spec.provisioningDelayMs,
      drainTimeoutMs: spec.drainTimeoutMs,
      changed: () => {
        this.track(w.engine.now);
        this.reconcile();
      },
      versionOf: (rep) => this.versionName(rep.version),
    });
    this.versions = [null, ...svc.spec.versions];
    this.target = this.versions.findIndex((v) => v !== null && v.name === spec.version);
    this.rollingTo = this.target;
    this.scaled = svc.spec.autoscaling !== null;
    // Scaled: the autoscaler's bounds already put the count within min/max (the slots ready now).
    this.desired = this.scaled
      ? svc.replicas.filter((r) => w.replicas[r].lifecycle === SLOT_READY).length
      : svc.spec.replicas;
    this.node = w.replicas[svc.replicas[0]].node;
    const reps = svc.replicas.map((r) => w.replicas[r]);
    this.baseFactor = reps.map((r) => r.serviceTimeFactor);
    this.baseError = reps.map((r) => r.baseErrorProbability);
    this.baseWorkers = reps.map((r) => r.baseConcurrency);
    const sc = w.scenario;
    this.warmupMs = sc.metrics.warmupMs;
    const buckets = Math.max(1, Math.ceil(sc.durationMs / sc.metrics.bucketMs));
    this.signals = this.versions.map(
      () => new VersionSignals(sc.metrics.bucketMs, buckets, sc.metrics.warmupMs),
    );
    this.signals[0].replicas.add(this.desired, 0);
  }

  /** The version's name (`stable` for the service's own settings). */
  versionName(v: number): string {
    return this.versions[v]?.name ?? STABLE_VERSION;
  }

  schedule(): void {
    this.lifecycle.schedule(this.spec.atMs, this.node, () => this.begin());
  }

  drainCheck(rep: ReplicaRuntime): void {
    this.lifecycle.drainCheck(rep);
  }

  answered(rep: ReplicaRuntime, outcome: number, arrivedAt: number, t: number): void {
    const good = isGoodAnswer(outcome);
    this.signals[rep.version].answer(outcome, good, arrivedAt, t, this.warmupMs);
    if (this.startedAt === null) return;
    this.answeredSinceStart++;
    if (!good && rep.version === this.target) this.failedOnNew++;
  }

  // ---------------------------------------------------------------- the phases

  private begin(): void {
    const now = this.w.engine.now;
    this.phase = 'progressing';
    this.startedAt = now;
    const s = this.spec.strategy;
    this.event('rollout-started', null, { version: this.spec.version, strategy: s.kind });
    if (s.kind === 'rolling') this.reconcile();
    else if (s.kind === 'canary') {
      this.svc.split = new TrafficSplit(this.stable, this.target);
      this.runStep();
    } else {
      this.svc.split = new TrafficSplit(this.stable, this.target);
      this.scaleVersion(this.target, this.desired);
      this.wait = { kind: 'green' };
      this.reconcile();
    }
  }

  /**
   * Moves the rollout on after a replica change: the rolling update's next step, or a wait that
   * is over. A change that happens while it reconciles (a drained replica empties at once) asks
   * for one more pass after this one, so the steps never interleave.
   */
  reconcile(): void {
    if (this.reconciling) {
      this.again = true;
      return;
    }
    this.reconciling = true;
    do {
      this.again = false;
      this.reconcileOnce();
    } while (this.again);
    this.reconciling = false;
  }

  private reconcileOnce(): void {
    if (this.scaled) this.keepSizes();
    if (this.phase !== 'progressing' && this.phase !== 'aborting') return;
    const s = this.spec.strategy;
    if (s.kind === 'rolling') {
      if (this.phase === 'progressing') this.reconcileRolling(s.maxSurge, s.maxUnavailable);
      return;
    }
    if (this.phase !== 'progressing') return;
    const wait = this.wait;
    if (wait.kind === 'weight' && this.available(this.target) >= wait.replicas) {
      this.wait = { kind: 'none' };
      this.setWeight(wait.weight);
      this.step++;
      this.runStep();
    } else if (wait.kind === 'promotion' && this.available(this.target) >= this.desired) {
      this.wait = { kind: 'none' };
      this.promote();
    } else if (wait.kind === 'green' && this.available(this.target) >= this.desired) {
      this.wait = { kind: 'none' };
      const pre = s.kind === 'blue-green' ? s.prePromotionAnalysis : null;
      if (pre === null) this.switchToGreen();
      else this.analyse(pre, () => this.switchToGreen());
    }
  }

  private reconcileRolling(maxSurge: number | string, maxUnavailable: number | string): void {
    const now = this.w.engine.now;
    const to = this.rollingTo;
    const { surge, unavailable } = resolveFenceposts(maxSurge, maxUnavailable, this.desired);
    const c = this.counts(to);
    const { scaleUp, scaleDown } = rollingStep({
      desired: this.desired,
      surge,
      unavailable,
      newTotal: c.newTotal,
      newAvailable: c.newAvailable,
      oldTotal: c.oldTotal,
      oldAvailable: c.oldAvailable,
    });
    if (scaleUp > 0 || scaleDown > 0) {
      // The decision first, then its effects (a drained replica may empty at once).
      this.event('rollout-step', null, {
        version: this.versionName(to),
        new: c.newTotal + scaleUp,
        old: c.oldTotal - scaleDown,
        scaledUp: scaleUp,
        scaledDown: scaleDown,
      });
      let created = 0;
      for (let k = 0; k < scaleUp; k++) if (this.provisionAs(to, now)) created++;
      this.removeOld(to, scaleDown, now);
      this.lifecycle.report(now);
      this.track(now);
      // Kubernetes syncs again as soon as a replica set changed: the next step at the same instant
      // (not when every slot was taken: a replica emptying will call again).
      if (created > 0 || scaleDown > 0) this.again = true;
    }
    if (this.rollingTo !== this.target && this.mitigatedAt === null && this.inRotation(this.target) === 0)
      this.mitigatedAt = now;
    const done = this.counts(to);
    if (done.oldTotal === 0 && done.newAvailable >= this.desired)
      this.finish(this.rollingTo === this.target ? 'promoted' : 'rolled-back');
  }

  private canarySteps() {
    const s = this.spec.strategy;
    return s.kind === 'canary' ? s.steps : [];
  }

  /** Runs canary step `step` (after the last: promotion). */
  private runStep(): void {
    const steps = this.canarySteps();
    if (this.step >= steps.length) {
      this.promote();
      return;
    }
    const step = steps[this.step];
    const gen = this.generation;
    if ('setWeight' in step) {
      const replicas = canaryReplicas(step.setWeight, this.desired);
      this.scaleVersion(this.target, Math.max(replicas, this.count(this.target)));
      this.wait = { kind: 'weight', weight: step.setWeight, replicas };
      this.reconcile();
    } else if ('pause' in step) {
      this.wait = { kind: 'timer' };
      this.event('rollout-paused', null, { version: this.spec.version, durationMs: step.pause.durationMs });
      this.lifecycle.schedule(this.w.engine.now + step.pause.durationMs, this.node, () => {
        if (gen !== this.generation) return;
        this.step++;
        this.runStep();
      });
    } else {
      this.analyse(step.analysis, () => {
        this.step++;
        this.runStep();
      });
    }
  }

  /** Canary promotion: the canary grows to `replicas`, then takes all traffic and the stable set drains. */
  private promote(): void {
    this.scaleVersion(this.target, this.desired);
    if (this.available(this.target) < this.desired) {
      this.wait = { kind: 'promotion' };
      return;
    }
    this.setWeight(100);
    this.retire(this.stable);
    this.finish('promoted');
  }

  private switchToGreen(): void {
    const s = this.spec.strategy;
    if (s.kind !== 'blue-green') return;
    const gen = this.generation;
    this.setWeight(100);
    this.wait = { kind: 'timer' };
    this.lifecycle.schedule(this.w.engine.now + s.scaleDownDelayMs, this.node, () => {
      if (gen !== this.generation) return;
      this.blueDelayOver = true;
      this.finishBlueGreen();
    });
    if (s.postPromotionAnalysis === null) this.postPassed = true;
    else
      this.analyse(s.postPromotionAnalysis, () => {
        this.postPassed = true;
        this.finishBlueGreen();
      });
  }

  private finishBlueGreen(): void {
    if (!this.blueDelayOver || !this.postPassed || this.phase !== 'progressing') return;
    this.retire(this.stable);
    this.finish('promoted');
  }

  /** Starts an analysis on the new version; `passed` goes on, a failure aborts. */
  private analyse(spec: AnalysisSpec, passed: () => void): void {
    const gen = this.generation;
    const run = new AnalysisRun(spec, this.signals[this.target]);
    this.analysis = run;
    this.wait = { kind: 'timer' };
    this.event('analysis-started', null, { version: this.spec.version, metric: spec.metric });
    const next = (at: number) =>
      this.lifecycle.schedule(at, this.node, () => {
        if (gen !== this.generation) return;
        const verdict = run.measure();
        if (verdict === 'running') {
          next(this.w.engine.now + spec.intervalMs);
          return;
        }
        this.analysis = null;
        const detail = {
          version: this.spec.version,
          metric: spec.metric,
          value: run.last.value ?? 'inconclusive',
          measurements: run.measurements,
          failures: run.failures,
        };
        if (verdict === 'passed') {
          this.analysesPassed++;
          this.event('analysis-passed', null, detail);
          passed();
        } else {
          this.analysesFailed++;
          this.event('analysis-failed', null, detail);
          this.abort('analysis');
        }
      });
    next(this.w.engine.now + spec.intervalMs);
  }

  /**
   * Aborts the rollout in progress: after `rollbackMs` every request goes back to the stable
   * version (a rolling update starts rolling back) and the new replicas drain. False if no
   * rollout is in progress.
   */
  abort(source: string): boolean {
    if (this.phase !== 'progressing') return false;
    const now = this.w.engine.now;
    this.generation++;
    this.phase = 'aborting';
    this.wait = { kind: 'none' };
    this.analysis = null;
    this.abortedAt = now;
    this.abortedBy = source;
    this.event('rollback', null, {
      version: this.spec.version,
      to: this.versionName(this.stable),
      rollbackMs: this.spec.rollbackMs,
      source,
    });
    this.lifecycle.schedule(now + this.spec.rollbackMs, this.node, () => this.rollBack());
    return true;
  }

  private rollBack(): void {
    const now = this.w.engine.now;
    if (this.spec.strategy.kind === 'rolling') {
      this.phase = 'progressing';
      this.rollingTo = this.stable;
      this.reconcile();
      return;
    }
    // Traffic first: the stable (blue) set is whole throughout.
    if (this.svc.split !== null) this.setWeight(0);
    this.mitigatedAt = now;
    this.retire(this.target);
    this.finish('rolled-back');
  }

  private finish(outcome: 'promoted' | 'rolled-back'): void {
    const now = this.w.engine.now;
    this.phase = outcome;
    this.endedAt = now;
    this.wait = { kind: 'none' };
    this.svc.split = null;
    if (outcome === 'promoted') this.stable = this.target;
    this.event('rollout-complete', null, { version: this.versionName(this.stable), outcome });
    this.track(now);
  }

  // ---------------------------------------------------------------- the desired count

  /** The desired count (`spec.replicas`), as the autoscaler reads it. */
  desiredReplicas(): number {
    return this.desired;
  }

  /**
   * The autoscaler writes the desired count (the HPA through the `/scale` subresource). During a
   * rolling update the change is shared between the sets by proportional scaling (once the new set
   * is saturated the old one goes at once, as Kubernetes `scale` does), then the update goes on
   * against the new count; otherwise every set is brought to the size it has for the count.
   */
  scaleTo(n: number): void {
    const before = this.desired;
    if (n === before) return;
    const now = this.w.engine.now;
    this.desired = n;
    const s = this.spec.strategy;
    const to = s.kind === 'rolling' ? this.rollingTo : this.target;
    const other = to === this.target ? this.stable : this.target;
    let plan: { version: number; size: number }[];
    if (s.kind === 'rolling' && this.rollingInProgress()) {
      const newSize = this.count(to);
      const sizes =
        newSize === n && this.available(to) === n
          ? [n, 0]
          : proportionalScale(
              [
                { size: newSize, newer: to === this.target },
                { size: this.count(other), newer: other === this.target },
              ],
              n,
              resolveFenceposts(s.maxSurge, s.maxUnavailable, n).surge,
              before + resolveFenceposts(s.maxSurge, s.maxUnavailable, before).surge,
            );
      plan = [
        { version: to, size: sizes[0] },
        { version: other, size: sizes[1] },
      ];
    } else plan = this.wantedSizes();
    const planned = (v: number) => plan.find((p) => p.version === v)?.size ?? this.count(v);
    // The decision first, then its effects (a drained replica may empty at once).
    this.event('rollout-step', null, {
      version: this.versionName(to),
      desired: n,
      new: planned(to),
      old: planned(other),
    });
    // As one reconciliation: a replica emptying meanwhile asks for the next pass, after the plan.
    this.resizing++;
    this.reconciling = true;
    for (const p of plan) this.resize(p.version, p.size, now);
    this.reconciling = false;
    this.resizing--;
    this.lifecycle.report(now);
    this.track(now);
    this.reconcile();
  }

  private rollingInProgress(): boolean {
    return (
      this.spec.strategy.kind === 'rolling' && (this.phase === 'progressing' || this.phase === 'aborting')
    );
  }

  /**
   * The size of each set for the desired count, outside a rolling update's progress: the one
   * version at it; a canary at ceil(weight x desired / 100) for its step (all of it while being
   * promoted) beside a whole stable set; blue/green both sets whole.
   */
  private wantedSizes(): { version: number; size: number }[] {
    const stable = { version: this.stable, size: this.desired };
    if (this.phase !== 'progressing' && this.phase !== 'aborting') return [stable];
    if (this.spec.strategy.kind === 'blue-green')
      return [stable, { version: this.target, size: this.desired }];
    const wait = this.wait;
    const weight =
      wait.kind === 'weight' ? wait.weight : wait.kind === 'promotion' ? 100 : (this.svc.split?.weight ?? 0);
    const canary = canaryReplicas(weight, this.desired);
    if (wait.kind === 'weight') this.wait = { ...wait, replicas: canary };
    return [stable, { version: this.target, size: canary }];
  }

  /**
   * After any replica change, every set at its wanted size outside a rolling update's progress (a
   * provisioning that found no free slot is tried again). Not while sets are being resized.
   */
  private keepSizes(): void {
    if (this.resizing > 0 || this.rollingInProgress()) return;
    const now = this.w.engine.now;
    for (const p of this.wantedSizes()) this.resize(p.version, p.size, now);
  }

  /** Version `v` grown or shrunk to `n` replicas (provisioning or in rotation). */
  private resize(v: number, n: number, now: number): void {
    const have = this.count(v);
    if (have === n) return;
    this.resizing++;
    if (have < n) this.scaleVersion(v, n);
    else {
      this.removeWhere((rep) => rep.version === v, have - n, now);
      this.lifecycle.report(now);
      this.track(now);
    }
    this.resizing--;
  }

  // ---------------------------------------------------------------- the replica set

  private setWeight(weight: number): void {
    this.svc.split?.setWeight(weight);
    this.event('rollout-step', null, {
      version: this.spec.version,
      weight,
      replicas: this.count(this.target),
    });
  }

  /** Is the replica serving and passing its checks (Kubernetes "available", minReadySeconds 0)? */
  private isAvailable(rep: ReplicaRuntime): boolean {
    return rep.lifecycle === SLOT_READY && rep.up && rep.ready && rep.healthy;
  }

  /** Replicas of version `v` provisioning or in rotation. */
  private count(v: number): number {
    let n = 0;
    for (const r of this.svc.replicas) {
      const rep = this.w.replicas[r];
      if (rep.version === v && (rep.lifecycle === SLOT_PROVISIONING || rep.lifecycle === SLOT_READY)) n++;
    }
    return n;
  }

  private available(v: number): number {
    let n = 0;
    for (const r of this.svc.replicas) {
      const rep = this.w.replicas[r];
      if (rep.version === v && this.isAvailable(rep)) n++;
    }
    return n;
  }

  private inRotation(v: number): number {
    let n = 0;
    for (const r of this.svc.replicas) {
      const rep = this.w.replicas[r];
      if (rep.version === v && rep.lifecycle === SLOT_READY) n++;
    }
    return n;
  }

  /** The rolling update's view: replicas of version `to` and of any other, and those available. */
  private counts(to: number): {
    newTotal: number;
    newAvailable: number;
    oldTotal: number;
    oldAvailable: number;
  } {
    const c = { newTotal: 0, newAvailable: 0, oldTotal: 0, oldAvailable: 0 };
    for (const r of this.svc.replicas) {
      const rep = this.w.replicas[r];
      if (rep.lifecycle !== SLOT_PROVISIONING && rep.lifecycle !== SLOT_READY) continue;
      const ok = this.isAvailable(rep);
      if (rep.version === to) {
        c.newTotal++;
        if (ok) c.newAvailable++;
      } else {
        c.oldTotal++;
        if (ok) c.oldAvailable++;
      }
    }
    return c;
  }

  /** Grows version `v` to `n` replicas (never shrinks it). */
  private scaleVersion(v: number, n: number): void {
    const now = this.w.engine.now;
    let grown = false;
    for (let k = this.count(v); k < n; k++) {
      if (!this.provisionAs(v, now)) break;
      grown = true;
    }
    if (grown) {
      this.lifecycle.report(now);
      this.track(now);
    }
  }

  /** Provisions a replica of version `v` in the lowest absent slot; false if none is free. */
  private provisionAs(v: number, now: number): boolean {
    const slots = this.svc.replicas.length;
    for (let slot = 0; slot < slots; slot++) {
      const rep = this.lifecycle.replica(slot);
      if (rep.lifecycle !== SLOT_ABSENT) continue;
      this.applyVersion(rep, v);
      this.lifecycle.provision(slot, now);
      return true;
    }
    return false;
  }

  /**
   * Removes `n` replicas not of version `to`: provisioning ones first, then those not available,
   * then available ones from the highest slot (a ReplicaSet deletes pending, unready and younger pods first).
   */
  private removeOld(to: number, n: number, now: number): void {
    this.removeWhere((rep) => rep.version !== to, n, now);
  }

  /** Removes `n` replicas that `match`, in `removeOld`'s order. */
  private removeWhere(match: (rep: ReplicaRuntime) => boolean, n: number, now: number): void {
    let left = n;
    const slots = this.svc.replicas.length;
    for (const pass of [0, 1, 2]) {
      for (let slot = slots - 1; slot >= 0 && left > 0; slot--) {
        const rep = this.lifecycle.replica(slot);
        if (!match(rep)) continue;
        if (pass === 0 && rep.lifecycle === SLOT_PROVISIONING) this.lifecycle.cancel(rep, now);
        else if (pass === 1 && rep.lifecycle === SLOT_READY && !this.isAvailable(rep))
          this.lifecycle.drain(rep, now);
        else if (pass === 2 && rep.lifecycle === SLOT_READY) this.lifecycle.drain(rep, now);
        else continue;
        left--;
      }
    }
  }

  /** Every replica of version `v` leaves: provisioning ones are cancelled, serving ones drain. */
  private retire(v: number): void {
    const now = this.w.engine.now;
    this.resizing++;
    for (let slot = this.svc.replicas.length - 1; slot >= 0; slot--) {
      const rep = this.lifecycle.replica(slot);
      if (rep.version !== v) continue;
      if (rep.lifecycle === SLOT_PROVISIONING) this.lifecycle.cancel(rep, now);
      else if (rep.lifecycle === SLOT_READY) this.lifecycle.drain(rep, now);
    }
    this.resizing--;
    this.lifecycle.report(now);
    this.track(now);
  }

  /**
   * Gives an absent slot version `v`'s settings: a version's fields, or the service's own where
   * it has none; the stable version the slot's own (its replica override). An error or corrupt
   * fault in force on the slot stays in force on top.
   */
  private applyVersion(rep: ReplicaRuntime, v: number): void {
    const version = this.versions[v];
    const spec = this.svc.spec;
    const slot = rep.slot;
    rep.version = v;
    rep.serviceTimeFactor = version === null ? this.baseFactor[slot] : (version.serviceTimeFactor ?? 1);
    const error =
      version === null ? this.baseError[slot] : (version.errorProbability ?? spec.errorProbability);
    rep.errorProbability = rebase(rep.errorProbability, rep.baseErrorProbability, error);
    rep.baseErrorProbability = error;
    const corrupt = version?.corruptProbability ?? 0;
    rep.corruptProbability = rebase(rep.corruptProbability, rep.baseCorruptProbability, corrupt);
    rep.baseCorruptProbability = corrupt;
    const workers = version === null ? this.baseWorkers[slot] : (version.concurrency ?? spec.concurrency);
    // A capacity fault in force keeps the replica at its lower count.
    const lowered = rep.workers.capacity < rep.baseConcurrency;
    rep.baseConcurrency = workers;
    rep.workers.capacity = lowered ? Math.min(rep.workers.capacity, workers) : workers;
  }

  /** The per-version replica counts (provisioning, serving or draining) for the series. */
  private track(now: number): void {
    const counts = this.versions.map(() => 0);
    for (const r of this.svc.replicas) {
      const rep = this.w.replicas[r];
      if (rep.lifecycle !== SLOT_ABSENT) counts[rep.version]++;
    }
    counts.forEach((n, v) => {
      const g = this.signals[v].replicas;
      if (n !== g.value) g.add(n - g.value, now);
    });
  }

  private event(kind: string, replica: number | null, detail: Record<string, number | string>): void {
    this.metrics.controlEvent(
      { kind, service: this.svc.spec.name, replica, source: `deploy:${this.spec.version}`, detail },
      this.w.engine.now,
    );
  }

  // ---------------------------------------------------------------- the result

  /** `summary.deployments[]`'s entry. */
  summary(): DeploymentSummary {
    const outcome =
      this.phase === 'aborting' ? 'rolling-back' : this.phase === 'progressing' ? 'in-progress' : this.phase;
    const start = this.startedAt;
    return {
      name: this.svc.spec.name,
      service: this.svc.spec.name,
      version: this.spec.version,
      strategy: this.spec.strategy.kind,
      startMs: start,
      endMs: this.endedAt,
      outcome,
      abortedAtMs: this.abortedAt,
      abortedBy: this.abortedBy,
      mitigatedAtMs: this.mitigatedAt,
      timeToMitigateMs: this.mitigatedAt === null || start === null ? null : this.mitigatedAt - start,
      abortToMitigateMs:
        this.mitigatedAt === null || this.abortedAt === null ? null : this.mitigatedAt - this.abortedAt,
      blastRadius: {
        failed: this.failedOnNew,
        attempts: this.answeredSinceStart,
        fraction: this.answeredSinceStart > 0 ? this.failedOnNew / this.answeredSinceStart : null,
      },
      analyses: { passed: this.analysesPassed, failed: this.analysesFailed },
    };
  }

  /** `summary.services.<s>.versions`, by version name. */
  versionSummaries(endMs: number): Record<string, VersionSummary> {
    const out: Record<string, VersionSummary> = Object.create(null);
    this.signals.forEach((s, v) => {
      const q = (p: number) => (s.latency.count > 0 ? s.latency.quantile(p) : null);
      const span = Math.max(0, endMs - Math.min(this.warmupMs, endMs));
      out[this.versionName(v)] = {
        replicas: s.replicas.value,
        replicasMean: span > 0 ? s.replicas.readAt(endMs).area / span : 0,
        requests: s.answered,
        errors: s.errors,
        errorRate: s.answered > 0 ? s.errors / s.answered : null,
        latencyMs: { p50: q(0.5), p99: q(0.99) },
      };
    });
    return out;
  }

  /** `series.services.<s>.versions`, by version name, over `widths` (the result's buckets). */
  versionSeries(widths: readonly number[]): Record<string, VersionSeries> {
    const out: Record<string, VersionSeries> = Object.create(null);
    const end = widths.reduce((a, b) => a + b, 0);
    this.signals.forEach((s, v) => {
      const replicas = s.replicas.readAt(end);
      const rate = (arr: Float64Array) => widths.map((ms, b) => (ms > 0 ? (arr[b] * 1000) / ms : 0));
      out[this.versionName(v)] = {
        attemptsPerSec: rate(s.answeredBuckets.buckets),
        errorsPerSec: rate(s.errorBuckets.buckets),
        replicas: widths.map((ms, b) => (ms > 0 ? replicas.bucketArea[b] / ms : 0)),
      };
    });
    return out;
  }
}

/** The effective probability after the base under it changes from `oldBase` to `newBase` (faults stay on top). */
function rebase(effective: number, oldBase: number, newBase: number): number {
  if (effective === oldBase) return newBase;
  // effective = 1 - (1 - oldBase)(1 - faults): recover the faults' part and put it on the new base.
  const faults = oldBase >= 1 ? 0 : 1 - (1 - effective) / (1 - oldBase);
  return newBase + faults - newBase * faults;
}
