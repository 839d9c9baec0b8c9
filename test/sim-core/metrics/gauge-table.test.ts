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

/** Every gauge of `table`, read at `end`, has the bits of its TimeWeighted in `objects`. */
function expectSameBits(table: GaugeTable, objects: TimeWeighted[], buckets: number, end: number): void {
  const read = table.readAt(end);
  objects.forEach((object, g) => {
    const o = object.readAt(end);
    expect(read.areaOf(g)).toBe(o.area);
    expect(read.maxOf(g)).toBe(o.max);
    expect(read.valueOf(g)).toBe(o.value);
    for (let b = 0; b < buckets; b++) {
      expect(read.bucketAreaOf(g, b)).toBe(o.bucketArea[b]);
      expect(read.bucketMaxOf(g, b)).toBe(o.bucketMax[b]);
    }
  });
}

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
          expectSameBits(table, objects, buckets, t + 7);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('addWhole (a -1 then +1 of one gauge at one instant logged as one change) keeps every bit', () => {
    // Whole steps, often several at one instant (gap 0), so that -1 then +1 pairs come up, with
    // and without another gauge's change between them; a gauge never goes below zero.
    const step = fc.tuple(
      fc.integer({ min: 0, max: 1 }),
      fc.constantFrom(-1, 1, 1, -1, 2, -2),
      fc.oneof(fc.constant(0), fc.constant(0), fc.double({ min: 0, max: 30, noNaN: true })),
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 6000 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(0, 20),
        (steps, buckets, warmupMs) => {
          const bucketMs = 25;
          const table = new GaugeTable(2, bucketMs, buckets, warmupMs);
          const objects = [0, 1].map(() => new TimeWeighted(bucketMs, buckets, warmupMs));
          const value = [0, 0];
          let t = 0;
          for (const [g, wanted, gap] of steps) {
            const delta = value[g] + wanted < 0 ? -wanted : wanted;
            value[g] += delta;
            t += gap;
            table.addWhole(g, delta, t);
            objects[g].add(delta, t);
          }
          expectSameBits(table, objects, buckets, t + 3);
        },
      ),
      { numRuns: 80 },
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
