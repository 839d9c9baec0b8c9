/**
 * Compare mode's variants: one run per value of a chosen parameter, everything else (the other
 * overrides, the seed) equal, so differences come from the parameter and not from the random
 * numbers (every component draws from its own named stream: common random numbers).
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { ParamSpec } from '../../sim-core/scenario/spec.ts';
import { formatValue } from '../charts/format.ts';
import { type ParamValue, valueText, withOverride } from '../controls/param-controls.ts';

export interface Variant {
  label: string;
  value: ParamValue;
  overrides: string[];
}

/** At most this many variants run side by side. */
export const MAX_VARIANTS = 6;

export function variantsFor(param: ParamSpec, baseOverrides: readonly string[]): Variant[] {
  return param.values.slice(0, MAX_VARIANTS).map((value) => ({
    label: `${param.label}: ${valueText(value)}`,
    value,
    overrides: withOverride(baseOverrides, param.path, value),
  }));
}

/** The comparison table: one row per key number, one column per variant. */
export function comparisonRows(
  results: readonly (RunResult | null)[],
): { metric: string; values: string[] }[] {
  const cell = (f: (r: RunResult) => string) => results.map((r) => (r === null ? '…' : f(r)));
  const clients = (r: RunResult) => Object.values(r.summary.clients);
  const maxAmp = (r: RunResult) =>
    Math.max(0, ...Object.values(r.summary.services).map((s) => s.amplification ?? 0));
  const rows = [
    {
      metric: 'goodput (all clients)',
      values: cell((r) =>
        formatValue(
          clients(r).reduce((a, c) => a + c.goodputPerSec, 0),
          'req/s',
        ),
      ),
    },
    {
      metric: 'error rate (worst client)',
      values: cell((r) => formatValue(Math.max(0, ...clients(r).map((c) => c.errorRate)), '%')),
    },
    {
      metric: 'p99 latency (worst client)',
      values: cell((r) => formatValue(Math.max(0, ...clients(r).map((c) => c.latencyMs.p99 ?? 0)), 'ms')),
    },
    { metric: 'amplification (worst tier)', values: cell((r) => formatValue(maxAmp(r), 'x')) },
    {
      metric: 'retries',
      values: cell((r) => String(Object.values(r.summary.edges).reduce((a, e) => a + e.retries, 0))),
    },
    {
      metric: 'breakers opened',
      values: cell((r) =>
        String(Object.values(r.summary.edges).reduce((a, e) => a + (e.breaker?.opened ?? 0), 0)),
      ),
    },
    {
      metric: 'recovery after first fault',
      values: cell((r) => {
        const f = r.summary.faults[0];
        if (f === undefined) return '—';
        return f.recoveryMs === null ? f.state : `${formatValue(f.recoveryMs, 'ms')} (${f.state})`;
      }),
    },
    { metric: 'events', values: cell((r) => r.events.toLocaleString('en-US')) },
    { metric: 'trace hash', values: cell((r) => r.traceHash) },
  ];
  return rows;
}
