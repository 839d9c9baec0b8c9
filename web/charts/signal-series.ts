/**
 * What each chart plots, taken from a run's series: pure functions from a {@link RunResult}
 * (partial or final) to panel series, so the charts stay dumb and these can be tested in Node.
 */
import { ownEntry } from '../../sim-core/metrics/by-name.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { faultLabel, hitLabel, INSTANT_FAULTS } from '../view/as-of.ts';
import type { FaultWindow } from './fault-shading.ts';
import type { LegendItem } from './legend.ts';
import { CATEGORICAL, CAUSE_COLOR, CAUSE_LABEL, OKABE_ITO, ROLE } from './palette.ts';
import type { PanelSeries } from './panel.ts';

/** A client or a service: whose golden signals to show. */
export interface Focus {
  kind: 'client' | 'service';
  name: string;
}

export interface GoldenSignalSeries {
  latency: PanelSeries[];
  traffic: PanelSeries[];
  errors: PanelSeries[];
  saturation: PanelSeries[];
  /** Whose saturation is shown: the service's own; null for a client (every service is shown). */
  saturationOf: string | null;
  /** Legend entries for the saturation panel's line styles, when its series are per service. */
  saturationLegend: LegendItem[];
}

/** The colour of legend entries that stand for a line style, not a series. */
const STYLE_INK = '#5b6475';

const anyValue = (values: readonly (number | null)[]) => values.some((v) => v !== null && v !== 0);

/**
 * The fault timeline as shaded windows, then (with a run) every chaos hit of its control
 * timeline as a window of its own, labelled with the replica it hit ("db/1 down").
 */
export function faultWindowsOf(scenario: Scenario, result: RunResult | null = null): FaultWindow[] {
  const faults: FaultWindow[] = scenario.faults.map((f) => ({
    name: f.name,
    label: faultLabel(f),
    startMs: f.atMs,
    endMs: f.durationMs === null ? null : f.atMs + f.durationMs,
    instant: INSTANT_FAULTS.has(f.kind),
  }));
  // `?? []`: a result saved before the timeline existed has none.
  const hits = (result?.summary.timeline ?? []).map((e) => ({
    name: e.source,
    label: hitLabel(e),
    startMs: e.startMs,
    endMs: e.endMs,
    instant: false,
    hit: e.node,
  }));
  return [...faults, ...hits];
}

/** The golden signals of a client or service: latency, traffic, errors by cause, saturation. */
export function goldenSignalSeries(result: RunResult | null, focus: Focus): GoldenSignalSeries {
  const out: GoldenSignalSeries = {
    latency: [],
    traffic: [],
    errors: [],
    saturation: [],
    saturationOf: null,
    saturationLegend: [],
  };
  if (result === null) return out;
  const { series } = result;
  let errors: Record<string, (number | null)[]> = {};
  let saturationOf: string | null = null;
  if (focus.kind === 'client') {
    const c = ownEntry(series.clients, focus.name);
    if (c === undefined) return out;
    out.latency = [
      { key: 'p50', label: 'p50', color: ROLE.p50, values: c.latencyP50Ms },
      { key: 'p99', label: 'p99', color: ROLE.p99, values: c.latencyP99Ms, dash: '6 3' },
    ];
    // Offered last, so its dotted line stays visible where attempts equal it (no client retries).
    out.traffic = [
      { key: 'attempts', label: 'attempts', color: ROLE.attempts, values: c.attemptsPerSec },
      { key: 'goodput', label: 'goodput', color: ROLE.goodput, values: c.goodputPerSec },
      { key: 'offered', label: 'offered', color: ROLE.offered, values: c.offeredPerSec, dash: '2 3' },
    ];
    if (anyValue(c.degradedPerSec)) {
      out.traffic.push({
        key: 'degraded',
        label: 'degraded (fallback)',
        color: OKABE_ITO.skyBlue,
        values: c.degradedPerSec,
      });
    }
    errors = c.errorsPerSec;
  } else {
    const s = ownEntry(series.services, focus.name);
    if (s === undefined) return out;
    out.latency = [
      { key: 'p50', label: 'p50', color: ROLE.p50, values: s.latencyP50Ms },
      { key: 'p99', label: 'p99', color: ROLE.p99, values: s.latencyP99Ms, dash: '6 3' },
    ];
    out.traffic = [
      { key: 'attempts', label: 'attempts arriving', color: ROLE.attempts, values: s.attemptsPerSec },
      { key: 'goodput', label: 'answered ok', color: ROLE.goodput, values: s.goodputPerSec },
    ];
    errors = s.errorsPerSec;
    saturationOf = focus.name;
  }
  out.errors = Object.entries(errors)
    .filter(([, values]) => anyValue(values))
    .map(([cause, values]) => ({
      key: cause,
      label: CAUSE_LABEL[cause] ?? cause,
      color: CAUSE_COLOR[cause] ?? OKABE_ITO.black,
      values,
    }));
  if (focus.kind === 'client') {
    // A user sees only the final outcome ("failed"); the causes behind it (rejections, shedding,
    // limits at the services its requests reach) are what a lesson asks to watch, so every
    // cause present at a service is drawn too: a dashed line over the stack, not added to it.
    for (const [name, svc] of Object.entries(series.services)) {
      for (const [cause, values] of Object.entries(svc.errorsPerSec)) {
        if (!anyValue(values)) continue;
        out.errors.push({
          key: `${name}:${cause}`,
          label: `at ${name}: ${CAUSE_LABEL[cause] ?? cause}`,
          color: CAUSE_COLOR[cause] ?? OKABE_ITO.black,
          dash: '4 2',
          overlay: true,
          values,
        });
      }
    }
  }
  if (focus.kind === 'service' && saturationOf !== null) {
    const s = series.services[saturationOf];
    out.saturation = [
      { key: 'queue', label: 'queue depth', color: ROLE.queue, values: s.queueDepthMean },
      {
        key: 'utilisation',
        label: 'utilisation',
        color: ROLE.utilisation,
        values: s.utilisation,
        right: true,
        dash: '6 3',
      },
    ];
  } else if (focus.kind === 'client') {
    // A user's requests can saturate any tier: show every service, one colour each
    // (queue depth solid on the left axis, utilisation dashed on the right).
    out.saturation = Object.entries(series.services).flatMap(([name, s], i) => [
      {
        key: `${name}:queue`,
        label: `${name} queue`,
        // One legend entry per service (its colour) and two for the line styles: two entries
        // per service did not fit a compare cell, and the db lines went unlabelled.
        legend: name,
        color: CATEGORICAL[i % CATEGORICAL.length],
        values: s.queueDepthMean,
      },
      {
        key: `${name}:utilisation`,
        label: `${name} busy`,
        legend: null,
        color: CATEGORICAL[i % CATEGORICAL.length],
        values: s.utilisation,
        right: true,
        dash: '5 3',
      },
    ]);
  }
  if (focus.kind === 'client' && out.saturation.length > 0) {
    out.saturationLegend = [
      { label: 'queue', color: STYLE_INK },
      { label: 'busy %', color: STYLE_INK, dash: '5 3' },
    ];
  }
  out.saturationOf = saturationOf;
  return out;
}

