/**
 * The default output of `faultline run`: a report for a terminal, at most 100 columns wide.
 *
 * A header (what ran, its trace hash, how long it took), a table per client and per service
 * (the golden signals over the summary window; rare causes such as shed or breakerOpen get a
 * column only when they happened), then when they apply: the edges (calls, retries, hedges,
 * refusals, fallbacks, breakers, when the scenario has caller-side patterns), the message queues,
 * the recovery after each fault, the SLOs and their burn-rate alerts, and the control plane
 * (probes, restarts, scaling, failovers, rollouts: `control-plane.ts`); last, sparklines of the
 * series over time.
 */

import type {
  ClientSeries,
  ClientSummary,
  EdgeSeries,
  EdgeSummary,
  FaultRecovery,
  QueueSeries,
  QueueSummary,
  RunResult,
  ServiceSeries,
  ServiceSummary,
  StoreSummary,
} from '../../sim-core/metrics/result.ts';
import type { CallPolicySpec, Scenario } from '../../sim-core/scenario/spec.ts';
import { terminalSafe } from '../terminal-text.ts';
import { controlPlaneSection } from './control-plane.ts';
import { count, duration, ms, percent, rate, ratio, short, sig3, wholePercent } from './format.ts';
import { downsample, type Merge, range, sparkline } from './sparkline.ts';
import { style as makeStyle, padEnd, type Style, truncate, width, wrapText } from './style.ts';
import { type ColumnGroup, renderTable, type Table, tableWidth } from './table.ts';

export interface ReportOptions {
  /** Use ANSI colours. */
  colour: boolean;
  /** Wall-clock time the run took, ms (measured by the CLI: sim-core never reads a clock). */
  wallMs: number;
  /** Maximum line width; 100 by default. */
  width?: number;
  /** False: the title is not cut to the width (stdout is a pipe); true by default. */
  cut?: boolean;
  /**
   * The scenario that ran, if known: the edges table then shows whenever a caller-side pattern
   * is configured, even one that never acted. Without it, the result alone decides.
   */
  scenario?: Scenario;
}

/** The whole report, ending with a newline. */
export function renderReport(given: RunResult, options: ReportOptions): string {
  // Scenario text (title, names, labels) is shown with its control characters escaped.
  const result = terminalSafe(given);
  const s = makeStyle(options.colour);
  const max = options.width ?? 100;
  const { summary } = result;
  const edges = hasPatterns(result, options.scenario);
  const sections: string[][] = [
    header(result, options.wallMs, max, options.cut !== false, s),
    clientTable(result, max, s),
    serviceTable(result, max, s),
  ];
  if (edges && Object.keys(summary.edges).length > 0) sections.push(edgeTable(result, max, s));
  if (Object.keys(summary.queues).length > 0) sections.push(queueTable(result, max, s));
  // `?? {}`: a result saved before stores existed has none.
  if (Object.keys(summary.stores ?? {}).length > 0) sections.push(storeTable(result, max, s));
  if (summary.faults.length > 0) sections.push(faultTable(result, max, s));
  if (Object.keys(summary.slos).length > 0) sections.push(sloTable(result, max, s));
  if (Object.keys(summary.alerts).length > 0) sections.push(alertTable(result, max, s));
  const control = controlPlaneSection(result, max, s);
  if (control !== null) sections.push(control);
  sections.push(overTime(result, edges, max, s));
  const notes =
    'Rates are per simulated second over the summary window; latency is of successful requests; ' +
    'ampl = attempts at the service / user requests offered' +
    (edges ? '; edge ampl = attempts per call (retries and hedges included).' : '.');
  sections.push(wrapText(notes, max).map(s.dim));
  const lines = sections.flatMap((section, i) => (i === 0 ? section : ['', ...section]));
  return `${lines.join('\n')}\n`;
}

