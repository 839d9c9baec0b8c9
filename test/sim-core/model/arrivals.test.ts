import { describe, expect, it } from 'vitest';
import { createArrivalProcess } from '../../../sim-core/model/arrivals.ts';
import { RandomStreams } from '../../../sim-core/random/streams.ts';
import { scenario, story } from './harness.ts';

const constant = (valueMs: number) => ({ kind: 'constant', valueMs });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** A client with `arrival` against an instant service; series in `bucketMs` buckets. */
function open(arrival: Record<string, unknown>, durationMs: number, bucketMs = 1000, seed?: number) {
  const s = scenario({
    durationMs,
    metrics: { bucketMs },
    clients: [{ name: 'users', target: 'svc', arrival }],
    services: [{ name: 'svc', concurrency: 1, serviceTime: constant(0) }],
  });
  return story(s, seed);
}

/** Requests counted per bucket, from the series' per-second rates. */
function countsPerBucket(series: number[], bucketMs: number): number[] {
  return series.map((perSec) => Math.round((perSec * bucketMs) / 1000));
}

/** |observed - expected| within `z` standard deviations of a Poisson count. */
function expectPoissonCount(observed: number, expected: number, z = 4) {
  expect(Math.abs(observed - expected), `${observed} vs ${expected}`).toBeLessThan(z * Math.sqrt(expected));
}

describe('constant arrivals', () => {
  it('space requests exactly 1/rate apart', () => {
    const { issued } = open({ kind: 'constant', ratePerSec: 250 }, 100);
    const gaps = issued.slice(1).map((r, i) => r.at - issued[i].at);
    expect(gaps.length).toBeGreaterThan(20);
    expect(new Set(gaps)).toEqual(new Set([4]));
  });

  // Arrival k comes at k x 1000 / rate from a counter, the first at 0: no running sum of gaps
  // whose rounding could gain or lose the last arrival (10/s for 1 s once gave 9).
  it('give exactly rate x duration requests, for any rate', () => {
    const cases: [number, number][] = [
      [10, 1000],
      [3, 1000],
      [7, 100_000],
      [9, 100_000],
      [1000, 60_000],
    ];
    const got = cases.map(([rate, d]) => open({ kind: 'constant', ratePerSec: rate }, d).result.summary);
    expect(got.map((s) => s.clients.users.offered)).toEqual(cases.map(([rate, d]) => (rate * d) / 1000));
    expect(got.map((s) => s.clients.users.offeredPerSec)).toEqual(cases.map(([rate]) => rate));
  });

  it('the process itself puts arrival k at exactly k x 1000 / rate ms, the first at 0', () => {
    const p = createArrivalProcess({ kind: 'constant', ratePerSec: 8 })!;
    const rng = new RandomStreams(1).stream('unused');
    let t = 0;
    const times: number[] = [];
    for (let k = 0; k < 4; k++) {
      t = p.next(t, rng);
      times.push(t);
    }
    expect(times).toEqual([0, 125, 250, 375]);
  });

  it('take each time from the counter: arrival k = 1,000,000 at 3/s is exactly 1e9 / 3 ms', () => {
    const p = createArrivalProcess({ kind: 'constant', ratePerSec: 3 })!;
    const rng = new RandomStreams(1).stream('unused');
    let t = 0;
    for (let k = 0; k <= 1_000_000; k++) t = p.next(t, rng);
    expect(t).toBe((1_000_000 * 1000) / 3);
  });

  it('start at t = 0 in a run', () => {
    const { issued } = open({ kind: 'constant', ratePerSec: 10 }, 1000);
    expect(issued.map((r) => r.at)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });
});

describe('Poisson arrivals', () => {
  it.each([1, 2, 3])('give a count within 4 sigma of rate x duration (seed %s)', (seed) => {
    const { result } = open({ kind: 'poisson', ratePerSec: 1000 }, 10_000, 1000, seed);
    expectPoissonCount(result.summary.clients.users.offered, 10_000);
  });

  it('have exponential gaps: mean 1/rate and as many gaps below the mean as theory says', () => {
    const p = createArrivalProcess({ kind: 'poisson', ratePerSec: 50 })!;
    const rng = new RandomStreams(11).stream('poisson');
    const n = 40_000;
    let t = 0;
    let short = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const next = p.next(t, rng);
      const gap = next - t;
      expect(gap).toBeGreaterThanOrEqual(0);
      total += gap;
      if (gap < 20) short++;
      t = next;
    }
    // mean 20 ms, sd of the mean 20/sqrt(n); P(gap < mean) = 1 - 1/e.
    expect(Math.abs(total / n - 20)).toBeLessThan((4 * 20) / Math.sqrt(n));
    const pShort = 1 - Math.exp(-1);
    expect(Math.abs(short / n - pShort)).toBeLessThan(4 * Math.sqrt((pShort * (1 - pShort)) / n));
  });
});

