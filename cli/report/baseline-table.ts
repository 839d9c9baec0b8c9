/**
 * The baseline part of `faultline check --baseline DIR`: a line per scenario (how its metrics
 * compare, whether its trace hash changed), a table of the metrics outside their tolerance
 * (metric, baseline, measured, tolerance, drift), notes, failures and a summary line. With
 * `--update`: what was written, and the metrics that moved beyond their old tolerance.
 */

import { formatNumber } from '../../sim-core/hypotheses/format.ts';
import type { BaselineCheck, MetricCheck } from '../baseline/compare.ts';
import { terminalSafe } from '../terminal-text.ts';
import { style as makeStyle, wrapText } from './style.ts';
import { renderTable } from './table.ts';

/** A scenario's baseline check, named by the scenario's id. */
export interface ScenarioBaseline {
  id: string;
  baseline: BaselineCheck;
}

export interface BaselineReportOptions {
  /** The baseline folder, as given. */
  dir: string;
  colour: boolean;
  /** Maximum line width; 100 by default. */
  width?: number;
  /** False: the table cuts nothing (stdout is a pipe); true by default. */
  cut?: boolean;
}

const value = (v: number | null) => (v === null ? '—' : formatNumber(v));

/** `±14.38`, or `±0` for an exact match; `—` when there is nothing to compare. */
function allowance(m: MetricCheck): string {
  if (m.allowed === null) return m.tolerance.absolute === 0 && m.tolerance.relative === 0 ? '±0' : '—';
  return `±${formatNumber(m.allowed)}`;
}

/** `+12.5 (+4.3%)`, or the problem when the numbers do not say it. */
export function driftText(m: MetricCheck): string {
  if (m.problem !== null) return m.problem;
  if (m.drift === null) return '—';
  const sign = m.drift > 0 ? '+' : '';
  const abs = `${sign}${formatNumber(m.drift)}`;
  if (m.driftRelative === null) return abs;
  return `${abs} (${sign}${formatNumber(m.driftRelative * 100)}%)`;
}

/** Totals over every scenario's baseline check. */
export function baselineTotals(items: readonly ScenarioBaseline[]): {
  metrics: number;
  within: number;
  missing: number;
  hashChanged: number;
  failedScenarios: number;
} {
  const compared = items.filter((i) => i.baseline.status === 'compared');
  const metrics = compared.flatMap((i) => i.baseline.metrics);
  return {
    metrics: metrics.length,
    within: metrics.filter((m) => m.passed).length,
    missing: items.filter((i) => i.baseline.status === 'missing').length,
    hashChanged: compared.filter((i) => i.baseline.traceHash.changed).length,
    failedScenarios: items.filter((i) => !i.baseline.passed).length,
  };
}

/** `17 of 19 baseline metrics within tolerance in 2 scenarios; 1 trace hash changed`. */
export function baselineSummaryLine(items: readonly ScenarioBaseline[]): string {
  const t = baselineTotals(items);
  const n = items.length;
  const parts = [
    `${t.within} of ${t.metrics} baseline ${t.metrics === 1 ? 'metric' : 'metrics'} within tolerance in ${n} ${
      n === 1 ? 'scenario' : 'scenarios'
    }`,
  ];
  if (t.missing > 0) parts.push(`${t.missing} missing ${t.missing === 1 ? 'baseline' : 'baselines'}`);
  if (t.hashChanged > 0)
    parts.push(`${t.hashChanged} trace ${t.hashChanged === 1 ? 'hash' : 'hashes'} changed`);
  return parts.join('; ');
}