function header(r: RunResult, wallMs: number, max: number, cut: boolean, s: Style): string[] {
  const eventsPerSec = wallMs > 0 ? r.events / (wallMs / 1000) : null;
  const { window, network } = r.summary;
  const lines = [
    s.bold(cut ? truncate(r.title, max) : r.title),
    [
      `scenario ${s.bold(r.scenario)}`,
      `seed ${r.seed}`,
      `trace ${s.cyan(r.traceHash)}`,
      `${count(r.events)} events`,
    ].join(s.dim(' · ')),
    [
      `${duration(r.simTimeMs)} simulated`,
      `${duration(wallMs)} wall`,
      eventsPerSec === null ? 'instant' : `${short(eventsPerSec)} events/s`,
    ].join(s.dim(' · ')),
  ];
  const windowText =
    window.fromMs > 0
      ? `summary over ${duration(window.fromMs)}–${duration(window.toMs)} (after the warm-up)`
      : 'summary over the whole run';
  const lossText =
    network.sent === 0
      ? 'no network messages'
      : `network: ${count(network.sent)} messages, ${count(network.lost)} lost`;
  if (r.stopReason === 'completed') {
    lines.push(...wrapText(`${windowText} · ${lossText}`, max).map(s.dim));
  } else {
    lines.push(...wrapText(`warning: ${r.stopMessage}`, max).map(s.yellow));
    lines.push(...wrapText(`${windowText} · ${lossText}`, max).map(s.dim));
  }
  return lines;
}

// ---------------------------------------------------------------- entity tables

/** How a cell is coloured: errors red, things worth a look yellow. */
type Tone = 'plain' | 'error' | 'warn';

/** A column of a table of entities (clients, services, edges, ...): its header and its cell. */
interface Col<T> {
  header: string;
  cell: (v: T) => string;
  tone?: (v: T) => Tone;
}

/** Columns under one group header (`label`), or without one. */
interface Section<T> {
  label?: string;
  cols: Col<T>[];
}

/** A count column that is red when not zero. */
function errorCol<T>(header: string, get: (v: T) => number): Col<T> {
  return { header, cell: (v) => count(get(v)), tone: (v) => (get(v) > 0 ? 'error' : 'plain') };
}

/** A count column that is yellow when not zero. */
function warnCol<T>(header: string, get: (v: T) => number): Col<T> {
  return { header, cell: (v) => count(get(v)), tone: (v) => (get(v) > 0 ? 'warn' : 'plain') };
}

function plainCol<T>(header: string, cell: (v: T) => string): Col<T> {
  return { header, cell };
}

/** The table of `entries` (name, value), the name in bold in the first column. */
function entityTable<T>(nameHeader: string, entries: [string, T][], sections: Section<T>[], s: Style): Table {
  const cols = sections.flatMap((x) => x.cols);
  const groups: ColumnGroup[] = [];
  let from = 1;
  for (const section of sections) {
    const n = section.cols.length;
    if (section.label !== undefined && n > 0) groups.push({ label: section.label, from, to: from + n - 1 });
    from += n;
  }
  return {
    columns: [
      { header: nameHeader, align: 'left' },
      ...cols.map((c) => ({ header: c.header, align: 'right' as const })),
    ],
    groups,
    rows: entries.map(([name, v]) => [name, ...cols.map((c) => c.cell(v))]),
    colour: (row, column, text) => {
      if (column === 0) return s.bold(text);
      const tone = cols[column - 1].tone?.(entries[row][1]) ?? 'plain';
      return tone === 'error' ? s.red(text) : tone === 'warn' ? s.yellow(text) : text;
    },
  };
}

/** Columns shown only when they have something to say. */
interface Extra<T> {
  /** Columns that continue section `into` (under its group header). */
  join: Col<T>[];
  /** Sections of their own, placed after section `into`. */
  own: Section<T>[];
}

/**
 * An entity table with `extra` columns (rare causes, shown only when they happened): they join
 * the table when it still fits `max`; otherwise they get a second table of their own under the
 * first, so no line is wider than `max` and no name is cut short.
 */
function tableWithExtras<T>(
  nameHeader: string,
  entries: [string, T][],
  sections: Section<T>[],
  into: number,
  extra: Extra<T>,
  max: number,
  s: Style,
): string[] {
  const own = extra.own.filter((x) => x.cols.length > 0);
  const base = entityTable(nameHeader, entries, sections, s);
  if (extra.join.length === 0 && own.length === 0) return renderTable(base, max, s);
  const joined = sections.flatMap((section, i) =>
    i === into ? [{ label: section.label, cols: [...section.cols, ...extra.join] }, ...own] : [section],
  );
  const one = entityTable(nameHeader, entries, joined, s);
  if (tableWidth(one) <= max) return renderTable(one, max, s);
  const more: Section<T>[] = [{ label: 'more errors', cols: extra.join }, ...own];
  return [
    ...renderTable(base, max, s),
    '',
    ...renderTable(
      entityTable(
        nameHeader,
        entries,
        more.filter((x) => x.cols.length > 0),
        s,
      ),
      max,
      s,
    ),
  ];
}

