/**
 * Retry budgets: limits on retries shared by all the calls of one caller on one edge, so that a
 * failing dependency does not multiply its own load. Four reference algorithms behind one small
 * protocol that follows a call's life:
 *
 * ```
 * for each attempt (the first, then each retry):
 *   onAttempt(now, isRetry)                    // the attempt is sent
 *   onSuccess(now, retriedAfter)               // ...it succeeded, or
 *   onFailure(now, cause, retryable)           // ...it failed (a cancelled attempt: retryable = false)
 *   onRetryEnd(now)                            // if the attempt was a retry
 *   if it failed with a retryable cause and attempts remain:
 *     if tryRetry(now, cause): back off, then send the retry (or, if the call ends during the
 *                              backoff, call onRetryEnd(now) for the retry never sent)
 * ```
 *
 * Times are the caller's local clock.
 *
 * @module
 */
import type { FailureCause, RetryBudgetSpec } from '../scenario/policy-spec.ts';
import { WindowedAdder } from './windowed-adder.ts';

/** The state of one retry budget, fed by the calls of one caller on one edge. */
export interface RetryBudget {
  /** An attempt is sent. `isRetry` false: the first attempt of a new request. */
  onAttempt(now: number, isRetry: boolean): void;
  /**
   * The attempt succeeded (the call is over). `retriedAfter` is the cause of the failure this
   * attempt retried, or null when the first attempt succeeded.
   */
  onSuccess(now: number, retriedAfter: FailureCause | null): void;
  /**
   * The attempt failed with `cause`. `retryable`: the caller's `retryOn` includes `cause` (report
   * it even when no attempt remains). A cancelled attempt (a lost hedge) is reported with
   * `retryable` false.
   */
  onFailure(now: number, cause: FailureCause, retryable: boolean): void;
  /**
   * May the call retry after a failure with `cause`? True withdraws the retry's cost (and, for
   * Envoy, makes it an active retry until {@link onRetryEnd}); false changes nothing.
   */
  tryRetry(now: number, cause: FailureCause): boolean;
  /** A retry that {@link tryRetry} allowed is over: its attempt ended, or it was never sent. */
  onRetryEnd(now: number): void;
  /**
   * For metrics, without changing any state: Finagle: retries the balance allows now;
   * AWS: tokens in the quota; gRPC: token count; Envoy: retries that may start now.
   */
  level(now: number): number;
}

/** Creates the budget described by `spec`. @throws RangeError on values the library rejects. */
export function createRetryBudget(spec: RetryBudgetSpec): RetryBudget {
  switch (spec.kind) {
    case 'finagle':
      return finagleBudget(spec.percentCanRetry, spec.minRetriesPerSec, spec.ttlMs);
    case 'aws-quota':
      return awsQuota(spec.capacity, spec.retryCost, spec.timeoutCost, spec.noRetryIncrement);
    case 'grpc-throttle':
      return grpcThrottle(spec.maxTokens, spec.tokenRatio);
    case 'envoy':
      return envoyBudget(spec.budgetPercent, spec.minRetryConcurrency);
  }
}

const noop = (): void => {};

/** Finagle's scale factor: deposits are worth 1000 so that a withdrawal of 1000/percent stays an integer. */
const FINAGLE_SCALE = 1000;
/** WindowedAdder slices used by Finagle's leaky token bucket. */
const FINAGLE_SLICES = 10;

/**
 * Finagle `RetryBudget(ttl, minRetriesPerSec, percentCanRetry)` (finagle-core
 * `com.twitter.finagle.service.RetryBudget`): a `TokenRetryBudget` over a leaky `TokenBucket`.
 *
 * Each new request deposits 1000 tokens; a retry withdraws `floor(1000 / percentCanRetry)` if the
 * bucket holds at least that many. Deposits and withdrawals are both entries of a
 * {@link WindowedAdder} over `ttl`, so both expire after about `ttl`. The bucket's count is that
 * sum plus a constant reserve of `minRetriesPerSec * floor(ttl / 1 s) * withdrawal`: a withdrawal
 * taken from the reserve is a negative entry that expires too, so the reserve refills after `ttl`.
 * Retries do not deposit (Finagle's `RetryFilter` deposits once per request).
 */
