import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bernoulli,
  createSampler,
  MAX_P99_OVER_MEAN,
  normalDensity,
  normalUpperTail,
  type Sampler,
  uniformInt,
  Z99,
} from '../../../sim-core/random/distributions.ts';
import { RandomStreams } from '../../../sim-core/random/streams.ts';
import type { DistributionSpec } from '../../../sim-core/scenario/spec.ts';

const N = 200_000;
/** Two-sided 99.9% standard normal quantile. */
const Z999 = 3.2905267314919255;

function draw(sampler: Sampler, name: string, n = N, seed = 2024): Float64Array {
  const rng = new RandomStreams(seed).stream(name);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sampler.sample(rng);
  return out;
}

function mean(xs: Float64Array): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** The sample mean lies within the 99.9% confidence interval around the theoretical mean. */
function expectMeanInCi(xs: Float64Array, theoryMean: number, variance: number): void {
  const halfWidth = Z999 * Math.sqrt(variance / xs.length);
  expect(Math.abs(mean(xs) - theoryMean)).toBeLessThanOrEqual(halfWidth);
}

/** The fraction of samples <= x lies within the 99.9% binomial interval around `p`. */
function expectCdfInCi(xs: Float64Array, x: number, p: number): void {
  let below = 0;
  for (const v of xs) if (v <= x) below++;
  const halfWidth = Z999 * Math.sqrt((p * (1 - p)) / xs.length);
  expect(Math.abs(below / xs.length - p)).toBeLessThanOrEqual(halfWidth);
}

