/**
 * Number and time formatting with units, in one fixed locale (d3's en-US default), so a chart
 * reads the same on every machine.
 */
import { format } from 'd3';

export type Unit = 'ms' | 'req/s' | '/s' | 'requests' | '%' | 'x' | '';

const int = format(',.0f');
const one = format(',.1f');
const two = format(',.2f');
const sig3 = format(',.3~r');

/** A value with its unit; `—` when there is no value (no requests in the bucket). */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ms':
      return `${value >= 1000 ? int(value) : sig3(value)} ms`;
    case 'req/s':
      return `${Math.abs(value) >= 100 ? int(value) : one(value)} req/s`;
    case '/s':
      return `${Math.abs(value) >= 100 ? int(value) : one(value)}/s`;
    case '%':
      return `${one(value * 100)}%`;
    case 'x':
      return `${two(value)}x`;
    case 'requests':
      return `${Math.abs(value) >= 100 ? int(value) : one(value)}`;
    default:
      return sig3(value);
  }
}

/** Short axis tick text for a value of a unit. */
export function tickFormat(unit: Unit): (value: number) => string {
  if (unit === '%') return (v) => `${Math.round(v * 100)}%`;
  const f = format('~s');
  return (v) => (Math.abs(v) < 1000 ? format('~r')(Number(v.toPrecision(3))) : f(v));
}

/** A simulated time: `42.5 s`, or `12:05` (min:s) from 10 minutes on. */
export function formatTime(ms: number): string {
  const s = ms / 1000;
  if (s < 600) return `${s.toFixed(s < 100 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s - m * 60)).padStart(2, '0')}`;
}

/** Integer with thousands separators. */
export function formatCount(n: number): string {
  return int(n);
}
