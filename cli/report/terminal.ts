/**
 * The default output of `faultline run`: a report for a terminal, at most 100 columns wide.
 *
 * A header (what ran, its trace hash, how long it took), a table per client and per service
 * (the golden signals over the summary window), then sparklines of the series over time.
 */
import type { ClientSeries, RunResult, ServiceSeries } from '../../sim-core/metrics/result.ts';
import { count, duration, ms, percent, rate, ratio, short, sig3, wholePercent } from './format.ts';
import { downsample, type Merge, range, sparkline } from './sparkline.ts';
import { style as makeStyle, padEnd, type Style, truncate, width, wrapText } from './style.ts';
import { renderTable } from './table.ts';

export interface ReportOptions {
  /** Use ANSI colours. */
  colour: boolean;
  /** Wall-clock time the run took, ms (measured by the CLI: sim-core never reads a clock). */
  wallMs: number;
  /** Maximum line width; 100 by default. */
  width?: number;
}

/** The whole report, ending with a newline. */
export function renderReport(result: RunResult, options: ReportOptions): string {
  const s = makeStyle(options.colour);
  const max = options.width ?? 100;
  const lines = [
    ...header(result, options.wallMs, max, s),
    '',
    ...clientTable(result, max, s),
    '',
    ...serviceTable(result, max, s),
    '',
    ...overTime(result, max, s),
    '',
    ...wrapText(
      'Rates are per simulated second over the summary window; latency is of successful requests; ' +
        'ampl = attempts at the service / user requests offered.',
      max,
    ).map(s.dim),
  ];
  return `${lines.join('\n')}\n`;
}

function header(r: RunResult, wallMs: number, max: number, s: Style): string[] {
  const eventsPerSec = wallMs > 0 ? r.events / (wallMs / 1000) : null;
  const { window, network } = r.summary;
  const lines = [
    s.bold(truncate(r.title, max)),
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

const red = (s: Style) => (text: string) => (text.trim() === '0' || text.trim() === '' ? text : s.red(text));

function clientTable(r: RunResult, max: number, s: Style): string[] {
  const entries = Object.entries(r.summary.clients);
  if (entries.length === 0) return [s.dim('no clients')];
  const rows = entries.map(([name, c]) => [
    name,
    rate(c.offeredPerSec),
    rate(c.goodputPerSec),
    percent(c.errorRate),
    count(c.errors.failed),
    count(c.errors.timedOut),
    count(c.errors.rejected),
    count(c.errors.dropped),
    ms(c.latencyMs.p50),
    ms(c.latencyMs.p99),
    count(c.inFlight),
  ]);
  const errorColour = red(s);
  return renderTable(
    {
      columns: [
        { header: 'client', align: 'left' },
        { header: 'offered/s', align: 'right' },
        { header: 'goodput/s', align: 'right' },
        { header: 'err%', align: 'right' },
        { header: 'failed', align: 'right' },
        { header: 'timedOut', align: 'right' },
        { header: 'rejected', align: 'right' },
        { header: 'dropped', align: 'right' },
        { header: 'p50', align: 'right' },
        { header: 'p99', align: 'right' },
        { header: 'in flight', align: 'right' },
      ],
      groups: [
        { label: 'errors by cause', from: 4, to: 7 },
        { label: 'latency ms', from: 8, to: 9 },
      ],
      rows,
      colour: (_row, column, text) =>
        column === 0
          ? s.bold(text)
          : column >= 3 && column <= 7 && text.trim() !== '0%'
            ? errorColour(text)
            : text,
    },
    max,
    s,
  );
}

function serviceTable(r: RunResult, max: number, s: Style): string[] {
  const entries = Object.entries(r.summary.services);
  if (entries.length === 0) return [s.dim('no services')];
  const rows = entries.map(([name, v]) => [
    name,
    rate(v.attemptsPerSec),
    rate(v.goodputPerSec),
    count(v.errors.failed),
    count(v.errors.rejected),
    ms(v.latencyMs.p50),
    ms(v.latencyMs.p90),
    ms(v.latencyMs.p99),
    ms(v.latencyMs.p999),
    `${sig3(v.queueDepth.mean)} / ${count(v.queueDepth.max)}`,
    wholePercent(v.utilisation),
    v.amplification === null ? '—' : `${ratio(v.amplification)}×`,
  ]);
  const utilisation = entries.map(([, v]) => v.utilisation);
  const errorColour = red(s);
  return renderTable(
    {
      columns: [
        { header: 'service', align: 'left' },
        { header: 'attempts/s', align: 'right' },
        { header: 'goodput/s', align: 'right' },
        { header: 'failed', align: 'right' },
        { header: 'rejected', align: 'right' },
        { header: 'p50', align: 'right' },
        { header: 'p90', align: 'right' },
        { header: 'p99', align: 'right' },
        { header: 'p99.9', align: 'right' },
        { header: 'mean / max', align: 'right' },
        { header: 'util', align: 'right' },
        { header: 'ampl', align: 'right' },
      ],
      groups: [
        { label: 'errors', from: 3, to: 4 },
        { label: 'latency ms', from: 5, to: 8 },
        { label: 'queue', from: 9, to: 9 },
      ],
      rows,
      colour: (row, column, text) => {
        if (column === 0) return s.bold(text);
        if (column === 3 || column === 4) return errorColour(text);
        if (column === 10 && utilisation[row] >= 0.9) return s.yellow(text);
        return text;
      },
    },
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

function serviceLines(name: string, v: ServiceSeries): Line[] {
  return [
    { entity: name, label: 'goodput/s', values: v.goodputPerSec, merge: 'mean', show: rate },
    { entity: name, label: 'p99 ms', values: v.latencyP99Ms, merge: 'max', show: sig3 },
    {
      entity: name,
      label: 'errors/s',
      values: sum(v.errorsPerSec.failed, v.errorsPerSec.rejected),
      merge: 'mean',
      show: rate,
      bad: true,
    },
    { entity: name, label: 'queue', values: v.queueDepthMean, merge: 'mean', show: sig3 },
  ];
}

function clientLines(name: string, c: ClientSeries): Line[] {
  const e = c.errorsPerSec;
  return [
    { entity: name, label: 'goodput/s', values: c.goodputPerSec, merge: 'mean', show: rate },
    {
      entity: name,
      label: 'errors/s',
      values: sum(e.failed, e.timedOut, e.rejected, e.dropped),
      merge: 'mean',
      show: rate,
      bad: true,
    },
  ];
}

function overTime(r: RunResult, max: number, s: Style): string[] {
  const { series } = r;
  const buckets = series.startMs.length;
  if (buckets === 0) return [s.dim('no time series (the run ended before its first bucket)')];
  const groups: Line[][] = [
    ...Object.entries(series.services).map(([name, v]) => serviceLines(name, v)),
    ...Object.entries(series.clients).map(([name, c]) => clientLines(name, c)),
  ];
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
