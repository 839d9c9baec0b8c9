import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Histogram, ValueBatch } from '../../../sim-core/metrics/histogram.ts';
import { RandomStreams } from '../../../sim-core/random/streams.ts';

/** The documented bound: half a bucket of 1/128 of its lower bound. */
const MAX_RELATIVE_ERROR = 1 / 256;
const QS = [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

function histogramOf(values: Iterable<number>): Histogram {
  const h = new Histogram();
  for (const v of values) h.record(v);
  return h;
}

/** The exact q-quantile as the histogram defines it: the value of rank ceil(q * n). */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

function expectQuantilesClose(h: Histogram, values: number[], bound = MAX_RELATIVE_ERROR) {
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of QS) {
    const exact = exactQuantile(sorted, q);
    const got = h.quantile(q);
    const err = exact === 0 ? Math.abs(got) : Math.abs(got - exact) / exact;
    expect(err, `q=${q}: ${got} vs exact ${exact}`).toBeLessThanOrEqual(bound * (1 + 1e-12));
  }
}

const rng = new RandomStreams(2024);
const draws: Record<string, (u: () => number) => number> = {
  'uniform on [0, 100)': (u) => 100 * u(),
  'exponential, mean 10': (u) => -10 * Math.log(1 - u()),
  'lognormal spanning 6 decades (1e-3 to 1e3)': (u) => {
    // Box-Muller; sigma chosen so +-4.5 sigma spans 1e-3 .. 1e3 around 1.
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    return Math.exp((z * Math.log(1000)) / 4.5);
  },
};

describe('Histogram quantiles', () => {
  describe.each(Object.keys(draws))('%s', (name) => {
    it.each([1, 2, 10, 1000, 100_000])(
      'are within 1/256 relative error of the exact quantile for n = %s',
      (n) => {
        const stream = rng.stream(`hist/${name}/${n}`);
        const u = () => stream.next();
        const values = Array.from({ length: n }, () => draws[name](u));
        expectQuantilesClose(histogramOf(values), values);
      },
    );
  });

  it('are within 1/256 of the exact quantile for any non-negative sample', () => {
    const value = fc.oneof(
      fc.constant(0),
      fc.double({ min: 1e-6, max: 1e9, noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: 0, max: 5000 }),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 400 }), (values) => {
        expectQuantilesClose(histogramOf(values), values);
      }),
    );
  });

  it('the lognormal sample really does span 6 decades', () => {
    const stream = rng.stream('hist/span');
    const values = Array.from({ length: 100_000 }, () =>
      draws['lognormal spanning 6 decades (1e-3 to 1e3)'](() => stream.next()),
    );
    const h = histogramOf(values);
    expect(h.min).toBeLessThan(2e-3);
    expect(h.max).toBeGreaterThan(5e2);
  });

  it('of an empty histogram are NaN, and so is its mean', () => {
    const h = new Histogram();
    expect(h.quantile(0.5)).toBeNaN();
    expect(h.quantile(1)).toBeNaN();
    expect(h.mean()).toBeNaN();
    expect(h.count).toBe(0);
  });

  it('report the exact value when every value is the same: the midpoint is clamped to min and max', () => {
    const h = histogramOf([3.7, 3.7, 3.7]);
    for (const q of QS) expect(h.quantile(q)).toBe(3.7);
    const one = histogramOf([1e-3]);
    expect(one.quantile(0.5)).toBe(1e-3);
  });

  it('clamp to the exact min and max at the ends', () => {
    const h = histogramOf([10.01, 500.3]);
    expect(h.quantile(0.001)).toBeGreaterThanOrEqual(10.01);
    expect(h.quantile(1)).toBeLessThanOrEqual(500.3);
    expect(h.max).toBe(500.3);
    expect(h.min).toBe(10.01);
  });

  it('count zeros as zeros: a half-zero sample has p50 = 0 and p51 > 0', () => {
    const h = histogramOf([...new Array(50).fill(0), ...new Array(50).fill(2)]);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.51)).toBe(2);
    expect(h.quantile(1)).toBe(2);
    expect(histogramOf([0, 0, 0]).quantile(0.99)).toBe(0);
    expect(histogramOf([0, 0, 0]).mean()).toBe(0);
  });

  it('use the rank ceil(q * n): p50 of 1..10 is the 5th value, p90 the 9th', () => {
    const h = histogramOf([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(h.quantile(0.5)).toBeCloseTo(5, 1);
    expect(h.quantile(0.9)).toBeCloseTo(9, 1);
    expect(h.quantile(0.95)).toBe(10);
  });

  it('do not depend on the order values were recorded in, even when the window grows both ways', () => {
    const values = [1, 1e6, 3e-4, 42, 7e8, 0.5, 2e-5, 123456];
    const up = histogramOf([...values].sort((a, b) => a - b));
    const down = histogramOf([...values].sort((a, b) => b - a));
    const mixed = histogramOf(values);
    for (const q of QS) {
      expect(down.quantile(q)).toBe(up.quantile(q));
      expect(mixed.quantile(q)).toBe(up.quantile(q));
    }
    expectQuantilesClose(mixed, values);
  });
});

