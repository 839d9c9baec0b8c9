/**
 * Steady-state hypotheses, checked after a run: each compares a metric with a bound and passes or
 * fails, with the measured value and a sentence saying why.
 *
 * Modes (see {@link HypothesisSpec}):
 * - `summary`: the whole-run summary value (over [warm-up end, run end]).
 * - `window`: the mean of the series values of the buckets lying fully inside [fromMs, toMs)
 *   (bucket i covers [startMs[i], startMs[i] + bucketMs)).
 * - `every-bucket`: every such bucket must satisfy the bound; `measured` is the worst bucket's
 *   value (the largest for `<`/`<=`, the smallest for `>`/`>=`, the farthest from the bound for
 *   `==`), and a failure names the first failing bucket.
 * A window mode without a window uses the summary window.
 *
 * `relativeTo`: the bound is `value` x the mean of the same metric's series over that window
 * ("after >= 95% of before"), computed like `window` mode.
 *
 * Missing data: a null in a series (e.g. the p99 of a bucket with no successful request) is
 * skipped in means; in every-bucket mode such a bucket is "no data": it neither passes nor fails,
 * and the detail counts it. A mean or bucket set with no data at all fails. Note that skipping
 * means a latency hypothesis cannot see a total outage (no successes, no latency): pair it with
 * a goodput hypothesis.
 *
 * A metric that does not resolve (see `resolve.ts`) is a failed hypothesis whose detail names the
 * path and what exists; evaluation never throws on a bad path. `==` is exact equality.
 */
import type { FaultRecovery, RecoveryOptions } from '../metrics/recovery.ts';
import { computeRecovery, recoveryInputOf } from '../metrics/recovery.ts';
import type { RunResult } from '../metrics/result.ts';
import type { HypothesisSpec, Scenario } from '../scenario/spec.ts';
import { formatAgainst, formatLiteral, formatNumber, formatPercent, formatWindow } from './format.ts';
import { type ResolveContext, resolveMetric } from './resolve.ts';

export type HypothesisOp = HypothesisSpec['op'];
export type HypothesisMode = HypothesisSpec['mode'];

export interface HypothesisOutcome {
  name: string;
  metric: string;
  mode: HypothesisMode;
  op: HypothesisOp;
  /** The claim, e.g. `<= 2` or `>= 95% of 412.3 (mean over 0–30 s)`. */
  expected: string;
  /** What the measured value was compared with; null when it could not be computed. */
  bound: number | null;
  /** Where it was measured: `summary (5–120 s)`, `mean over 30–60 s`, `every bucket in 30–60 s`. */
  scope: string;
  /** The summary value, the window mean, or the worst bucket; null when there is none. */
  measured: number | null;
  passed: boolean;
  /** Why it passed or failed (e.g. the first failing bucket), or why it could not be evaluated. */
  detail: string;
}

export interface EvaluateOptions {
  /** How fault recovery is computed for `faults.<name>.*` metrics. */
  recovery?: RecoveryOptions;
}

/** Evaluates every hypothesis of `scenario` against its run's `result`, in order. */
export function evaluateHypotheses(
  scenario: Scenario,
  result: RunResult,
  options: EvaluateOptions = {},
): HypothesisOutcome[] {
  const hypotheses: readonly HypothesisSpec[] = scenario.hypotheses ?? [];
  let recovery: FaultRecovery[] | undefined;
  const context = (): ResolveContext => {
    recovery ??= computeRecovery(
      recoveryInputOf(result, scenario.faults ?? [], scenario.metrics.warmupMs),
      options.recovery,
    );
    return { recovery };
  };
  return hypotheses.map((h) =>
    evaluateHypothesis(h, result, h.metric.startsWith('faults.') ? context() : {}),
  );
}

