/**
 * A circuit breaker with Resilience4j's semantics (`CircuitBreakerStateMachine`,
 * `CircuitBreakerMetrics`), for one caller on one edge.
 *
 * - CLOSED: every call is permitted; each recorded outcome goes into the sliding window (last N
 *   calls, or last N epoch seconds in 1-second buckets). Once the window holds at least
 *   `minimumNumberOfCalls` (for a count window: at most its size), the breaker opens when the
 *   failure rate >= `failureRateThreshold` or the slow-call rate >= `slowCallRateThreshold`
 *   (slow: duration strictly greater than `slowCallDurationThresholdMs`).
 * - OPEN: every call is refused until `waitDurationInOpenStateMs` has passed; the first permission
 *   request strictly after that moves it to HALF_OPEN (no timer: `automaticTransitionFromOpenToHalfOpen`
 *   false, the default, so with no traffic it stays OPEN).
 * - HALF_OPEN: at most `permittedNumberOfCallsInHalfOpenState` calls are permitted; outcomes go into
 *   a fresh count window of that size whose minimum is `min(minimumNumberOfCalls, permitted)`; once
 *   it is reached the breaker opens again if a threshold is exceeded, else closes with a fresh window.
 *
 * Like Resilience4j, an outcome is recorded in the state current when it arrives, not the one in
 * which its permission was acquired: a slow call permitted while CLOSED that ends during HALF_OPEN
 * counts among the half-open calls.
 *
 * @module
 */
import type { BreakerSpec } from '../scenario/policy-spec.ts';
import { CountWindow, type SlidingWindow, TimeWindow, type WindowTotals } from './sliding-window.ts';

/** Breaker states. */
export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** One state change, on the owner's local clock. */
export interface BreakerTransition {
  atMs: number;
  from: BreakerState;
  to: BreakerState;
}

/** The circuit breaker of one caller on one edge. */
export class CircuitBreaker {
  /** Every state change so far, in order. */
  readonly transitions: BreakerTransition[] = [];
  private current: BreakerState = 'CLOSED';
  private window: SlidingWindow;
  private minimumCalls: number;
  private openUntil = 0;
  private halfOpenPermits = 0;
  private refused = 0;
  // Resilience4j keeps thresholds and rates as Java floats: rounding both to float32 makes the
  // ">= threshold" comparison exactly the library's (e.g. 1 of 3 calls is 33.333332%).
  private readonly failureThreshold: number;
  private readonly slowThreshold: number;
  private readonly spec: BreakerSpec;

  constructor(spec: BreakerSpec) {
    this.spec = spec;
    this.failureThreshold = Math.fround(spec.failureRateThreshold);
    this.slowThreshold = Math.fround(spec.slowCallRateThreshold);
    this.window = this.closedWindow();
    this.minimumCalls = this.closedMinimum();
  }

  /** The current state (it changes only inside {@link tryAcquirePermission} and {@link onResult}). */
  get state(): BreakerState {
    return this.current;
  }

  /** Calls refused so far (Resilience4j's `numberOfNotPermittedCalls`, over the breaker's life). */
  get notPermitted(): number {
    return this.refused;
  }

  /**
   * Asks to make a call at `now`. False: the call is refused (counted in {@link notPermitted}).
   * In OPEN, the first request strictly after the wait moves the breaker to HALF_OPEN and takes
   * one of its permits.
   */
  tryAcquirePermission(now: number): boolean {
    if (this.current === 'OPEN') {
      if (!(now > this.openUntil)) {
        this.refused++;
        return false;
      }
      this.toHalfOpen(now);
    }
    if (this.current === 'HALF_OPEN') {
      if (this.halfOpenPermits === 0) {
        this.refused++;
        return false;
      }
      this.halfOpenPermits--;
    }
    return true;
  }

  /**
   * Gives back a permission acquired but not used (the call was never made, e.g. a bulkhead
   * refused it afterwards). Only HALF_OPEN counts permissions.
   */
  releasePermission(): void {
    if (this.current === 'HALF_OPEN') this.halfOpenPermits++;
  }

  /**
   * Records the outcome of a permitted call that completed at `now` after `durationMs`.
   * `failed`: its cause is one of `spec.recordFailures` (other failures count as successes,
   * like exceptions outside Resilience4j's `recordExceptions`).
   */
  onResult(now: number, durationMs: number, failed: boolean): void {
    // In OPEN, Resilience4j records into the metrics it carried over but never changes state on
    // them, and HALF_OPEN starts a fresh window: nothing recorded in OPEN can matter.
    if (this.current === 'OPEN') return;
    const totals = this.window.record(now, failed, durationMs > this.spec.slowCallDurationThresholdMs);
    const verdict = this.judge(totals);
    if (verdict === 'above') this.toOpen(now);
    else if (verdict === 'below' && this.current === 'HALF_OPEN') this.toClosed(now);
  }

  private judge(t: Readonly<WindowTotals>): 'tooFew' | 'above' | 'below' {
    if (t.calls === 0 || t.calls < this.minimumCalls) return 'tooFew';
    const failureRate = Math.fround((t.failed * 100) / t.calls);
    const slowRate = Math.fround((t.slow * 100) / t.calls);
    return failureRate >= this.failureThreshold || slowRate >= this.slowThreshold ? 'above' : 'below';
  }

  private toOpen(now: number): void {
    this.openUntil = now + this.spec.waitDurationInOpenStateMs;
    this.move(now, 'OPEN');
  }

  private toHalfOpen(now: number): void {
    const permitted = this.spec.permittedNumberOfCallsInHalfOpenState;
    this.window = new CountWindow(permitted);
    this.minimumCalls = Math.min(this.spec.minimumNumberOfCalls, permitted);
    this.halfOpenPermits = permitted;
    this.move(now, 'HALF_OPEN');
  }

  private toClosed(now: number): void {
    this.window = this.closedWindow();
    this.minimumCalls = this.closedMinimum();
    this.move(now, 'CLOSED');
  }

  private move(now: number, to: BreakerState): void {
    this.transitions.push({ atMs: now, from: this.current, to });
    this.current = to;
  }

  private closedWindow(): SlidingWindow {
    const s = this.spec;
    return s.slidingWindowType === 'count'
      ? new CountWindow(s.slidingWindowSize)
      : new TimeWindow(s.slidingWindowSize);
  }

  /** Resilience4j caps the minimum at the window size for count windows only. */
  private closedMinimum(): number {
    const s = this.spec;
    return s.slidingWindowType === 'count'
      ? Math.min(s.minimumNumberOfCalls, s.slidingWindowSize)
      : s.minimumNumberOfCalls;
  }
}
