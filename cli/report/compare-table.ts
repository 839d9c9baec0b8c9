/**
 * The default output of `faultline compare`: the variants, then for each variant but the
 * baseline a table of metrics (the headline ones of each client, then every other metric whose
 * difference is significant), each with the baseline's and the variant's means, the paired
 * difference with its 95% CI and a verdict; then charts of goodput and p99 latency over time,
 * one per variant on a shared scale.
 */

import type { CompareReport, Difference, Verdict } from '../sweep/compare.ts';
import { valueLabel } from '../sweep/options.ts';
import type { Estimate } from '../sweep/stats.ts';
import { terminalSafe } from '../terminal-text.ts';
import { renderCharts } from './chart.ts';
import { duration, sig3 } from './format.ts';
import { style as makeStyle, type Style, truncate } from './style.ts';
import { clientNames } from './sweep-table.ts';
import { renderTable } from './table.ts';

export interface CompareTableOptions {
  colour: boolean;
  width?: number;
  /** False: tables cut nothing (stdout is a pipe); true by default. */
  cut?: boolean;
  /** At most this many metrics beyond the headline ones per variant (default 15). */
  maxOthers?: number;
}

const FRACTIONS = /(errorRate|waitedFraction|utilisation|hitRatio)$/;

/** A metric's value in its unit: fractions as percentages. */
function value(metric: string, n: number | null): string {
  if (n === null) return '—';
  return FRACTIONS.test(metric) ? `${sig3(n * 100)}%` : sig3(n);
}

function signed(metric: string, n: number): string {
  const text = value(metric, Math.abs(n));
  return n > 0 ? `+${text}` : n < 0 ? `-${text}` : text;
}

function differenceText(metric: string, d: Difference): string {
  if (d.mean === null) return '—';
  if (d.ci95Low === null || d.ci95High === null) return signed(metric, d.mean);
  return `${signed(metric, d.mean)} ±${value(metric, (d.ci95High - d.ci95Low) / 2)}`;
}

function verdictColour(s: Style, verdict: Verdict, text: string): string {
  if (verdict === 'better') return s.green(text);
  if (verdict === 'worse') return s.red(text);
  if (verdict === 'higher' || verdict === 'lower') return s.yellow(text);
  return s.dim(text);
}

/** The headline metrics: per client goodput, error rate, p50 and p99 latency; per service amplification. */
export function headlineMetrics(metrics: readonly string[]): string[] {
  const out: string[] = [];
  for (const client of clientNames(metrics)) {
    for (const field of ['goodputPerSec', 'errorRate', 'latencyMs.p50', 'latencyMs.p99']) {
      const m = `clients.${client}.${field}`;
      if (metrics.includes(m)) out.push(m);
    }
  }
  for (const m of metrics) if (/^services\.[^.]+\.amplification$/.test(m)) out.push(m);
  return out;
}

export function renderCompareReport(given: CompareReport, options: CompareTableOptions): string {
  // Scenario text (title, names, labels) is shown with its control characters escaped.
  const report = terminalSafe(given);
  const s = makeStyle(options.colour);
  const max = options.width ?? 120;
  const maxOthers = options.maxOthers ?? 15;
  const lines: string[] = [];
  const seeds = report.seeds.length;
  lines.push(
    `${s.bold(`compare ${report.scenario.id}`)}${s.dim(
      ` · ${report.variants.length} variants x ${seeds} ${seeds === 1 ? 'seed' : 'seeds'}, the same seeds for each (common random numbers) · ${report.jobs.completed} of ${report.jobs.total} runs`,
    )}`,
  );
  if (report.partial) lines.push(s.yellow('partial: interrupted before every run finished'));
  for (const v of report.variants) {
    lines.push(
      `  ${v.index === report.baseline ? s.bold('baseline') : s.dim(`variant ${v.index}`)}  ${v.label}`,
    );
  }
  const base = report.variants[report.baseline];
  const headline = headlineMetrics(report.metrics);

  for (const diff of report.differences) {
    const variant = report.variants[diff.variant];
    const significant = report.metrics.filter(
      (m) =>
        !headline.includes(m) &&
        !['no significant difference', 'insufficient data'].includes(diff.metrics[m].verdict),
    );
    const shown = [...headline, ...significant.slice(0, maxOthers)];
    lines.push(
      '',
      s.bold(`${variant.label}  vs  ${base.label}`),
      s.dim(
        `difference: variant - baseline per seed, mean ±half-width of its 95% CI over ${seeds} paired seeds`,
      ),
    );
    const rows = shown.map((m) => {
      const d = diff.metrics[m];
      const mean = (e: Estimate | undefined) => value(m, e?.mean ?? null);
      return [m, mean(base.aggregates[m]), mean(variant.aggregates[m]), differenceText(m, d), d.verdict];
    });
    lines.push(
      ...renderTable(
        {
          columns: [
            { header: 'metric', align: 'left' },
            { header: 'baseline', align: 'right' },
            { header: 'variant', align: 'right' },
            { header: 'difference', align: 'right' },
            { header: 'verdict', align: 'left' },
          ],
          rows,
          colour: (row, column, text) =>
            column === 4 ? verdictColour(s, diff.metrics[shown[row]].verdict, text) : text,
        },
        options.cut === false ? Number.POSITIVE_INFINITY : max,
        s,
      ),
    );
    const counts = new Map<Verdict, number>();
    for (const m of report.metrics)
      counts.set(diff.metrics[m].verdict, (counts.get(diff.metrics[m].verdict) ?? 0) + 1);
    const summary = (
      ['better', 'worse', 'higher', 'lower', 'no significant difference', 'insufficient data'] as const
    )
      .filter((v) => (counts.get(v) ?? 0) > 0)
      .map((v) => `${counts.get(v)} ${v}`)
      .join(', ');
    const more = significant.length - Math.min(significant.length, maxOthers);
    lines.push(
      s.dim(
        `${report.metrics.length} metrics: ${summary}${more > 0 ? ` (${more} more significant ones in --json and --csv)` : ''}`,
      ),
    );
  }

  // Chart labels: each value with the last part of its path (`timeoutMs=10`), to keep them short.
  const labelOf = (i: number) =>
    truncate(
      report.vary
        .map((a) => `${a.path.split('.').at(-1)}=${valueLabel(report.variants[i].values[a.path])}`)
        .join(' '),
      32,
    );
  const chart = (
    title: string,
    pick: (i: number) => readonly (number | null)[],
    format: (n: number) => string,
  ) => {
    const first = report.series[0];
    if (first === undefined || first.startMs.length === 0) return;
    const end = first.startMs[first.startMs.length - 1] + first.bucketMs;
    const charts = renderCharts(
      report.series.map((one) => ({ label: labelOf(one.variant), values: pick(one.variant) })),
      {
        height: 3,
        width: max,
        format,
        from: first.startMs[0] === 0 ? '0 s' : duration(first.startMs[0]),
        to: duration(end),
        style: s,
      },
    );
    if (charts.length > 0) lines.push('', s.bold(title), ...charts);
  };
  chart('goodput/s of all clients over time (mean over seeds)', (i) => report.series[i].goodputPerSec, sig3);
  if (report.latencyClient !== null) {
    chart(
      `p99 latency of ${report.latencyClient} over time, ms (mean over seeds)`,
      (i) => report.series[i].latencyP99Ms,
      sig3,
    );
  }
  return `${lines.join('\n')}\n`;
}
