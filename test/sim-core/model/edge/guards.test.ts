import { describe, expect, it } from 'vitest';
import { ADMIT, WAIT } from '../../../../sim-core/model/edge/guard.ts';
import { createGuards } from '../../../../sim-core/model/edge/guards.ts';
import {
  BREAKER_OPEN,
  BULKHEAD_FULL,
  FAILED,
  LIMITED,
  RATE_LIMITED,
} from '../../../../sim-core/model/outcome.ts';
import type { BreakerSpec } from '../../../../sim-core/scenario/policy-spec.ts';
import { call, edge, guardContext, job, policy } from '../fakes.ts';

const breaker: BreakerSpec = {
  slidingWindowType: 'count',
  slidingWindowSize: 2,
  minimumNumberOfCalls: 2,
  failureRateThreshold: 50,
  slowCallRateThreshold: 100,
  slowCallDurationThresholdMs: 60_000,
  waitDurationInOpenStateMs: 1000,
  permittedNumberOfCallsInHalfOpenState: 1,
  recordFailures: ['failed', 'timedOut', 'rateLimited'],
};

describe('the caller-side guards, on their own', () => {
  it('builds one guard per pattern the policy asks for, in Resilience4j order', () => {
    const ctx = guardContext();
    const all = policy({
      breaker,
      rateLimit: { ratePerSec: 1, burst: 1 },
      adaptiveLimit: {
        algorithm: 'aimd',
        initialLimit: 2,
        minLimit: 1,
        maxLimit: 4,
        backoffRatio: 0.5,
        timeoutMs: 500,
      },
      bulkhead: { maxConcurrent: 1, maxWaitMs: 0 },
    });
    const guards = createGuards(edge(all), ctx);
    expect(guards.map((g) => g.constructor.name)).toEqual([
      'BreakerGuard',
      'RateLimitGuard',
      'LimitGuard',
      'BulkheadGuard',
    ]);
    expect(createGuards(edge(policy()), ctx)).toEqual([]);
    // The breaker and the adaptive limit declare themselves to the metrics when built.
    expect(ctx.log).toEqual(['breakerDeclared 0', 'limitChanged 0 2 2 0 true']);
  });

  it('a breaker opens after two failures, reports the transition as numbers (closed 0 -> open 1), then refuses', () => {
    const ctx = guardContext();
    const e = edge(policy({ breaker }));
    const [g] = createGuards(e, ctx);
    const a = call(e);
    expect(g.admit(a, 0)).toBe(ADMIT);
    g.ended(job(a), FAILED, 10, 10);
    expect(g.admit(a, 20)).toBe(ADMIT);
    g.ended(job(a), FAILED, 10, 30);
    expect(ctx.log.slice(1)).toEqual(['breakerTransition 0 users 0 1 0']);
    expect(g.admit(a, 40)).toBe(BREAKER_OPEN);
  });

  it('a refusal by a later guard counts as a 0 ms result for the breaker', () => {
    const ctx = guardContext();
    const e = edge(policy({ breaker }));
    const [g] = createGuards(e, ctx);
    const a = call(e);
    g.admit(a, 0);
    g.refusedLater(RATE_LIMITED, 0);
    g.admit(a, 0);
    g.refusedLater(RATE_LIMITED, 0);
    expect(g.admit(a, 0)).toBe(BREAKER_OPEN);
  });

  it('a rate limiter admits its burst, then refuses until its bucket refills on the caller clock', () => {
    const ctx = guardContext();
    const e = edge(policy({ rateLimit: { ratePerSec: 10, burst: 1 } }));
    const [g] = createGuards(e, ctx);
    const a = call(e);
    expect(g.admit(a, 0)).toBe(ADMIT);
    expect(g.admit(a, 50)).toBe(RATE_LIMITED);
    expect(g.admit(a, 100)).toBe(ADMIT);
  });

  it('an adaptive limit refuses while the edge has as many attempts in flight as the limit', () => {
    const ctx = guardContext();
    const aimd = {
      algorithm: 'aimd',
      initialLimit: 2,
      minLimit: 1,
      maxLimit: 4,
      backoffRatio: 0.5,
      timeoutMs: 500,
    } as const;
    const e = edge(policy({ adaptiveLimit: aimd }));
    const [g] = createGuards(e, ctx);
    const a = call(e);
    e.inFlight = 1;
    expect(g.admit(a, 0)).toBe(ADMIT);
    e.inFlight = 2;
    expect(g.admit(a, 0)).toBe(LIMITED);
  });

  it('a bulkhead without waiting refuses the attempt beyond its slots; a freed slot is taken again', () => {
    const ctx = guardContext();
    const e = edge(policy({ bulkhead: { maxConcurrent: 1, maxWaitMs: 0 } }));
    const [g] = createGuards(e, ctx);
    const a = call(e);
    const b = call(e);
    expect(g.admit(a, 0)).toBe(ADMIT);
    expect(g.admit(b, 0)).toBe(BULKHEAD_FULL);
    g.released(job(a));
    expect(g.admit(b, 0)).toBe(ADMIT);
    expect(ctx.hostLog).toEqual([]);
  });

  it('a bulkhead with waiting holds the call on a timer, and resumes it when a slot is freed', () => {
    const ctx = guardContext();
    const e = edge(policy({ bulkhead: { maxConcurrent: 1, maxWaitMs: 100 } }));
    const [g] = createGuards(e, ctx);
    const a = call(e);
    const b = call(e);
    g.admit(a, 0);
    expect(g.admit(b, 0)).toBe(WAIT);
    expect(b.retryTimer).not.toBe(-1);
    expect(ctx.engine.pending).toBe(1);
    g.released(job(a));
    expect(ctx.hostLog).toEqual([`resume ${b.id} 0`]);
    expect(b.retryTimer).toBe(-1);
    expect(ctx.engine.pending).toBe(0);
  });

  it('a bulkhead wait that runs out is refused as bulkhead-full, once', () => {
    const ctx = guardContext();
    const e = edge(policy({ bulkhead: { maxConcurrent: 1, maxWaitMs: 100 } }));
    const [g] = createGuards(e, ctx);
    const a = call(e);
    const b = call(e);
    g.admit(a, 0);
    g.admit(b, 0);
    expect(g.waitTimedOut(b)).toBe(BULKHEAD_FULL);
    expect(g.waitTimedOut(b)).toBe(ADMIT);
    // The freed slot finds nobody waiting.
    g.released(job(a));
    expect(ctx.hostLog).toEqual([]);
  });
});
