import { FaultInjector } from '../faults/injector.ts';
import { byName } from '../metrics/by-name.ts';
import { MetricsRecorder } from '../metrics/recorder.ts';
import { computeRecovery, faultWindows, totalGoodput } from '../metrics/recovery.ts';
import type { AlertSummary, FaultRecovery, RunResult, SloSummary } from '../metrics/result.ts';
import {
  buildModel,
  buildWorld,
  faultView,
  initialReplicas,
  type Model,
  startModel,
} from '../model/build.ts';
import { alertSummary } from '../model/control/alerts.ts';
import { sloSummary } from '../model/control/slo-tracker.ts';
import type { RunProbe } from '../model/probe.ts';
import type { World } from '../model/world.ts';
import type { Scenario } from '../scenario/spec.ts';

export interface SimulationOptions {
  /** Master seed; defaults to the scenario's own. */
  seed?: number;
  /** An observer of requests (trace export); it never changes the run. */
  probe?: RunProbe;
}

/**
 * One run of a scenario that can be advanced in slices: `advance(t)` as often as wanted, then
 * `result()`. Slicing never changes the outcome: the trace hash after one `advance(end)` equals
 * the one after a thousand small steps.
 *
 * @example
 * const sim = new Simulation(scenario, { seed: 7 });
 * while (!sim.done) sim.advance(sim.now + 1000);
 * console.log(sim.result().traceHash);
 */
export class Simulation {
  /** The system's state. */
  readonly world: World;
  /** The parts that act on it (caller side, callee side, queues, timers, network send). */
  readonly model: Model;
  readonly metrics: MetricsRecorder;
  readonly seed: number;
  private stop: RunResult['stopReason'] | null = null;

  constructor(
    readonly scenario: Scenario,
    options: SimulationOptions = {},
  ) {
    this.seed = options.seed ?? scenario.seed;
    const world = buildWorld(scenario, this.seed, options.probe ?? null);
    this.world = world;
    const { durationMs, metrics, clients, services, queues } = scenario;
    this.metrics = new MetricsRecorder(
      { durationMs, bucketMs: metrics.bucketMs, warmupMs: metrics.warmupMs },
      clients.map((x) => x.name),
      services.map((x) => ({
        name: x.name,
        replicas: initialReplicas(x),
        // A failover service's standbys are provisioned workers too (a demoted one may still work).
        workers: (initialReplicas(x) + (x.failover?.standbys ?? 0)) * x.concurrency,
        scaled: x.autoscaling !== null || x.deployment !== null,
      })),
      world.edgeGroups,
      queues.map((x) => x.name),
    );
    this.model = buildModel(world, this.metrics);
    // Faults resolve their targets now (a bad name fails here), and their control events are
    // scheduled before the clients' first requests: at one instant, they act first.
    const faults = new FaultInjector(faultView(this.model));
    for (const node of faults.clockFaultedNodes()) this.model.timers.track(node);
    faults.schedule();
    startModel(this.model, this.metrics);
  }

  /** Simulated time reached, ms. */
  get now(): number {
    return this.world.engine.now;
  }

  /** True once the run reached its end or its budget. */
  get done(): boolean {
    return this.stop !== null;
  }

  get eventsProcessed(): number {
    return this.world.engine.processed;
  }

  /** Runs every event up to `untilMs` (capped at the scenario's duration). Returns `done`. */
  advance(untilMs: number): boolean {
    if (this.stop !== null) return true;
    const end = this.scenario.durationMs;
    const target = Math.min(untilMs, end);
    const reason = this.world.engine.runUntil(target, this.scenario.budget.maxEvents);
    if (reason === 'max-events') this.stop = 'max-events';
    else if (reason === 'halted') this.stop = 'max-in-flight';
    else if (target >= end) this.stop = 'completed';
    return this.stop !== null;
  }

  /** Runs to the end. */
  run(): RunResult {
    this.advance(this.scenario.durationMs);
    return this.result();
  }

  private stopMessage(end: number): string {
    const s = this.scenario;
    const at = `stopped at ${Math.round(end)} ms of ${s.durationMs} ms`;
    switch (this.stop) {
      case 'max-events':
        return `${at}: the event budget of ${s.budget.maxEvents} events ran out (budget.maxEvents)`;
      case 'max-in-flight':
        return `${at}: more than ${s.budget.maxInFlight} user requests were in flight at once (budget.maxInFlight); the system is overloaded`;
      case 'completed':
        return `ran to the scenario's end at ${s.durationMs} ms`;
      default:
        return `paused at ${Math.round(end)} ms of ${s.durationMs} ms`;
    }
  }

  /** The SLOs and alerts so far. */
  private control(end: number): { slos: Record<string, SloSummary>; alerts: Record<string, AlertSummary> } {
    const slos = byName<SloSummary>();
    for (const slo of this.model.slos) slos[slo.spec.name] = sloSummary(slo, end);
    const alerts = byName<AlertSummary>();
    const starts = this.scenario.faults.map((f) => f.atMs);
    for (const alert of this.model.alerting?.alerts ?? [])
      alerts[alert.spec.name] = alertSummary(alert, starts);
    return { slos, alerts };
  }

  /** The result so far (a partial run reports up to the current time). */
  result(): RunResult {
    const { engine, network, services } = this.world;
    const metrics = this.metrics;
    const end = engine.now;
    metrics.close(end);
    for (const svc of services) {
      if (svc.cache !== null)
        metrics.serviceCache(svc.index, svc.cache.hits, svc.cache.misses, svc.cache.coalesced);
    }
    const stopReason = this.stop ?? 'completed';
    const s = this.scenario;
    const series = metrics.series(end);
    const faults: FaultRecovery[] = computeRecovery({
      goodputPerSec: totalGoodput(series),
      bucketMs: series.bucketMs,
      endMs: end,
      warmupMs: s.metrics.warmupMs,
      faults: faultWindows(s.faults),
    }).map((r, i) => ({
      name: r.name,
      kind: s.faults[i].kind,
      startMs: r.startMs,
      endMs: r.endMs,
      preFaultGoodputPerSec: r.preFaultGoodputPerSec,
      recoveredAtMs: r.recoveredAtMs,
      recoveryMs: r.recoveryMs,
      metastable: r.metastable,
      state: r.state,
    }));
    const summary = metrics.summary(
      end,
      { sent: network.sent, lost: network.lost },
      faults,
      this.control(end),
    );
    for (const monitor of this.model.failover?.monitors ?? [])
      summary.services[monitor.svc.spec.name].failover = monitor.summary(end);
    for (const run of this.model.rollouts?.runs ?? []) {
      const name = run.svc.spec.name;
      summary.deployments.push(run.summary());
      summary.services[name].versions = run.versionSummaries(end);
      series.services[name].versions = run.versionSeries(
        series.startMs.map((b) => Math.max(0, Math.min(series.bucketMs, end - b))),
      );
    }
    for (const run of this.model.stores.runs) {
      const store = run.result(end, series.startMs.length);
      summary.stores[run.service.spec.name] = store.summary;
      series.stores[run.service.spec.name] = store.series;
    }
    return {
      format: 1,
      scenario: s.id,
      title: s.title,
      seed: this.seed,
      traceHash: engine.traceHash(),
      events: engine.processed,
      simTimeMs: end,
      stopReason,
      stopMessage: this.stopMessage(end),
      summary,
      series,
    };
  }
}

/** Runs a validated scenario to its end. */
export function runScenario(scenario: Scenario, options: SimulationOptions = {}): RunResult {
  return new Simulation(scenario, options).run();
}