describe('Histogram mean, count, min and max', () => {
  it('the mean is exactly the sum over the count', () => {
    const values = [0.25, 0.5, 4, 1024, 3];
    const h = histogramOf(values);
    expect(h.count).toBe(5);
    expect(h.sum).toBe(1031.75);
    expect(h.mean()).toBe(1031.75 / 5);
    expect(h.min).toBe(0.25);
    expect(h.max).toBe(1024);
  });
});

describe('Histogram merge', () => {
  const sample = (name: string, n: number, scale: number) => {
    const s = rng.stream(name);
    return Array.from({ length: n }, () => scale * -Math.log(1 - s.next()));
  };

  it('merge(a, b) gives the same quantiles, count, min and max as recording everything in one', () => {
    // Very different ranges, so merging must grow the window both ways.
    const a = sample('merge/a', 5000, 0.01);
    const b = sample('merge/b', 3000, 1e4);
    const c = [0, 0, 0];
    const merged = histogramOf(a);
    merged.merge(histogramOf(b));
    merged.merge(histogramOf(c));
    const all = histogramOf([...a, ...b, ...c]);
    for (const q of [...QS, 0.3, 0.6, 0.62, 0.63]) expect(merged.quantile(q), `q=${q}`).toBe(all.quantile(q));
    expect(merged.count).toBe(all.count);
    expect(merged.min).toBe(all.min);
    expect(merged.max).toBe(all.max);
    expect(merged.sum).toBeCloseTo(all.sum, 6);
  });

  it('merging in the other order gives the same quantiles', () => {
    const a = sample('merge/c', 2000, 1e5);
    const b = sample('merge/d', 2000, 1e-2);
    const ab = histogramOf(a);
    ab.merge(histogramOf(b));
    const ba = histogramOf(b);
    ba.merge(histogramOf(a));
    for (const q of QS) expect(ab.quantile(q)).toBe(ba.quantile(q));
  });

  it('merging into an empty histogram copies the other, and merging an empty one changes nothing', () => {
    const values = sample('merge/e', 500, 3);
    const copy = new Histogram();
    copy.merge(histogramOf(values));
    const same = histogramOf(values);
    same.merge(new Histogram());
    const ref = histogramOf(values);
    for (const h of [copy, same]) {
      expect(h.count).toBe(ref.count);
      expect(h.mean()).toBe(ref.mean());
      for (const q of QS) expect(h.quantile(q)).toBe(ref.quantile(q));
    }
  });

  it('merge is exact for any split of any sample', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e7, noNaN: true, noDefaultInfinity: true }), { maxLength: 200 }),
        fc.array(fc.double({ min: 0, max: 1e-2, noNaN: true, noDefaultInfinity: true }), { maxLength: 200 }),
        (a, b) => {
          const merged = histogramOf(a);
          merged.merge(histogramOf(b));
          const all = histogramOf([...a, ...b]);
          expect(merged.count).toBe(all.count);
          for (const q of QS) expect(merged.quantile(q)).toBe(all.quantile(q));
        },
      ),
    );
  });
});

/**
 * The full-scan answer, computed apart from the histogram: every value's bucket from its bits,
 * the buckets in ascending order, the rank's bucket midpoint clamped to the exact min and max.
 */
function fullScanQuantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const hi = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  // The exponent and the top 7 bits of the mantissa: 20 - 7 bits off the high word.
  const bucket = (v: number) => {
    bits[0] = v;
    return words[hi] >>> 13;
  };
  const lower = (b: number) => {
    words[hi] = b << 13;
    words[1 - hi] = 0;
    return bits[0];
  };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const rank = Math.max(1, Math.ceil(q * values.length));
  let seen = values.filter((v) => v <= 0).length;
  if (seen >= rank) return Math.max(0, min);
  const counts = new Map<number, number>();
  for (const v of values) if (v > 0) counts.set(bucket(v), (counts.get(bucket(v)) ?? 0) + 1);
  for (const b of [...counts.keys()].sort((x, y) => x - y)) {
    seen += counts.get(b) ?? 0;
    if (seen >= rank) return Math.min(max, Math.max(min, (lower(b) + lower(b + 1)) / 2));
  }
  return max;
}

