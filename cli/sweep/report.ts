/**
 * The sweep report: `faultline sweep --json` and `faultline merge --json` (a public contract; see
 * README "Sweeps"). It holds the sweep's definition (scenario, `--set`, `--vary`, seeds), every
 * finished run's metrics, and per combination the mean and 95% confidence interval of each metric.
 *
 * It is a pure function of the definition and the runs (sorted by job), with no wall time and no
 * worker count in it: the same sweep gives the same bytes with 1 worker, with 8, or sharded over
 * machines and merged.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { type MetricValues, metricNames, summaryMetrics } from './metrics.ts';
import type { Shard } from './options.ts';
import { enumerateCombinations, type Job, type SweepPlan, type VaryAxis } from './plan.ts';
import { type Estimate, estimate } from './stats.ts';

/** One finished run. */
export interface RunRecord {
  /** Job index: combination x seeds.length + the seed's position in `seeds`. */
  job: number;
  combination: number;
  seed: number;
  traceHash: string;
  events: number;
  stopReason: 'completed' | 'max-events' | 'max-in-flight';
  metrics: MetricValues;
}

/** What defines a sweep: two reports can be merged only when these are equal. */
export interface SweepDefinition {
  scenario: { id: string; title: string; hash: string };
  set: string[];
  vary: VaryAxis[];
  seeds: number[];
}

export interface CombinationReport {
  index: number;
  label: string;
  /** Value per `--vary` path. */
  values: Record<string, unknown>;
  /** Runs of this combination in the report. */
  runs: number;
  /** Of those, runs a budget (events or in-flight requests) stopped before the scenario's end. */
  stoppedByBudget: number;
  /** Per metric (in `metrics` order): over the seeds of this combination. */
  aggregates: Record<string, Estimate>;
}

export interface SweepReport extends SweepDefinition {
  kind: 'faultline-sweep';
  format: 1;
  /** The part of the sweep this report covers (`--shard i/n`), or null for all of it. */
  shard: Shard | null;
  /** True when the sweep was interrupted (Ctrl-C) before every planned run finished. */
  partial: boolean;
  jobs: { total: number; planned: number; completed: number };
  /** Every metric name, in the order of first appearance over the runs. */
  metrics: string[];
  /** The combinations with at least one run in this report (all of them, unless partial or a shard). */
  combinations: CombinationReport[];
  /** Every finished run, sorted by job. */
  runs: RunRecord[];
}

/** The definition part of a plan. */
export function definitionOf(plan: SweepPlan): SweepDefinition {
  return {
    scenario: { id: plan.base.id, title: plan.base.title, hash: plan.scenarioHash },
    set: plan.set,
    vary: plan.axes,
    seeds: plan.seeds,
  };
}

/** The record of a finished run of `job`. */
export function runRecord(job: Job, result: RunResult): RunRecord {
  return {
    job: job.index,
    combination: job.combination,
    seed: job.seed,
    traceHash: result.traceHash,
    events: result.events,
    stopReason: result.stopReason,
    metrics: summaryMetrics(result.summary),
  };
}

/** Jobs of shard `shard` (all of them without one): job index modulo count = index - 1. */
export function shardJobs(total: number, shard: Shard | null): number[] {
  const jobs: number[] = [];
  for (let j = 0; j < total; j++) if (shard === null || j % shard.count === shard.index - 1) jobs.push(j);
  return jobs;
}

/** Per combination, the estimate of every metric over its runs (in seed order). */
export function aggregate(
  definition: SweepDefinition,
  runs: readonly RunRecord[],
  metrics: readonly string[],
): CombinationReport[] {
  const byCombination = new Map<number, RunRecord[]>();
  for (const run of runs) {
    const list = byCombination.get(run.combination) ?? [];
    list.push(run);
    byCombination.set(run.combination, list);
  }
  return enumerateCombinations(definition.vary).map((c) => {
    const own = byCombination.get(c.index) ?? [];
    const aggregates: Record<string, Estimate> = {};
    for (const m of metrics) aggregates[m] = estimate(own.map((r) => r.metrics[m]));
    return {
      index: c.index,
      label: c.label,
      values: c.values,
      runs: own.length,
      stoppedByBudget: own.filter((r) => r.stopReason !== 'completed').length,
      aggregates,
    };
  });
}

/** The report of `runs` (any order: they are sorted by job here). */
export function buildSweepReport(
  definition: SweepDefinition,
  runs: readonly RunRecord[],
  options: { shard: Shard | null; partial: boolean },
): SweepReport {
  const sorted = [...runs].sort((a, b) => a.job - b.job);
  const total = enumerateCombinations(definition.vary).length * definition.seeds.length;
  const metrics = metricNames(sorted);
  return {
    kind: 'faultline-sweep',
    format: 1,
    scenario: definition.scenario,
    set: definition.set,
    vary: definition.vary,
    seeds: definition.seeds,
    shard: options.shard,
    partial: options.partial,
    jobs: { total, planned: shardJobs(total, options.shard).length, completed: sorted.length },
    metrics,
    // Only combinations that ran: an interrupted sweep of 15,000 writes no empty aggregates.
    combinations: aggregate(definition, sorted, metrics).filter((c) => c.runs > 0),
    runs: sorted,
  };
}

/** The JSON text of a report (2-space indent, ending with a newline). */
export function reportJson(report: object): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