/** The columns among `candidates` whose value is not zero for at least one entry. */
function nonZero<T>(
  entries: [string, T][],
  candidates: [string, (v: T) => number][],
): [string, (v: T) => number][] {
  return candidates.filter(([, get]) => entries.some(([, v]) => get(v) !== 0));
}

function clientTable(r: RunResult, max: number, s: Style): string[] {
  const entries = Object.entries(r.summary.clients);
  if (entries.length === 0) return [s.dim('no clients')];
  type C = ClientSummary;
  const rareErrors = nonZero<C>(entries, [
    ['shed', (c) => c.errors.shed],
    ['rateLimited', (c) => c.errors.rateLimited],
    ['breakerOpen', (c) => c.errors.breakerOpen],
    ['bulkheadFull', (c) => c.errors.bulkheadFull],
    ['limited', (c) => c.errors.limited],
  ]);
  const answers: Col<C>[] = nonZero<C>(entries, [['degraded', (c) => c.degraded]])
    .map(([h, get]) => warnCol(h, get))
    .concat(nonZero<C>(entries, [['corrupt', (c) => c.corrupt]]).map(([h, get]) => errorCol(h, get)));
  const sections: Section<C>[] = [
    {
      cols: [
        plainCol('offered/s', (c) => rate(c.offeredPerSec)),
        plainCol('goodput/s', (c) => rate(c.goodputPerSec)),
        {
          header: 'err%',
          cell: (c) => percent(c.errorRate),
          tone: (c) => (c.errorRate > 0 ? 'error' : 'plain'),
        },
      ],
    },
    {
      label: 'errors by cause',
      cols: [
        errorCol('failed', (c) => c.errors.failed),
        errorCol('timedOut', (c) => c.errors.timedOut),
        errorCol('rejected', (c) => c.errors.rejected),
        errorCol('dropped', (c) => c.errors.dropped),
      ],
    },
    {
      label: 'latency ms',
      cols: [plainCol('p50', (c) => ms(c.latencyMs.p50)), plainCol('p99', (c) => ms(c.latencyMs.p99))],
    },
    { cols: [plainCol('in flight', (c) => count(c.inFlight))] },
  ];
  const extra: Extra<C> = { join: rareErrors.map(([h, get]) => errorCol(h, get)), own: [{ cols: answers }] };
  return tableWithExtras('client', entries, sections, 1, extra, max, s);
}

function serviceTable(r: RunResult, max: number, s: Style): string[] {
  const entries = Object.entries(r.summary.services);
  if (entries.length === 0) return [s.dim('no services')];
  type V = ServiceSummary;
  const sections: Section<V>[] = [
    {
      cols: [
        plainCol('attempts/s', (v) => rate(v.attemptsPerSec)),
        plainCol('goodput/s', (v) => rate(v.goodputPerSec)),
      ],
    },
    {
      label: 'errors',
      cols: [errorCol('failed', (v) => v.errors.failed), errorCol('rejected', (v) => v.errors.rejected)],
    },
    {
      label: 'latency ms',
      cols: [
        plainCol('p50', (v) => ms(v.latencyMs.p50)),
        plainCol('p90', (v) => ms(v.latencyMs.p90)),
        plainCol('p99', (v) => ms(v.latencyMs.p99)),
        plainCol('p99.9', (v) => ms(v.latencyMs.p999)),
      ],
    },
    {
      label: 'queue',
      cols: [plainCol('mean / max', (v) => `${sig3(v.queueDepth.mean)} / ${count(v.queueDepth.max)}`)],
    },
    {
      cols: [
        {
          header: 'util',
          cell: (v) => wholePercent(v.utilisation),
          tone: (v) => (v.utilisation >= 0.9 ? 'warn' : 'plain'),
        },
        plainCol('ampl', (v) => (v.amplification === null ? '—' : `${ratio(v.amplification)}×`)),
      ],
    },
  ];
  const rare = nonZero<V>(entries, [
    ['shed', (v) => v.errors.shed],
    ['rateLimited', (v) => v.errors.rateLimited],
    ['limited', (v) => v.errors.limited],
  ]);
  const extra: Extra<V> = { join: rare.map(([h, get]) => errorCol(h, get)), own: [] };
  return tableWithExtras('service', entries, sections, 1, extra, max, s);
}