function finagleBudget(percentCanRetry: number, minRetriesPerSec: number, ttlMs: number): RetryBudget {
  if (!(ttlMs >= 1000 && ttlMs <= 60_000))
    throw new RangeError(`finagle ttlMs must be in [1000, 60000], got ${ttlMs}`);
  if (!(minRetriesPerSec >= 0))
    throw new RangeError(`finagle minRetriesPerSec must be >= 0, got ${minRetriesPerSec}`);
  if (!(percentCanRetry >= 0 && percentCanRetry <= FINAGLE_SCALE)) {
    throw new RangeError(`finagle percentCanRetry must be in [0, 1000], got ${percentCanRetry}`);
  }
  if (minRetriesPerSec === 0 && percentCanRetry === 0) {
    // RetryBudget.Empty: never allows a retry.
    return {
      onAttempt: noop,
      onSuccess: noop,
      onFailure: noop,
      tryRetry: () => false,
      onRetryEnd: noop,
      level: () => 0,
    };
  }
  // With percentCanRetry 0 a request earns nothing and a retry costs 1: only the reserve pays.
  const deposit = percentCanRetry === 0 ? 0 : FINAGLE_SCALE;
  const withdrawal = percentCanRetry === 0 ? 1 : Math.trunc(FINAGLE_SCALE / percentCanRetry);
  const reserve = Math.trunc(minRetriesPerSec) * Math.trunc(ttlMs / 1000) * withdrawal;
  const adder = new WindowedAdder(ttlMs, FINAGLE_SLICES);
  return {
    onAttempt(now, isRetry) {
      if (!isRetry) adder.add(now, deposit);
    },
    onSuccess: noop,
    onFailure: noop,
    tryRetry(now) {
      if (adder.sum(now) + reserve < withdrawal) return false;
      adder.add(now, -withdrawal);
      return true;
    },
    onRetryEnd: noop,
    // Finagle's `balance`: whole retries (Long division, truncating toward zero). It can be
    // negative: deposits may expire before the withdrawals they paid for.
    level: (now) => Math.trunc((adder.peek(now) + reserve) / withdrawal),
  };
}

/**
 * AWS SDK "standard" retry mode retry quota (botocore `retries/quota.py` + `RetryQuotaChecker`,
 * aws-sdk-js-v3 `util-retry`): a bucket of `capacity` tokens, starting full. A retry withdraws
 * `retryCost` (`timeoutCost` when the failure was a timeout) and is refused when the bucket holds
 * less. When the call succeeds, the bucket gets back the cost of the retry that succeeded (only
 * the last one), or `noRetryIncrement` when the first attempt succeeded; never above `capacity`.
 * Failures change nothing.
 */
function awsQuota(
  capacity: number,
  retryCost: number,
  timeoutCost: number,
  noRetryIncrement: number,
): RetryBudget {
  const cost = (cause: FailureCause): number => (cause === 'timedOut' ? timeoutCost : retryCost);
  let available = capacity;
  return {
    onAttempt: noop,
    onSuccess(_now, retriedAfter) {
      const refund = retriedAfter === null ? noRetryIncrement : cost(retriedAfter);
      available = Math.min(capacity, available + refund);
    },
    onFailure: noop,
    tryRetry(_now, cause) {
      const c = cost(cause);
      if (c > available) return false;
      available -= c;
      return true;
    },
    onRetryEnd: noop,
    level: () => available,
  };
}

/**
 * gRPC retry throttling (gRFC A6 "Throttling Retry Attempts and Hedged RPCs"; grpc-core
 * `RetryThrottler`): `token_count` starts at `maxTokens` and stays in [0, maxTokens]; each attempt
 * failing with a retryable cause takes 1 token, each success adds `tokenRatio`; a retry is allowed
 * only while `token_count > maxTokens / 2`. Kept in integer milli-tokens like grpc-core (the
 * ratio has at most 3 decimals), so 5 + 0.1 is exactly 5.1 and the threshold test is exact.
 */
function grpcThrottle(maxTokens: number, tokenRatio: number): RetryBudget {
  if (!(maxTokens > 0)) throw new RangeError(`grpc-throttle maxTokens must be > 0, got ${maxTokens}`);
  if (!(tokenRatio > 0)) throw new RangeError(`grpc-throttle tokenRatio must be > 0, got ${tokenRatio}`);
  const maxMilli = Math.round(maxTokens * 1000);
  const ratioMilli = Math.round(tokenRatio * 1000);
  // grpc-core compares against max_milli_tokens / 2 in unsigned integer arithmetic.
  const thresholdMilli = Math.floor(maxMilli / 2);
  let milli = maxMilli;
  return {
    onAttempt: noop,
    onSuccess() {
      milli = Math.min(maxMilli, milli + ratioMilli);
    },
    onFailure(_now, _cause, retryable) {
      if (retryable) milli = Math.max(0, milli - 1000);
    },
    tryRetry: () => milli > thresholdMilli,
    onRetryEnd: noop,
    level: () => milli / 1000,
  };
}

/**
 * Envoy cluster retry budget (`CircuitBreakers.Thresholds.RetryBudget`; envoy
 * `ResourceManagerImpl::RetryBudgetImpl`): a retry may start while the active retries are fewer than
 * `max(floor(budgetPercent / 100 * activeRequests), minRetryConcurrency)`. Active requests are the
 * attempts in flight (first attempts and retries alike); an active retry counts from the moment
 * it is allowed, through its backoff, until its attempt ends.
 */
function envoyBudget(budgetPercent: number, minRetryConcurrency: number): RetryBudget {
  let activeAttempts = 0;
  let activeRetries = 0;
  const limit = (): number =>
    Math.max(Math.floor((budgetPercent / 100) * activeAttempts), minRetryConcurrency);
  const attemptEnded = (): void => {
    activeAttempts = Math.max(0, activeAttempts - 1);
  };
  return {
    onAttempt() {
      activeAttempts++;
    },
    onSuccess: attemptEnded,
    onFailure: attemptEnded,
    tryRetry() {
      if (activeRetries >= limit()) return false;
      activeRetries++;
      return true;
    },
    onRetryEnd() {
      activeRetries = Math.max(0, activeRetries - 1);
    },
    level: () => Math.max(0, limit() - activeRetries),
  };
}
