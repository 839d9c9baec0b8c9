/**
 * Running one bench case on a scenario: the run loop timed in slices, peak heap and RSS sampled
 * after each slice, `result()` timed apart. Shared by `npm run bench` and the Faultline peer of
 * `--peers`.
 */
import { builtInScenario } from '../scenarios/index.ts';
import { applyOverrides, formatErrors, parseScenario } from '../scenarios/schema/index.ts';
import { Simulation } from '../sim-core/run/simulation.ts';
import type { Scenario } from '../sim-core/scenario/spec.ts';

/** One run of one case. */
export interface CaseResult {
  eventsPerSec: number;
  requestsPerSec: number;
  events: number;
  heapMB: number;
  /** Peak resident set size of the process while the case ran (sampled once per slice). */
  rssMB: number;
  /** Time `result()` took after the run (0 for `hold`, which has no result). */
  resultMs: number;
  wallMs: number;
}

export function heapMB(): number {
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export function rssMB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

/** A full collection first when the process has `--expose-gc`, so runs start alike. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** A built-in scenario with `--set`-style overrides, validated. */
export function loadScenario(id: string, sets: string[]): Scenario {
  return buildScenario(builtInScenario(id), sets);
}

/** Scenario data with `--set`-style overrides, validated, with every default filled in. */
export function buildScenario(data: unknown, sets: string[] = []): Scenario {
  const raw = applyOverrides(data, sets);
  if (!raw.ok) throw new Error(formatErrors(raw.errors));
  const parsed = parseScenario(raw.value);
  if (!parsed.ok) throw new Error(formatErrors(parsed.errors));
  return parsed.scenario;
}

/** What {@link benchScenario} reports when it only built the simulation: nothing ran. */
function setupOnlyResult(): ScenarioCaseResult {
  return {
    eventsPerSec: 0,
    requestsPerSec: 0,
    events: 0,
    heapMB: heapMB(),
    rssMB: rssMB(),
    resultMs: 0,
    wallMs: 0,
    completed: 0,
    meanLatencyMs: Number.NaN,
    cpuMs: 0,
  };
}

/** What {@link benchScenario} measures. */
export interface ScenarioCaseResult extends CaseResult {
  /** Requests completed, whatever their outcome. */
  completed: number;
  /** Mean latency of the first client's requests, in ms. */
  meanLatencyMs: number;
  /** CPU time of the process during the run (not `result()`), in ms. */
  cpuMs: number;
}

/**
 * FAULTLINE_BENCH_SETUP_ONLY=1: build the simulation and stop before its first event (the
 * start-up `--instructions` subtracts). An environment variable, not a flag, so that this file
 * alone, copied into an older checkout, lets `--against` count it.
 */
const setupOnly = process.env['FAULTLINE_BENCH_SETUP_ONLY'] === '1';

export function benchScenario(scenario: Scenario, sliceMs: number): ScenarioCaseResult {
  gc();
  const sim = new Simulation(scenario);
  if (setupOnly) return setupOnlyResult();
  let peak = heapMB();
  let peakRss = rssMB();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (!sim.done) {
    sim.advance(sim.now + sliceMs);
    peak = Math.max(peak, heapMB());
    peakRss = Math.max(peakRss, rssMB());
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const r0 = performance.now();
  const result = sim.result();
  const resultMs = performance.now() - r0;
  peakRss = Math.max(peakRss, rssMB());
  let completed = 0;
  for (const c of Object.values(result.summary.clients)) {
    completed += c.succeeded + c.errors.failed + c.errors.rejected + c.errors.timedOut + c.errors.dropped;
  }
  return {
    eventsPerSec: (result.events / wallMs) * 1000,
    requestsPerSec: (completed / wallMs) * 1000,
    events: result.events,
    heapMB: peak,
    rssMB: peakRss,
    resultMs,
    wallMs,
    completed,
    meanLatencyMs: Object.values(result.summary.clients)[0].latencyMs.mean ?? Number.NaN,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}
