/** Parsers of `faultline export`'s `--window` and `--sample`. */
import { InvalidArgumentError } from 'commander';
import type { TimeWindow } from './perfetto.ts';

/** A time in ms: `30000`, `30000ms` or `30s`. */
function time(text: string): number | null {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s)?$/.exec(text.trim());
  if (m === null) return null;
  const n = Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  return Number.isFinite(n) ? n : null;
}

/**
 * `--window from..to`: simulated ms (`30000..45000`; `30s..45s` also works); either end may be
 * left out (`30000..` to the end, `..5000` from the start).
 */
export function parseWindow(value: string): TimeWindow {
  const usage =
    'Expected from..to in ms of simulated time, e.g. --window 30000..45000 (or 30s..45s, 30000..).';
  const parts = value.split('..');
  if (parts.length !== 2) throw new InvalidArgumentError(usage);
  const [a, b] = parts.map((p) => p.trim());
  const fromMs = a === '' ? Number.NEGATIVE_INFINITY : time(a);
  const toMs = b === '' ? Number.POSITIVE_INFINITY : time(b);
  if (fromMs === null || toMs === null || (a === '' && b === '')) throw new InvalidArgumentError(usage);
  if (fromMs > toMs) throw new InvalidArgumentError(`The window ends before it starts (${value}). ${usage}`);
  return { fromMs, toMs };
}

/** `--sample R`: the fraction of user requests kept, 0 < R <= 1. */
export function parseSample(value: string): number {
  const text = value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n <= 0 || n > 1) {
    throw new InvalidArgumentError('Expected a fraction above 0 and at most 1, e.g. --sample 0.1 (a tenth).');
  }
  return n;
}
