import { describe, expect, it } from 'vitest';
import { Retries } from '../../../../sim-core/model/edge/retry.ts';
import { FAILED, SHED, TIMED_OUT } from '../../../../sim-core/model/outcome.ts';
import type { RetrySpec } from '../../../../sim-core/scenario/policy-spec.ts';
import { bareTimers, call, edge, fakeMetrics, policy } from '../fakes.ts';

const retry = (maxAttempts: number): RetrySpec => ({
  maxAttempts,
  retryOn: ['failed', 'timedOut'],
  backoff: { kind: 'constant', baseMs: 50, multiplier: 1, capMs: 50 },
  jitter: 'none',
  budget: null,
});

function setup(spec: RetrySpec | null) {
  const { sink, log } = fakeMetrics();
  const { engine, timers } = bareTimers();
  const e = edge(policy({ retry: spec }));
  return { retries: new Retries(timers, sink, engine), log, engine, e };
}

describe('where a retry happens: Retries.retry', () => {
  it('retries a retryable cause with attempts left: the backoff timer is set and the metrics hear it', () => {
    const { retries, log, engine, e } = setup(retry(3));
    const c = call(e, { attempts: 1, lastCause: FAILED });
    expect(retries.retry(c)).toBe(true);
    expect(c.nextIsRetry).toBe(true);
    expect(c.previousSleepMs).toBe(50);
    expect(c.retryTimer).not.toBe(-1);
    expect(engine.peek()).toBe(50);
    expect(log).toEqual(['edgeRetry 0 0']);
  });

  it('does not retry a cause outside retryOn, nor past maxAttempts, nor without a policy', () => {
    const { retries, log, e } = setup(retry(3));
    expect(retries.retry(call(e, { attempts: 1, lastCause: SHED }))).toBe(false);
    expect(retries.retry(call(e, { attempts: 3, lastCause: TIMED_OUT }))).toBe(false);
    const none = setup(null);
    expect(none.retries.retry(call(none.e, { attempts: 1, lastCause: FAILED }))).toBe(false);
    expect(log).toEqual([]);
  });

  it('does not retry when the backoff would end at or after the call deadline', () => {
    const { retries, e } = setup(retry(3));
    expect(retries.retry(call(e, { attempts: 1, lastCause: FAILED, deadlineAt: 50 }))).toBe(false);
    expect(retries.retry(call(e, { attempts: 1, lastCause: FAILED, deadlineAt: 51 }))).toBe(true);
  });

  it('a retry budget that is spent suppresses the retry, and the metrics count it', () => {
    const { sink, log } = fakeMetrics();
    const { engine, timers } = bareTimers();
    const e = edge(
      policy({
        retry: {
          ...retry(5),
          budget: { kind: 'aws-quota', capacity: 5, retryCost: 5, timeoutCost: 10, noRetryIncrement: 1 },
        },
      }),
    );
    const retries = new Retries(timers, sink, engine);
    expect(retries.retry(call(e, { attempts: 1, lastCause: FAILED }))).toBe(true);
    expect(retries.retry(call(e, { attempts: 1, lastCause: FAILED }))).toBe(false);
    expect(log).toEqual(['edgeRetry 0 0', 'edgeRetrySuppressed 0 0']);
  });
});
