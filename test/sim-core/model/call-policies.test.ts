import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../sim-core/run/simulation.ts';
import { parse } from '../../support/scenarios.ts';

/**
 * The caller-side patterns wired into the request path, on micro-scenarios with constant times
 * so counts and times are exact. (The patterns' own state machines are tested in test/sim-core/patterns.)
 */
function system(client: object, service: object = {}, extra: object = {}) {
  return parse({
    id: 'policies',
    title: 'policies',
    durationMs: 10_000,
    clients: [{ name: 'users', target: 'api', arrival: { kind: 'once', users: 1, atMs: 1000 }, ...client }],
    services: [{ name: 'api', concurrency: 10, serviceTime: { kind: 'constant', valueMs: 100 }, ...service }],
    ...extra,
  });
}

const retry = (maxAttempts: number, baseMs = 50) => ({
  maxAttempts,
  retryOn: ['failed', 'timedOut'],
  backoff: { kind: 'constant', baseMs, multiplier: 1, capMs: baseMs },
  jitter: 'none',
});

describe('timeouts and retries in the request path', () => {
  it('retries a failing request exactly maxAttempts - 1 times, then ends with the last cause', () => {
    const r = runScenario(system({ retry: retry(4) }, { errorProbability: 1 }));
    const edge = r.summary.edges['users->api'];
    expect(edge.attempts).toBe(4);
    expect(edge.retries).toBe(3);
    expect(r.summary.clients.users.errors.failed).toBe(1);
    // 4 attempts of 100 ms work with 50 ms backoffs between them: ends at 1000 + 4*100 + 3*50.
    expect(r.summary.clients.users.errors.failed + r.summary.clients.users.succeeded).toBe(1);
  });

  it('a per-attempt timeout cuts each attempt, and the overall deadline ends the call across attempts', () => {
    const slow = { serviceTime: { kind: 'constant', valueMs: 1000 } };
    const perAttempt = runScenario(system({ timeoutMs: 200, retry: retry(3) }, slow));
    expect(perAttempt.summary.edges['users->api'].attempts).toBe(3);
    expect(perAttempt.summary.clients.users.errors.timedOut).toBe(1);
    // With a 300 ms deadline the second attempt (sent at 250 ms) is cut by the deadline at 300 ms.
    const deadline = runScenario(system({ timeoutMs: 200, deadlineMs: 300, retry: retry(3) }, slow));
    expect(deadline.summary.edges['users->api'].attempts).toBe(2);
    expect(deadline.summary.clients.users.errors.timedOut).toBe(1);
    // Work goes on at the service after the caller gave up: counted as late.
    expect(perAttempt.summary.services.api.late).toBe(3);
  });

  it('a retry budget that refuses a retry counts it as suppressed', () => {
    const gated = {
      ...retry(3),
      budget: { kind: 'grpc-throttle', maxTokens: 2, tokenRatio: 0.1 },
    };
    // maxTokens 2: the first failure takes tokens to 1 = half, so no retry may follow.
    const r = runScenario(system({ retry: gated }, { errorProbability: 1 }));
    const edge = r.summary.edges['users->api'];
    expect(edge.attempts).toBe(1);
    expect(edge.retriesSuppressed).toBe(1);
  });
});