/** True when the edges table has something to say: a pattern is configured or acted. */
function hasPatterns(r: RunResult, scenario: Scenario | undefined): boolean {
  if (scenario !== undefined) {
    const policies: CallPolicySpec[] = [...scenario.clients, ...scenario.services.flatMap((x) => x.calls)];
    const configured = policies.some(
      (p) =>
        p.retry !== null ||
        p.breaker !== null ||
        p.bulkhead !== null ||
        p.rateLimit !== null ||
        p.hedge !== null ||
        p.fallback !== null ||
        p.adaptiveLimit !== null ||
        p.deadlineMs !== null,
    );
    if (configured) return true;
  }
  return Object.values(r.summary.edges).some(
    (e) =>
      e.breaker !== null ||
      e.limit !== null ||
      e.retries + e.hedges + e.retriesSuppressed + e.fallbacks + e.corruptDetected > 0 ||
      refusedTotal(e) > 0,
  );
}

function refusedTotal(e: EdgeSummary): number {
  const x = e.refused;
  return x.breakerOpen + x.rateLimited + x.bulkheadFull + x.limited;
}

function edgeTable(r: RunResult, max: number, s: Style): string[] {
  const entries = Object.entries(r.summary.edges);
  type E = EdgeSummary;
  const sections: Section<E>[] = [
    {
      cols: [
        plainCol('calls', (e) => count(e.calls)),
        plainCol('attempts', (e) => count(e.attempts)),
        warnCol('retries', (e) => e.retries),
        plainCol('hedges', (e) => count(e.hedges)),
        warnCol('suppressed', (e) => e.retriesSuppressed),
        errorCol('refused', refusedTotal),
        warnCol('fallbacks', (e) => e.fallbacks),
        plainCol('ampl', (e) => (e.amplification === null ? '—' : `${ratio(e.amplification)}×`)),
      ],
    },
    {
      label: 'breaker',
      cols: [
        {
          header: 'opened',
          cell: (e) => (e.breaker === null ? '—' : count(e.breaker.opened)),
          tone: (e) => ((e.breaker?.opened ?? 0) > 0 ? 'warn' : 'plain'),
        },
      ],
    },
  ];
  return renderTable(entityTable('edge', entries, sections, s), max, s);
}

function queueTable(r: RunResult, max: number, s: Style): string[] {
  const entries = Object.entries(r.summary.queues);
  type Q = QueueSummary;
  const sections: Section<Q>[] = [
    {
      cols: [
        plainCol('published', (q) => count(q.published)),
        plainCol('delivered', (q) => count(q.delivered)),
        warnCol('redelivered', (q) => q.redeliveries),
        errorCol('dead-letter', (q) => q.deadLettered),
      ],
    },
    {
      label: 'depth',
      cols: [plainCol('mean / max', (q) => `${sig3(q.depth.mean)} / ${count(q.depth.max)}`)],
    },
    { cols: [plainCol('oldest ms', (q) => sig3(q.oldestAgeMsMax))] },
    {
      label: 'delivery ms',
      cols: [
        plainCol('p50', (q) => ms(q.deliveryLatencyMs.p50)),
        plainCol('p99', (q) => ms(q.deliveryLatencyMs.p99)),
      ],
    },
  ];
  return renderTable(entityTable('queue', entries, sections, s), max, s);
}

