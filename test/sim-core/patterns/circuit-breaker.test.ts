import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../sim-core/patterns/circuit-breaker.ts';
import type { BreakerSpec } from '../../../sim-core/scenario/policy-spec.ts';

const base: BreakerSpec = {
  slidingWindowType: 'count',
  slidingWindowSize: 10,
  minimumNumberOfCalls: 10,
  failureRateThreshold: 50,
  slowCallRateThreshold: 100,
  slowCallDurationThresholdMs: 1000,
  waitDurationInOpenStateMs: 5000,
  permittedNumberOfCallsInHalfOpenState: 3,
  recordFailures: ['failed'],
};

/** Runs calls one after another: 'F' failed, 'S' succeeded, 'L' slow success; one per ms from `t0`. */
function play(b: CircuitBreaker, outcomes: string, t0 = 0, durationMs = 10): number {
  let t = t0;
  for (const o of outcomes) {
    if (b.tryAcquirePermission(t)) b.onResult(t, o === 'L' ? 5000 : durationMs, o === 'F');
    t++;
  }
  return t;
}

describe('CircuitBreaker (Resilience4j semantics)', () => {
  it('judges nothing before minimumNumberOfCalls: 9 failures leave it CLOSED, the 10th call opens it', () => {
    const b = new CircuitBreaker(base);
    play(b, 'FFFFFFFFF');
    expect(b.state).toBe('CLOSED');
    play(b, 'S', 9);
    expect(b.state).toBe('OPEN');
    expect(b.transitions).toEqual([{ atMs: 9, from: 'CLOSED', to: 'OPEN' }]);
  });

  it('the breaker opens when exactly 50% of the last 10 calls failed, not at 40%', () => {
    const b = new CircuitBreaker(base);
    play(b, 'SSSSSFFFFS'); // 4 of 10
    expect(b.state).toBe('CLOSED');
    play(b, 'F', 10); // the window slides: S S S S F F F F S F, 5 of 10
    expect(b.state).toBe('OPEN');
    expect(b.transitions[0].atMs).toBe(10);
  });

  it('caps minimumNumberOfCalls at the size of a count window', () => {
    const b = new CircuitBreaker({ ...base, minimumNumberOfCalls: 100 });
    play(b, 'FFFFFFFFFF');
    expect(b.state).toBe('OPEN');
  });

  it('opens on slow calls alone: a call is slow only when strictly longer than the threshold', () => {
    const spec = { ...base, slowCallRateThreshold: 50 };
    const atThreshold = new CircuitBreaker(spec);
    play(atThreshold, 'SSSSSSSSSS', 0, 1000);
    expect(atThreshold.state).toBe('CLOSED');
    const slow = new CircuitBreaker(spec);
    play(slow, 'SSSSSLLLLL');
    expect(slow.state).toBe('OPEN');
    expect(slow.transitions).toEqual([{ atMs: 9, from: 'CLOSED', to: 'OPEN' }]);
  });

  it('compares rates as Resilience4j floats: 1 failure in 3 meets a threshold of 33.3333334%', () => {
    // In doubles 100/3 < 33.3333334, but both round to the same Java float, 33.333332.
    const b = new CircuitBreaker({
      ...base,
      slidingWindowSize: 3,
      minimumNumberOfCalls: 3,
      failureRateThreshold: 33.3333334,
    });
    play(b, 'SSF');
    expect(b.state).toBe('OPEN');
  });

  it('refuses every call while OPEN and half-opens on the first request strictly after the wait', () => {
    const b = new CircuitBreaker(base);
    play(b, 'FFFFFFFFFF'); // opens at 9: OPEN until 5009
    expect(b.tryAcquirePermission(100)).toBe(false);
    expect(b.tryAcquirePermission(5009)).toBe(false);
    expect(b.state).toBe('OPEN');
    expect(b.notPermitted).toBe(2);
    expect(b.tryAcquirePermission(5009.5)).toBe(true);
    expect(b.state).toBe('HALF_OPEN');
    expect(b.transitions.at(-1)).toEqual({ atMs: 5009.5, from: 'OPEN', to: 'HALF_OPEN' });
  });

  it('stays OPEN without traffic: the transition needs a permission request', () => {
    const b = new CircuitBreaker(base);
    play(b, 'FFFFFFFFFF');
    b.onResult(60_000, 10, false); // a late result of a call permitted before opening
    expect(b.state).toBe('OPEN');
  });

  it('permits only permittedNumberOfCallsInHalfOpenState calls, and closes when they all succeed', () => {
    const b = new CircuitBreaker(base);
    play(b, 'FFFFFFFFFF');
    const permits = [6000, 6001, 6002, 6003].map((t) => b.tryAcquirePermission(t));
    expect(permits).toEqual([true, true, true, false]);
    expect(b.notPermitted).toBe(1);
    b.onResult(6100, 10, false);
    b.onResult(6101, 10, false);
    expect(b.state).toBe('HALF_OPEN');
    b.onResult(6102, 10, false);
    expect(b.state).toBe('CLOSED');
    expect(b.transitions).toEqual([
      { atMs: 9, from: 'CLOSED', to: 'OPEN' },
      { atMs: 6000, from: 'OPEN', to: 'HALF_OPEN' },
      { atMs: 6102, from: 'HALF_OPEN', to: 'CLOSED' },
    ]);
  });

  it('closes with a fresh window: the failures that opened it are forgotten', () => {
    const b = new CircuitBreaker(base);
    play(b, 'FFFFFFFFFF');
    play(b, 'SSS', 6000);
    expect(b.state).toBe('CLOSED');
    play(b, 'FFFFFFFFF', 7000); // 9 calls: below the minimum again
    expect(b.state).toBe('CLOSED');
  });

  it('reopens when the half-open calls fail at the threshold (2 of 3), and waits again from then', () => {
    const b = new CircuitBreaker(base);
    play(b, 'FFFFFFFFFF');
    play(b, 'SFF', 6000);
    expect(b.state).toBe('OPEN');
    expect(b.transitions.at(-1)).toEqual({ atMs: 6002, from: 'HALF_OPEN', to: 'OPEN' });
    expect(b.tryAcquirePermission(11_002)).toBe(false);
    expect(b.tryAcquirePermission(11_003)).toBe(true);
  });

  it('closes when 1 of 3 half-open calls failed (33% is below 50%)', () => {
    const b = new CircuitBreaker(base);
    play(b, 'FFFFFFFFFF');
    play(b, 'FSS', 6000);
    expect(b.state).toBe('CLOSED');
  });

  it('decides half-open after min(minimumNumberOfCalls, permitted) calls, like Resilience4j', () => {
    const b = new CircuitBreaker({
      ...base,
      minimumNumberOfCalls: 2,
      slidingWindowSize: 2,
      permittedNumberOfCallsInHalfOpenState: 4,
    });
    play(b, 'FF');
    expect(b.state).toBe('OPEN');
    play(b, 'SS', 6000);
    expect(b.state).toBe('CLOSED');
  });

  it('counts a late result among the half-open calls, whenever its permission was taken', () => {
    const b = new CircuitBreaker(base);
    expect(b.tryAcquirePermission(0)).toBe(true); // a slow call starts while CLOSED
    play(b, 'FFFFFFFFFF', 1);
    expect(b.tryAcquirePermission(6000)).toBe(true);
    b.onResult(6001, 6001, true); // the old call fails now: 1 of the 3 half-open slots
    b.onResult(6002, 10, true); // the probe fails too
    b.tryAcquirePermission(6003);
    b.onResult(6004, 10, false);
    expect(b.state).toBe('OPEN'); // 2 of 3 failed
  });

  it('gives back a half-open permission that was not used', () => {
    const b = new CircuitBreaker(base);
    play(b, 'FFFFFFFFFF');
    expect([6000, 6001, 6002].map((t) => b.tryAcquirePermission(t))).toEqual([true, true, true]);
    b.releasePermission();
    expect(b.tryAcquirePermission(6003)).toBe(true);
    expect(b.tryAcquirePermission(6004)).toBe(false);
  });

  describe('with a time-based window', () => {
    const timed: BreakerSpec = {
      ...base,
      slidingWindowType: 'time',
      slidingWindowSize: 3,
      minimumNumberOfCalls: 4,
    };

    it('opens on the calls of the last 3 whole seconds', () => {
      const b = new CircuitBreaker(timed);
      b.onResult(900, 10, true); // second 0
      b.onResult(1000, 10, true); // second 1
      b.onResult(1100, 10, true);
      b.onResult(2999, 10, false); // second 2: the window is seconds 0-2, 3 of 4 failed
      expect(b.state).toBe('OPEN');
      expect(b.transitions[0].atMs).toBe(2999);
    });

    it('forgets a whole second at its boundary: a failure 2.1 s old is gone from a 3 s window', () => {
      const b = new CircuitBreaker(timed);
      b.onResult(900, 10, true);
      b.onResult(1000, 10, true);
      b.onResult(1100, 10, true);
      b.onResult(3000, 10, false); // second 3: the window is seconds 1-3, the 900 ms failure is out
      expect(b.state).toBe('CLOSED'); // 3 calls, below the minimum of 4
      b.onResult(3001, 10, false); // 2 of 4 failed: 50%
      expect(b.state).toBe('OPEN');
    });

    it('forgets everything after an idle window', () => {
      const b = new CircuitBreaker(timed);
      for (let t = 0; t < 3; t++) b.onResult(t, 10, true);
      b.onResult(20_000, 10, true);
      expect(b.state).toBe('CLOSED'); // 1 call in the window
    });

    it('does not cap minimumNumberOfCalls at the window size', () => {
      const b = new CircuitBreaker({ ...timed, minimumNumberOfCalls: 20 });
      for (let t = 0; t < 19; t++) b.onResult(t, 10, true);
      expect(b.state).toBe('CLOSED');
      b.onResult(19, 10, true);
      expect(b.state).toBe('OPEN');
    });

    it('records into the newest second when the clock steps back', () => {
      const b = new CircuitBreaker(timed);
      b.onResult(5000, 10, true);
      b.onResult(5100, 10, true);
      b.onResult(1000, 10, true); // the clock went back 4 s
      b.onResult(5200, 10, false);
      expect(b.state).toBe('OPEN'); // 3 of 4, all in second 5
    });
  });
});