describe('breaker, bulkhead, fallback, hedging', () => {
  it('an open breaker refuses calls at once, and a static fallback turns the failure into a degraded success', () => {
    const breaker = {
      slidingWindowType: 'count',
      slidingWindowSize: 4,
      minimumNumberOfCalls: 4,
      failureRateThreshold: 50,
      waitDurationInOpenStateMs: 60_000,
    };
    const s = system(
      { arrival: { kind: 'constant', ratePerSec: 10 }, breaker, fallback: { kind: 'static' } },
      { errorProbability: 1 },
    );
    const r = runScenario(s);
    const edge = r.summary.edges['users->api'];
    expect(edge.breaker!.opened).toBe(1);
    // Calls every 100 ms, each failing after 100 ms of work. The 5th call (at 400 ms) is made just
    // before the 4th result lands at the same instant (it was scheduled first), so 5 calls reach the
    // service; the 4th result fills the window (4 failures >= 50%) and every later call is refused.
    expect(r.summary.services.api.attempts).toBe(5);
    expect(edge.refused.breakerOpen).toBe(100 - 5);
    expect(edge.breaker!.transitions.map((t) => [t.atMs, t.from, t.to])).toEqual([[400, 'closed', 'open']]);
    expect(r.summary.clients.users.degraded).toBe(100);
    expect(edge.fallbacks).toBe(100);
  });

  it('a bulkhead of 2 without waiting refuses the third concurrent call', () => {
    const s = system({
      arrival: { kind: 'once', users: 5, atMs: 1000 },
      bulkhead: { maxConcurrent: 2, maxWaitMs: 0 },
    });
    const r = runScenario(s);
    expect(r.summary.clients.users.succeeded).toBe(2);
    expect(r.summary.clients.users.errors.bulkheadFull).toBe(3);
  });

  it('a bulkhead with a wait lets waiting calls through as slots free up', () => {
    const s = system({
      arrival: { kind: 'once', users: 4, atMs: 1000 },
      bulkhead: { maxConcurrent: 2, maxWaitMs: 150 },
    });
    const r = runScenario(s);
    // Two run at once; the two waiters get slots at +100 ms, inside their 150 ms wait.
    expect(r.summary.clients.users.succeeded).toBe(4);
    expect(r.summary.clients.users.latencyMs.max).toBe(200);
  });

  it('a hedge sent after 150 ms wins against a 1000 ms replica and the loser is cancelled', () => {
    const s = system(
      { hedge: { delayMs: 150, maxHedges: 1 } },
      {
        replicas: 2,
        loadBalancer: 'round-robin',
        replicaOverrides: [{ replica: 0, serviceTimeFactor: 10 }],
      },
    );
    const r = runScenario(s);
    const edge = r.summary.edges['users->api'];
    expect(edge.hedges).toBe(1);
    expect(edge.attempts).toBe(2);
    expect(r.summary.clients.users.latencyMs.max).toBe(250);
  });
});

describe('writes and idempotency keys', () => {
  it('a retried write whose first attempt completed is applied twice without idempotency keys, once with them', () => {
    // The write takes 100 ms but the caller times out at 50 ms and retries after 10 ms.
    const base = { timeoutMs: 50, retry: { ...retry(2, 10) } };
    const service = { writes: true };
    const without = runScenario(system(base, service)).summary.services.api;
    const withKeys = runScenario(system({ ...base, idempotencyKeys: true }, service)).summary.services.api;
    expect(without.duplicates).toBe(1);
    expect(withKeys.duplicates).toBe(0);
    expect(withKeys.deduplicated).toBe(1);
  });
});

describe('server-side shedding', () => {
  it('a queued attempt whose call hit its deadline is shed when dequeued, not lost', () => {
    // 5 requests at once, one worker of 100 ms, a 250 ms deadline: 2 are served in time, the
    // third is cut while it works (answered late), the last 2 are still queued when their calls end.
    const r = runScenario(
      system({ arrival: { kind: 'once', users: 5, atMs: 1000 }, deadlineMs: 250 }, { concurrency: 1 }),
    );
    const api = r.summary.services.api;
    expect(r.summary.clients.users.succeeded).toBe(2);
    expect(r.summary.clients.users.errors.timedOut).toBe(3);
    expect(api.attempts).toBe(5);
    expect(api.succeeded).toBe(3);
    expect(api.late).toBe(1);
    expect(api.errors.shed).toBe(2);
    expect(api.shedByTier).toEqual([2]);
    expect(api.inFlight).toBe(0);
  });

  it('priority shedding turns away the least important tier first', () => {
    const s = parse({
      id: 'shed',
      title: 'shed',
      durationMs: 5000,
      clients: [
        { name: 'checkout', target: 'api', tier: 0, arrival: { kind: 'once', users: 10, atMs: 1000 } },
        { name: 'analytics', target: 'api', tier: 1, arrival: { kind: 'once', users: 10, atMs: 1000 } },
      ],
      services: [
        {
          name: 'api',
          concurrency: 1,
          serviceTime: { kind: 'constant', valueMs: 10 },
          shedding: { kind: 'priority', thresholds: [100, 2] },
        },
      ],
    });
    const r = runScenario(s);
    expect(r.summary.clients.checkout.errors.shed).toBe(0);
    expect(r.summary.clients.checkout.succeeded).toBe(10);
    // Analytics requests queue behind checkout's 9 waiting ones: all shed once 2 wait.
    expect(r.summary.clients.analytics.errors.shed).toBe(10);
    expect(r.summary.services.api.shedByTier).toEqual([0, 10]);
  });
});
