/**
 * A run's series as CSV: one row per (bucket, entity). `faultline run --csv` and the lab's
 * "download CSV" both call {@link seriesCsv}, so both give the same bytes.
 *
 * Entities are the clients, the services, the edges (`caller->target`), the message queues, the
 * replicated stores and each store's replicas (`<store>/<index>`), in that order within a bucket;
 * `entityType` is `client`, `service`, `edge`, `queue`, `store` or `store-replica`.
 * Columns: `startMs,entityType,entity`, then the union of the client, service, edge, queue, store
 * and store-replica metrics, nested ones flattened with a dot (`errorsPerSec.timedOut`); a metric several entity
 * types have (`attemptsPerSec`) is one column. A metric an entity doesn't have is empty, and so
 * is a value that doesn't exist (the latency of a bucket with no successes). The columns follow
 * the JSON field names, in the order of the result schema (a test holds them to it), and stay
 * the same whichever entities a scenario has.
 *
 * Pure and free of zod, so the page does not load the result schema to write a file. The
 * quoting is written here (RFC 4180: a cell with a quote, comma or line break is quoted, quotes
 * doubled) because CSV libraries need Node's Buffer.
 */
import type {
  ClientSeries,
  EdgeSeries,
  QueueSeries,
  RunResult,
  ServiceSeries,
  StoreSeries,
} from './result.ts';

/** Every dotted path to a per-bucket array of a series type: `goodputPerSec`, `errorsPerSec.shed`. */
type SeriesPath<T> = {
  [K in keyof T & string]: T[K] extends readonly unknown[] ? K : `${K}.${SeriesPath<T[K]>}`;
}[keyof T & string];

/**
 * The columns of one series type. The array must list every path exactly once: a path left out
 * makes `Missing` non-empty and fails `tsc`, so a metric added to `result.ts` cannot be dropped
 * from the CSV unnoticed.
 */
function columnsOf<T>() {
  return <const C extends readonly SeriesPath<T>[]>(
    columns: C &
      ([Exclude<SeriesPath<T>, C[number]>] extends [never]
        ? unknown
        : { Missing: Exclude<SeriesPath<T>, C[number]> }),
  ): readonly string[] => columns;
}

/** A client's metric columns. */
export const CLIENT_METRICS = columnsOf<ClientSeries>()([
  'offeredPerSec',
  'attemptsPerSec',
  'goodputPerSec',
  'errorsPerSec.failed',
  'errorsPerSec.timedOut',
  'errorsPerSec.rejected',
  'errorsPerSec.dropped',
  'errorsPerSec.shed',
  'errorsPerSec.rateLimited',
  'errorsPerSec.breakerOpen',
  'errorsPerSec.bulkheadFull',
  'errorsPerSec.limited',
  'degradedPerSec',
  'latencyP50Ms',
  'latencyP99Ms',
]);

/** A service's metric columns. */
export const SERVICE_METRICS = columnsOf<ServiceSeries>()([
  'attemptsPerSec',
  'goodputPerSec',
  'errorsPerSec.failed',
  'errorsPerSec.rejected',
  'errorsPerSec.shed',
  'errorsPerSec.rateLimited',
  'errorsPerSec.limited',
  'latencyP50Ms',
  'latencyP99Ms',
  'queueDepthMean',
  'queueDepthMax',
  'utilisation',
  'amplification',
  'replicas',
  'readyReplicas',
]);

/** An edge's metric columns. */
export const EDGE_METRICS = columnsOf<EdgeSeries>()([
  'attemptsPerSec',
  'retriesPerSec',
  'retriesSuppressedPerSec',
  'refusedPerSec',
  'fallbacksPerSec',
  'breakerOpen',
  'limit',
]);

/** A message queue's metric columns. */
export const QUEUE_METRICS = columnsOf<QueueSeries>()([
  'depthMean',
  'depthMax',
  'oldestAgeMs',
  'deliveredPerSec',
]);

/** A replicated store's metric columns (`series.stores.<name>`; `leader` and `term`: leader-based stores only). */
export const STORE_METRICS = columnsOf<Required<Omit<StoreSeries, 'replicas'>>>()([
  'readsPerSec',
  'writesPerSec',
  'staleReadsPerSec',
  'lostWritesPerSec',
  'splitBrainWritesPerSec',
  'unavailablePerSec',
  'leader',
  'term',
  'conflictsPerSec',
  'siblingsMax',
]);

/**
 * Store columns added after the store-replica ones existed: they come last, so every earlier
 * column keeps its position (the CSV's columns only grow at the end).
 */
const STORE_METRICS_LATER: ReadonlySet<string> = new Set(['conflictsPerSec', 'siblingsMax']);

/** A store replica's metric columns (`series.stores.<name>.replicas[i]`). */
export const STORE_REPLICA_METRICS = columnsOf<StoreSeries['replicas'][number]>()([
  'lagMs',
  'appliedVersion',
]);

/** The metric columns: client metrics, then the service, edge, queue, store and store-replica metrics not listed yet. */
export const METRIC_COLUMNS: readonly string[] = [
  ...new Set([
    ...CLIENT_METRICS,
    ...SERVICE_METRICS,
    ...EDGE_METRICS,
    ...QUEUE_METRICS,
    ...STORE_METRICS.filter((m) => !STORE_METRICS_LATER.has(m)),
    ...STORE_REPLICA_METRICS,
    ...STORE_METRICS.filter((m) => STORE_METRICS_LATER.has(m)),
  ]),
];

/** Every column of {@link seriesCsv}, in order. */
export const CSV_COLUMNS: readonly string[] = ['startMs', 'entityType', 'entity', ...METRIC_COLUMNS];

function at(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[key];
  return v;
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text (with a header row), ending with a newline. */
export function seriesCsv(result: RunResult): string {
  const { series } = result;
  const entities = [
    ...Object.entries(series.clients).map(([name, s]) => ({
      type: 'client',
      name,
      s,
      metrics: CLIENT_METRICS,
    })),
    ...Object.entries(series.services).map(([name, s]) => ({
      type: 'service',
      name,
      s,
      metrics: SERVICE_METRICS,
    })),
    ...Object.entries(series.edges).map(([name, s]) => ({ type: 'edge', name, s, metrics: EDGE_METRICS })),
    ...Object.entries(series.queues).map(([name, s]) => ({ type: 'queue', name, s, metrics: QUEUE_METRICS })),
    ...Object.entries(series.stores).map(([name, s]) => ({ type: 'store', name, s, metrics: STORE_METRICS })),
    ...Object.entries(series.stores).flatMap(([name, s]) =>
      s.replicas.map((r, i) => ({
        type: 'store-replica',
        name: `${name}/${i}`,
        s: r,
        metrics: STORE_REPLICA_METRICS,
      })),
    ),
  ];
  const rows: (string | number | null)[][] = [];
  series.startMs.forEach((startMs, bucket) => {
    for (const e of entities) {
      rows.push([
        startMs,
        e.type,
        e.name,
        ...METRIC_COLUMNS.map((m) => {
          if (!e.metrics.includes(m)) return null;
          const value = (at(e.s, m) as (number | null)[] | undefined)?.[bucket];
          return value ?? null;
        }),
      ]);
    }
  });
  return `${[[...CSV_COLUMNS], ...rows].map((row) => row.map(cell).join(',')).join('\n')}\n`;
}