/** Replicated stores: operations and the anomalies the oracle counted (whole run). */
function storeTable(r: RunResult, max: number, s: Style): string[] {
  const entries = Object.entries(r.summary.stores);
  type St = StoreSummary;
  const sections: Section<St>[] = [
    { cols: [plainCol('reads', (x) => count(x.reads)), plainCol('writes', (x) => count(x.writes))] },
    {
      label: 'anomalies (whole run)',
      cols: [
        errorCol('stale', (x) => x.staleReads),
        errorCol('lost', (x) => x.lostWrites),
        errorCol('split', (x) => x.splitBrainWrites),
        warnCol('ryw', (x) => x.readYourWritesViolations),
        warnCol('mono', (x) => x.monotonicReadViolations),
      ],
    },
    {
      cols: [
        warnCol('conflicts', (x) => x.conflicts),
        errorCol('unavail', (x) => x.unavailable),
        warnCol('timedOut', (x) => x.timedOut),
      ],
    },
  ];
  return renderTable(entityTable('store', entries, sections, s), max, s);
}

/** Did all clients' goodput fall below 90% of the pre-fault level in a bucket inside the fault? */
function dippedDuring(f: FaultRecovery, r: RunResult): boolean {
  if (f.preFaultGoodputPerSec === null || f.endMs === null) return false;
  const { startMs, bucketMs, clients } = r.series;
  const threshold = 0.9 * f.preFaultGoodputPerSec;
  return startMs.some(
    (t, b) =>
      t >= f.startMs &&
      t + bucketMs <= f.endMs! &&
      Object.values(clients).reduce((sum, c) => sum + c.goodputPerSec[b], 0) < threshold,
  );
}

/** What became of goodput after a fault, in words (see `sim-core/metrics/recovery.ts`). */
export function recoveryText(f: FaultRecovery, r: RunResult): { text: string; tone: Tone } {
  if (f.recoveryMs !== null) {
    if (f.recoveryMs > 0) return { text: `recovered ${duration(f.recoveryMs)} after the end`, tone: 'plain' };
    // recoveryMs 0 also means "back in the first bucket after the fault": say whether it dipped.
    return dippedDuring(f, r)
      ? { text: 'dipped during the fault, back as it ended', tone: 'plain' }
      : { text: 'goodput never dropped', tone: 'plain' };
  }
  if (f.metastable) return { text: 'metastable: goodput never came back', tone: 'error' };
  if (f.endMs === null || f.endMs >= r.simTimeMs) return { text: 'ongoing', tone: 'warn' };
  if (f.preFaultGoodputPerSec === null) return { text: 'no goodput before it to recover to', tone: 'plain' };
  const end = f.endMs;
  const interrupted = r.summary.faults.some((o) => o !== f && o.startMs >= end && o.startMs < r.simTimeMs);
  return interrupted
    ? { text: 'not back when the next fault started', tone: 'warn' }
    : { text: 'not back yet: too little run left to tell', tone: 'warn' };
}

function faultTable(r: RunResult, max: number, s: Style): string[] {
  const rows = r.summary.faults.map((f) => ({ f, recovery: recoveryText(f, r) }));
  const table: Table = {
    columns: [
      { header: 'fault', align: 'left' },
      { header: 'kind', align: 'left' },
      { header: 'window', align: 'left' },
      { header: 'before/s', align: 'right' },
      { header: 'recovery', align: 'left' },
    ],
    rows: rows.map(({ f, recovery }) => [
      f.name,
      f.kind,
      `${duration(f.startMs)}–${f.endMs === null ? 'end' : duration(f.endMs)}`,
      f.preFaultGoodputPerSec === null ? '—' : rate(f.preFaultGoodputPerSec),
      recovery.text,
    ]),
    colour: (row, column, text) => {
      if (column === 0) return s.bold(text);
      if (column !== 4) return text;
      const tone = rows[row].recovery.tone;
      return tone === 'error' ? s.red(text) : tone === 'warn' ? s.yellow(text) : text;
    },
  };
  return tableWithNote(
    table,
    'before/s = goodput before the fault; recovery = from the end of the fault until goodput holds ' +
      'within 10% of that for 3 buckets.',
    max,
    s,
  );
}

/** A table and the dim note under it that explains its columns. */
function tableWithNote(table: Table, note: string, max: number, s: Style): string[] {
  return [...renderTable(table, max, s), ...wrapText(note, max).map(s.dim)];
}

