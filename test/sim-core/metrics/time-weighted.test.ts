import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeWeighted } from '../../../sim-core/metrics/time-weighted.ts';

/** Applies `[delta, t]` changes, then integrates to `end`. */
function gauge(
  bucketMs: number,
  buckets: number,
  warmupMs: number,
  changes: [number, number][],
  end: number,
) {
  const g = new TimeWeighted(bucketMs, buckets, warmupMs);
  for (const [delta, t] of changes) g.add(delta, t);
  g.advance(end);
  return g;
}

describe('TimeWeighted', () => {
  it('splits an integral exactly at bucket boundaries', () => {
    // 2 from 5 to 15, 3 from 15 to 30; buckets of 10.
    const g = gauge(
      10,
      3,
      0,
      [
        [2, 5],
        [1, 15],
      ],
      30,
    );
    expect([...g.bucketArea]).toEqual([2 * 5, 2 * 5 + 3 * 5, 3 * 10]);
    expect(g.area).toBe(65);
    expect([...g.bucketMax]).toEqual([2, 3, 3]);
    expect(g.max).toBe(3);
    expect(g.value).toBe(3);
  });

  it('spreads one long constant stretch over every bucket it crosses', () => {
    const g = gauge(10, 4, 0, [[1, 2]], 38);
    expect([...g.bucketArea]).toEqual([8, 10, 10, 8]);
    expect(g.area).toBe(36);
  });

  it('changes exactly on a boundary belong to the bucket that starts there', () => {
    const g = gauge(
      10,
      3,
      0,
      [
        [1, 0],
        [1, 10],
        [-2, 20],
      ],
      30,
    );
    expect([...g.bucketArea]).toEqual([10, 20, 0]);
    expect([...g.bucketMax]).toEqual([1, 2, 0]);
  });

  it('several changes at one instant add no area but the peak counts in the max', () => {
    const g = gauge(
      10,
      2,
      0,
      [
        [5, 4],
        [-5, 4],
        [1, 4],
      ],
      20,
    );
    expect([...g.bucketArea]).toEqual([6, 10]);
    expect([...g.bucketMax]).toEqual([5, 1]);
    expect(g.max).toBe(5);
  });

  it('leaves the warm-up out of the summary area and max, but not out of the series', () => {
    const g = gauge(
      10,
      3,
      12,
      [
        [2, 5],
        [1, 15],
      ],
      30,
    );
    expect(g.area).toBe(2 * 3 + 3 * 15);
    expect([...g.bucketArea]).toEqual([10, 25, 30]);
    const peakBefore = gauge(
      10,
      3,
      10,
      [
        [5, 3],
        [-4, 8],
      ],
      30,
    );
    expect(peakBefore.area).toBe(20);
    expect(peakBefore.max).toBe(1);
    expect(peakBefore.bucketMax[0]).toBe(5);
  });

  it('a value set before the warm-up and held across it counts in the summary max', () => {
    const g = gauge(10, 3, 20, [[2, 5]], 30);
    expect(g.max).toBe(2);
    expect(g.area).toBe(20);
  });

  it('the max of a bucket includes a value carried across it with no change', () => {
    const g = gauge(
      10,
      4,
      0,
      [
        [4, 5],
        [-1, 25],
      ],
      40,
    );
    expect([...g.bucketMax]).toEqual([4, 4, 4, 3]);
    expect([...g.bucketArea]).toEqual([20, 40, 5 * 4 + 5 * 3, 30]);
    const held = gauge(10, 4, 0, [[4, 5]], 35);
    expect([...held.bucketMax]).toEqual([4, 4, 4, 4]);
  });

  it('the last bucket takes all time past its start', () => {
    const g = gauge(10, 2, 0, [[1, 5]], 35);
    expect([...g.bucketArea]).toEqual([5, 25]);
  });

  it('advancing twice to the same time, or to an earlier one, adds nothing', () => {
    const g = new TimeWeighted(10, 2, 0);
    g.add(3, 1);
    g.advance(7);
    g.advance(7);
    g.advance(4);
    expect(g.area).toBe(18);
    expect([...g.bucketArea]).toEqual([18, 0]);
  });

  it('matches a piecewise-constant reference for any sequence of changes', () => {
    // Integer times and values keep every sum exact, so the comparison is exact.
    const change = fc.tuple(fc.integer({ min: -3, max: 4 }), fc.integer({ min: 0, max: 25 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(change, { maxLength: 40 }),
        fc.integer({ min: 0, max: 30 }),
        (bucketMs, buckets, warmupMs, steps, tail) => {
          // Times from cumulative steps; deltas clipped so the gauge never goes negative.
          const changes: [number, number][] = [];
          let t = 0;
          let v = 0;
          for (const [d, dt] of steps) {
            t += dt;
            const delta = Math.max(d, -v);
            v += delta;
            changes.push([delta, t]);
          }
          const end = t + tail;
          const g = gauge(bucketMs, buckets, warmupMs, changes, end);
          const ref = reference(bucketMs, buckets, warmupMs, changes, end);
          expect([...g.bucketArea]).toEqual(ref.bucketArea);
          expect([...g.bucketMax]).toEqual(ref.bucketMax);
          expect(g.area).toBe(ref.area);
          expect(g.max).toBe(ref.max);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/**
 * The definition, computed the slow way: areas by integrating each constant stretch over each
 * bucket; a bucket's max is the largest value held over part of it or set inside it; the summary
 * max is the largest value held after the warm-up or set at or after it.
 */
function reference(
  bucketMs: number,
  buckets: number,
  warmupMs: number,
  changes: [number, number][],
  end: number,
) {
  const bucketArea = new Array(buckets).fill(0);
  const bucketMax = new Array(buckets).fill(0);
  const bucketOf = (t: number) => Math.min(Math.floor(t / bucketMs), buckets - 1);
  let area = 0;
  let max = 0;
  let value = 0;
  let from = 0;
  const hold = (to: number) => {
    for (let b = 0; b < buckets; b++) {
      const lo = Math.max(from, b * bucketMs);
      const hi = b === buckets - 1 ? to : Math.min(to, (b + 1) * bucketMs);
      if (hi > lo) {
        bucketArea[b] += value * (hi - lo);
        bucketMax[b] = Math.max(bucketMax[b], value);
      }
    }
    const lo = Math.max(from, warmupMs);
    if (to > lo) {
      area += value * (to - lo);
      max = Math.max(max, value);
    }
    from = Math.max(from, to);
  };
  for (const [delta, t] of changes) {
    hold(t);
    value += delta;
    bucketMax[bucketOf(t)] = Math.max(bucketMax[bucketOf(t)], value);
    if (t >= warmupMs) max = Math.max(max, value);
  }
  hold(end);
  return { bucketArea, bucketMax, area, max };
}