function quantile(xs: Float64Array, p: number): number {
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Mean and variance of a normal(mu, sigma) truncated to [0, inf). */
function truncatedNormalMoments(mu: number, sigma: number): { mean: number; variance: number } {
  const a = -mu / sigma;
  const lambda = normalDensity(a) / normalUpperTail(a);
  return { mean: mu + sigma * lambda, variance: sigma * sigma * (1 + a * lambda - lambda * lambda) };
}

describe('createSampler: sample means agree with theory (99.9% CI, 200k samples)', () => {
  it('constant', () => {
    const s = createSampler({ kind: 'constant', valueMs: 12.5 });
    expect(s.meanMs).toBe(12.5);
    expect(draw(s, 'c', 1000).every((x) => x === 12.5)).toBe(true);
  });

  it('exponential', () => {
    const s = createSampler({ kind: 'exponential', meanMs: 50 });
    expect(s.meanMs).toBe(50);
    const xs = draw(s, 'exp');
    expectMeanInCi(xs, 50, 50 * 50);
    // Memoryless shape: P(X <= m ln 2) = 1/2.
    expectCdfInCi(xs, 50 * Math.LN2, 0.5);
  });

  it('uniform', () => {
    const s = createSampler({ kind: 'uniform', minMs: 10, maxMs: 30 });
    expect(s.meanMs).toBe(20);
    const xs = draw(s, 'uni');
    expectMeanInCi(xs, 20, 400 / 12);
    expect(xs.every((x) => x >= 10 && x < 30)).toBe(true);
  });

  it('normal, far from zero (truncation shifts the mean by only 3e-5)', () => {
    const s = createSampler({ kind: 'normal', meanMs: 100, stdDevMs: 20 });
    const m = truncatedNormalMoments(100, 20);
    expect(s.meanMs).toBeCloseTo(m.mean, 12);
    expect(m.mean - 100).toBeCloseTo(20 * normalDensity(5), 9);
    expectMeanInCi(draw(s, 'normal'), m.mean, m.variance);
  });

  it('normal truncated at zero: half-normal and a negative mean', () => {
    const half = createSampler({ kind: 'normal', meanMs: 0, stdDevMs: 10 });
    const halfMean = 10 * Math.sqrt(2 / Math.PI);
    expect(half.meanMs).toBeCloseTo(halfMean, 12);
    expectMeanInCi(draw(half, 'half'), halfMean, 100 * (1 - 2 / Math.PI));

    const neg = createSampler({ kind: 'normal', meanMs: -10, stdDevMs: 10 });
    const m = truncatedNormalMoments(-10, 10);
    expect(neg.meanMs).toBeCloseTo(m.mean, 12);
    const xs = draw(neg, 'neg');
    expect(xs.every((x) => x >= 0)).toBe(true);
    expectMeanInCi(xs, m.mean, m.variance);
  });

  it('normal tail function matches known values', () => {
    expect(normalUpperTail(0)).toBe(0.5);
    expect(normalUpperTail(Z99)).toBeCloseTo(0.01, 14);
    expect(normalUpperTail(1.959963984540054)).toBeCloseTo(0.025, 14);
    expect(normalUpperTail(-3)).toBeCloseTo(1 - 0.0013498980316301, 14);
    expect(normalUpperTail(5)).toBeCloseTo(2.866515718791939e-7, 15);
  });

  it('lognormal from mu and sigma', () => {
    const mu = 3;
    const sigma = 0.5;
    const s = createSampler({ kind: 'lognormal', mu, sigma });
    const m = Math.exp(mu + (sigma * sigma) / 2);
    expect(s.meanMs).toBeCloseTo(m, 10);
    const xs = draw(s, 'ln');
    expectMeanInCi(xs, m, (Math.exp(sigma * sigma) - 1) * m * m);
    expectCdfInCi(xs, Math.exp(mu), 0.5);
  });

  it('lognormal from meanMs and p99Ms hits both', () => {
    for (const [meanMs, p99Ms] of [
      [100, 300],
      [20, 150],
    ]) {
      const s = createSampler({ kind: 'lognormal', meanMs, p99Ms });
      expect(s.meanMs).toBe(meanMs);
      const sigma = Z99 - Math.sqrt(Z99 * Z99 - 2 * Math.log(p99Ms / meanMs));
      const xs = draw(s, `ln-${meanMs}-${p99Ms}`);
      expectMeanInCi(xs, meanMs, (Math.exp(sigma * sigma) - 1) * meanMs * meanMs);
      expect(Math.abs(quantile(xs, 0.99) / p99Ms - 1)).toBeLessThan(0.03);
      expectCdfInCi(xs, p99Ms, 0.99);
    }
  });

  it('hyperexponential', () => {
    const branches = [
      { p: 0.9, meanMs: 10 },
      { p: 0.1, meanMs: 200 },
    ];
    const s = createSampler({ kind: 'hyperexponential', branches });
    const m = 0.9 * 10 + 0.1 * 200;
    expect(s.meanMs).toBeCloseTo(m, 12);
    const second = 0.9 * 2 * 10 * 10 + 0.1 * 2 * 200 * 200;
    const xs = draw(s, 'hyper');
    expectMeanInCi(xs, m, second - m * m);
    // CDF of the mixture at 100 ms.
    expectCdfInCi(xs, 100, 0.9 * (1 - Math.exp(-10)) + 0.1 * (1 - Math.exp(-0.5)));
  });

  it('hyperexponential never picks a zero-probability branch', () => {
    const s = createSampler({
      kind: 'hyperexponential',
      branches: [
        { p: 1, meanMs: 0 },
        { p: 0, meanMs: 1000 },
      ],
    });
    expect(draw(s, 'hyper0', 10_000).every((x) => x === 0)).toBe(true);
  });

  it('empirical from samples', () => {
    const samplesMs = [1, 2, 3, 10, 50];
    const s = createSampler({ kind: 'empirical', samplesMs });
    const m = 66 / 5;
    expect(s.meanMs).toBeCloseTo(m, 12);
    const variance = samplesMs.reduce((acc, x) => acc + (x - m) ** 2, 0) / samplesMs.length;
    const xs = draw(s, 'emp');
    expectMeanInCi(xs, m, variance);
    expect(xs.every((x) => samplesMs.includes(x))).toBe(true);
    for (const [x, p] of [
      [1, 0.2],
      [3, 0.6],
      [10, 0.8],
    ]) {
      expectCdfInCi(xs, x, p);
    }
  });

  it('empirical from cdf points: atom, interpolation and quantiles', () => {
    const s = createSampler({
      kind: 'empirical',
      cdf: [
        { valueMs: 0, p: 0.2 },
        { valueMs: 10, p: 0.5 },
        { valueMs: 100, p: 1 },
      ],
    });
    // Atom 0.2 at 0, then uniform pieces of mass 0.3 on [0, 10] and 0.5 on [10, 100].
    const m = 0.3 * 5 + 0.5 * 55;
    expect(s.meanMs).toBeCloseTo(m, 12);
    const second = (0.3 * 100) / 3 + (0.5 * (100 + 1000 + 10000)) / 3;
    const xs = draw(s, 'cdf');
    expectMeanInCi(xs, m, second - m * m);
    let zeros = 0;
    for (const x of xs) if (x === 0) zeros++;
    expect(Math.abs(zeros / xs.length - 0.2)).toBeLessThan(Z999 * Math.sqrt((0.2 * 0.8) / xs.length));
    for (const [x, p] of [
      [5, 0.35],
      [10, 0.5],
      [55, 0.75],
      [91, 0.95],
    ]) {
      expectCdfInCi(xs, x, p);
    }
    expect(quantile(xs, 0.35)).toBeCloseTo(5, 0);
    expect(quantile(xs, 0.75)).toBeCloseTo(55, 0);
    expect(xs.every((x) => x >= 0 && x <= 100)).toBe(true);
  });
});

describe('determinism', () => {
  it('pins the exponential and lognormal samples of a known stream', () => {
    const e = createSampler({ kind: 'exponential', meanMs: 100 });
    const rng = new RandomStreams(7).stream('service:api/service-time');
    expect([e.sample(rng), e.sample(rng), e.sample(rng)]).toEqual([
      75.11873455154641, 34.755387616336336, 92.33538454843267,
    ]);
    const l = createSampler({ kind: 'lognormal', meanMs: 100, p99Ms: 400 });
    const rng2 = new RandomStreams(7).stream('service:api/service-time');
    expect([l.sample(rng2), l.sample(rng2), l.sample(rng2)]).toEqual([
      65.44556302513791, 65.26529804902162, 324.97371645213565,
    ]);
  });

  it('a sampler shared by two streams gives each stream what a sampler of its own would', () => {
    const spec: DistributionSpec = { kind: 'normal', meanMs: 5, stdDevMs: 5 };
    const shared = createSampler(spec);
    const streams = new RandomStreams(11);
    const a = streams.stream('a');
    const b = streams.stream('b');
    const interleaved: number[] = [];
    for (let i = 0; i < 200; i++) {
      interleaved.push(shared.sample(a));
      shared.sample(b);
    }
    expect(interleaved).toEqual(Array.from(draw(createSampler(spec), 'a', 200, 11)));
  });
});

describe('bernoulli and uniformInt', () => {
  it('bernoulli(p) is true with frequency p', () => {
    const rng = new RandomStreams(5).stream('coin');
    let hits = 0;
    for (let i = 0; i < N; i++) if (bernoulli(rng, 0.3)) hits++;
    expect(Math.abs(hits / N - 0.3)).toBeLessThan(Z999 * Math.sqrt((0.3 * 0.7) / N));
    expect(bernoulli(rng, 0)).toBe(false);
    expect(bernoulli(rng, 1)).toBe(true);
  });

  it('uniformInt(n) covers [0, n) evenly', () => {
    const rng = new RandomStreams(5).stream('die');
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < N; i++) counts[uniformInt(rng, 6)]++;
    const p = 1 / 6;
    for (const c of counts) expect(Math.abs(c / N - p)).toBeLessThan(Z999 * Math.sqrt((p * (1 - p)) / N));
  });
});