function sloTable(r: RunResult, max: number, s: Style): string[] {
  const rows = Object.entries(r.summary.slos);
  const table: Table = {
    columns: [
      { header: 'SLO', align: 'left' },
      { header: 'measures', align: 'left' },
      { header: 'objective', align: 'left' },
      { header: 'good / total', align: 'right' },
      { header: 'SLI', align: 'right' },
      { header: 'budget spent', align: 'right' },
    ],
    rows: rows.map(([name, o]) => [
      name,
      o.client !== null ? `client ${o.client}` : `service ${o.service}`,
      `${o.objective.kind === 'latency' ? `<= ${ms(o.objective.thresholdMs)} ms` : 'available'} ${percent(o.objective.target)}`,
      `${count(o.good)} / ${count(o.total)}`,
      o.sli === null ? '—' : percent(o.sli),
      percent(o.errorBudgetSpent),
    ]),
    colour: (row, column, text) => {
      if (column === 0) return s.bold(text);
      return column >= 4 && !rows[row][1].attained ? s.red(text) : text;
    },
  };
  return tableWithNote(
    table,
    'budget spent = bad requests / the bad requests the target allows, over the compliance window (100%: all of it).',
    max,
    s,
  );
}

/** When an alert's action took effect (`12.0 s`), and was undone (`12.0 s–22.0 s`). */
function actionsText(actions: readonly { atMs: number; endedAtMs: number | null }[]): string {
  const one = (a: { atMs: number; endedAtMs: number | null }) =>
    a.endedAtMs === null ? `from ${duration(a.atMs)}` : `${duration(a.atMs)}–${duration(a.endedAtMs)}`;
  if (actions.length === 0) return '—';
  return actions.length <= 2
    ? actions.map(one).join(', ')
    : `${one(actions[0])} and ${actions.length - 1} more`;
}

function alertTable(r: RunResult, max: number, s: Style): string[] {
  const rows = Object.entries(r.summary.alerts);
  const span = (f: { atMs: number; clearedAtMs: number | null }) =>
    `${duration(f.atMs)}–${f.clearedAtMs === null ? 'end' : duration(f.clearedAtMs)}`;
  const fired = (f: { atMs: number; clearedAtMs: number | null }[]) =>
    f.length === 0
      ? 'never'
      : f.length <= 2
        ? f.map(span).join(', ')
        : `${span(f[0])} and ${f.length - 1} more`;
  const table: Table = {
    columns: [
      { header: 'alert', align: 'left' },
      { header: 'SLO', align: 'left' },
      { header: 'fired', align: 'left' },
      { header: 'detect', align: 'right' },
      { header: 'mitigate', align: 'right' },
      { header: 'action', align: 'left' },
    ],
    rows: rows.map(([name, a]) => [
      name,
      a.slo,
      fired(a.fired),
      a.timeToDetectMs === null ? '—' : duration(a.timeToDetectMs),
      a.timeToMitigateMs === null ? '—' : duration(a.timeToMitigateMs),
      actionsText(a.actions ?? []),
    ]),
    colour: (row, column, text) => {
      if (column === 0) return s.bold(text);
      return column === 2 && rows[row][1].firing ? s.yellow(text) : text;
    },
  };
  return tableWithNote(
    table,
    'detect / mitigate = from the start of the first fault to the first firing after it / to its action taking effect; action = when it took effect, and until it was undone (until: "cleared").',
    max,
    s,
  );
}

/** One sparkline row: which series, how to merge buckets, how to show its values. */
interface Line {
  entity: string;
  label: string;
  values: (number | null)[];
  merge: Merge;
  show: (n: number) => string;
  bad?: boolean;
}

function sum(...series: number[][]): number[] {
  return series[0].map((_, i) => series.reduce((a, s) => a + s[i], 0));
}

const hasAny = (values: readonly (number | null)[]) => values.some((v) => v !== null && v !== 0);

function serviceLines(name: string, v: ServiceSeries): Line[] {
  return [
    { entity: name, label: 'goodput/s', values: v.goodputPerSec, merge: 'mean', show: rate },
    { entity: name, label: 'p99 ms', values: v.latencyP99Ms, merge: 'max', show: sig3 },
    {
      entity: name,
      label: 'errors/s',
      values: sum(...Object.values(v.errorsPerSec)),
      merge: 'mean',
      show: rate,
      bad: true,
    },
    { entity: name, label: 'queue', values: v.queueDepthMean, merge: 'mean', show: sig3 },
  ];
}

