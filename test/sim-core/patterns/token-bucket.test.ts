import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../sim-core/patterns/token-bucket.ts';

describe('TokenBucket', () => {
  it('starts full: a burst of 5 passes at once and the 6th is refused', () => {
    const b = new TokenBucket(10, 5, 0);
    expect([1, 2, 3, 4, 5, 6].map(() => b.tryTake(0))).toEqual([true, true, true, true, true, false]);
  });

  it('refills continuously at ratePerSec: 10/s gives one token per 100 ms', () => {
    const b = new TokenBucket(10, 5, 0);
    for (let i = 0; i < 5; i++) b.tryTake(0);
    expect(b.tokens(50)).toBe(0.5);
    expect(b.tryTake(50)).toBe(false);
    expect(b.tryTake(100)).toBe(true);
    expect(b.tokens(100)).toBe(0);
    expect(b.tokens(350)).toBe(2.5);
  });

  it('never holds more than its burst', () => {
    const b = new TokenBucket(10, 5, 0);
    expect(b.tokens(60_000)).toBe(5);
    b.tryTake(60_000, 2);
    expect(b.tokens(1e9)).toBe(5);
  });

  it('takes n tokens or none', () => {
    const b = new TokenBucket(10, 5, 0);
    expect(b.tryTake(0, 3)).toBe(true);
    expect(b.tryTake(0, 3)).toBe(false);
    expect(b.tokens(0)).toBe(2);
  });

  it('a clock stepped back creates no tokens, nor NaN or negative counts, and does not pay twice', () => {
    const b = new TokenBucket(10, 5, 1000);
    for (let i = 0; i < 5; i++) b.tryTake(1000);
    expect(b.tokens(500)).toBe(0);
    expect(b.tryTake(500)).toBe(false);
    expect(b.tokens(1050)).toBe(0.5); // refilled since 1000, the latest time seen, not since 500
    expect(b.tryTake(1100)).toBe(true);
    expect(b.tokens(1100)).toBe(0);
  });

  it('treats a NaN time as no time passing', () => {
    const b = new TokenBucket(10, 5, 0);
    b.tryTake(0, 5);
    expect(b.tryTake(Number.NaN)).toBe(false);
    expect(b.tokens(Number.NaN)).toBe(0);
    expect(b.tokens(100)).toBe(1);
  });

  it('reading tokens() changes no later answer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -500, max: 500, noNaN: true }), fc.integer({ min: 1, max: 3 }))),
        (steps) => {
          const quiet = new TokenBucket(7, 4, 0);
          const watched = new TokenBucket(7, 4, 0);
          let t = 0;
          for (const [dt, n] of steps) {
            t += dt;
            watched.tokens(t - dt / 2);
            expect(watched.tryTake(t, n)).toBe(quiet.tryTake(t, n));
          }
        },
      ),
    );
  });

  it('stays within [0, burst] under any sequence of times, forward or back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.integer({ min: 0, max: 6 }))),
        (steps) => {
          const b = new TokenBucket(3, 5, 0);
          let t = 0;
          for (const [dt, n] of steps) {
            t += dt;
            b.tryTake(t, n);
            const k = b.tokens(t);
            expect(k).toBeGreaterThanOrEqual(0);
            expect(k).toBeLessThanOrEqual(5);
          }
        },
      ),
    );
  });

  it('rejects a negative or infinite rate or burst', () => {
    expect(() => new TokenBucket(-1, 5, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, Number.POSITIVE_INFINITY, 0)).toThrow(/burst/);
  });
});
