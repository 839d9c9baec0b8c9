/**
 * Number formatting for the terminal report. Locale-independent on purpose: the same run prints
 * the same report on every machine (`,` groups thousands, `.` is the decimal point).
 */

/** Groups the integer part in threes: `1234567.5` -> `1,234,567.5`. */
export function group(text: string): string {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const whole = dot < 0 ? body : body.slice(0, dot);
  const rest = dot < 0 ? '' : body.slice(dot);
  return `${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${rest}`;
}

/** A count: `1,234,567`. */
export function count(n: number): string {
  return group(Math.round(n).toFixed(0));
}

/** A value with about three significant digits: `0.512`, `4.27`, `12.3`, `456`, `1,234`. */
export function sig3(n: number): string {
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a >= 100) return group(n.toFixed(0));
  if (a >= 10) return n.toFixed(1);
  if (a >= 1) return n.toFixed(2);
  if (a >= 0.001) return n.toFixed(3);
  return n > 0 ? '<0.001' : '>-0.001';
}

/** A rate per second. */
export function rate(n: number): string {
  return sig3(n);
}

/** A ratio with two decimals: `1.00`, `3.47`. */
export function ratio(n: number): string {
  return group(n.toFixed(2));
}

/** A latency in ms, or `—` when there is none. */
export function ms(n: number | null): string {
  return n === null ? '—' : sig3(n);
}

/** A fraction as a percentage: `0.0712` -> `7.12%`, small non-zero values keep a digit. */
export function percent(fraction: number): string {
  if (fraction === 0) return '0%';
  const p = fraction * 100;
  if (p >= 99.95 && p < 100) return '99.9%';
  if (p >= 10) return `${p.toFixed(1)}%`;
  if (p >= 0.01) return `${p.toFixed(2)}%`;
  return '<0.01%';
}

/** Whole percent, for utilisation: `0.734` -> `73%`; non-zero values never print as 0%. */
export function wholePercent(fraction: number): string {
  if (fraction > 0 && fraction < 0.005) return '<1%';
  return `${Math.round(fraction * 100)}%`;
}

/** A simulated or wall-clock duration: `850 ms`, `12.5 s`, `120 s`, `16.7 min`, `2.50 h`. */
export function duration(milliseconds: number): string {
  if (milliseconds < 1000) return `${sig3(milliseconds)} ms`;
  const s = milliseconds / 1000;
  if (s < 1000) return `${sig3(s)} s`;
  if (s < 6000) return `${sig3(s / 60)} min`;
  return `${sig3(s / 3600)} h`;
}

/** A large number in short form: `869k`, `2.3M`. */
export function short(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${sig3(n / 1e9)}G`;
  if (a >= 1e6) return `${sig3(n / 1e6)}M`;
  if (a >= 1e4) return `${sig3(n / 1e3)}k`;
  return sig3(n);
}
