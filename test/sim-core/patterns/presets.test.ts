import { describe, expect, it } from 'vitest';
import { createAdaptiveLimit } from '../../../sim-core/patterns/adaptive-limit.ts';
import { CircuitBreaker } from '../../../sim-core/patterns/circuit-breaker.ts';
import {
  ADAPTIVE_LIMIT_PRESETS,
  BREAKER_PRESETS,
  BULKHEAD_PRESETS,
  OUTLIER_PRESETS,
  RETRY_BUDGET_PRESETS,
  RETRY_PRESETS,
} from '../../../sim-core/patterns/presets.ts';
import { createRetryBudget } from '../../../sim-core/patterns/retry-budget.ts';
import type { FailureCause, RetryBudgetSpec } from '../../../sim-core/scenario/policy-spec.ts';

const CAUSES: FailureCause[] = [
  'failed',
  'timedOut',
  'rejected',
  'shed',
  'rateLimited',
  'breakerOpen',
  'bulkheadFull',
  'limited',
];

const positive = (x: number) => Number.isFinite(x) && x > 0;
const count = (x: number) => Number.isInteger(x) && x >= 1;
const percent = (x: number) => Number.isFinite(x) && x > 0 && x <= 100;

function expectBudget(b: RetryBudgetSpec): void {
  switch (b.kind) {
    case 'finagle':
      expect(b.percentCanRetry).toBeGreaterThan(0);
      expect(b.percentCanRetry).toBeLessThanOrEqual(1000);
      expect(Number.isInteger(b.minRetriesPerSec) && b.minRetriesPerSec >= 0).toBe(true);
      expect(b.ttlMs).toBeGreaterThanOrEqual(1000);
      expect(b.ttlMs).toBeLessThanOrEqual(60_000);
      break;
    case 'aws-quota':
      for (const x of [b.capacity, b.retryCost, b.timeoutCost, b.noRetryIncrement])
        expect(positive(x)).toBe(true);
      expect(b.timeoutCost).toBeGreaterThanOrEqual(b.retryCost);
      break;
    case 'grpc-throttle':
      expect(positive(b.maxTokens) && b.maxTokens <= 1000).toBe(true);
      expect(positive(b.tokenRatio)).toBe(true);
      expect(Math.round(b.tokenRatio * 1000) / 1000).toBe(b.tokenRatio); // at most 3 decimals
      break;
    case 'envoy':
      expect(percent(b.budgetPercent)).toBe(true);
      expect(count(b.minRetryConcurrency)).toBe(true);
      break;
  }
  expect(() => createRetryBudget(b)).not.toThrow();
}

describe('presets', () => {
  it.each(Object.entries(BREAKER_PRESETS))('breaker preset %s is a valid BreakerSpec', (_, s) => {
    expect(['count', 'time']).toContain(s.slidingWindowType);
    for (const x of [s.slidingWindowSize, s.minimumNumberOfCalls, s.permittedNumberOfCallsInHalfOpenState]) {
      expect(count(x)).toBe(true);
    }
    expect(percent(s.failureRateThreshold) && percent(s.slowCallRateThreshold)).toBe(true);
    expect(positive(s.slowCallDurationThresholdMs) && positive(s.waitDurationInOpenStateMs)).toBe(true);
    expect(s.recordFailures.length).toBeGreaterThan(0);
    for (const c of s.recordFailures) expect(CAUSES).toContain(c);
    expect(s.recordFailures).not.toContain('breakerOpen');
    expect(new CircuitBreaker(s).state).toBe('CLOSED');
  });

  it.each(Object.entries(RETRY_PRESETS))('retry preset %s is a valid RetrySpec', (_, s) => {
    expect(count(s.maxAttempts) && s.maxAttempts >= 2).toBe(true);
    expect(s.retryOn.length).toBeGreaterThan(0);
    for (const c of s.retryOn) expect(CAUSES).toContain(c);
    expect(new Set(s.retryOn).size).toBe(s.retryOn.length);
    expect(['constant', 'linear', 'exponential']).toContain(s.backoff.kind);
    expect(positive(s.backoff.baseMs) && positive(s.backoff.capMs)).toBe(true);
    expect(s.backoff.capMs).toBeGreaterThanOrEqual(s.backoff.baseMs);
    expect(s.backoff.multiplier).toBeGreaterThanOrEqual(1);
    expect(['none', 'full', 'equal', 'decorrelated']).toContain(s.jitter);
    if (s.budget) expectBudget(s.budget);
  });

  it.each(Object.entries(RETRY_BUDGET_PRESETS))(
    'retry budget preset %s is valid and matches the retry preset of that name',
    (name, b) => {
      expectBudget(b);
      expect(RETRY_PRESETS[name]?.budget).toEqual(b);
    },
  );

  it('gRPC presets respect A6: at most 5 attempts', () => {
    expect(RETRY_PRESETS['grpc-default'].maxAttempts).toBeLessThanOrEqual(5);
  });

  it.each(Object.entries(BULKHEAD_PRESETS))('bulkhead preset %s is a valid BulkheadSpec', (_, s) => {
    expect(count(s.maxConcurrent)).toBe(true);
    expect(Number.isFinite(s.maxWaitMs) && s.maxWaitMs >= 0).toBe(true);
  });

  it.each(Object.entries(OUTLIER_PRESETS))('outlier preset %s is a valid OutlierDetectionSpec', (_, s) => {
    expect(count(s.consecutiveErrors)).toBe(true);
    expect(positive(s.intervalMs) && positive(s.baseEjectionTimeMs)).toBe(true);
    expect(percent(s.maxEjectionPercent)).toBe(true);
  });

  it.each(Object.entries(ADAPTIVE_LIMIT_PRESETS))(
    'adaptive limit preset %s is a valid AdaptiveLimitSpec',
    (_, s) => {
      expect(count(s.initialLimit) && count(s.maxLimit)).toBe(true);
      expect(s.initialLimit).toBeLessThanOrEqual(s.maxLimit);
      if (s.algorithm !== 'aimd') expect(positive(s.smoothing) && s.smoothing <= 1).toBe(true);
      if (s.algorithm === 'aimd') {
        expect(count(s.minLimit) && s.minLimit <= s.initialLimit).toBe(true);
        expect(s.backoffRatio >= 0.5 && s.backoffRatio < 1).toBe(true); // AIMDLimit's precondition
        expect(positive(s.timeoutMs)).toBe(true);
      } else if (s.algorithm === 'vegas') {
        expect(positive(s.alpha) && s.beta > s.alpha).toBe(true);
      } else {
        expect(count(s.minLimit) && s.minLimit <= s.initialLimit).toBe(true);
        expect(positive(s.queueSize) && count(s.longWindow)).toBe(true);
        expect(s.rttTolerance).toBeGreaterThanOrEqual(1);
      }
      expect(createAdaptiveLimit(s, { next: () => 0.5 }).limit).toBe(s.initialLimit);
    },
  );
});
