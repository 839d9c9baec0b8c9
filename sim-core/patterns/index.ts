/**
 * Resilience patterns as small, pure state machines: backoff and jitter, retry budgets, circuit
 * breaker, token bucket, adaptive concurrency limits, and the named presets of real libraries.
 * Every one takes its time from the caller (the owner's local clock) and its randomness from an
 * injected `Rng`.
 *
 * @module
 */
export { type ConcurrencyLimit, createAdaptiveLimit } from './adaptive-limit.ts';
export { BACKOFF_STRATEGIES, type BackoffStrategy, backoffMs } from './backoff.ts';
export { type BreakerState, type BreakerTransition, CircuitBreaker } from './circuit-breaker.ts';
export { JITTERS, type Jitter, nextSleepMs } from './jitter.ts';
export {
  ADAPTIVE_LIMIT_PRESETS,
  BREAKER_PRESETS,
  BULKHEAD_PRESETS,
  OUTLIER_PRESETS,
  RETRY_BUDGET_PRESETS,
  RETRY_PRESETS,
} from './presets.ts';
export { createRetryBudget, type RetryBudget } from './retry-budget.ts';
export { TokenBucket } from './token-bucket.ts';
