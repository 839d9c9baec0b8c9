/**
 * The default output of `faultline check`: one line per scenario run, a table of every
 * hypothesis (a row per scenario, then its hypotheses: where it was measured, expected, measured,
 * pass/fail), the reason for each failure, and a summary line "N of M hypotheses passed in K
 * scenarios". On a terminal the table fits its width by shortening the hypothesis names (the first
 * column); on a pipe nothing is cut.
 */

import { formatAgainst, type HypothesisOutcome } from '../../sim-core/hypotheses/index.ts';
import { terminalSafe } from '../terminal-text.ts';
import { duration } from './format.ts';
import { style as makeStyle, wrapText } from './style.ts';
import { renderTable } from './table.ts';

/** One checked scenario: its run and the outcome of each of its hypotheses. */
export interface ScenarioCheck {
  id: string;
  /** How the scenario was named on the command line (a built-in id or a file path). */
  source: string;
  seed: number;
  traceHash: string;
  stopReason: 'completed' | 'max-events' | 'max-in-flight';
  stopMessage: string;
  /** True when every hypothesis passed (also when there are none). */
  passed: boolean;
  hypotheses: HypothesisOutcome[];
  /** Wall-clock time of the run, ms (measured by the CLI). */
  wallMs: number;
}

export interface CheckReportOptions {
  colour: boolean;
  /** Maximum line width; 100 by default. */
  width?: number;
  /** False: the table cuts nothing (stdout is a pipe); true by default. */
  cut?: boolean;
}

/** Counts over every checked scenario. */
export function checkTotals(checks: readonly ScenarioCheck[]): {
  passed: number;
  total: number;
  scenarios: number;
} {
  const all = checks.flatMap((c) => c.hypotheses);
  return { passed: all.filter((h) => h.passed).length, total: all.length, scenarios: checks.length };
}

/** `2 of 3 hypotheses passed in 1 scenario`. */
export function summaryLine(checks: readonly ScenarioCheck[]): string {
  const { passed, total, scenarios } = checkTotals(checks);
  return `${passed} of ${total} ${total === 1 ? 'hypothesis' : 'hypotheses'} passed in ${scenarios} ${
    scenarios === 1 ? 'scenario' : 'scenarios'
  }`;
}

/** Where a hypothesis was measured, in short: `summary`, `mean 30–60 s`, `every 30–60 s`. */
function over(h: HypothesisOutcome): string {
  if (h.mode === 'summary') return h.scope.startsWith('summary') ? 'summary' : h.scope;
  const prefix = h.mode === 'window' ? 'mean over ' : 'every bucket in ';
  return h.scope.startsWith(prefix)
    ? `${h.mode === 'window' ? 'mean' : 'every'} ${h.scope.slice(prefix.length)}`
    : h.scope;
}

/** The whole report, ending with a newline. */
export function renderCheckReport(given: readonly ScenarioCheck[], options: CheckReportOptions): string {
  // Scenario text (title, names, labels) is shown with its control characters escaped.
  const checks = terminalSafe(given);
  const s = makeStyle(options.colour);
  const max = options.width ?? 100;
  const lines: string[] = [];

  for (const c of checks) {
    const n = c.hypotheses.length;
    const ok = c.hypotheses.filter((h) => h.passed).length;
    const verdict =
      n === 0 ? s.dim('no hypotheses') : ok === n ? s.green(`${ok}/${n} passed`) : s.red(`${ok}/${n} passed`);
    lines.push(
      [
        s.bold(c.id),
        `seed ${c.seed}`,
        `trace ${s.cyan(c.traceHash)}`,
        `${duration(c.wallMs)} wall`,
        verdict,
      ].join(s.dim(' · ')),
    );
    if (c.stopReason !== 'completed') lines.push(...wrapText(`warning: ${c.stopMessage}`, max).map(s.yellow));
  }

  // One row naming each scenario, then its hypotheses indented below it.
  const rows: string[][] = [];
  const kinds: ('scenario' | 'pass' | 'fail')[] = [];
  for (const c of checks) {
    if (c.hypotheses.length === 0) continue;
    rows.push([c.id, '', '', '', '']);
    kinds.push('scenario');
    for (const h of c.hypotheses) {
      rows.push([
        `  ${h.name}`,
        over(h),
        h.expected,
        h.measured === null ? '—' : formatAgainst(h.measured, h.bound),
        h.passed ? 'pass' : 'FAIL',
      ]);
      kinds.push(h.passed ? 'pass' : 'fail');
    }
  }

  if (rows.length > 0) {
    const headers = ['scenario / hypothesis', 'over', 'expected', 'measured', 'result'];
    lines.push(
      '',
      ...renderTable(
        {
          columns: headers.map((header, i) => ({
            header,
            align: i === 3 ? ('right' as const) : ('left' as const),
          })),
          rows,
          colour: (row, column, text) => {
            if (kinds[row] === 'scenario') return s.bold(text);
            if (column === 4) return kinds[row] === 'pass' ? s.green(text) : s.red(s.bold(text));
            return text;
          },
        },
        options.cut === false ? Number.POSITIVE_INFINITY : max,
        s,
      ),
    );
  }

  const failures = checks.flatMap((c) => c.hypotheses.filter((h) => !h.passed).map((h) => ({ c, h })));
  if (failures.length > 0) {
    lines.push('', s.bold('Failed'));
    for (const { c, h } of failures) {
      const wrapped = wrapText(`${c.id} › ${h.name} (${h.metric}): ${h.detail}`, max - 4);
      lines.push(...wrapped.map((l, i) => (i === 0 ? `  ${l}` : `    ${l}`)));
    }
  }

  const { passed, total } = checkTotals(checks);
  const line = summaryLine(checks);
  lines.push('', passed === total ? s.green(line) : s.red(s.bold(line)));
  return `${lines.join('\n')}\n`;
}