function scenarioLine(b: BaselineCheck): string {
  switch (b.status) {
    case 'missing':
      return `no baseline (${b.file})`;
    case 'created':
      return `created ${b.file} (${b.metricCount} metrics)`;
    case 'unchanged':
      return `unchanged ${b.file} (${b.metricCount} metrics)`;
    case 'updated': {
      const moved = b.metrics.filter((m) => !m.passed).length;
      const hash = b.traceHash.changed ? '; trace hash changed' : '';
      return `updated ${b.file} (${b.metricCount} metrics; ${moved} beyond the old tolerance${hash})`;
    }
    case 'compared': {
      if (b.metrics.length === 0) return b.problems[0]?.message ?? 'nothing compared';
      const drifted = b.metrics.filter((m) => !m.passed).length;
      const metrics =
        drifted === 0
          ? `${b.metrics.length} metrics within tolerance`
          : `${drifted} of ${b.metrics.length} metrics outside tolerance`;
      return `${metrics} · trace hash ${b.traceHash.changed ? 'changed' : 'unchanged'}`;
    }
  }
}

/** The baseline report, ending with a newline. */
export function renderBaselineReport(
  given: readonly ScenarioBaseline[],
  options: BaselineReportOptions,
): string {
  // Ids and messages (which quote scenario values) are shown with control characters escaped.
  const items = terminalSafe(given);
  const s = makeStyle(options.colour);
  const max = options.width ?? 100;
  const updating = items.some((i) => ['created', 'updated', 'unchanged'].includes(i.baseline.status));
  const lines: string[] = [
    s.bold(updating ? `Baselines written to ${options.dir}` : `Baselines in ${options.dir}`),
  ];

  const idWidth = Math.max(0, ...items.map((i) => i.id.length));
  for (const { id, baseline: b } of items) {
    const text = scenarioLine(b);
    const coloured = b.passed ? (b.status === 'compared' ? s.green(text) : text) : s.red(text);
    lines.push(`  ${s.bold(id.padEnd(idWidth))}  ${coloured}`);
  }

  // The rows that matter: metrics outside their tolerance (with --update: moved beyond the old one).
  const rows: string[][] = [];
  const kinds: ('scenario' | 'metric')[] = [];
  for (const { id, baseline: b } of items) {
    const off = b.metrics.filter((m) => !m.passed);
    if (off.length === 0) continue;
    rows.push([id, '', '', '', '']);
    kinds.push('scenario');
    for (const m of off) {
      rows.push([`  ${m.metric}`, value(m.baseline), value(m.measured), allowance(m), driftText(m)]);
      kinds.push('metric');
    }
  }
  if (rows.length > 0) {
    const headers = ['metric', updating ? 'old baseline' : 'baseline', 'measured', 'tolerance', 'drift'];
    lines.push(
      '',
      ...(updating ? [s.bold('Moved beyond their tolerance (now the new baseline: review the diff)')] : []),
      ...renderTable(
        {
          columns: headers.map((header, i) => ({
            header,
            align: i === 0 || i === 4 ? ('left' as const) : ('right' as const),
          })),
          rows,
          colour: (row, column, text) => {
            if (kinds[row] === 'scenario') return s.bold(text);
            if (column === 4) return updating ? s.yellow(text) : s.red(text);
            return text;
          },
        },
        options.cut === false ? Number.POSITIVE_INFINITY : max,
        s,
      ),
    );
  }

  const notes = items.flatMap(({ id, baseline: b }) => b.notes.map((n) => `${id}: ${n}`));
  if (notes.length > 0) {
    lines.push('', s.bold('Notes'));
    for (const n of notes)
      lines.push(...wrapText(n, max - 4).map((l, i) => (i === 0 ? `  ${l}` : `    ${l}`)));
  }
  const problems = items.flatMap(({ id, baseline: b }) => b.problems.map((p) => `${id}: ${p.message}`));
  if (problems.length > 0) {
    lines.push('', s.bold('Failed'));
    for (const p of problems) {
      lines.push(
        ...wrapText(p, max - 4)
          .map((l, i) => (i === 0 ? `  ${l}` : `    ${l}`))
          .map(s.red),
      );
    }
  }

  if (!updating) {
    const line = baselineSummaryLine(items);
    lines.push('', baselineTotals(items).failedScenarios === 0 ? s.green(line) : s.red(s.bold(line)));
  }
  return `${lines.join('\n')}\n`;
}
