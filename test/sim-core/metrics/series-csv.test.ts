import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ClientSeriesSchema,
  EdgeSeriesSchema,
  QueueSeriesSchema,
  ServiceSeriesSchema,
} from '../../../scenarios/schema/result-schema.ts';
import {
  CLIENT_METRICS,
  CSV_COLUMNS,
  EDGE_METRICS,
  QUEUE_METRICS,
  SERVICE_METRICS,
} from '../../../sim-core/metrics/series-csv.ts';

/** Dotted paths to every per-bucket array of an object schema, in declaration order. */
function leafPaths(schema: z.ZodObject, prefix = ''): string[] {
  return Object.entries(schema.shape).flatMap(([key, value]) =>
    value instanceof z.ZodObject ? leafPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('the series CSV columns', () => {
  it('are the fields of the result schema’s series, in its order, for each entity type', () => {
    expect(CLIENT_METRICS).toEqual(leafPaths(ClientSeriesSchema));
    // A deployment's per-version series (a record by version name) are not CSV columns.
    expect(SERVICE_METRICS).toEqual(leafPaths(ServiceSeriesSchema).filter((p) => p !== 'versions'));
    expect(EDGE_METRICS).toEqual(leafPaths(EdgeSeriesSchema));
    expect(QUEUE_METRICS).toEqual(leafPaths(QueueSeriesSchema));
  });

  it('start with the bucket and the entity, then each metric once, client metrics first', () => {
    expect(CSV_COLUMNS.slice(0, 5)).toEqual([
      'startMs',
      'entityType',
      'entity',
      'offeredPerSec',
      'attemptsPerSec',
    ]);
    expect(new Set(CSV_COLUMNS).size).toBe(CSV_COLUMNS.length);
    expect(CSV_COLUMNS).toHaveLength(3 + 15 + 6 + 6 + 4);
    expect(CSV_COLUMNS.slice(-4)).toEqual(['depthMean', 'depthMax', 'oldestAgeMs', 'deliveredPerSec']);
  });
});