/** Failure amplification per tier: attempts arriving at each service / user requests. */
export function amplificationSeries(result: RunResult | null): PanelSeries[] {
  if (result === null) return [];
  return Object.entries(result.series.services).map(([name, s], i) => ({
    key: name,
    label: name,
    color: CATEGORICAL[i % CATEGORICAL.length],
    dash: i >= CATEGORICAL.length ? '4 2' : undefined,
    values: s.amplification,
  }));
}

/** Retry, shed and guard rates (only those that ever happen), and adaptive limits and message queues. */
export function patternSeries(result: RunResult | null): {
  rates: PanelSeries[];
  limits: PanelSeries[];
  queues: PanelSeries[];
} {
  if (result === null) return { rates: [], limits: [], queues: [] };
  const rates: PanelSeries[] = [];
  const limits: PanelSeries[] = [];
  const queues: PanelSeries[] = [];
  const { edges, services } = result.series;
  const kinds: {
    field: 'retriesPerSec' | 'retriesSuppressedPerSec' | 'refusedPerSec' | 'fallbacksPerSec';
    label: string;
    dash?: string;
  }[] = [
    { field: 'retriesPerSec', label: 'retries' },
    { field: 'retriesSuppressedPerSec', label: 'retries suppressed', dash: '6 3' },
    { field: 'refusedPerSec', label: 'refused by guard', dash: '2 3' },
    { field: 'fallbacksPerSec', label: 'fallbacks', dash: '8 2 2 2' },
  ];
  let colour = 0;
  for (const [edge, s] of Object.entries(edges)) {
    for (const k of kinds) {
      if (!anyValue(s[k.field])) continue;
      rates.push({
        key: `${edge}:${k.field}`,
        label: `${k.label} ${edge}`,
        color: CATEGORICAL[colour++ % CATEGORICAL.length],
        dash: k.dash,
        values: s[k.field],
      });
    }
    if (s.limit.some((v) => v !== null)) {
      limits.push({
        key: `${edge}:limit`,
        label: `limit ${edge}`,
        color: CATEGORICAL[limits.length % CATEGORICAL.length],
        values: s.limit,
      });
    }
  }
  for (const [name, s] of Object.entries(services)) {
    for (const cause of ['shed', 'rateLimited', 'limited'] as const) {
      if (!anyValue(s.errorsPerSec[cause])) continue;
      rates.push({
        key: `${name}:${cause}`,
        label: `${CAUSE_LABEL[cause]} at ${name}`,
        color: CATEGORICAL[colour++ % CATEGORICAL.length],
        dash: '1 2',
        values: s.errorsPerSec[cause],
      });
    }
  }
  Object.entries(result.series.queues).forEach(([name, s], i) => {
    queues.push({
      key: `${name}:depth`,
      label: `${name} depth`,
      color: CATEGORICAL[i % CATEGORICAL.length],
      values: s.depthMean,
    });
  });
  return { rates, limits, queues };
}

export interface BreakerRow {
  key: string;
  /** Fraction of caller nodes open per bucket, 0..1 (half-open counts half). */
  values: number[];
  callers: number;
  opened: number;
}

/** One row per edge that has a circuit breaker. */
export function breakerRows(result: RunResult | null, scenario: Scenario): BreakerRow[] {
  if (result === null) return [];
  const rows: BreakerRow[] = [];
  for (const [key, summary] of Object.entries(result.summary.edges)) {
    if (summary.breaker === null) continue;
    const s = ownEntry(result.series.edges, key);
    if (s === undefined) continue;
    const caller = key.slice(0, key.indexOf('->'));
    const callers = scenario.services.find((x) => x.name === caller)?.replicas ?? 1;
    rows.push({
      key,
      callers,
      opened: summary.breaker.opened,
      values: s.breakerOpen.map((v) => Math.min(1, v / callers)),
    });
  }
  return rows;
}
