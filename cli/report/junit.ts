/**
 * `faultline check --junit FILE`: JUnit XML, so any CI shows each scenario and what was checked.
 *
 * ```xml
 * <testsuites name="faultline check" tests="5" failures="1" errors="0" time="1.234">
 *   <testsuite name="retry-storm" tests="5" failures="1" errors="0" skipped="0" time="1.234">
 *     <properties>
 *       <property name="seed" value="1"/>
 *       <property name="traceHash" value="9f0c2a51d3e4b687"/>
 *     </properties>
 *     <testcase classname="retry-storm.hypotheses" name="goodput recovers"/>
 *     <testcase classname="retry-storm.baseline" name="clients.users.goodputPerSec">
 *       <failure type="baseline-drift" message="...">...</failure>
 *     </testcase>
 *     <testcase classname="retry-storm.baseline" name="trace hash"/>
 *   </testsuite>
 * </testsuites>
 * ```
 *
 * One `testsuite` per scenario; one `testcase` per hypothesis (classname `<id>.hypotheses`) and,
 * with `--baseline`, one per baseline metric plus `trace hash` (classname `<id>.baseline`; a
 * missing file or another seed is a failing `baseline file` / `baseline seed` case). A scenario
 * with nothing to check still gets one passing case, `run`, so it shows up. Times are wall-clock
 * seconds of the scenario's runs, on the suites.
 */

import { formatNumber } from '../../sim-core/hypotheses/format.ts';
import type { HypothesisOutcome } from '../../sim-core/hypotheses/index.ts';
import type { BaselineCheck, BaselineProblem, MetricCheck } from '../baseline/compare.ts';
import { driftText } from './baseline-table.ts';
import type { ScenarioCheck } from './check-table.ts';

/** A checked scenario and, with `--baseline`, how it compares with its baseline. */
export interface JunitScenario {
  check: ScenarioCheck;
  baseline: BaselineCheck | null;
}

interface TestCase {
  classname: string;
  name: string;
  failure: { type: string; message: string; body: string } | null;
  out: string | null;
}

