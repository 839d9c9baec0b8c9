import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ClientSeriesSchema,
  EdgeSeriesSchema,
  QueueSeriesSchema,
  ServiceSeriesSchema,
  StoreSeriesSchema,
} from '../../../scenarios/schema/result-schema.ts';
import {
  CLIENT_METRICS,
  CSV_COLUMNS,
  EDGE_METRICS,
  QUEUE_METRICS,
  SERVICE_METRICS,
  STORE_METRICS,
  STORE_REPLICA_METRICS,
  seriesCsv,
} from '../../../sim-core/metrics/series-csv.ts';
import { runScenario } from '../../../sim-core/run/simulation.ts';
import { loadBuiltIn } from '../../support/scenarios.ts';

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
    const { replicas, ...store } = StoreSeriesSchema.shape;
    expect(STORE_METRICS).toEqual(leafPaths(z.object(store)));
    expect(STORE_REPLICA_METRICS).toEqual(leafPaths(replicas.element));
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
    expect(CSV_COLUMNS).toHaveLength(3 + 15 + 6 + 6 + 4 + 8 + 2 + 2);
    expect(CSV_COLUMNS.slice(-16, -12)).toEqual(['depthMean', 'depthMax', 'oldestAgeMs', 'deliveredPerSec']);
    // The two store columns added later come last: every earlier column keeps its position.
    expect(CSV_COLUMNS.slice(-12)).toEqual([
      'readsPerSec',
      'writesPerSec',
      'staleReadsPerSec',
      'lostWritesPerSec',
      'splitBrainWritesPerSec',
      'unavailablePerSec',
      'leader',
      'term',
      'lagMs',
      'appliedVersion',
      'conflictsPerSec',
      'siblingsMax',
    ]);
  });

  it('hold a store row and one row per store replica in each bucket, with the series’ values', () => {
    const result = runScenario(loadBuiltIn('lease-split-brain', ['durationMs=6000', 'hypotheses=[]']));
    const rows = seriesCsv(result)
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','));
    const col = (name: string) => CSV_COLUMNS.indexOf(name);
    const kv = result.series.stores.kv;
    const storeRows = rows.filter((r) => r[1] === 'store');
    expect(storeRows.map((r) => r[2])).toEqual(result.series.startMs.map(() => 'kv'));
    expect(storeRows.map((r) => Number(r[col('writesPerSec')]))).toEqual(kv.writesPerSec);
    expect(storeRows.map((r) => r[col('leader')])).toEqual(
      kv.leader?.map((x) => (x === null ? '' : String(x))),
    );
    expect(storeRows.map((r) => r[col('lagMs')])).toEqual(storeRows.map(() => ''));
    const replicaRows = rows.filter((r) => r[1] === 'store-replica' && r[0] === '0');
    expect(replicaRows.map((r) => r[2])).toEqual(kv.replicas.map((_, i) => `kv/${i}`));
    expect(replicaRows.map((r) => Number(r[col('lagMs')]))).toEqual(kv.replicas.map((x) => x.lagMs[0]));
    expect(replicaRows.map((r) => r[col('readsPerSec')])).toEqual(kv.replicas.map(() => ''));
  });
});
