import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextSleepMs } from '../../../sim-core/patterns/jitter.ts';
import type { Rng } from '../../../sim-core/random/streams.ts';
import type { JitterKind, RetrySpec } from '../../../sim-core/scenario/policy-spec.ts';

/** An Rng that returns the given numbers in order, and counts the draws. */
function scripted(...us: number[]): Rng & { draws: number } {
  const rng = {
    draws: 0,
    next(): number {
      if (rng.draws >= us.length) throw new Error('scripted rng ran out');
      return us[rng.draws++];
    },
  };
  return rng;
}

const retry = (jitter: JitterKind, baseMs = 100, capMs = 1000): RetrySpec => ({
  maxAttempts: 10,
  retryOn: ['failed'],
  backoff: { kind: 'exponential', baseMs, multiplier: 2, capMs },
  jitter,
  budget: null,
});

describe('nextSleepMs', () => {
  it('sleeps exactly the backoff with no jitter', () => {
    expect(nextSleepMs(retry('none'), 3, 0, scripted(0.9))).toBe(400);
  });

  it('sleeps random(0, backoff) with full jitter', () => {
    expect(nextSleepMs(retry('full'), 3, 0, scripted(0.25))).toBe(100);
    expect(nextSleepMs(retry('full'), 1, 0, scripted(0))).toBe(0);
  });

  it('sleeps backoff/2 + random(0, backoff/2) with equal jitter', () => {
    expect(nextSleepMs(retry('equal'), 3, 0, scripted(0.5))).toBe(300);
    expect(nextSleepMs(retry('equal'), 3, 0, scripted(0))).toBe(200);
  });

  it('sleeps min(cap, random(base, previous * 3)) with decorrelated jitter, starting from base', () => {
    const spec = retry('decorrelated');
    const sleeps: number[] = [];
    let prev = -1; // ignored on the first retry
    for (let n = 1; n <= 5; n++) {
      prev = nextSleepMs(spec, n, prev, scripted(0.5));
      sleeps.push(prev);
    }
    // 100 + 0.5 * (300 - 100), then 100 + 0.5 * (3 * previous - 100), capped at 1000.
    expect(sleeps).toEqual([200, 350, 575, 912.5, 1000]);
  });

  it('decorrelated jitter ignores the backoff kind: only base, cap and the previous sleep matter', () => {
    const spec: RetrySpec = {
      ...retry('decorrelated'),
      backoff: { kind: 'constant', baseMs: 100, multiplier: 1, capMs: 1000 },
    };
    expect(nextSleepMs(spec, 2, 200, scripted(0.5))).toBe(350);
  });

  it('draws exactly one number per sleep for every kind, so switching kinds keeps the stream aligned', () => {
    for (const kind of ['none', 'full', 'equal', 'decorrelated'] as const) {
      const rng = scripted(0.1, 0.2, 0.3);
      nextSleepMs(retry(kind), 1, 0, rng);
      nextSleepMs(retry(kind), 2, 100, rng);
      expect(rng.draws).toBe(2);
    }
  });

  it('keeps every sleep within its documented range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        (n, u, prev) => {
          const full = nextSleepMs(retry('full'), n, prev, scripted(u));
          const b = nextSleepMs(retry('none'), n, prev, scripted(u));
          expect(full).toBeGreaterThanOrEqual(0);
          expect(full).toBeLessThanOrEqual(b);
          const equal = nextSleepMs(retry('equal'), n, prev, scripted(u));
          expect(equal).toBeGreaterThanOrEqual(b / 2);
          expect(equal).toBeLessThanOrEqual(b);
          const dec = nextSleepMs(retry('decorrelated'), n, Math.max(prev, 100), scripted(u));
          expect(dec).toBeGreaterThanOrEqual(100);
          expect(dec).toBeLessThanOrEqual(1000);
        },
      ),
    );
  });
});