// Characters XML 1.0 does not allow at all (controls other than tab/LF/CR, lone surrogates, U+FFFE/F).
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: `&`, `<` and `>` escaped, characters XML cannot hold replaced by U+FFFD. */
export function escapeXmlText(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An attribute value (in double quotes): also quotes, and line breaks/tabs kept as character references. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

const attrs = (pairs: [string, string | number][]) =>
  pairs.map(([k, v]) => ` ${k}="${escapeXmlAttribute(String(v))}"`).join('');

function hypothesisCase(id: string, h: HypothesisOutcome): TestCase {
  return {
    classname: `${id}.hypotheses`,
    name: h.name,
    failure: h.passed
      ? null
      : {
          type: 'hypothesis',
          message: `${h.metric}: ${h.detail}`,
          body: `${h.name}\nmetric: ${h.metric}\nexpected: ${h.expected}\nover: ${h.scope}\n${h.detail}`,
        },
    out: null,
  };
}

function metricCase(id: string, m: MetricCheck): TestCase {
  const v = (x: number | null) => (x === null ? 'none' : formatNumber(x));
  const allowed = m.allowed === null ? '' : `, allowed ±${formatNumber(m.allowed)}`;
  const message = `${m.metric}: measured ${v(m.measured)}, baseline ${v(m.baseline)}${allowed}, drift ${driftText(m)}`;
  return {
    classname: `${id}.baseline`,
    name: m.metric,
    failure: m.passed
      ? null
      : {
          type: 'baseline-drift',
          message,
          body: `${message}\ntolerance: relative ${formatNumber(m.tolerance.relative)}, absolute ${formatNumber(
            m.tolerance.absolute,
          )}`,
        },
    out: null,
  };
}

function baselineCases(id: string, b: BaselineCheck): TestCase[] {
  const classname = `${id}.baseline`;
  const problem = (kind: BaselineProblem['kind'], name: string) => {
    const p = b.problems.find((x) => x.kind === kind);
    return p === undefined
      ? null
      : {
          classname,
          name,
          failure: { type: `baseline-${kind}`, message: p.message, body: p.message },
          out: null,
        };
  };
  const missing = problem('missing', 'baseline file');
  if (missing !== null) return [missing];
  const seed = problem('seed', 'baseline seed');
  if (seed !== null) return [seed];
  const updating = b.status !== 'compared';
  const cases: TestCase[] = b.metrics.map((m) => {
    // With --update the run *is* the new baseline: what moved is information, not a failure.
    const c = metricCase(id, m);
    return updating ? { ...c, failure: null, out: c.failure?.message ?? null } : c;
  });
  const hash = problem('trace-hash', 'trace hash');
  const moved = b.traceHash.changed ? `trace hash ${b.traceHash.baseline} -> ${b.traceHash.measured}` : null;
  cases.push(hash ?? { classname, name: 'trace hash', failure: null, out: moved });
  return cases;
}

function renderCase(c: TestCase): string[] {
  const open = `    <testcase${attrs([
    ['classname', c.classname],
    ['name', c.name],
  ])}`;
  if (c.failure === null && c.out === null) return [`${open}/>`];
  const lines = [`${open}>`];
  if (c.failure !== null) {
    lines.push(
      `      <failure${attrs([
        ['type', c.failure.type],
        ['message', c.failure.message],
      ])}>${escapeXmlText(c.failure.body)}</failure>`,
    );
  }
  if (c.out !== null) lines.push(`      <system-out>${escapeXmlText(c.out)}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The JUnit XML document, ending with a newline. */
/**
 * The JUnit XML of `scenarios`. After an interrupt, `interrupted` names the signal and the
 * scenarios that did not run: they are a suite `interrupted` of skipped cases, so CI shows the
 * partial result and what is missing.
 */
export function junitXml(
  scenarios: readonly JunitScenario[],
  interrupted: { signal: string; notRun: readonly string[] } | null = null,
): string {
  const suites = scenarios.map(({ check, baseline }) => {
    const cases = [
      ...check.hypotheses.map((h) => hypothesisCase(check.id, h)),
      ...(baseline === null ? [] : baselineCases(check.id, baseline)),
    ];
    if (cases.length === 0) cases.push({ classname: check.id, name: 'run', failure: null, out: null });
    return { check, cases, failures: cases.filter((c) => c.failure !== null).length };
  });
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const wallMs = suites.reduce((n, s) => n + s.check.wallMs, 0);
  const skipped = interrupted?.notRun.length ?? 0;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs([
      [
        'name',
        interrupted === null ? 'faultline check' : `faultline check (interrupted by ${interrupted.signal})`,
      ],
      ['tests', tests + skipped],
      ['failures', failures],
      ['errors', 0],
      ['time', seconds(wallMs)],
    ])}>`,
  ];
  for (const s of suites) {
    const c = s.check;
    lines.push(
      `  <testsuite${attrs([
        ['name', c.id],
        ['tests', s.cases.length],
        ['failures', s.failures],
        ['errors', 0],
        ['skipped', 0],
        ['time', seconds(c.wallMs)],
      ])}>`,
      '    <properties>',
      `      <property${attrs([
        ['name', 'source'],
        ['value', c.source],
      ])}/>`,
      `      <property${attrs([
        ['name', 'seed'],
        ['value', c.seed],
      ])}/>`,
      `      <property${attrs([
        ['name', 'traceHash'],
        ['value', c.traceHash],
      ])}/>`,
      '    </properties>',
    );
    for (const tc of s.cases) lines.push(...renderCase(tc));
    if (c.stopReason !== 'completed')
      lines.push(`    <system-err>${escapeXmlText(`warning: ${c.stopMessage}`)}</system-err>`);
    lines.push('  </testsuite>');
  }
  if (interrupted !== null) {
    lines.push(
      `  <testsuite${attrs([
        ['name', 'interrupted'],
        ['tests', skipped],
        ['failures', 0],
        ['errors', 0],
        ['skipped', skipped],
        ['time', 0],
      ])}>`,
    );
    for (const id of interrupted.notRun) {
      lines.push(
        `    <testcase${attrs([
          ['classname', `${id}.run`],
          ['name', 'run'],
        ])}>`,
        `      <skipped${attrs([['message', `not run: interrupted by ${interrupted.signal}`]])}/>`,
        '    </testcase>',
      );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
