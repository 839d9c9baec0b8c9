/** Closed-form results of queueing theory the engine is checked against (rates per ms, times in ms). */

/** M/M/1: mean response time, mean number in system. */
export function mm1(lambda: number, mu: number) {
  const rho = lambda / mu;
  return {
    rho,
    W: 1 / (mu - lambda),
    L: rho / (1 - rho),
    Wq: rho / (mu - lambda),
    /** The q-quantile of the wait: P(Wq > t) = rho e^-(mu - lambda) t (0 when 1 - q >= rho). */
    waitQuantile: (q: number) => Math.max(0, Math.log(rho / (1 - q)) / (mu - lambda)),
  };
}

/** Erlang C: probability an arrival waits in M/M/c, and the mean wait. */
export function mmc(lambda: number, mu: number, c: number) {
  const a = lambda / mu;
  const rho = a / c;
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term = (term * a) / (k + 1);
  }
  const tail = term / (1 - rho);
  const pWait = tail / (sum + tail);
  const Wq = pWait / (c * mu - lambda);
  return { rho, pWait, Wq, W: Wq + 1 / mu };
}

/** Pollaczek-Khinchine for M/G/1 from the service time's mean and second moment. */
export function mg1(lambda: number, meanS: number, secondMomentS: number) {
  const rho = lambda * meanS;
  const Wq = (lambda * secondMomentS) / (2 * (1 - rho));
  return { rho, Wq, W: Wq + meanS, L: lambda * (Wq + meanS) };
}

/** M/M/1/K (K in the system): blocking probability and mean number in system. */
export function mm1k(lambda: number, mu: number, K: number) {
  const rho = lambda / mu;
  if (rho === 1) return { pBlock: 1 / (K + 1), L: K / 2 };
  const pBlock = ((1 - rho) * rho ** K) / (1 - rho ** (K + 1));
  const L = rho / (1 - rho) - ((K + 1) * rho ** (K + 1)) / (1 - rho ** (K + 1));
  return { pBlock, L };
}

/** Second moment of a lognormal given its mean and p99 (the parametrisation scenarios use). */
export function lognormalSecondMoment(mean: number, p99: number): number {
  const z = 2.3263478740408408;
  const sigma = z - Math.sqrt(z * z - 2 * Math.log(p99 / mean));
  return mean * mean * Math.exp(sigma * sigma);
}

/** Two-sided Student t quantiles at 99.9% confidence, by degrees of freedom. */
const T_999: Record<number, number> = {
  4: 8.61,
  5: 6.869,
  7: 5.408,
  9: 4.781,
  11: 4.437,
  14: 4.14,
  19: 3.883,
};

/** Mean and 99.9% confidence half-width of independent replications. */
export function confidenceInterval(xs: number[]): { mean: number; half: number; lo: number; hi: number } {
  const n = xs.length;
  const t = T_999[n - 1];
  if (t === undefined) throw new Error(`no t quantile for ${n} replications`);
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const half = (t * Math.sqrt(variance)) / Math.sqrt(n);
  return { mean, half, lo: mean - half, hi: mean + half };
}
