/**
 * The curated summary metrics a baseline keeps, and how much each may drift by default.
 *
 * The set is small on purpose: the numbers a reviewer can reason about (goodput, errors, tail
 * latency, amplification, saturation, retries, breaker opens, recovery), not every counter of the
 * result. Each metric is named by the path a hypothesis would use (`clients.users.goodputPerSec`,
 * `edges.api->db.retries`, `faults.db-slowdown.recoveryMs`), so a drifting metric can be turned
 * into a hypothesis by copying its name.
 *
 * Order is fixed, so a baseline file diffs well: clients, services, edges, queues, faults; within
 * each, entities by name (code-point order; faults in timeline order), then the metrics in the
 * order listed below.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';

/** What a metric measures: decides its default absolute tolerance. */
export type MetricUnit = 'perSec' | 'fraction' | 'ms' | 'ratio' | 'count' | 'depth' | 'flag' | 'recoveryMs';

/** One curated metric of a run. */
export interface BaselineMetric {
  /** Its path, e.g. `clients.users.latencyMs.p99`. */
  metric: string;
  unit: MetricUnit;
  /** null when the run has no value (a percentile of no successes, a recovery that never came). */
  value: number | null;
}

/**
 * A tolerance: a measured value passes when |measured - baseline| <= max(absolute,
 * relative x |baseline|).
 */
export interface Tolerance {
  relative: number;
  absolute: number;
}

/** Relative tolerance of every metric unless a baseline file says otherwise: 5%. */
export const DEFAULT_RELATIVE = 0.05;

/**
 * The absolute floor per unit: the drift that is noise whatever the value (it matters for values
 * near zero, where 5% of the value is nothing). Recovery is measured in whole buckets, so its
 * floor is one bucket; a flag (metastable: 0 or 1) must not change at all.
 */
const ABSOLUTE_FLOOR: Record<Exclude<MetricUnit, 'recoveryMs'>, number> = {
  perSec: 0.5,
  fraction: 0.005,
  ms: 1,
  ratio: 0.01,
  count: 1,
  depth: 0.5,
  flag: 0,
};

/** The default tolerance of a metric of `unit` (`bucketMs`: the scenario's bucket width). */
export function defaultTolerance(unit: MetricUnit, bucketMs: number): Tolerance {
  if (unit === 'flag') return { relative: 0, absolute: 0 };
  if (unit === 'recoveryMs') return { relative: DEFAULT_RELATIVE, absolute: bucketMs };
  return { relative: DEFAULT_RELATIVE, absolute: ABSOLUTE_FLOOR[unit] };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedEntries<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => byName(a, b));
}

/** The curated metrics of `result`, in the baseline's fixed order. */
export function baselineMetrics(result: RunResult): BaselineMetric[] {
  const s = result.summary;
  const out: BaselineMetric[] = [];
  const add = (metric: string, unit: MetricUnit, value: number | null) => out.push({ metric, unit, value });

  for (const [name, c] of sortedEntries(s.clients)) {
    const p = `clients.${name}`;
    add(`${p}.goodputPerSec`, 'perSec', c.goodputPerSec);
    add(`${p}.errorRate`, 'fraction', c.errorRate);
    add(`${p}.latencyMs.p50`, 'ms', c.latencyMs.p50);
    add(`${p}.latencyMs.p99`, 'ms', c.latencyMs.p99);
  }
  for (const [name, svc] of sortedEntries(s.services)) {
    const p = `services.${name}`;
    add(`${p}.amplification`, 'ratio', svc.amplification);
    add(`${p}.utilisation`, 'fraction', svc.utilisation);
    add(`${p}.queueDepth.mean`, 'depth', svc.queueDepth.mean);
  }
  for (const [name, e] of sortedEntries(s.edges)) {
    const p = `edges.${name}`;
    add(`${p}.retries`, 'count', e.retries);
    add(`${p}.amplification`, 'ratio', e.amplification);
    add(`${p}.retriesSuppressed`, 'count', e.retriesSuppressed);
    if (e.breaker !== null) add(`${p}.breaker.opened`, 'count', e.breaker.opened);
  }
  for (const [name, q] of sortedEntries(s.queues)) {
    add(`queues.${name}.depth.mean`, 'depth', q.depth.mean);
  }
  // Results written before SLOs existed have neither section.
  for (const [name, slo] of sortedEntries(s.slos ?? {})) {
    add(`slos.${name}.errorBudgetSpent`, 'ratio', slo.errorBudgetSpent);
  }
  for (const [name, a] of sortedEntries(s.alerts ?? {})) {
    const p = `alerts.${name}`;
    add(`${p}.firings`, 'count', a.firings);
    add(`${p}.timeToDetectMs`, 'ms', a.timeToDetectMs);
    add(`${p}.timeToMitigateMs`, 'ms', a.timeToMitigateMs);
  }
  const seen = new Set<string>();
  s.faults.forEach((f, i) => {
    // Fault names are unique in a valid scenario; a duplicate still gets a distinct key.
    const name = seen.has(f.name) ? `${f.name}#${i}` : f.name;
    seen.add(name);
    add(`faults.${name}.recoveryMs`, 'recoveryMs', f.recoveryMs);
    add(`faults.${name}.metastable`, 'flag', f.metastable ? 1 : 0);
  });
  return out;
}

/**
 * A value as a baseline file stores it: integers as they are, other numbers to 6 significant
 * digits (what a reviewer can read; the tolerance covers the rounding by far).
 */
export function storedValue(value: number | null): number | null {
  if (value === null || Number.isInteger(value)) return value;
  return Number(value.toPrecision(6));
}
