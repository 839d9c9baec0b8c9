/**
 * The summary metrics sweeps and comparisons aggregate, and which way is better for each.
 *
 * A metric is a numeric leaf of `summary.clients.*`, `summary.services.*`, `summary.edges.*` or
 * `summary.queues.*`, named by its dotted path without `summary.`: `clients.users.goodputPerSec`,
 * `services.db.latencyMs.p99`, `edges.api->db.retries`. Arrays (`shedByTier`, breaker
 * `transitions`) are left out; a null object (`cache`, `breaker`, `limit`, `probes` when there is none)
 * gives no metric; a null leaf (a percentile with no successes) is a metric without a value.
 */
import type { RunSummary } from '../../sim-core/metrics/result.ts';

export const METRIC_SECTIONS = ['clients', 'services', 'edges', 'queues'] as const;
export type MetricSection = (typeof METRIC_SECTIONS)[number];

/** Metric values of one run, in a fixed order (section, entity, field as the summary lists them). */
export type MetricValues = Record<string, number | null>;

function walk(value: unknown, path: string, out: MetricValues): void {
  if (typeof value === 'number') out[path] = Number.isFinite(value) ? value : null;
  else if (value === null) out[path] = null;
  else if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      // A null object (no cache, no breaker) is no metric; a null number is a metric without a value.
      if (v === null && (key === 'cache' || key === 'breaker' || key === 'limit' || key === 'probes'))
        continue;
      walk(v, `${path}.${key}`, out);
    }
  }
}

/** Every metric of a run's summary. */
export function summaryMetrics(summary: RunSummary): MetricValues {
  const out: MetricValues = {};
  for (const section of METRIC_SECTIONS) {
    for (const [entity, s] of Object.entries(summary[section] as Record<string, unknown>)) {
      walk(s, `${section}.${entity}`, out);
    }
  }
  return out;
}

/** Which way is better: `higher`, `lower`, or `null` when neither is (a count of the load offered). */
export type Better = 'higher' | 'lower' | null;

/**
 * Direction of each metric, by section and field path within the entity (regular expressions
 * over e.g. `latencyMs.p99`, `errors.timedOut`, `outcomes.succeeded`); the first match wins, no
 * match is neutral. Goodput and successes up is better; latency, errors, amplification, retries,
 * queueing and wasted work down is better; the load offered, the configuration and the
 * utilisation are neutral (higher utilisation is neither good nor bad by itself).
 */
export const DIRECTIONS: readonly { section: MetricSection; field: RegExp; better: Better }[] = [
  { section: 'clients', field: /^(goodputPerSec|succeeded)$/, better: 'higher' },
  { section: 'clients', field: /^(offered|offeredPerSec|inFlight)$/, better: null },
  {
    section: 'clients',
    field: /^(attempts|attemptsPerSec|errors\..*|errorRate|degraded|corrupt|latencyMs\..*)$/,
    better: 'lower',
  },
  { section: 'services', field: /^(goodputPerSec|succeeded|cache\.hits|cache\.hitRatio)$/, better: 'higher' },
  {
    section: 'services',
    field: /^(replicas|workers|utilisation|deduplicated|cache\.coalesced|probes\.(sent|passed))$/,
    better: null,
  },
  {
    section: 'services',
    field:
      /^(attempts|attemptsPerSec|errors\..*|duplicates|ejections|cache\.misses|late|latencyMs\..*|queueWaitMs\..*|waitedFraction|queueDepth\..*|inSystemMean|amplification|probes\.(failed|timedOut|restarts))$/,
    better: 'lower',
  },
  { section: 'edges', field: /^(outcomes\.succeeded)$/, better: 'higher' },
  {
    section: 'edges',
    field: /^(attempts|retries|refused\..*|fallbacks|amplification|breaker\.opened|outcomes\..*)$/,
    better: 'lower',
  },
  { section: 'edges', field: /^(calls|hedges|retriesSuppressed|corruptDetected|limit\..*)$/, better: null },
  { section: 'queues', field: /^(delivered)$/, better: 'higher' },
  {
    section: 'queues',
    field: /^(redeliveries|deadLettered|depth\..*|oldestAgeMsMax|deliveryLatencyMs\..*)$/,
    better: 'lower',
  },
  { section: 'queues', field: /^(published)$/, better: null },
];

/** The section, entity and field of a metric name (entity names hold no dots). */
export function splitMetric(
  metric: string,
): { section: MetricSection; entity: string; field: string } | null {
  const first = metric.indexOf('.');
  const second = metric.indexOf('.', first + 1);
  if (first < 0 || second < 0) return null;
  const section = metric.slice(0, first) as MetricSection;
  if (!METRIC_SECTIONS.includes(section)) return null;
  return { section, entity: metric.slice(first + 1, second), field: metric.slice(second + 1) };
}

/** Which way is better for `metric` (see {@link DIRECTIONS}). */
export function betterDirection(metric: string): Better {
  const parts = splitMetric(metric);
  if (parts === null) return null;
  const rule = DIRECTIONS.find((d) => d.section === parts.section && d.field.test(parts.field));
  return rule?.better ?? null;
}

/** The metric names of many runs, in order of first appearance (runs given in job order). */
export function metricNames(runs: readonly { metrics: MetricValues }[]): string[] {
  const names = new Set<string>();
  for (const run of runs) for (const name of Object.keys(run.metrics)) names.add(name);
  return [...names];
}
