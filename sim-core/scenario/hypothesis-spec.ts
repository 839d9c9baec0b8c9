/**
 * Steady-state hypotheses, checked after a run (like a chaos experiment's): a metric compared
 * with a bound, over the summary, over a time window (mean of the buckets in it), or at every
 * bucket of a window.
 *
 * `metric` is a path into the result: `clients.<name>.<metric>` / `services.<name>.<metric>`
 * (summary field or series field, e.g. `services.db.amplification`, `clients.users.goodputPerSec`,
 * `clients.users.latencyMs.p99`), or `breakers.<edge>.opened`, `faults.<name>.recoveryMs`,
 * `patterns.<counter>` (see README "Hypotheses").
 */
export interface HypothesisSpec {
  /** What is being claimed, in words. */
  name: string;
  metric: string;
  op: '<' | '<=' | '>' | '>=' | '==';
  value: number;
  /** summary: the whole-run summary value; window: mean over [fromMs, toMs); every-bucket: each bucket in it. */
  mode: 'summary' | 'window' | 'every-bucket';
  window: { fromMs: number; toMs: number } | null;
  /** If set, the bound is value * (mean of the metric over this window): "after >= 95% of before". */
  relativeTo: { fromMs: number; toMs: number } | null;
  /**
   * `--set` overrides of the run this hypothesis is checked on ([] = the scenario as it is), so
   * a scenario can claim both "without the mitigation it stays down" and "with it, it recovers".
   * Hypotheses with the same overrides share one run.
   */
  set: string[];
}

/** A parameter a learner may change: the lab's controls and the sweeps' axes. */
export interface ParamSpec {
  /** A `--set` path. */
  path: string;
  label: string;
  values: (number | string | boolean | null)[];
}

/** The lesson text of a scenario. */
export interface LessonSpec {
  /** What happens. */
  what: string;
  /** Why it happens. */
  why: string;
  /** What to watch, on which chart. */
  watch: string;
  /** What to try next. */
  tryNext: string;
}