function clientLines(name: string, c: ClientSeries): Line[] {
  const lines: Line[] = [
    { entity: name, label: 'goodput/s', values: c.goodputPerSec, merge: 'mean', show: rate },
    {
      entity: name,
      label: 'errors/s',
      values: sum(...Object.values(c.errorsPerSec)),
      merge: 'mean',
      show: rate,
      bad: true,
    },
  ];
  if (hasAny(c.degradedPerSec)) {
    lines.push({ entity: name, label: 'degraded/s', values: c.degradedPerSec, merge: 'mean', show: rate });
  }
  return lines;
}

/** An edge's retries, refusals and breaker over time, those that ever moved. */
function edgeLines(name: string, e: EdgeSeries, summary: EdgeSummary): Line[] {
  const lines: Line[] = [];
  if (hasAny(e.retriesPerSec)) {
    lines.push({ entity: name, label: 'retries/s', values: e.retriesPerSec, merge: 'mean', show: rate });
  }
  if (hasAny(e.refusedPerSec)) {
    lines.push({
      entity: name,
      label: 'refused/s',
      values: e.refusedPerSec,
      merge: 'mean',
      show: rate,
      bad: true,
    });
  }
  if (summary.breaker !== null && hasAny(e.breakerOpen)) {
    lines.push({
      entity: name,
      label: 'breaker open',
      values: e.breakerOpen,
      merge: 'max',
      show: sig3,
      bad: true,
    });
  }
  if (summary.limit !== null) {
    lines.push({ entity: name, label: 'limit', values: e.limit, merge: 'mean', show: sig3 });
  }
  return lines;
}

function queueLines(name: string, q: QueueSeries): Line[] {
  return [
    { entity: name, label: 'depth', values: q.depthMean, merge: 'mean', show: sig3 },
    { entity: name, label: 'oldest ms', values: q.oldestAgeMs, merge: 'max', show: sig3 },
  ];
}

function overTime(r: RunResult, edges: boolean, max: number, s: Style): string[] {
  const { series } = r;
  const buckets = series.startMs.length;
  if (buckets === 0) return [s.dim('no time series (the run ended before its first bucket)')];
  const groups: Line[][] = [
    ...Object.entries(series.services).map(([name, v]) => serviceLines(name, v)),
    ...Object.entries(series.clients).map(([name, c]) => clientLines(name, c)),
    ...(edges
      ? Object.entries(series.edges).map(([name, e]) => edgeLines(name, e, r.summary.edges[name]))
      : []),
    ...Object.entries(series.queues).map(([name, q]) => queueLines(name, q)),
  ].filter((g) => g.length > 0);
  const all = groups.flat();
  const nameWidth = Math.min(16, Math.max(...all.map((l) => width(l.entity))));
  const labelWidth = Math.max(...all.map((l) => width(l.label)));
  const rangeText = (l: Line, values: (number | null)[]) => {
    const span = range(values);
    return span === null ? 'no data' : `min ${l.show(span.min)}  max ${l.show(span.max)}`;
  };
  // Room for the line itself once names, labels and the widest min/max are placed.
  const widestRange = Math.max(...all.map((l) => width(rangeText(l, l.values))));
  const room = Math.max(10, max - nameWidth - labelWidth - widestRange - 6);
  const perPoint = Math.ceil(buckets / room);
  const shown = perPoint === 1 ? 'one character per bucket' : `one character per ${perPoint} buckets`;
  const lines = [
    s.bold('Over time'),
    s.dim(
      truncate(
        `${duration(series.bucketMs)} buckets from 0 to ${duration(r.simTimeMs)} (warm-up included), ${shown}`,
        max,
      ),
    ),
  ];
  for (const group of groups) {
    group.forEach((l, i) => {
      const values = downsample(l.values, room, l.merge);
      const span = range(values);
      const line = sparkline(values);
      const coloured = l.bad && span !== null && span.max > 0 ? s.red(line) : s.cyan(line);
      const name = i === 0 ? truncate(l.entity, nameWidth) : '';
      lines.push(
        `${padEnd(s.bold(name), nameWidth)}  ${padEnd(s.dim(l.label), labelWidth)}  ${coloured}  ${s.dim(rangeText(l, values))}`,
      );
    });
  }
  return lines;
}
