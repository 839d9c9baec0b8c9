/**
 * Mean and 95% confidence interval (Student t) of a sample, as sweeps and comparisons report them.
 *
 * Values are summed in the order given, so the same sample in the same order gives the same bits:
 * callers pass values sorted by seed, never in completion order.
 */

/** Mean, spread and 95% confidence interval of one metric over seeds (or of paired differences). */
export interface Estimate {
  /** Values that had a value (null ones are left out). */
  n: number;
  /** null when n = 0. */
  mean: number | null;
  /** Sample standard deviation (n - 1); null when n < 2. */
  stdDev: number | null;
  /** mean -/+ t(0.975, n - 1) x stdDev / sqrt(n); null when n < 2. */
  ci95Low: number | null;
  ci95High: number | null;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the regularized incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** I_x(a, b), the regularized incomplete beta function. */
function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(a, b, x)) / a
    : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

const quantiles = new Map<number, number>();

/** The two-sided 95% critical value t(0.975, df), e.g. 12.706 for df = 1, 2.045 for df = 29. */
export function t975(df: number): number {
  const cached = quantiles.get(df);
  if (cached !== undefined) return cached;
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < 0.975) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  quantiles.set(df, t);
  return t;
}

/** The estimate of a sample; null values are left out. */
export function estimate(values: readonly (number | null | undefined)[]): Estimate {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, stdDev: null, ci95Low: null, ci95High: null };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n < 2) return { n, mean, stdDev: null, ci95Low: null, ci95High: null };
  let squares = 0;
  for (const x of xs) squares += (x - mean) * (x - mean);
  const stdDev = Math.sqrt(squares / (n - 1));
  const half = (t975(n - 1) * stdDev) / Math.sqrt(n);
  return { n, mean, stdDev, ci95Low: mean - half, ci95High: mean + half };
}
