import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowStats, SERIES_QUANTILES } from '../../../sim-core/metrics/flow-stats.ts';
import { Histogram } from '../../../sim-core/metrics/histogram.ts';
import { SUCCEEDED, TIMED_OUT } from '../../../sim-core/model/outcome.ts';

const SUMMARY_QUANTILES = [0.5, 0.9, 0.99, 0.999];

/** What a histogram per bucket gives: the reference the compact flow must match bit for bit. */
class PerBucketReference {
  readonly byBucket = new Map<number, Histogram>();
  constructor(
    private readonly bucketMs: number,
    private readonly buckets: number,
    private readonly warmupMs: number,
  ) {}

  success(startedAt: number, t: number): void {
    const b = Math.min(Math.floor(t / this.bucketMs), this.buckets - 1);
    let h = this.byBucket.get(b);
    if (h === undefined) {
      h = new Histogram();
      this.byBucket.set(b, h);
    }
    h.record(t - startedAt);
  }

  summary(): Histogram {
    const merged = new Histogram();
    for (let b = 0; b < this.buckets; b++) {
      const h = this.byBucket.get(b);
      if (h !== undefined && b * this.bucketMs >= this.warmupMs) merged.merge(h);
    }
    return merged;
  }
}

/** A run's ends: (gap to the previous end in ms, latency in ms, succeeded?). */
const endsArb = fc.array(
  fc.record({
    gap: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 700, noNaN: true })),
    latency: fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 5000, noNaN: true })),
    ok: fc.boolean(),
  }),
  { maxLength: 300 },
);

function expectSame(flow: FlowStats, ref: PerBucketReference, buckets: number): void {
  for (let b = 0; b < buckets; b++) {
    for (const q of SERIES_QUANTILES) {
      const want = ref.byBucket.get(b)?.quantile(q) ?? Number.NaN;
      expect(Object.is(flow.bucketLatencyQuantile(b, q), want), `bucket ${b} q ${q}`).toBe(true);
    }
  }
  const got = flow.summaryLatency().histogram;
  const want = ref.summary();
  expect(got.count).toBe(want.count);
  expect(got.min).toBe(want.min);
  expect(got.max).toBe(want.max);
  for (const q of SUMMARY_QUANTILES) expect(Object.is(got.quantile(q), want.quantile(q))).toBe(true);
  // Into a histogram reused from another flow: cleared first, so the same answer to the bit.
  const reused = new Histogram();
  for (const v of [0, 1e-4, 123, 9e4]) reused.record(v);
  const again = flow.summaryLatency(reused).histogram;
  expect([again.count, again.sum, again.min, again.max]).toEqual([got.count, got.sum, got.min, got.max]);
  for (const q of SUMMARY_QUANTILES) expect(Object.is(again.quantile(q), want.quantile(q))).toBe(true);
}

describe('FlowStats latency: one open histogram, closed buckets kept as their percentiles', () => {
  it('gives the percentiles of a histogram per bucket, per bucket and in the summary, read mid-run too', () => {
    fc.assert(
      fc.property(
        endsArb,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 3000 }),
        (ends, buckets, warmupMs) => {
          const bucketMs = 250;
          const flow = new FlowStats(bucketMs, buckets, warmupMs);
          const ref = new PerBucketReference(bucketMs, buckets, warmupMs);
          let t = 0;
          ends.forEach((e, i) => {
            t += e.gap;
            const startedAt = Math.max(0, t - e.latency);
            flow.start(t);
            flow.end(e.ok ? SUCCEEDED : TIMED_OUT, startedAt, t);
            if (e.ok) ref.success(startedAt, t);
            // A partial result in the middle must neither differ nor disturb what follows.
            if (i === Math.floor(ends.length / 2)) expectSame(flow, ref, buckets);
          });
          expectSame(flow, ref, buckets);
        },
      ),
      { numRuns: 300, seed: 14 },
    );
  });

  it('gives the same percentiles whether a bucket closes from its log or overflows it into its histogram', () => {
    fc.assert(
      fc.property(
        // Ends per bucket on both sides of the log's 4,096, some buckets empty.
        fc.array(
          fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 4000, max: 9000 })),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.integer({ min: 0, max: 2500 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (perBucket, warmupMs, seed) => {
          const bucketMs = 1000;
          const buckets = perBucket.length;
          const flow = new FlowStats(bucketMs, buckets, warmupMs);
          const ref = new PerBucketReference(bucketMs, buckets, warmupMs);
          let x = seed;
          const u = () => {
            x = (x * 48271) % 2147483647;
            return x / 2147483647;
          };
          perBucket.forEach((n, b) => {
            for (let i = 0; i < n; i++) {
              const t = b * bucketMs + ((i + 0.5) * bucketMs) / n;
              // Exponential latencies with exact zeros and ties among them.
              const latency = u() < 0.1 ? 0 : u() < 0.1 ? 1 : -5 * Math.log(u());
              const startedAt = Math.max(0, t - latency);
              flow.start(t);
              flow.end(SUCCEEDED, startedAt, t);
              ref.success(startedAt, t);
            }
          });
          expectSame(flow, ref, buckets);
        },
      ),
      { numRuns: 40, seed: 14 },
    );
  });

  it('closes a bucket that holds a NaN latency through its histogram, as before', () => {
    const flow = new FlowStats(100, 3, 0);
    const ref = new PerBucketReference(100, 3, 0);
    for (const [startedAt, t] of [
      [1, 5],
      [Number.NaN, 20],
      [3, 50],
      [100, 150],
    ]) {
      flow.start(t);
      flow.end(SUCCEEDED, startedAt, t);
      ref.success(startedAt, t);
    }
    flow.start(250);
    for (const q of SERIES_QUANTILES) {
      const want = ref.byBucket.get(0)?.quantile(q) ?? Number.NaN;
      expect(Object.is(flow.bucketLatencyQuantile(0, q), want)).toBe(true);
    }
  });

  it('keeps its latency storage the same size however many buckets pass', () => {
    const flow = new FlowStats(10, 100_000, 0);
    const sizes: number[] = [];
    for (let b = 0; b < 100_000; b++) {
      const t = b * 10 + 5;
      flow.start(t - 1);
      flow.end(SUCCEEDED, t - 1 - (b % 7) * 0.37, t);
      if (b === 1000 || b === 99_000) sizes.push(windowOf(flow));
    }
    expect(sizes[1]).toBe(sizes[0]);
    expect(flow.bucketLatencyQuantile(5, 0.5)).toBeCloseTo(1 + 5 * 0.37, 1);
  });
});

/** Entries of the dense windows of a flow's two latency histograms (private, read for the test). */
function windowOf(flow: FlowStats): number {
  const f = flow as unknown as Record<string, { counts: Float64Array }>;
  return f['openLatency'].counts.length + f['closedLatency'].counts.length;
}
