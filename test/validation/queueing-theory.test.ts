import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '../../sim-core/metrics/result.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { loadBuiltIn } from '../support/scenarios.ts';
import { confidenceInterval, lognormalSecondMoment, mg1, mm1, mm1k, mmc } from './theory.ts';

/**
 * The engine against queueing theory. Each estimate comes from 10 independent replications
 * (seeds 1..10); the test asserts the theoretical value lies inside the 99.9% confidence
 * interval, and that the interval is narrow enough (relative half-width bound) to mean something.
 */
const REPLICATIONS = 10;

function replicate(id: string, sets: string[], service: string): ServiceSummary[] {
  const scenario = loadBuiltIn(id, sets);
  return Array.from(
    { length: REPLICATIONS },
    (_, i) => runScenario(scenario, { seed: i + 1 }).summary.services[service],
  );
}

function expectWithin(samples: number[], theory: number, maxRelativeHalfWidth: number) {
  const ci = confidenceInterval(samples);
  expect(ci.half / theory, `CI half-width ${ci.half} too wide for ${theory}`).toBeLessThan(
    maxRelativeHalfWidth,
  );
  expect(theory, `theory ${theory} outside CI [${ci.lo}, ${ci.hi}]`).toBeGreaterThanOrEqual(ci.lo);
  expect(theory).toBeLessThanOrEqual(ci.hi);
  return ci;
}

/** Little's law per replication: L = lambda * W, with lambda the throughput of admitted attempts. */
function expectLittle(runs: ServiceSummary[], windowMs: number) {
  for (const s of runs) {
    const lambda = (s.attempts - s.errors.rejected) / windowMs;
    const W = s.latencyMs.mean!;
    expect(Math.abs(s.inSystemMean - lambda * W) / s.inSystemMean).toBeLessThan(0.01);
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('M/M/1', () => {
  it.each([
    [0.5, 500],
    [0.9, 900],
  ])(
    'at rho = %s matches W = 1/(mu - lambda), L = rho/(1 - rho), utilisation rho and the wait percentiles',
    (rho, rate) => {
      const durationMs = rho === 0.9 ? 400_000 : 150_000;
      const runs = replicate(
        'mm1',
        [`durationMs=${durationMs}`, `clients.users.arrival.ratePerSec=${rate}`],
        'server',
      );
      const t = mm1(rate / 1000, 1);
      expectWithin(
        runs.map((s) => s.latencyMs.mean!),
        t.W,
        0.05,
      );
      expectWithin(
        runs.map((s) => s.inSystemMean),
        t.L,
        0.06,
      );
      expectWithin(
        runs.map((s) => s.utilisation),
        rho,
        0.01,
      );
      expectLittle(runs, durationMs - 10_000);
      // P(Wq > t) = rho e^-(mu - lambda) t; a quantile q with 1 - q >= rho is 0 (that many never
      // wait), so the median is checked at rho = 0.9 only.
      const percentiles = (
        [
          ['p50', 0.5, 0.05],
          ['p90', 0.9, 0.05],
          ['p99', 0.99, 0.1],
        ] as const
      ).filter(([, q]) => 1 - q < rho);
      for (const [key, q, width] of percentiles) {
        expectWithin(
          runs.map((s) => s.queueWaitMs[key]!),
          t.waitQuantile(q),
          width,
        );
      }
    },
  );
});

describe('M/M/c (Erlang C)', () => {
  it('matches the probability of waiting and the mean wait with 4 workers at rho = 0.8', () => {
    const runs = replicate('mmc', ['durationMs=200000'], 'pool');
    const t = mmc(0.32, 0.1, 4);
    expect(t.pWait).toBeCloseTo(0.5964, 3);
    expectWithin(
      runs.map((s) => s.waitedFraction),
      t.pWait,
      0.03,
    );
    expectWithin(
      runs.map((s) => s.queueWaitMs.mean!),
      t.Wq,
      0.06,
    );
    expectLittle(runs, 190_000);
  });
});

describe('M/G/1 (Pollaczek-Khinchine)', () => {
  it('M/D/1 at rho = 0.8 waits rho / (2 mu (1 - rho)) = 2 ms, half of M/M/1', () => {
    const runs = replicate('md1', ['durationMs=150000'], 'server');
    const t = mg1(0.8, 1, 1);
    expect(t.Wq).toBeCloseTo(2, 10);
    expectWithin(
      runs.map((s) => s.queueWaitMs.mean!),
      t.Wq,
      0.05,
    );
    expectLittle(runs, 140_000);
  });

  it('a lognormal service time (mean 10 ms, p99 60 ms) at rho = 0.7 matches the P-K mean wait', () => {
    const runs = replicate('mg1-lognormal', ['durationMs=1200000'], 'server');
    const t = mg1(0.07, 10, lognormalSecondMoment(10, 60));
    expectWithin(
      runs.map((s) => s.queueWaitMs.mean!),
      t.Wq,
      0.1,
    );
    expectWithin(
      runs.map((s) => s.utilisation),
      t.rho,
      0.02,
    );
    expectLittle(runs, 1_190_000);
  });
});

describe('M/M/1/K', () => {
  it.each([
    [1000, 10],
    [800, 5],
  ])('at %s/s with K = %s blocks with the theoretical probability', (rate, K) => {
    const runs = replicate(
      'mm1k',
      [
        'durationMs=150000',
        `clients.users.arrival.ratePerSec=${rate}`,
        `services.server.queue.capacity=${K - 1}`,
      ],
      'server',
    );
    const t = mm1k(rate / 1000, 1, K);
    expectWithin(
      runs.map((s) => s.errors.rejected / s.attempts),
      t.pBlock,
      0.05,
    );
    expectWithin(
      runs.map((s) => s.inSystemMean),
      t.L,
      0.03,
    );
    expectLittle(runs, 140_000);
    expect(mean(runs.map((s) => s.queueDepth.max))).toBe(K - 1);
  });
});
