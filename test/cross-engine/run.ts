/**
 * The function both engines run: Node imports it directly, QuickJS gets it through the esbuild
 * bundle of `entry.ts`. Kept apart from the entry so importing it in Node installs no global.
 */
import { Simulation } from '../../sim-core/run/simulation.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';

/** What both engines report for one run; compared field by field. */
export interface CrossEngineRun {
  traceHash: string;
  events: number;
  simTimeMs: number;
  stopReason: string;
  /** JSON of the run's summary: every summary number (JSON numbers round-trip to the bit). */
  summaryDigest: string;
}

/** Runs a validated, fully defaulted scenario (as JSON) with a seed; returns a {@link CrossEngineRun} as JSON. */
export function runFaultline(scenarioJson: string, seed: number): string {
  const scenario = JSON.parse(scenarioJson) as Scenario;
  const result = new Simulation(scenario, { seed }).run();
  const run: CrossEngineRun = {
    traceHash: result.traceHash,
    events: result.events,
    simTimeMs: result.simTimeMs,
    stopReason: result.stopReason,
    summaryDigest: JSON.stringify(result.summary),
  };
  return JSON.stringify(run);
}
