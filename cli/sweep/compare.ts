/**
 * The comparison report: `faultline compare --json` (a public contract; see README "Compare").
 *
 * Variants run on the same seeds, so each seed gives the same arrivals and fault timing to every
 * variant (common random numbers: sim-core draws each component's randomness from its own named
 * stream). The effect of a variant on a metric is estimated from the paired differences
 * (variant - baseline, seed by seed), which cancels most of the noise two independent samples
 * would carry, with a 95% confidence interval (Student t) and a verdict.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { type Better, betterDirection, metricNames } from './metrics.ts';
import type { Job } from './plan.ts';
import {
  aggregate,
  type CombinationReport,
  type RunRecord,
  runRecord,
  type SweepDefinition,
} from './report.ts';
import { type Estimate, estimate } from './stats.ts';

/**
 * better / worse: the 95% CI of the difference excludes 0, in the metric's good / bad direction;
 * higher / lower: it excludes 0 for a metric with no good direction; no significant difference:
 * the CI contains 0; insufficient data: fewer than 2 paired seeds.
 */
export type Verdict =
  | 'better'
  | 'worse'
  | 'higher'
  | 'lower'
  | 'no significant difference'
  | 'insufficient data';

export interface Difference extends Estimate {
  verdict: Verdict;
}

export interface VariantDifferences {
  /** The variant (index into `variants`) compared with the baseline. */
  variant: number;
  label: string;
  /** Per metric: the paired differences (variant - baseline) over the seeds both have a value for. */
  metrics: Record<string, Difference>;
}

/** Per-bucket means over seeds, for the charts. */
export interface VariantSeries {
  variant: number;
  bucketMs: number;
  startMs: number[];
  /** Goodput of all clients together, per second. */
  goodputPerSec: (number | null)[];
  /** p99 latency of `latencyClient`, ms (null: no success in the bucket on any seed). */
  latencyP99Ms: (number | null)[];
}

export interface CompareReport extends SweepDefinition {
  kind: 'faultline-compare';
  format: 1;
  partial: boolean;
  jobs: { total: number; completed: number };
  /** The variant the others are compared with: the first one. */
  baseline: number;
  metrics: string[];
  /** Which way is better for each metric (null: neither). */
  better: Record<string, Better>;
  /** Each variant's mean and 95% CI per metric (as in a sweep). */
  variants: CombinationReport[];
  /** One entry per variant but the baseline. */
  differences: VariantDifferences[];
  /** The client whose p99 latency the charts show (the first one), or null without clients. */
  latencyClient: string | null;
  series: VariantSeries[];
  runs: RunRecord[];
}

/** What compare keeps of a run: its record and the two series it charts. */
export interface CompareRun {
  record: RunRecord;
  bucketMs: number;
  startMs: number[];
  goodputPerSec: number[];
  latencyP99Ms: (number | null)[];
}

/** Keeps of each run what compare needs, charting the p99 latency of `latencyClient`. */
export function compareRun(latencyClient: string | null): (job: Job, result: RunResult) => CompareRun {
  return (job, result) => {
    const clients = Object.values(result.series.clients);
    const startMs = result.series.startMs;
    const latency = latencyClient === null ? undefined : result.series.clients[latencyClient];
    return {
      record: runRecord(job, result),
      bucketMs: result.series.bucketMs,
      startMs,
      goodputPerSec: startMs.map((_, b) => clients.reduce((sum, c) => sum + c.goodputPerSec[b], 0)),
      latencyP99Ms: latency === undefined ? startMs.map(() => null) : latency.latencyP99Ms.slice(),
    };
  };
}

/**
 * The verdict on a paired difference. `scale` is the metric's typical magnitude: a difference
 * within 1e-9 of it is floating-point noise (e.g. 10.000000000002 ms vs 10 ms), not an effect.
 */
export function verdictOf(d: Estimate, better: Better, scale = 0): Verdict {
  if (d.n < 2 || d.ci95Low === null || d.ci95High === null || d.mean === null) return 'insufficient data';
  const noise = 1e-9 * Math.max(1, Math.abs(scale));
  if (Math.max(Math.abs(d.ci95Low), Math.abs(d.ci95High)) <= noise) return 'no significant difference';
  const up = d.ci95Low > 0;
  const down = d.ci95High < 0;
  if (!up && !down) return 'no significant difference';
  if (better === null) return up ? 'higher' : 'lower';
  return up === (better === 'higher') ? 'better' : 'worse';
}

/** Mean per bucket over runs (nulls left out). */
function bucketMeans(series: readonly (readonly (number | null)[])[], length: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let b = 0; b < length; b++) out.push(estimate(series.map((s) => s[b] ?? null)).mean);
  return out;
}

export function buildCompareReport(
  definition: SweepDefinition,
  runs: readonly CompareRun[],
  options: { partial: boolean; latencyClient: string | null },
): CompareReport {
  const sorted = [...runs].sort((a, b) => a.record.job - b.record.job);
  const records = sorted.map((r) => r.record);
  const metrics = metricNames(records);
  const variants = aggregate(definition, records, metrics);
  const bySeed = variants.map(() => new Map<number, RunRecord>());
  for (const r of records) bySeed[r.combination].set(r.seed, r);

  const differences: VariantDifferences[] = variants.slice(1).map((v) => {
    const out: Record<string, Difference> = {};
    for (const m of metrics) {
      const diffs: number[] = [];
      for (const seed of definition.seeds) {
        const a = bySeed[v.index].get(seed)?.metrics[m];
        const b = bySeed[0].get(seed)?.metrics[m];
        if (typeof a === 'number' && typeof b === 'number') diffs.push(a - b);
      }
      const d = estimate(diffs);
      out[m] = { ...d, verdict: verdictOf(d, betterDirection(m), variants[0].aggregates[m]?.mean ?? 0) };
    }
    return { variant: v.index, label: v.label, metrics: out };
  });

  const series: VariantSeries[] = variants.map((v) => {
    const own = sorted.filter((r) => r.record.combination === v.index);
    const longest = own.reduce((a, r) => (r.startMs.length > a.length ? r.startMs : a), [] as number[]);
    return {
      variant: v.index,
      bucketMs: own[0]?.bucketMs ?? 0,
      startMs: longest,
      goodputPerSec: bucketMeans(
        own.map((r) => r.goodputPerSec),
        longest.length,
      ),
      latencyP99Ms: bucketMeans(
        own.map((r) => r.latencyP99Ms),
        longest.length,
      ),
    };
  });

  const better: Record<string, Better> = {};
  for (const m of metrics) better[m] = betterDirection(m);
  return {
    kind: 'faultline-compare',
    format: 1,
    scenario: definition.scenario,
    set: definition.set,
    vary: definition.vary,
    seeds: definition.seeds,
    partial: options.partial,
    jobs: { total: variants.length * definition.seeds.length, completed: records.length },
    baseline: 0,
    metrics,
    better,
    variants,
    differences,
    latencyClient: options.latencyClient,
    series,
    runs: records,
  };
}
