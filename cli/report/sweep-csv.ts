/**
 * `faultline sweep --csv` and `faultline merge --csv`: the aggregates in long form, one row per
 * (combination, metric), sorted by combination then metric (the report's `metrics` order).
 *
 * Columns: `combination` (index), one column per `--vary` path (its value: strings as they are,
 * anything else as JSON), `metric`, `n` (seeds with a value), `mean`, `stdDev`, `ci95Low`,
 * `ci95High` (empty when undefined: no value, or fewer than 2), `partial` (`true` when the sweep
 * was interrupted or is one shard, so the aggregates don't cover every seed).
 */
import { stringify } from 'csv-stringify/sync';
import { valueLabel } from '../sweep/options.ts';
import type { SweepReport } from '../sweep/report.ts';

export const SWEEP_CSV_STATS = ['n', 'mean', 'stdDev', 'ci95Low', 'ci95High'] as const;

export function sweepCsv(report: SweepReport): string {
  const paths = report.vary.map((a) => a.path);
  const partial = report.partial || report.shard !== null ? 'true' : 'false';
  const rows: (string | number | null)[][] = [];
  for (const c of report.combinations) {
    for (const metric of report.metrics) {
      const e = c.aggregates[metric];
      rows.push([
        c.index,
        ...paths.map((p) => valueLabel(c.values[p])),
        metric,
        ...SWEEP_CSV_STATS.map((s) => e[s]),
        partial,
      ]);
    }
  }
  return stringify(rows, {
    header: true,
    columns: ['combination', ...paths, 'metric', ...SWEEP_CSV_STATS, 'partial'],
    record_delimiter: 'unix',
  });
}
