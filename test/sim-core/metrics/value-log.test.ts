import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Histogram, ValueBatch } from '../../../sim-core/metrics/histogram.ts';
import { ValueLog } from '../../../sim-core/metrics/value-log.ts';

describe('ValueLog', () => {
  it('leaves a histogram with the bits of recording each value directly, flushed at any point', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { maxLength: 1200 }),
        fc.nat(1200),
        (values, flushAt) => {
          const direct = new Histogram();
          const later = new Histogram();
          const log = new ValueLog(later);
          values.forEach((v, i) => {
            direct.record(v);
            log.add(v);
            if (i === flushAt) log.flush();
          });
          log.flush();
          expect([later.count, later.sum, later.min, later.max]).toEqual([
            direct.count,
            direct.sum,
            direct.min,
            direct.max,
          ]);
          for (const q of [0.5, 0.9, 0.99, 0.999, 1]) expect(later.quantile(q)).toBe(direct.quantile(q));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('records on its own when full, and only then', () => {
    const h = new Histogram();
    const log = new ValueLog(h);
    for (let i = 0; i < 255; i++) log.add(1);
    expect(h.count).toBe(0);
    log.add(2);
    expect(h.count).toBe(256);
    expect(h.max).toBe(2);
  });

  it('grows up to its largest size before it records, and hands its values to a batch instead', () => {
    const h = new Histogram();
    const log = new ValueLog(h, 1024);
    for (let i = 0; i < 1023; i++) log.add(i);
    expect([h.count, log.size]).toEqual([0, 1023]);
    log.add(2000);
    expect([h.count, log.size]).toEqual([1024, 0]);
    for (let i = 0; i < 10; i++) log.add(i + 1);
    const batch = log.readInto(new ValueBatch());
    expect([batch.count, batch.sum, batch.min, batch.max]).toEqual([10, 55, 1, 10]);
    log.clear();
    log.flush();
    expect(h.count).toBe(1024);
  });
});
