import { describe, expect, it } from 'vitest';
import { type ConcurrencyLimit, createAdaptiveLimit } from '../../../sim-core/patterns/adaptive-limit.ts';
import { ADAPTIVE_LIMIT_PRESETS } from '../../../sim-core/patterns/presets.ts';
import type { Rng } from '../../../sim-core/random/streams.ts';
import type { AdaptiveLimitSpec } from '../../../sim-core/scenario/policy-spec.ts';

/** An Rng that always returns `u`, counting draws. */
function constant(u: number): Rng & { draws: number } {
  const rng = {
    draws: 0,
    next(): number {
      rng.draws++;
      return u;
    },
  };
  return rng;
}

/** Feeds samples [rtt, inflight, dropped] and returns the limit after each. */
function feed(l: ConcurrencyLimit, samples: [number, number, boolean][]): number[] {
  return samples.map(([rtt, inflight, dropped], i) => {
    l.onSample(i, rtt, inflight, dropped);
    return l.limit;
  });
}

describe('AIMD limit (Netflix AIMDLimit)', () => {
  const spec: AdaptiveLimitSpec = {
    algorithm: 'aimd',
    initialLimit: 10,
    minLimit: 1,
    maxLimit: 20,
    backoffRatio: 0.9,
    timeoutMs: 5000,
  };

  it('adds 1 per sample while the limit is in use and cuts to floor(limit * 0.9) on a drop or a timeout', () => {
    const l = createAdaptiveLimit(spec, constant(0));
    expect(
      feed(l, [
        [100, 5, false], // inflight * 2 >= 10: +1
        [100, 11, false],
        [100, 12, true], // drop: floor(12 * 0.9) = 10
        [5001, 10, false], // rtt over the timeout counts as a drop: 9
        [5000, 4, false], // 8 < 9: not in use, unchanged
        [100, 5, false], // 10 >= 9: +1
      ]),
    ).toEqual([11, 12, 10, 9, 9, 10]);
  });

  it('clamps to [minLimit, maxLimit]', () => {
    const l = createAdaptiveLimit({ ...spec, minLimit: 8, maxLimit: 11 }, constant(0));
    expect(
      feed(l, [
        [1, 10, false],
        [1, 10, false],
        [1, 10, false],
        [1, 1, true],
        [1, 1, true],
        [1, 1, true],
      ]),
    ).toEqual([11, 11, 11, 9, 8, 8]);
  });

  it('creeps up to maxLimit under modest sustained overload: rtt may triple, nothing times out', () => {
    const l = createAdaptiveLimit(spec, constant(0));
    const rtts = Array.from({ length: 10 }, (_, i) => 100 + i * 30);
    expect(
      feed(
        l,
        rtts.map((rtt) => [rtt, 20, false]),
      ),
    ).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it('a constant low-concurrency probe pins the limit: 50x the rtt changes nothing', () => {
    const l = createAdaptiveLimit(spec, constant(0));
    expect(
      feed(
        l,
        Array.from({ length: 100 }, () => [4999, 1, false] as [number, number, boolean]),
      ),
    ).toEqual(Array(100).fill(10));
  });

  it('uses the library defaults in the preset: 20..200, ratio 0.9, timeout 5 s', () => {
    const l = createAdaptiveLimit(ADAPTIVE_LIMIT_PRESETS['aimd-default'], constant(0));
    expect(
      feed(l, [
        [10, 20, false],
        [10, 1, true],
        [6000, 1, false],
      ]),
    ).toEqual([21, 20, 20]);
  });
});

describe('Vegas limit (Netflix VegasLimit)', () => {
  const spec: AdaptiveLimitSpec = {
    algorithm: 'vegas',
    initialLimit: 20,
    maxLimit: 1000,
    alpha: 3,
    beta: 6,
    smoothing: 1,
  };

  it('follows the queue estimate ceil(limit * (1 - rtt_noload / rtt)) against log10 thresholds', () => {
    const l = createAdaptiveLimit(spec, constant(0.5)); // probe after 0.75 * 30 * limit samples
    expect(
      feed(l, [
        [100, 20, false], // first sample: rtt_noload = 100
        [100, 20, false], // queue 0 <= 1: +beta = 6
        [200, 26, false], // queue ceil(26 * 0.5) = 13 > 6: -1
        [110, 25, false], // queue 3: between alpha 3 and beta 6, unchanged
        [105, 25, false], // queue 2 < alpha: +1
        [100, 26, true], // a drop: -1
        [300, 5, false], // 5 * 2 < 25: not in use, unchanged
        [50, 25, false], // a new minimum rtt: only recorded
        [50, 25, false], // queue 0: +6
      ]),
    ).toEqual([20, 26, 25, 25, 26, 25, 25, 25, 31]);
  });

  it('steps by 2 (floor(log10)) once the limit reaches 100', () => {
    const l = createAdaptiveLimit({ ...spec, initialLimit: 100 }, constant(0.5));
    expect(
      feed(l, [
        [100, 100, false],
        [100, 100, false],
        [100, 100, true],
      ]),
    ).toEqual([100, 112, 110]);
  });

  it('smooths: smoothing 0.5 moves halfway to the new value', () => {
    const l = createAdaptiveLimit({ ...spec, smoothing: 0.5 }, constant(0.5));
    expect(
      feed(l, [
        [100, 20, false],
        [100, 20, false],
        [100, 23, false],
      ]),
    ).toEqual([20, 23, 26]);
  });

  it('the periodic probe adopts an inflated rtt as the no-load rtt, so sustained queueing then looks like none', () => {
    // rng 0 gives jitter 0.5: the probe comes at sample 0.5 * 30 * 20 = 300.
    const probed = createAdaptiveLimit(spec, constant(0));
    probed.onSample(0, 100, 0, false);
    for (let i = 1; i < 299; i++) probed.onSample(i, 100, 0, false);
    probed.onSample(299, 400, 0, false); // sample 300: the probe, rtt_noload = 400
    probed.onSample(300, 400, 20, false);
    expect(probed.limit).toBe(26); // queue 0: grows, at 4x the true no-load rtt

    const unprobed = createAdaptiveLimit(spec, constant(0));
    unprobed.onSample(0, 100, 0, false);
    unprobed.onSample(1, 400, 20, false);
    expect(unprobed.limit).toBe(19); // queue 15 > 6: shrinks
  });

  it('draws one number at creation and one per probe', () => {
    const rng = constant(0);
    const l = createAdaptiveLimit(spec, rng);
    expect(rng.draws).toBe(1);
    for (let i = 0; i < 300; i++) l.onSample(i, 100, 0, false);
    expect(rng.draws).toBe(2);
  });

  it('ignores samples with a non-positive rtt (the library rejects them)', () => {
    const l = createAdaptiveLimit(spec, constant(0.5));
    feed(l, [
      [0, 20, true],
      [-5, 20, true],
    ]);
    expect(l.limit).toBe(20);
  });
});

describe('Gradient2 limit (Netflix Gradient2Limit)', () => {
  const defaults = ADAPTIVE_LIMIT_PRESETS['gradient2-default'];
  const low = { ...defaults, minLimit: 1 } as AdaptiveLimitSpec;

  it('grows by queueSize * smoothing = 0.8 per in-use sample while the rtt is steady', () => {
    const l = createAdaptiveLimit(defaults, constant(0));
    const limits: number[] = [];
    for (let i = 0; i < 5; i++) {
      l.onSample(i, 100, l.limit, false);
      limits.push(l.limit);
    }
    expect(limits).toEqual([20, 21, 22, 23, 24]); // 20.8, 21.6, 22.4, 23.2, 24.0
  });

  it('shrinks with gradient max(0.5, 1.5 * long / short) when the rtt jumps 4x', () => {
    const l = createAdaptiveLimit(low, constant(0));
    for (let i = 0; i < 10; i++) l.onSample(i, 100, 0, false); // warm-up: long rtt 100
    // gradient 0.5: 20 * 0.8 + (20 * 0.5 + 4) * 0.2 = 18.8, then 17.72, ...
    expect(
      feed(
        l,
        Array.from({ length: 4 }, () => [400, 20, false] as [number, number, boolean]),
      ),
    ).toEqual([18, 17, 16, 15]);
  });

  it('creeps up to maxLimit under modest sustained overload: 225 samples while the rtt rises 45%', () => {
    const l = createAdaptiveLimit(defaults, constant(0));
    let n = 0;
    while (l.limit < 200 && n < 10_000) {
      l.onSample(n, 100 + n * 0.2, l.limit, false);
      n++;
    }
    expect(n).toBe(225);
  });

  it('a constant low-concurrency probe pins the limit: 10x the rtt changes nothing', () => {
    const l = createAdaptiveLimit(low, constant(0));
    for (let i = 0; i < 10; i++) l.onSample(i, 100, 0, false);
    expect(
      feed(
        l,
        Array.from({ length: 50 }, () => [1000, 1, false] as [number, number, boolean]),
      ),
    ).toEqual(Array(50).fill(20));
  });

  it('cuts the long rtt by 5% per sample while it is over twice the sample, so recovery resets the baseline', () => {
    const l = createAdaptiveLimit(low, constant(0));
    for (let i = 0; i < 10; i++) l.onSample(i, 1000, 0, false); // long overload: long rtt 1000
    for (let i = 0; i < 40; i++) l.onSample(i, 100, 0, false); // back to normal, idle
    l.onSample(100, 400, 20, false);
    // The long rtt is down near 200, so 400 is too slow: 19. Without the cut it would still be
    // near 900 and the gradient 1: 20.
    expect(l.limit).toBe(19);
  });
});