describe('invalid parameters throw a RangeError naming the field', () => {
  const cases: [DistributionSpec, RegExp][] = [
    [{ kind: 'lognormal', meanMs: 100, p99Ms: 100 }, /p99Ms \(100\) must be greater than .*meanMs/],
    [{ kind: 'lognormal', meanMs: 100, p99Ms: 50 }, /p99Ms/],
    [{ kind: 'lognormal', meanMs: 100, p99Ms: 1600 }, /p99Ms \(1600\) is 16\.00 times .*meanMs.*14\.97/],
    [{ kind: 'lognormal', meanMs: 0, p99Ms: 10 }, /meanMs must be a finite number > 0/],
    [{ kind: 'lognormal', meanMs: 100 }, /p99Ms must be a finite number/],
    [{ kind: 'lognormal', mu: 1 }, /sigma must be/],
    [{ kind: 'lognormal', mu: 1, sigma: -1 }, /sigma must be/],
    [{ kind: 'lognormal', mu: Number.NaN, sigma: 1 }, /mu must be/],
    [{ kind: 'lognormal' }, /meanMs and p99Ms, or mu and sigma.*neither/],
    [{ kind: 'lognormal', meanMs: 1, p99Ms: 2, mu: 1, sigma: 1 }, /both/],
    [{ kind: 'lognormal', mu: 800, sigma: 1 }, /infinite mean/],
    [{ kind: 'constant', valueMs: -1 }, /valueMs/],
    [{ kind: 'exponential', meanMs: Number.POSITIVE_INFINITY }, /meanMs/],
    [{ kind: 'uniform', minMs: 5, maxMs: 4 }, /maxMs must be a finite number >= minMs \(5\)/],
    [{ kind: 'normal', meanMs: 1, stdDevMs: -1 }, /stdDevMs/],
    [{ kind: 'normal', meanMs: -30, stdDevMs: 10 }, /meanMs \(-30\) is too far below 0/],
    [{ kind: 'hyperexponential', branches: [] }, /branches must be a non-empty array/],
    [
      { kind: 'hyperexponential', branches: [{ p: 0.5, meanMs: 1 }] },
      /branches: the probabilities p must sum to 1/,
    ],
    [{ kind: 'hyperexponential', branches: [{ p: 1, meanMs: -1 }] }, /branches\[0\]\.meanMs/],
    [{ kind: 'empirical' }, /samplesMs or cdf/],
    [{ kind: 'empirical', samplesMs: [] }, /samplesMs must be a non-empty array/],
    [{ kind: 'empirical', samplesMs: [1, -2] }, /samplesMs\[1\]/],
    [{ kind: 'empirical', cdf: [{ valueMs: 1, p: 0.5 }] }, /cdf\[0\]\.p must be 1/],
    [
      {
        kind: 'empirical',
        cdf: [
          { valueMs: 5, p: 0.5 },
          { valueMs: 4, p: 1 },
        ],
      },
      /cdf\[1\]\.valueMs must be a finite number >= cdf\[0\]\.valueMs \(5\)/,
    ],
    [
      {
        kind: 'empirical',
        cdf: [
          { valueMs: 1, p: 0.6 },
          { valueMs: 4, p: 0.5 },
          { valueMs: 5, p: 1 },
        ],
      },
      /cdf\[1\]\.p/,
    ],
  ];
  for (const [spec, message] of cases) {
    it(`${JSON.stringify(spec)} -> ${message}`, () => {
      expect(() => createSampler(spec, 'services[0].serviceTime')).toThrow(RangeError);
      expect(() => createSampler(spec, 'services[0].serviceTime')).toThrow(message);
      expect(() => createSampler(spec, 'services[0].serviceTime')).toThrow(/services\[0\]\.serviceTime/);
    });
  }

  it('an unknown kind is named', () => {
    expect(() => createSampler({ kind: 'pareto' } as unknown as DistributionSpec)).toThrow(/kind.*pareto/);
  });

  it('the largest admissible p99/mean ratio is exp(z^2/2)', () => {
    expect(MAX_P99_OVER_MEAN).toBeCloseTo(14.97, 2);
    expect(() => createSampler({ kind: 'lognormal', meanMs: 1, p99Ms: 14.9 })).not.toThrow();
    expect(() => createSampler({ kind: 'lognormal', meanMs: 1, p99Ms: 15 })).toThrow(RangeError);
  });
});

