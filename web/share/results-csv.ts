/**
 * A run's series as CSV, in exactly the format of `faultline run --csv` (one row per bucket and
 * client, service, edge or queue; columns from the result contract's schemas). The CLI writes it
 * with csv-stringify, which needs Node's Buffer; this is the same table for the page, without
 * it. `test/web/results-csv.test.ts` checks the two agree byte for byte.
 */
import { z } from 'zod';
import {
  ClientSeriesSchema,
  EdgeSeriesSchema,
  QueueSeriesSchema,
  ServiceSeriesSchema,
} from '../../cli/contract/result-schema.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';

function leafPaths(schema: z.ZodObject, prefix = ''): string[] {
  return Object.entries(schema.shape).flatMap(([key, value]) =>
    value instanceof z.ZodObject ? leafPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

const CLIENT = leafPaths(ClientSeriesSchema);
const SERVICE = leafPaths(ServiceSeriesSchema);
const EDGE = leafPaths(EdgeSeriesSchema);
const QUEUE = leafPaths(QueueSeriesSchema);
const METRICS = [...new Set([...CLIENT, ...SERVICE, ...EDGE, ...QUEUE])];
const COLUMNS = ['startMs', 'entityType', 'entity', ...METRICS];

function at(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[key];
  return v;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function resultsCsv(result: RunResult): string {
  const { series } = result;
  const entities = [
    ...Object.entries(series.clients).map(([name, s]) => ({ type: 'client', name, s, metrics: CLIENT })),
    ...Object.entries(series.services).map(([name, s]) => ({ type: 'service', name, s, metrics: SERVICE })),
    ...Object.entries(series.edges).map(([name, s]) => ({ type: 'edge', name, s, metrics: EDGE })),
    ...Object.entries(series.queues).map(([name, s]) => ({ type: 'queue', name, s, metrics: QUEUE })),
  ];
  const lines = [COLUMNS.map(cell).join(',')];
  series.startMs.forEach((startMs, bucket) => {
    for (const e of entities) {
      const values = METRICS.map((m) =>
        e.metrics.includes(m) ? (at(e.s, m) as (number | null)[] | undefined)?.[bucket] : null,
      );
      lines.push([startMs, e.type, e.name, ...values].map(cell).join(','));
    }
  });
  return `${lines.join('\n')}\n`;
}