describe('histogram buckets in use', () => {
  const value = fc.oneof(
    fc.constant(0),
    fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
    fc.integer({ min: 1, max: 50 }).map((x) => x / 8),
  );
  type Op = { kind: 'record'; v: number } | { kind: 'clear' } | { kind: 'merge'; vs: number[] };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 8, arbitrary: value.map((v): Op => ({ kind: 'record', v })) },
    { weight: 1, arbitrary: fc.constant<Op>({ kind: 'clear' }) },
    { weight: 2, arbitrary: fc.array(value, { maxLength: 40 }).map((vs): Op => ({ kind: 'merge', vs })) },
  );

  it('clear, merge and quantiles over the touched buckets give the full-scan answer', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const h = new Histogram();
        let values: number[] = [];
        for (const o of ops) {
          if (o.kind === 'record') {
            h.record(o.v);
            values.push(o.v);
          } else if (o.kind === 'clear') {
            h.clear();
            values = [];
          } else {
            h.merge(histogramOf(o.vs));
            values.push(...o.vs);
          }
          // Reading mid-way sorts the touched list: later records must still be found.
          if (values.length % 7 === 3) h.quantile(0.5);
        }
        const out = new Float64Array(QS.length);
        h.quantiles(QS, out);
        QS.forEach((q, i) => {
          const want = fullScanQuantile(values, q);
          expect(out[i]).toBe(want);
          expect(h.quantile(q)).toBe(want);
        });
        expect(h.count).toBe(values.length);
      }),
    );
  });

  it('reads quantiles right whether the buckets in use are few in a wide window or fill a narrow one', () => {
    // Few: a handful of values spread over 40 octaves. Many: 3,000 values over 4 octaves, every
    // bucket used, recorded from the largest down so the list starts in descending order.
    const few = [1e5, 3e-5, 7, 0.5, 2e3, 1e-6];
    const many = Array.from({ length: 3000 }, (_, i) => 16 - i / 200);
    for (const values of [few, many]) {
      const h = histogramOf(values);
      const out = new Float64Array(QS.length);
      h.quantiles(QS, out);
      QS.forEach((q, i) => {
        expect(out[i]).toBe(fullScanQuantile(values, q));
      });
    }
  });

  it('a cleared histogram answers like a new one after new values, even ones far from the old window', () => {
    const h = histogramOf([1, 2, 3]);
    h.clear();
    for (const v of [1e-5, 5e5, 7]) h.record(v);
    for (const q of QS) expect(h.quantile(q)).toBe(histogramOf([1e-5, 5e5, 7]).quantile(q));
  });
});

describe('ValueBatch: a batch of values read without a histogram of its own', () => {
  const value = fc.oneof(
    fc.constant(0),
    fc.double({ min: 1e-9, max: 1e6, noNaN: true }),
    fc.integer({ min: 0, max: 50 }),
  );

  it('gives the quantiles of a histogram holding the values, bit for bit, whatever their order', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 600 }),
        fc.uniqueArray(fc.double({ min: 1e-6, max: 1, noNaN: true }), { maxLength: 6 }),
        (values, raw) => {
          const qs = [...raw].sort((a, b) => a - b);
          const h = histogramOf(values);
          const want = new Float64Array(qs.length);
          h.quantiles(qs, want);
          const got = new Float64Array(qs.length);
          new ValueBatch().load(Float64Array.from(values), values.length).quantiles(qs, got);
          for (let k = 0; k < qs.length; k++) expect(Object.is(got[k], want[k]), `q=${qs[k]}`).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merges into a histogram as merging a histogram of the values recorded in order would', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 400 }),
        fc.array(value, { maxLength: 400 }),
        (before, values) => {
          const viaHistogram = histogramOf(before);
          viaHistogram.merge(histogramOf(values));
          const viaBatch = histogramOf(before);
          const batch = new ValueBatch().load(Float64Array.from(values), values.length);
          // The quantiles reorder the values first: merging does not depend on their order.
          batch.quantiles([0.5, 0.99], new Float64Array(2));
          viaBatch.mergeBatch(batch);
          expect([viaBatch.count, viaBatch.sum, viaBatch.min, viaBatch.max, viaBatch.positives]).toEqual([
            viaHistogram.count,
            viaHistogram.sum,
            viaHistogram.min,
            viaHistogram.max,
            viaHistogram.positives,
          ]);
          for (const q of QS) expect(Object.is(viaBatch.quantile(q), viaHistogram.quantile(q))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('selects the right ranks among many equal values and in sorted or reversed input', () => {
    const cases = [
      Array.from({ length: 1000 }, () => 7),
      Array.from({ length: 1000 }, (_, i) => i),
      Array.from({ length: 1000 }, (_, i) => 1000 - i),
      Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 0 : 3)),
    ];
    for (const values of cases) {
      const want = new Float64Array(4);
      histogramOf(values).quantiles([0.001, 0.5, 0.99, 1], want);
      const got = new Float64Array(4);
      new ValueBatch().load(Float64Array.from(values), values.length).quantiles([0.001, 0.5, 0.99, 1], got);
      expect([...got]).toEqual([...want]);
    }
  });
});