describe('on-off arrivals', () => {
  it('follow the on rate in on periods and the off rate in off periods', () => {
    const arrival = { kind: 'on-off', ratePerSec: 1000, offRatePerSec: 100, onMs: 1000, offMs: 1000 };
    const { result } = open(arrival, 20_000);
    const counts = countsPerBucket(result.series.clients.users.offeredPerSec, 1000);
    expect(counts).toHaveLength(20);
    const on = counts.filter((_, b) => b % 2 === 0);
    const off = counts.filter((_, b) => b % 2 === 1);
    expectPoissonCount(sum(on), 10 * 1000);
    expectPoissonCount(sum(off), 10 * 100);
    for (const c of on) expectPoissonCount(c, 1000, 5);
    expect(sum(counts)).toBe(result.summary.clients.users.offered);
  });

  it('send nothing at all in off periods when the off rate is 0', () => {
    const arrival = { kind: 'on-off', ratePerSec: 500, offRatePerSec: 0, onMs: 300, offMs: 700 };
    const { issued } = open(arrival, 10_000);
    expect(issued.length).toBeGreaterThan(1000);
    expect(issued.filter((r) => r.at % 1000 >= 300)).toEqual([]);
  });

  it('never arrive when both rates are 0', () => {
    const p = createArrivalProcess({ kind: 'on-off', ratePerSec: 0, offRatePerSec: 0, onMs: 1, offMs: 1 })!;
    expect(p.next(0, new RandomStreams(1).stream('x'))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('ramp arrivals', () => {
  it('rise linearly: the first and last quarters hold the counts the integral of the rate gives', () => {
    // rate(t) = 200 t per s (t in s) over 10 s: quarters of 2.5 s hold 625, 1875, 3125, 4375.
    const { result } = open({ kind: 'ramp', fromPerSec: 0, toPerSec: 2000, overMs: 10_000 }, 10_000, 2500);
    const counts = countsPerBucket(result.series.clients.users.offeredPerSec, 2500);
    [625, 1875, 3125, 4375].forEach((expected, q) => {
      expectPoissonCount(counts[q], expected);
    });
  });

  it('hold the final rate once the ramp is over', () => {
    const { result } = open({ kind: 'ramp', fromPerSec: 0, toPerSec: 1000, overMs: 4000 }, 8000, 4000);
    const [rising, held] = countsPerBucket(result.series.clients.users.offeredPerSec, 4000);
    expectPoissonCount(rising, 2000);
    expectPoissonCount(held, 4000);
  });

  it('can ramp down, and stop for good when it reaches 0', () => {
    const { issued } = open({ kind: 'ramp', fromPerSec: 1000, toPerSec: 0, overMs: 2000 }, 5000);
    expectPoissonCount(issued.length, 1000);
    expect(issued.filter((r) => r.at >= 2000)).toEqual([]);
  });
});

describe('closed-loop users', () => {
  const closed = (
    users: number,
    think: Record<string, unknown>,
    service: Record<string, unknown>,
    durationMs: number,
  ) =>
    scenario({
      durationMs,
      metrics: { bucketMs: 10_000, warmupMs: durationMs > 10_000 ? 5000 : 0 },
      clients: [{ name: 'users', target: 'svc', arrival: { kind: 'closed', users, thinkTime: think } }],
      services: [{ name: 'svc', serviceTime: service }],
    });

  it('have no open arrival process: the client drives them', () => {
    expect(
      createArrivalProcess({ kind: 'closed', users: 3, thinkTime: { kind: 'constant', valueMs: 1 } }),
    ).toBeNull();
  });

  it('each user thinks first, then waits for its answer before thinking again', () => {
    const { issued, endings } = story(closed(2, constant(100), constant(30), 400));
    // One worker, 30 ms each: the second user's first request waits for the first's.
    expect(issued.map((r) => r.at)).toEqual([100, 100, 230, 260, 360, 390]);
    expect(endings.map((e) => `${e.issuedAt}->${e.endedAt}`)).toEqual([
      '100->130',
      '100->160',
      '230->260',
      '260->290',
      '360->390',
    ]);
  });

  it('never have more than N requests in flight at once', () => {
    const { peakInFlight, result } = story(
      closed(8, { kind: 'exponential', meanMs: 20 }, { kind: 'exponential', meanMs: 10 }, 20_000),
    );
    expect(peakInFlight.users).toBe(8);
    expect(result.summary.clients.users.inFlight).toBeLessThanOrEqual(8);
  });

  it('obey the interactive response time law X = N / (R + Z) within 3%', () => {
    const N = 20;
    const Z = 200;
    const { result } = story(
      closed(N, { kind: 'exponential', meanMs: Z }, { kind: 'exponential', meanMs: 5 }, 125_000),
    );
    const users = result.summary.clients.users;
    const X = users.goodputPerSec / 1000;
    const R = users.latencyMs.mean!;
    expect(R).toBeGreaterThan(5);
    expect(Math.abs((X * (R + Z)) / N - 1)).toBeLessThan(0.03);
  });
});
