/**
 * `faultline run --csv`: the series as one row per (bucket, entity).
 *
 * Entities are the clients, the services, the edges (`caller->target`) and the message queues,
 * in that order within a bucket; `entityType` is `client`, `service`, `edge` or `queue`.
 * Columns: `startMs,entityType,entity`, then the union of the client, service, edge and queue
 * metrics, nested ones flattened with a dot (`errorsPerSec.timedOut`); a metric several entity
 * types have (`attemptsPerSec`) is one column. A metric an entity doesn't have is empty, and so
 * is a value that doesn't exist (the latency of a bucket with no successes). The columns come
 * from the result contract's zod schemas, so they follow the JSON field names and stay the same
 * whichever entities a scenario has.
 *
 * The lab's "download CSV" uses this module too, so both give the same bytes; that is why the
 * quoting is written here (RFC 4180: a cell with a quote, comma or line break is quoted, quotes
 * doubled) instead of using csv-stringify, which needs Node's Buffer.
 */
import { z } from 'zod';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import {
  ClientSeriesSchema,
  EdgeSeriesSchema,
  QueueSeriesSchema,
  ServiceSeriesSchema,
} from '../contract/result-schema.ts';

/** Dotted paths to every per-bucket array of an object schema, in declaration order. */
function leafPaths(schema: z.ZodObject, prefix = ''): string[] {
  return Object.entries(schema.shape).flatMap(([key, value]) =>
    value instanceof z.ZodObject ? leafPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

const CLIENT_METRICS = leafPaths(ClientSeriesSchema);
const SERVICE_METRICS = leafPaths(ServiceSeriesSchema);
const EDGE_METRICS = leafPaths(EdgeSeriesSchema);
const QUEUE_METRICS = leafPaths(QueueSeriesSchema);

/** The metric columns: client metrics, then the service, edge and queue metrics not listed yet. */
export const METRIC_COLUMNS: readonly string[] = [
  ...new Set([...CLIENT_METRICS, ...SERVICE_METRICS, ...EDGE_METRICS, ...QUEUE_METRICS]),
];

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
