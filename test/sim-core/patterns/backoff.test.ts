import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../../sim-core/patterns/backoff.ts';
import type { BackoffSpec } from '../../../sim-core/scenario/policy-spec.ts';

const spec = (kind: BackoffSpec['kind'], baseMs: number, multiplier: number, capMs: number): BackoffSpec => ({
  kind,
  baseMs,
  multiplier,
  capMs,
});

const first = (s: BackoffSpec, n: number): number[] =>
  Array.from({ length: n }, (_, i) => backoffMs(s, i + 1));

describe('backoffMs', () => {
  it('waits base for every retry with constant backoff', () => {
    expect(first(spec('constant', 70, 2, 1000), 4)).toEqual([70, 70, 70, 70]);
  });

  it('waits base * n before the n-th retry with linear backoff, up to the cap', () => {
    expect(first(spec('linear', 50, 2, 120), 4)).toEqual([50, 100, 120, 120]);
  });

  it('waits base * multiplier^(n-1) before the n-th retry with exponential backoff, up to the cap', () => {
    expect(first(spec('exponential', 100, 2, 1000), 6)).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(first(spec('exponential', 100, 1.5, 1e9), 4)).toEqual([100, 150, 225, 337.5]);
  });

  it('the cap also bounds the first retry', () => {
    expect(backoffMs(spec('constant', 500, 2, 300), 1)).toBe(300);
    expect(backoffMs(spec('exponential', 500, 2, 300), 1)).toBe(300);
  });

  it('stays at the cap for a huge retry number instead of overflowing', () => {
    expect(backoffMs(spec('exponential', 1, 10, 5000), 1_000_000)).toBe(5000);
  });

  it('shrinks with a multiplier below 1 even when the base is above the cap', () => {
    expect(first(spec('exponential', 400, 0.5, 300), 3)).toEqual([300, 200, 100]);
  });

  it('rejects retry numbers that are not integers >= 1', () => {
    const s = spec('linear', 1, 1, 1);
    expect(() => backoffMs(s, 0)).toThrow(RangeError);
    expect(() => backoffMs(s, 1.5)).toThrow(/retry must be an integer/);
  });

  it('never exceeds the cap and never decreases with a multiplier >= 1', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BackoffSpec['kind']>('constant', 'linear', 'exponential'),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        (kind, base, mult, cap, n) => {
          const s = spec(kind, base, mult, cap);
          const a = backoffMs(s, n);
          const b = backoffMs(s, n + 1);
          expect(a).toBeLessThanOrEqual(cap);
          expect(b).toBeGreaterThanOrEqual(a);
        },
      ),
    );
  });
});
