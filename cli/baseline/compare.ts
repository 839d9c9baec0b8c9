/**
 * Comparing a run with its baseline: each curated metric against its tolerance, the seed, and
 * the trace hash (a failure with `--strict`, a note without).
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { BaselineFile, ToleranceOverride } from './file.ts';
import {
  type BaselineMetric,
  baselineMetrics,
  DEFAULT_RELATIVE,
  defaultTolerance,
  type Tolerance,
} from './metrics.ts';

/** One metric against its baseline. */
export interface MetricCheck {
  metric: string;
  /** The baseline's value (null: none recorded, or the metric is not in the baseline). */
  baseline: number | null;
  /** The run's value (null: no value, or the run has no such metric). */
  measured: number | null;
  /** The tolerance in force (defaults, then the file's `*`, then its entry for this metric). */
  tolerance: Tolerance;
  /** The drift allowed: max(absolute, relative x |baseline|); null when either value is missing. */
  allowed: number | null;
  /** measured - baseline; null when either value is missing. */
  drift: number | null;
  /** drift / |baseline|; null when the baseline is 0 or missing. */
  driftRelative: number | null;
  passed: boolean;
  /** Why it failed when the numbers alone don't say: `not in the baseline`, `missing from the run`, ... */
  problem: string | null;
}

/** A scenario-level failure: no baseline file, a baseline of another seed, a changed trace hash with --strict. */
export interface BaselineProblem {
  kind: 'missing' | 'seed' | 'trace-hash';
  message: string;
}

/** How a run compares with its baseline file. */
export interface BaselineCheck {
  /** The baseline file's path. */
  file: string;
  /**
   * compared: checked against the file; missing: there is no file (a failure); created/updated/
   * unchanged: `--update` wrote it (or found it identical).
   */
  status: 'compared' | 'missing' | 'created' | 'updated' | 'unchanged';
  /** False when a metric drifted, the file is missing, the seed differs, or (with --strict) the hash changed. */
  passed: boolean;
  /** The seed the baseline was recorded on (null without a file). */
  baselineSeed: number | null;
  traceHash: { baseline: string | null; measured: string; changed: boolean };
  /** Metrics in the baseline (with `--update`: in the file as written). */
  metricCount: number;
  /** Every curated metric; with `--update`, compared with the file as it was before. */
  metrics: MetricCheck[];
  /** Scenario-level failures (missing file, other seed, changed hash with --strict). */
  problems: BaselineProblem[];
  /** Things to know that are not failures (a changed hash without --strict, unused tolerances). */
  notes: string[];
}

/** The tolerance of `metric` in `file`: its defaults, then the file's `*`, then the metric's own entry. */
export function effectiveTolerance(
  base: Tolerance,
  overrides: Record<string, ToleranceOverride>,
  metric: string,
): Tolerance {
  const all = overrides['*'] ?? {};
  const own = overrides[metric] ?? {};
  return {
    relative: own.relative ?? all.relative ?? base.relative,
    absolute: own.absolute ?? all.absolute ?? base.absolute,
  };
}

function within(baseline: number, measured: number, t: Tolerance) {
  const allowed = Math.max(t.absolute, t.relative * Math.abs(baseline));
  const drift = measured - baseline;
  // A hair of slack for floating-point noise in values that are meant to be equal.
  const passed = Math.abs(drift) <= allowed + 1e-9 * Math.max(1, Math.abs(baseline));
  return { allowed, drift, driftRelative: baseline === 0 ? null : drift / Math.abs(baseline), passed };
}

/** Each metric of the run against `baseline` (and the baseline's metrics the run no longer has). */
export function compareMetrics(
  measured: readonly BaselineMetric[],
  baseline: BaselineFile,
  bucketMs: number,
): MetricCheck[] {
  const checks: MetricCheck[] = [];
  const seen = new Set<string>();
  for (const m of measured) {
    seen.add(m.metric);
    const tolerance = effectiveTolerance(defaultTolerance(m.unit, bucketMs), baseline.tolerances, m.metric);
    const known = Object.hasOwn(baseline.metrics, m.metric);
    const b = known ? baseline.metrics[m.metric] : null;
    const row = (rest: Omit<MetricCheck, 'metric' | 'baseline' | 'measured' | 'tolerance'>): MetricCheck => ({
      metric: m.metric,
      baseline: b,
      measured: m.value,
      tolerance,
      ...rest,
    });
    const missing = { allowed: null, drift: null, driftRelative: null };
    if (!known) {
      checks.push(row({ ...missing, passed: false, problem: 'not in the baseline' }));
    } else if (b === null || m.value === null) {
      const same = b === m.value;
      const problem = same ? null : b === null ? 'the baseline has no value' : 'the run has no value';
      checks.push(row({ ...missing, passed: same, problem }));
    } else {
      checks.push(row({ ...within(b, m.value, tolerance), problem: null }));
    }
  }
  for (const [metric, b] of Object.entries(baseline.metrics)) {
    if (seen.has(metric)) continue;
    checks.push({
      metric,
      baseline: b,
      measured: null,
      tolerance: effectiveTolerance({ relative: DEFAULT_RELATIVE, absolute: 0 }, baseline.tolerances, metric),
      allowed: null,
      drift: null,
      driftRelative: null,
      passed: false,
      problem: 'missing from the run',
    });
  }
  return checks;
}

/** Checks `result` against `baseline` (null: there is no baseline file). */
export function checkBaseline(
  result: RunResult,
  baseline: BaselineFile | null,
  options: { file: string; strict: boolean; bucketMs: number; updateHint: string },
): BaselineCheck {
  const measured = result.traceHash;
  if (baseline === null) {
    return {
      file: options.file,
      status: 'missing',
      passed: false,
      baselineSeed: null,
      traceHash: { baseline: null, measured, changed: false },
      metricCount: 0,
      metrics: [],
      problems: [
        {
          kind: 'missing',
          message: `no baseline file ${options.file}; create it with '${options.updateHint}', then review it`,
        },
      ],
      notes: [],
    };
  }
  const problems: BaselineProblem[] = [];
  const notes: string[] = [];
  const changed = baseline.traceHash !== measured;
  if (baseline.seed !== result.seed) {
    problems.push({
      kind: 'seed',
      message: `the baseline was recorded on seed ${baseline.seed}, this run used seed ${result.seed}: check on seed ${baseline.seed}, or re-record with '${options.updateHint}'`,
    });
  }
  const metrics =
    baseline.seed === result.seed ? compareMetrics(baselineMetrics(result), baseline, options.bucketMs) : [];
  if (changed && baseline.seed === result.seed) {
    const text = `trace hash ${baseline.traceHash} -> ${measured}: the event sequence changed`;
    if (options.strict) problems.push({ kind: 'trace-hash', message: `${text} (--strict)` });
    else notes.push(`${text}; metrics decide (pass --strict to fail on this)`);
  }
  for (const metric of Object.keys(baseline.tolerances)) {
    if (metric !== '*' && !metrics.some((m) => m.metric === metric) && metrics.length > 0) {
      notes.push(`tolerance for '${metric}' matches no metric`);
    }
  }
  return {
    file: options.file,
    status: 'compared',
    passed: problems.length === 0 && metrics.every((m) => m.passed),
    baselineSeed: baseline.seed,
    traceHash: { baseline: baseline.traceHash, measured, changed },
    metricCount: Object.keys(baseline.metrics).length,
    metrics,
    problems,
    notes,
  };
}
