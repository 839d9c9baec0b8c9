/**
 * The default output of `faultline sweep` and `faultline merge`: a heading, then one row per
 * combination with its `--vary` values and the headline metrics of each client (goodput/s,
 * errors, p50 and p99 latency) as `mean ±half-width` of the 95% confidence interval over seeds.
 * Every metric is in `--json` and `--csv`.
 */

import type { CombinationReport, SweepReport } from '../sweep/report.ts';
import type { Estimate } from '../sweep/stats.ts';
import { terminalSafe } from '../terminal-text.ts';
import { percent, sig3 } from './format.ts';
import { style as makeStyle } from './style.ts';
import { type Column, type ColumnGroup, renderTable } from './table.ts';

export interface SweepTableOptions {
  colour: boolean;
  width?: number;
  /** False: the table cuts nothing (stdout is a pipe); true by default. */
  cut?: boolean;
}

/** `412 ±3.1`, `—` without a value; `format` renders the mean and the half-width. */
export function withCi(e: Estimate | undefined, format: (n: number) => string = sig3): string {
  if (e === undefined || e.mean === null) return '—';
  if (e.ci95High === null || e.ci95Low === null) return format(e.mean);
  return `${format(e.mean)} ±${format((e.ci95High - e.ci95Low) / 2)}`;
}

/** Client names, from metric names `clients.<name>.…`, in order. */
export function clientNames(metrics: readonly string[]): string[] {
  const names = new Set<string>();
  for (const m of metrics) {
    const match = /^clients\.([^.]+)\./.exec(m);
    if (match !== null) names.add(match[1]);
  }
  return [...names];
}

/** Headline metrics of a client: [metric suffix, header, formatter]. */
export const CLIENT_HEADLINES: readonly [string, string, (n: number) => string][] = [
  ['goodputPerSec', 'goodput/s', sig3],
  ['errorRate', 'err%', percent],
  ['latencyMs.p50', 'p50 ms', sig3],
  ['latencyMs.p99', 'p99 ms', sig3],
];

function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function renderSweepTable(given: SweepReport, options: SweepTableOptions): string {
  // Scenario text (title, names, labels) is shown with its control characters escaped.
  const report = terminalSafe(given);
  const s = makeStyle(options.colour);
  const lines: string[] = [];
  // Every combination of the sweep, also those a partial report or a shard has no run of.
  const combos = report.vary.reduce((n, a) => n * a.values.length, 1);
  const shard = report.shard === null ? '' : ` · shard ${report.shard.index}/${report.shard.count}`;
  lines.push(
    `${s.bold(`sweep ${report.scenario.id}`)}${s.dim(
      ` · ${combos} ${combos === 1 ? 'combination' : 'combinations'} x ${report.seeds.length} ${
        report.seeds.length === 1 ? 'seed' : 'seeds'
      } · ${report.jobs.completed} of ${report.jobs.planned} runs${shard}`,
    )}`,
  );
  if (report.partial) lines.push(s.yellow('partial: interrupted before every run finished'));
  lines.push(s.dim('mean ±half-width of the 95% confidence interval over seeds'), '');

  const clients = clientNames(report.metrics);
  const columns: Column[] = [
    ...report.vary.map((a) => ({ header: a.path, align: 'left' as const, keepHeaderEnd: true })),
    { header: 'runs', align: 'right' },
  ];
  if (report.vary.length === 0) columns.unshift({ header: 'combination', align: 'left' });
  const groups: ColumnGroup[] = [];
  for (const client of clients) {
    const from = columns.length;
    for (const [, header] of CLIENT_HEADLINES) columns.push({ header, align: 'right' });
    groups.push({ label: client, from, to: columns.length - 1 });
  }
  const row = (c: CombinationReport) => [
    ...(report.vary.length === 0 ? [c.label] : report.vary.map((a) => valueText(c.values[a.path]))),
    String(c.runs),
    ...clients.flatMap((client) =>
      CLIENT_HEADLINES.map(([field, , format]) => withCi(c.aggregates[`clients.${client}.${field}`], format)),
    ),
  ];
  lines.push(
    ...renderTable(
      { columns, groups, rows: report.combinations.map(row) },
      options.cut === false ? Number.POSITIVE_INFINITY : (options.width ?? 120),
      s,
    ),
  );
  lines.push('', s.dim(`${report.metrics.length} metrics per combination in --json and --csv`));
  const stopped = report.combinations.reduce((n, c) => n + c.stoppedByBudget, 0);
  if (stopped > 0)
    lines.push(
      s.yellow(
        `warning: a budget stopped ${stopped} runs before the end (budget.maxEvents or budget.maxInFlight)`,
      ),
    );
  return `${lines.join('\n')}\n`;
}