const nonNeg = (max: number) => fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });

const specArb: fc.Arbitrary<DistributionSpec> = fc.oneof(
  nonNeg(1e6).map((valueMs): DistributionSpec => ({ kind: 'constant', valueMs })),
  nonNeg(1e6).map((meanMs): DistributionSpec => ({ kind: 'exponential', meanMs })),
  fc
    .tuple(nonNeg(1e6), nonNeg(1e6))
    .map(([a, b]): DistributionSpec => ({ kind: 'uniform', minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
  fc
    .tuple(nonNeg(1e4), fc.double({ min: -2, max: 100, noNaN: true }))
    .map(([stdDevMs, k]): DistributionSpec => ({ kind: 'normal', meanMs: k * stdDevMs, stdDevMs })),
  fc
    .tuple(fc.double({ min: -5, max: 12, noNaN: true }), nonNeg(3))
    .map(([mu, sigma]): DistributionSpec => ({ kind: 'lognormal', mu, sigma })),
  fc
    .tuple(
      fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
      fc.double({ min: 1.0001, max: 14.9, noNaN: true }),
    )
    .map(([meanMs, ratio]): DistributionSpec => ({ kind: 'lognormal', meanMs, p99Ms: meanMs * ratio })),
  fc
    .array(fc.tuple(fc.double({ min: 0.01, max: 1, noNaN: true }), nonNeg(1e5)), {
      minLength: 1,
      maxLength: 5,
    })
    .map((ws): DistributionSpec => {
      const total = ws.reduce((acc, [w]) => acc + w, 0);
      return { kind: 'hyperexponential', branches: ws.map(([w, meanMs]) => ({ p: w / total, meanMs })) };
    }),
  fc
    .array(nonNeg(1e6), { minLength: 1, maxLength: 20 })
    .map((samplesMs): DistributionSpec => ({ kind: 'empirical', samplesMs })),
  fc
    .array(fc.tuple(nonNeg(1e6), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 8 })
    .map((pts): DistributionSpec => {
      const values = pts.map(([v]) => v).sort((a, b) => a - b);
      const ps = pts.map(([, p]) => p).sort((a, b) => a - b);
      ps[ps.length - 1] = 1;
      return { kind: 'empirical', cdf: values.map((valueMs, i) => ({ valueMs, p: ps[i] })) };
    }),
);

describe('property: every valid sampler returns finite, non-negative samples', () => {
  it('holds for random valid parameters', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (spec, seed) => {
        const sampler = createSampler(spec);
        expect(Number.isFinite(sampler.meanMs) && sampler.meanMs >= 0).toBe(true);
        const rng = new RandomStreams(seed).stream('prop');
        for (let i = 0; i < 200; i++) {
          const x = sampler.sample(rng);
          if (!(Number.isFinite(x) && x >= 0)) return false;
        }
        return true;
      }),
      { seed: 20240601, numRuns: 500 },
    );
  });
});
