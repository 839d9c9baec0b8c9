import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowedAdder } from '../../../sim-core/patterns/windowed-adder.ts';

type Op = { dt: number; x: number };

function replay(ops: Op[]): { adder: WindowedAdder; t: number } {
  const adder = new WindowedAdder(1000, 10);
  let t = 0;
  for (const { dt, x } of ops) {
    t += dt;
    adder.add(t, x);
  }
  return { adder, t };
}

describe('WindowedAdder (Twitter util)', () => {
  it('keeps a value for 10 slices of 100 ms when touched every slice', () => {
    const a = new WindowedAdder(1000, 10);
    a.add(0, 7);
    const sums: number[] = [];
    for (let t = 100; t <= 1000; t += 100) sums.push(a.sum(t));
    expect(sums).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 7, 0]);
  });

  it('drops whole slices that went by untouched', () => {
    const a = new WindowedAdder(1000, 10);
    a.add(0, 1);
    a.add(450, 2); // closes the first slice at 450
    expect(a.sum(1300)).toBe(2); // 8 slice widths later: the 0 ms value is gone, the 450 ms one stays
    expect(a.sum(1450)).toBe(2);
    expect(a.sum(1550)).toBe(0);
  });

  it('ignores a clock stepped back: nothing expires', () => {
    const a = new WindowedAdder(1000, 10);
    a.add(5000, 3);
    expect(a.sum(100)).toBe(3);
    a.add(200, 1);
    expect(a.sum(5000)).toBe(4);
  });

  it('peek(t) equals what sum(t) would return, without changing anything', () => {
    const op = fc.record({ dt: fc.integer({ min: -200, max: 3000 }), x: fc.integer({ min: -5, max: 5 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.integer({ min: -500, max: 5000 }), (ops, ahead) => {
        const { adder, t } = replay(ops);
        const peeked = adder.peek(t + ahead);
        expect(adder.peek(t + ahead)).toBe(peeked);
        expect(adder.sum(t + ahead)).toBe(peeked);
      }),
    );
  });

  it('rejects fewer than 2 slices or a range shorter than the slices', () => {
    expect(() => new WindowedAdder(1000, 1)).toThrow(RangeError);
    expect(() => new WindowedAdder(5, 10)).toThrow(/rangeMs/);
  });
});