/** Evaluates one hypothesis; `context` supplies fault recovery for `faults.*` metrics. */
export function evaluateHypothesis(
  h: HypothesisSpec,
  result: RunResult,
  context: ResolveContext = {},
): HypothesisOutcome {
  const scope = scopeOf(h, result);
  const base = { name: h.name, metric: h.metric, mode: h.mode, op: h.op, scope };
  const fail = (expected: string, bound: number | null, measured: number | null, detail: string) => ({
    ...base,
    expected,
    bound,
    measured,
    passed: false,
    detail,
  });

  // The bound, absolute or relative to a baseline window.
  let bound = h.value;
  let boundText = formatLiteral(h.value);
  let expected = `${h.op} ${boundText}`;
  if (h.relativeTo !== null) {
    const r = h.relativeTo;
    const where = `mean over ${formatWindow(r.fromMs, r.toMs)}`;
    const baseline = windowMean(result, h.metric, r.fromMs, r.toMs);
    if (!baseline.ok) {
      return fail(
        `${h.op} ${formatPercent(h.value)} of the ${where}`,
        null,
        null,
        `cannot compute the relative bound: ${baseline.error}`,
      );
    }
    bound = h.value * baseline.mean;
    boundText = formatNumber(bound);
    expected = `${h.op} ${formatPercent(h.value)} of ${formatNumber(baseline.mean)} (${where})`;
  }

  if (h.mode === 'summary') {
    const m = resolveMetric(result, h.metric, 'summary', context);
    if (!m.ok) return fail(expected, bound, null, m.error);
    if (m.kind !== 'scalar' || m.value === null) {
      const why = h.metric.startsWith('faults.') ? recoveryReason(h.metric, context) : null;
      return fail(expected, bound, null, `no data: ${h.metric} has no value in this run (null)${why ?? ''}`);
    }
    const passed = compare(h.op, m.value, bound);
    return {
      ...base,
      expected,
      bound,
      measured: m.value,
      passed,
      detail: `${scope}: ${formatAgainst(m.value, bound)} ${passed ? 'satisfies' : 'violates'} ${h.op} ${boundText}`,
    };
  }

  const { fromMs, toMs } = windowOf(h, result);
  const picked = bucketsIn(result, h.metric, fromMs, toMs);
  if (!picked.ok) return fail(expected, bound, null, picked.error);
  const { buckets } = picked;

  if (h.mode === 'window') {
    const values = buckets.map((b) => b.value).filter((v): v is number => v !== null);
    if (values.length === 0) {
      return fail(
        expected,
        bound,
        null,
        `no data: all ${plural(buckets.length, 'bucket')} in ${formatWindow(fromMs, toMs)} have no value`,
      );
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const passed = compare(h.op, mean, bound);
    const skipped = buckets.length - values.length;
    return {
      ...base,
      expected,
      bound,
      measured: mean,
      passed,
      detail:
        `mean of ${plural(values.length, 'bucket')} in ${formatWindow(fromMs, toMs)}: ${formatAgainst(mean, bound)} ` +
        `${passed ? 'satisfies' : 'violates'} ${h.op} ${boundText}` +
        (skipped > 0 ? `; ${plural(skipped, 'bucket')} with no data skipped` : ''),
    };
  }

  // every-bucket
  const withData = buckets.filter((b): b is Bucket & { value: number } => b.value !== null);
  const noData = buckets.length - withData.length;
  if (withData.length === 0) {
    return fail(
      expected,
      bound,
      null,
      `no data: all ${plural(buckets.length, 'bucket')} in ${formatWindow(fromMs, toMs)} have no value`,
    );
  }
  let worst = withData[0];
  for (const b of withData) if (badness(h.op, b.value, bound) > badness(h.op, worst.value, bound)) worst = b;
  const failing = withData.filter((b) => !compare(h.op, b.value, bound));
  const noDataText = noData > 0 ? `; ${plural(noData, 'bucket')} with no data (not judged)` : '';
  const worstText = `worst ${formatAgainst(worst.value, bound)} at ${formatWindow(worst.startMs, worst.endMs)}`;
  if (failing.length === 0) {
    return {
      ...base,
      expected,
      bound,
      measured: worst.value,
      passed: true,
      detail: `all ${plural(withData.length, 'bucket')} in ${formatWindow(fromMs, toMs)} satisfy ${h.op} ${boundText}; ${worstText}${noDataText}`,
    };
  }
  const first = failing[0];
  return fail(
    expected,
    bound,
    worst.value,
    `${failing.length} of ${plural(withData.length, 'bucket')} fail ${h.op} ${boundText}; ` +
      `first at ${formatWindow(first.startMs, first.endMs)} (${formatAgainst(first.value, bound)}), ${worstText}${noDataText}`,
  );
}

interface Bucket {
  startMs: number;
  endMs: number;
  value: number | null;
}

type Picked = { ok: true; buckets: Bucket[] } | { ok: false; error: string };

/** The buckets of `metric`'s series lying fully inside [fromMs, toMs). */
function bucketsIn(result: RunResult, metric: string, fromMs: number, toMs: number): Picked {
  const m = resolveMetric(result, metric, 'series');
  if (!m.ok) return { ok: false, error: m.error };
  if (m.kind !== 'series') return { ok: false, error: `metric '${metric}' is not a series` };
  const w = result.series.bucketMs;
  const starts = result.series.startMs;
  const buckets: Bucket[] = [];
  for (let i = 0; i < starts.length && i < m.values.length; i++) {
    const s = starts[i];
    if (s >= fromMs && s + w <= toMs) buckets.push({ startMs: s, endMs: s + w, value: m.values[i] });
  }
  if (buckets.length === 0) {
    const ran = starts.length === 0 ? 0 : starts[starts.length - 1] + w;
    return {
      ok: false,
      error: `no ${formatNumber(w / 1000)} s bucket lies fully inside ${formatWindow(fromMs, toMs)} (the series covers ${formatWindow(0, ran)})`,
    };
  }
  return { ok: true, buckets };
}

type Mean = { ok: true; mean: number } | { ok: false; error: string };

/** Mean of `metric`'s series over the buckets fully inside [fromMs, toMs), nulls skipped. */
function windowMean(result: RunResult, metric: string, fromMs: number, toMs: number): Mean {
  const picked = bucketsIn(result, metric, fromMs, toMs);
  if (!picked.ok) return picked;
  const values = picked.buckets.map((b) => b.value).filter((v): v is number => v !== null);
  if (values.length === 0) {
    return {
      ok: false,
      error: `no data: no bucket in ${formatWindow(fromMs, toMs)} has a value of ${metric}`,
    };
  }
  return { ok: true, mean: values.reduce((a, b) => a + b, 0) / values.length };
}

const RECOVERY_STATES: Record<FaultRecovery['state'], string> = {
  recovered: 'it recovered',
  metastable:
    'goodput never came back within tolerance of its pre-fault level before the run ended (metastable)',
  ongoing: 'the fault never ends, or outlasts the run',
  'no-baseline': 'there was no pre-fault goodput to compare with',
  interrupted: 'a later fault started before goodput came back',
  inconclusive: 'the run ended too soon after the fault to tell',
};

/** Why a fault's recovery metric is null, from the computed recovery: `: <reason>`. */
function recoveryReason(metric: string, context: ResolveContext): string | null {
  const r = context.recovery?.find((f) => metric.startsWith(`faults.${f.name}.`));
  return r === undefined ? null : `: ${RECOVERY_STATES[r.state]}`;
}

function windowOf(h: HypothesisSpec, result: RunResult): { fromMs: number; toMs: number } {
  return h.window ?? result.summary.window;
}

function scopeOf(h: HypothesisSpec, result: RunResult): string {
  if (h.mode === 'summary') {
    if (h.metric.startsWith('faults.')) return 'whole run';
    const w = result.summary.window;
    return `summary (${formatWindow(w.fromMs, w.toMs)})`;
  }
  const { fromMs, toMs } = windowOf(h, result);
  return h.mode === 'window'
    ? `mean over ${formatWindow(fromMs, toMs)}`
    : `every bucket in ${formatWindow(fromMs, toMs)}`;
}

/** `measured op bound`. */
export function compare(op: HypothesisOp, measured: number, bound: number): boolean {
  switch (op) {
    case '<':
      return measured < bound;
    case '<=':
      return measured <= bound;
    case '>':
      return measured > bound;
    case '>=':
      return measured >= bound;
    case '==':
      return measured === bound;
  }
}

/** Larger is worse: how far a value leans against the bound. */
function badness(op: HypothesisOp, value: number, bound: number): number {
  if (op === '<' || op === '<=') return value;
  if (op === '>' || op === '>=') return -value;
  return Math.abs(value - bound);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
