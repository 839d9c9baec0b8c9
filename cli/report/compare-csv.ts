/**
 * `faultline compare --csv`: one row per (variant, metric), sorted by variant then metric.
 *
 * Columns: `variant` (index; 0 is the baseline), one column per `--vary` path (its value),
 * `metric`, `better` (`higher`, `lower` or empty: which way is better), the variant's own `n`,
 * `mean`, `stdDev`, `ci95Low`, `ci95High` over seeds; then the paired difference with the
 * baseline (variant - baseline, seed by seed): `diffN`, `diffMean`, `diffStdDev`, `diffCi95Low`,
 * `diffCi95High`, and `verdict` (`better`, `worse`, `higher`, `lower`,
 * `no significant difference`, `insufficient data`; `baseline` on the baseline's rows, whose
 * difference columns are empty); `partial` (`true` when interrupted).
 */
import { stringify } from 'csv-stringify/sync';
import type { CompareReport } from '../sweep/compare.ts';
import { valueLabel } from '../sweep/options.ts';
import { SWEEP_CSV_STATS } from './sweep-csv.ts';

const DIFF_COLUMNS = ['diffN', 'diffMean', 'diffStdDev', 'diffCi95Low', 'diffCi95High'] as const;

export function compareCsv(report: CompareReport): string {
  const paths = report.vary.map((a) => a.path);
  const partial = report.partial ? 'true' : 'false';
  const rows: (string | number | null)[][] = [];
  for (const v of report.variants) {
    const diff = report.differences.find((d) => d.variant === v.index);
    for (const metric of report.metrics) {
      const e = v.aggregates[metric];
      const d = diff?.metrics[metric];
      rows.push([
        v.index,
        ...paths.map((p) => valueLabel(v.values[p])),
        metric,
        report.better[metric] ?? '',
        ...SWEEP_CSV_STATS.map((s) => e[s]),
        ...(d === undefined ? DIFF_COLUMNS.map(() => null) : [d.n, d.mean, d.stdDev, d.ci95Low, d.ci95High]),
        d === undefined ? 'baseline' : d.verdict,
        partial,
      ]);
    }
  }
  return stringify(rows, {
    header: true,
    columns: [
      'variant',
      ...paths,
      'metric',
      'better',
      ...SWEEP_CSV_STATS,
      ...DIFF_COLUMNS,
      'verdict',
      'partial',
    ],
    record_delimiter: 'unix',
  });
}
