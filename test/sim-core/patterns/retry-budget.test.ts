import { describe, expect, it } from 'vitest';
import { createRetryBudget, type RetryBudget } from '../../../sim-core/patterns/retry-budget.ts';

/** `n` new requests at `now` (first attempts). */
function requests(b: RetryBudget, now: number, n: number): void {
  for (let i = 0; i < n; i++) b.onAttempt(now, false);
}

describe('AWS standard-mode retry quota', () => {
  const aws = (capacity = 500) =>
    createRetryBudget({ kind: 'aws-quota', capacity, retryCost: 5, timeoutCost: 10, noRetryIncrement: 1 });

  it('starts full, charges 5 per retry and 10 per retry after a timeout, and refunds on success', () => {
    const b = aws();
    const levels: number[] = [b.level(0)];
    expect(b.tryRetry(0, 'failed')).toBe(true);
    levels.push(b.level(0));
    expect(b.tryRetry(0, 'timedOut')).toBe(true);
    levels.push(b.level(0));
    b.onSuccess(0, 'timedOut'); // the retry after a timeout succeeded: its 10 come back
    levels.push(b.level(0));
    b.onSuccess(0, null); // a first attempt succeeded: +1
    levels.push(b.level(0));
    b.onSuccess(0, 'failed');
    levels.push(b.level(0));
    expect(levels).toEqual([500, 495, 485, 495, 496, 500]);
  });

  it('never refills above its capacity', () => {
    const b = aws();
    for (let i = 0; i < 10; i++) b.onSuccess(i, null);
    expect(b.level(10)).toBe(500);
  });

  it('refuses a retry that costs more than the tokens left, and then changes nothing', () => {
    const b = aws(12);
    expect([b.tryRetry(0, 'failed'), b.tryRetry(0, 'failed'), b.tryRetry(0, 'failed')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(b.level(0)).toBe(2);
    expect(b.tryRetry(0, 'timedOut')).toBe(false);
    expect(b.level(0)).toBe(2);
  });

  it('refunds only the cost of the retry that succeeded, not of earlier retries of the call', () => {
    const b = aws();
    b.onAttempt(0, false);
    b.onFailure(0, 'failed', true);
    b.tryRetry(0, 'failed'); // 495
    b.onAttempt(10, true);
    b.onFailure(10, 'timedOut', true);
    b.onRetryEnd(10);
    b.tryRetry(10, 'timedOut'); // 485
    b.onAttempt(20, true);
    b.onSuccess(20, 'timedOut'); // +10
    b.onRetryEnd(20);
    expect(b.level(20)).toBe(495);
  });

  it('ignores failures themselves: a failed call with no retry costs nothing', () => {
    const b = aws();
    b.onAttempt(0, false);
    b.onFailure(0, 'failed', true);
    expect(b.level(0)).toBe(500);
  });
});

describe('gRPC retry throttling', () => {
  const grpc = (maxTokens = 10, tokenRatio = 0.1) =>
    createRetryBudget({ kind: 'grpc-throttle', maxTokens, tokenRatio });

  it('stops retrying at half the tokens: after 5 failures of 10 tokens, and resumes at 5.1', () => {
    const b = grpc();
    const levels: number[] = [];
    const allowed: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      b.onFailure(i, 'failed', true);
      levels.push(b.level(i));
      allowed.push(b.tryRetry(i, 'failed'));
    }
    expect(levels).toEqual([9, 8, 7, 6, 5]);
    expect(allowed).toEqual([true, true, true, true, false]);
    b.onSuccess(5, null);
    expect(b.level(5)).toBe(5.1);
    expect(b.tryRetry(5, 'failed')).toBe(true);
  });

  it('allowing a retry takes no token: only failures and successes move the count', () => {
    const b = grpc();
    expect(b.tryRetry(0, 'failed')).toBe(true);
    expect(b.level(0)).toBe(10);
  });

  it('counts only failures with a retryable cause', () => {
    const b = grpc();
    b.onFailure(0, 'failed', false);
    expect(b.level(0)).toBe(10);
  });

  it('keeps the count within [0, maxTokens] and adds the ratio exactly (milli-tokens)', () => {
    const b = grpc();
    b.onSuccess(0, null);
    expect(b.level(0)).toBe(10);
    for (let i = 0; i < 20; i++) b.onFailure(i, 'timedOut', true);
    expect(b.level(20)).toBe(0);
    for (let i = 0; i < 3; i++) b.onSuccess(30, null);
    expect(b.level(30)).toBe(0.3);
  });

  it('with an odd maxTokens the threshold is 1.5 of 3: 2 allows, 1.5 refuses', () => {
    const b = grpc(3, 0.5);
    b.onFailure(0, 'failed', true);
    expect(b.tryRetry(0, 'failed')).toBe(true); // 2 > 1.5
    b.onFailure(1, 'failed', true);
    expect(b.tryRetry(1, 'failed')).toBe(false); // 1
    b.onSuccess(2, 'failed');
    expect(b.tryRetry(2, 'failed')).toBe(false); // 1.5 is not above 1.5
    b.onSuccess(3, null);
    expect(b.tryRetry(3, 'failed')).toBe(true); // 2
  });
});

describe('Finagle retry budget', () => {
  const finagle = (percentCanRetry: number, minRetriesPerSec: number, ttlMs = 10_000) =>
    createRetryBudget({ kind: 'finagle', percentCanRetry, minRetriesPerSec, ttlMs });

  it('allows one retry per 5 requests at 20%, and retries do not deposit', () => {
    const b = finagle(0.2, 0);
    requests(b, 0, 4);
    expect(b.tryRetry(0, 'failed')).toBe(false); // 4000 < 5000
    b.onAttempt(0, true); // a retry attempt earns nothing
    expect(b.tryRetry(0, 'failed')).toBe(false);
    requests(b, 0, 1);
    expect(b.level(0)).toBe(1);
    expect([b.tryRetry(0, 'failed'), b.tryRetry(0, 'failed')]).toEqual([true, false]);
  });

  it('has a reserve of minRetriesPerSec * ttl retries: 100 with the defaults, before any request', () => {
    const b = finagle(0.2, 10);
    expect(b.level(0)).toBe(100);
    let allowed = 0;
    while (b.tryRetry(0, 'failed')) allowed++;
    expect(allowed).toBe(100);
    requests(b, 1, 5);
    expect(b.level(1)).toBe(1);
  });

  it('forgets deposits after the ttl: 5 requests at 0 s pay for a retry at 9.999 s, not at 10 s', () => {
    const early = finagle(0.2, 0);
    requests(early, 0, 5);
    expect(early.tryRetry(9_999, 'failed')).toBe(true);

    // A request at 5 s closes the first slice then; at 10 s the slice holding the 0 s deposits
    // is among those dropped, and only the 5 s deposit is left.
    const late = finagle(0.2, 0);
    requests(late, 0, 5);
    requests(late, 5_000, 1);
    expect(late.level(10_000)).toBe(0);
    expect(late.tryRetry(10_000, 'failed')).toBe(false);
  });

  it('refills the reserve when its withdrawals expire, about one ttl later', () => {
    // percentCanRetry 0: a retry costs 1 and requests earn nothing; reserve 2 * 1 s = 2 retries.
    const fresh = () => {
      const b = finagle(0, 2, 1000);
      expect([b.tryRetry(0, 'failed'), b.tryRetry(0, 'failed'), b.tryRetry(0, 'failed')]).toEqual([
        true,
        true,
        false,
      ]);
      return b;
    };
    expect(fresh().tryRetry(999, 'failed')).toBe(false);
    expect(fresh().tryRetry(1000, 'failed')).toBe(true);
    // Slices start when the budget is touched, so expiry is approximate: a look at 999 ms starts
    // a slice there, and the withdrawals then last until 1099 ms.
    const touched = fresh();
    expect(touched.tryRetry(999, 'failed')).toBe(false);
    expect(touched.tryRetry(1000, 'failed')).toBe(false);
    expect(touched.tryRetry(1099, 'failed')).toBe(true);
  });

  it('can go negative when deposits expire before the withdrawals they paid for', () => {
    const b = finagle(0.2, 0);
    requests(b, 0, 5);
    expect(b.tryRetry(5_000, 'failed')).toBe(true);
    expect(b.level(10_000)).toBe(-1);
  });

  it('reading the level changes nothing later', () => {
    const run = (look: boolean) => {
      const b = finagle(0.2, 0);
      const out: boolean[] = [];
      for (let t = 0; t < 30_000; t += 700) {
        requests(b, t, 1);
        if (look) b.level(t + 350);
        if (t % 2100 === 0) out.push(b.tryRetry(t, 'failed'));
      }
      return out;
    };
    expect(run(true)).toEqual(run(false));
  });

  it('never allows a retry with no percentage and no reserve', () => {
    const b = finagle(0, 0);
    requests(b, 0, 100);
    expect(b.tryRetry(0, 'failed')).toBe(false);
    expect(b.level(0)).toBe(0);
  });

  it('rejects a ttl outside Finagle’s [1 s, 60 s]', () => {
    expect(() => finagle(0.2, 10, 500)).toThrow(/ttlMs/);
    expect(() => finagle(0.2, 10, 61_000)).toThrow(RangeError);
  });
});

describe('Envoy retry budget', () => {
  const envoy = () => createRetryBudget({ kind: 'envoy', budgetPercent: 20, minRetryConcurrency: 3 });

  it('allows max(3, 20% of active requests) concurrent retries', () => {
    const b = envoy();
    requests(b, 0, 10); // 20% of 10 = 2, below the minimum of 3
    expect([b.tryRetry(0, 'failed'), b.tryRetry(0, 'failed'), b.tryRetry(0, 'failed')]).toEqual([
      true,
      true,
      true,
    ]);
    expect(b.tryRetry(0, 'failed')).toBe(false);
    requests(b, 1, 20); // 30 active: 6
    expect(b.level(1)).toBe(3);
    expect([
      b.tryRetry(1, 'failed'),
      b.tryRetry(1, 'failed'),
      b.tryRetry(1, 'failed'),
      b.tryRetry(1, 'failed'),
    ]).toEqual([true, true, true, false]);
  });

  it('rounds 20% of the active requests down: 24 active allow 4', () => {
    const b = envoy();
    requests(b, 0, 24);
    let n = 0;
    while (b.tryRetry(0, 'failed')) n++;
    expect(n).toBe(4);
  });

  it('frees a slot when a retry ends, and shrinks when attempts end', () => {
    const b = envoy();
    requests(b, 0, 30);
    for (let i = 0; i < 6; i++) b.tryRetry(0, 'failed');
    expect(b.tryRetry(0, 'failed')).toBe(false);
    b.onRetryEnd(1);
    expect(b.tryRetry(1, 'failed')).toBe(true);
    for (let i = 0; i < 10; i++) b.onSuccess(2, null); // 20 active: limit 4, 6 retries active
    expect(b.level(2)).toBe(0);
    for (let i = 0; i < 3; i++) b.onRetryEnd(3); // 3 active retries, limit 4: one more fits
    expect([b.tryRetry(3, 'failed'), b.tryRetry(3, 'failed')]).toEqual([true, false]);
  });
});
