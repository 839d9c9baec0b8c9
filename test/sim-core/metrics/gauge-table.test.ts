import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GaugeTable } from '../../../sim-core/metrics/gauge-table.ts';
import { TimeWeighted } from '../../../sim-core/metrics/time-weighted.ts';

/** One gauge's change: which gauge, by how much, how long after the previous change (any gauge). */
const change = fc.tuple(
  fc.integer({ min: 0, max: 2 }),
  fc.integer({ min: -3, max: 3 }),
  fc.double({ min: 0, max: 40, noNaN: true }),
);

describe('GaugeTable', () => {
  it('gives every area and maximum the bits of one TimeWeighted per gauge, read mid-run or not', () => {
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 9000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(0, 15, 50),
        (changes, buckets, warmupMs) => {
          const bucketMs = 25;
          const table = new GaugeTable(3, bucketMs, buckets, warmupMs);
          const objects = [0, 1, 2].map(() => new TimeWeighted(bucketMs, buckets, warmupMs));
          let t = 0;
          changes.forEach(([g, delta, gap], i) => {
            t += gap;
            table.add(g, delta, t);
            objects[g].add(delta, t);
            // A reading in the middle (as a partial result would) must not change later bits.
            if (i === changes.length >> 1) table.readAt(t + 1);
          });
          const end = t + 7;
          const read = table.readAt(end);
          for (let g = 0; g < 3; g++) {
            const o = objects[g].readAt(end);
            expect(read.areaOf(g)).toBe(o.area);
            expect(read.maxOf(g)).toBe(o.max);
            expect(read.valueOf(g)).toBe(o.value);
            for (let b = 0; b < buckets; b++) {
              expect(read.bucketAreaOf(g, b)).toBe(o.bucketArea[b]);
              expect(read.bucketMaxOf(g, b)).toBe(o.bucketMax[b]);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('integrates logged changes before a read of the running table', () => {
    const table = new GaugeTable(2, 10, 3, 0);
    table.add(1, 2, 4);
    table.add(1, -1, 15);
    // Changes are logged until read: the running readers see them.
    expect(table.valueOf(1)).toBe(1);
    expect(table.areaOf(1)).toBe(2 * 11);
    expect(table.bucketAreaOf(1, 0)).toBe(2 * 6);
    expect(table.bucketAreaOf(1, 1)).toBe(2 * 5);
    expect(table.bucketMaxOf(1, 0)).toBe(2);
    expect(table.maxOf(0)).toBe(0);
    const read = table.readAt(30);
    expect(read.areaOf(1)).toBe(22 + 15);
    expect(read.bucketAreaOf(1, 2)).toBe(10);
    // The running table is left as it was.
    expect(table.areaOf(1)).toBe(22);
  });

  it('integrates a log that fills up on its own (more changes than the log holds)', () => {
    const table = new GaugeTable(1, 1000, 1, 0);
    for (let i = 0; i < 10_000; i++) table.add(0, i % 2 === 0 ? 1 : -1, i);
    // Value 1 over [even, odd) for 5,000 unit steps.
    expect(table.readAt(10_000).areaOf(0)).toBe(5000);
  });
});
