/**
 * Number and time-window text for hypothesis outcomes. Locale-independent, so the same run gives
 * the same text everywhere.
 */

/**
 * About four significant digits, no exponent for large values, no trailing zeros:
 * `2`, `412.3`, `45.23`, `1.235`, `0.01235`, `12346`.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  const a = Math.abs(n);
  const text =
    a >= 1000
      ? n.toFixed(0)
      : a >= 100
        ? n.toFixed(1)
        : a >= 10
          ? n.toFixed(2)
          : a >= 1
            ? n.toFixed(3)
            : n.toPrecision(4);
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

/** A number as written (up to 12 significant digits, so float noise like 7.000000000000001 goes). */
export function formatLiteral(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toPrecision(12))) : String(n);
}

/**
 * `value` in short ({@link formatNumber}), or in full ({@link formatLiteral}) when the short form
 * would sit on the other side of `bound` than the value, or on it (1.00012 against 1.0001 is
 * not "1"; 412.31 against 412.3 is not "412.3").
 */
export function formatAgainst(value: number, bound: number | null): string {
  const short = formatNumber(value);
  if (bound === null || value === bound) return short;
  return Math.sign(Number(short) - bound) === Math.sign(value - bound) ? short : formatLiteral(value);
}

/** A fraction as a percentage, as written: `0.95` -> `95%`, `0.07` -> `7%`. */
export function formatPercent(fraction: number): string {
  return `${formatLiteral(fraction * 100)}%`;
}

/** A time window in seconds: `0–30 s`. */
export function formatWindow(fromMs: number, toMs: number): string {
  return `${formatNumber(fromMs / 1000)}–${formatNumber(toMs / 1000)} s`;
}
