/**
 * Library scenarios of group b: a cache stampede, a network partition, clock skew, a cascading
 * failure through a shared worker pool, and a circuit breaker with a fallback. Each one validates,
 * every hypothesis passes on its own seed, and the lesson's key numbers (with vs without the
 * mitigation) hold.
 */
import { describe, expect, it } from 'vitest';
import breakerFallback from '../../scenarios/library/breaker-fallback.json' with { type: 'json' };
import cacheStampede from '../../scenarios/library/cache-stampede.json' with { type: 'json' };
import cascadingFailure from '../../scenarios/library/cascading-failure.json' with { type: 'json' };
import clockSkew from '../../scenarios/library/clock-skew.json' with { type: 'json' };
import networkPartition from '../../scenarios/library/network-partition.json' with { type: 'json' };
import { expectLessonShape, lessonRuns, windowMax } from '../support/lesson-runs.ts';

const { ids, lesson, run, summary, paramValueSets, mean, hypothesisGroups } = lessonRuns({
  'cache-stampede': cacheStampede,
  'network-partition': networkPartition,
  'clock-skew': clockSkew,
  'cascading-failure': cascadingFailure,
  'breaker-fallback': breakerFallback,
});

describe.each(ids)('library scenario %s', (id) => {
  it('validates, with a lesson, 2-6 valued params and 3-6 hypotheses', () => {
    const scenario = lesson(id);
    expectLessonShape(scenario, id);
    // Both sides of the lesson: at least one hypothesis on the scenario as it is, one on a variant.
    expect(scenario.hypotheses.some((h) => h.set.length === 0)).toBe(true);
    expect(scenario.hypotheses.some((h) => h.set.length > 0)).toBe(true);
    // Every value gives a valid scenario.
    for (const sets of paramValueSets(id)) lesson(id, sets);
  });

  it('passes every hypothesis on its default seed', () => {
    for (const { outcomes } of hypothesisGroups(id)) {
      for (const o of outcomes) expect(o.passed, `${o.name}: ${o.detail}`).toBe(true);
    }
  });
});

describe('cache-stampede: key numbers', () => {
  const id = 'cache-stampede';
  const coalesce = ['services.catalog.cache.coalesce=true'];
  const FLUSH = 45_000;

  it('without coalescing the flush sends ~300 renders to catalog in one second, with it exactly one per key', () => {
    const attempts = (sets: string[]) =>
      mean(id, sets, (s) => s.services.catalog.attemptsPerSec, FLUSH, FLUSH + 1000);
    expect(attempts([])).toBeGreaterThan(250);
    expect(attempts(coalesce)).toBe(10);
    // Before the flush the cache absorbs everything: catalog sees almost nothing.
    expect(mean(id, [], (s) => s.services.catalog.attemptsPerSec, 25_000, FLUSH)).toBeLessThan(1);
  });

  it("without coalescing catalog's queues fill to 200 and users time out; with it nothing queues or fails", () => {
    const { result } = run(id);
    expect(windowMax(result, result.series.services.catalog.queueDepthMax, FLUSH, FLUSH + 5000)).toBe(200);
    expect(summary(id).clients.users.errors.timedOut).toBeGreaterThan(100);
    expect(summary(id).services.catalog.late).toBeGreaterThan(100);
    const mitigated = run(id, coalesce).result;
    expect(windowMax(mitigated, mitigated.series.services.catalog.queueDepthMax, FLUSH, FLUSH + 5000)).toBe(
      0,
    );
    expect(summary(id, coalesce).clients.users.errorRate).toBe(0);
    expect(summary(id, coalesce).services.catalog.cache?.coalesced).toBeGreaterThan(100);
  });
});

describe('network-partition: key numbers', () => {
  const id = 'network-partition';
  const retry = ['clients.users.timeoutMs=250', 'clients.users.retry="finagle-default"'];
  const ejection = [
    ...retry,
    'services.api.outlierDetection={"consecutiveErrors":3,"baseEjectionTimeMs":10000,"maxEjectionPercent":50}',
  ];

  it('with a 2 s timeout and no retry ~4% of requests time out; a 250 ms timeout with retries cuts it to ~0.5%', () => {
    expect(summary(id).clients.users.errorRate).toBeGreaterThan(0.03);
    expect(summary(id).clients.users.errors.timedOut).toBeGreaterThan(1500);
    expect(summary(id, retry).clients.users.errorRate).toBeLessThan(0.008);
    expect(summary(id, retry).edges['users->api'].retries).toBeGreaterThan(1500);
    // The price of retrying after a timeout: the unlucky requests wait 250 ms first.
    expect(summary(id, retry).clients.users.latencyMs.p99).toBeGreaterThan(250);
  });

  it('outlier detection ejects the cut-off replicas: no errors, normal p99, few retries', () => {
    const s = summary(id, ejection);
    expect(s.clients.users.errors.timedOut).toBe(0);
    expect(s.services.api.ejections).toBeGreaterThanOrEqual(2);
    expect(s.clients.users.latencyMs.p99).toBeLessThan(100);
    expect(s.edges['users->api'].retries).toBeLessThan(200);
  });
});

describe('clock-skew: key numbers', () => {
  const id = 'clock-skew';
  const timeouts = (client: string, sets: string[], fromMs: number, toMs: number) =>
    mean(id, sets, (s) => s.clients[client].errorsPerSec.timedOut, fromMs, toMs);

  it('while its clock runs 50% fast users-b times out ~7x as often as its healthy twin', () => {
    const skewed = timeouts('users-b', [], 30_000, 90_000);
    const twin = timeouts('users-a', [], 30_000, 90_000);
    expect(skewed).toBeGreaterThan(8);
    expect(twin).toBeLessThan(2.5);
    expect(skewed / twin).toBeGreaterThan(4);
    // Its successful requests look faster: every answer slower than ~200 ms became a timeout.
    expect(mean(id, [], (s) => s.clients['users-b'].latencyP99Ms, 32_000, 90_000)).toBeLessThan(205);
  });

  it('before the drift and after it is corrected the twins are alike; a realistic 100 ppm drift changes nothing', () => {
    expect(timeouts('users-b', [], 92_000, 120_000)).toBeLessThan(2.5);
    expect(timeouts('users-b', [], 10_000, 30_000)).toBeLessThan(2.5);
    const realistic = ['faults.fast-clock.driftPpm=100'];
    expect(summary(id, realistic).clients['users-b'].errorRate).toBeLessThan(0.012);
  });

  it('a 600 ms timeout absorbs the fast clock', () => {
    const roomy = ['clients.users-a.timeoutMs=600', 'clients.users-b.timeoutMs=600'];
    expect(summary(id, roomy).clients['users-b'].errorRate).toBeLessThan(0.003);
  });
});

describe('cascading-failure: key numbers', () => {
  const id = 'cascading-failure';
  const bulkhead = ['services.api.calls.1.bulkhead={"maxConcurrent":8,"maxWaitMs":0}'];
  const SLOW = [32_000, 60_000] as const;

  it('without a bulkhead api serves nothing while recs is slow and healthy catalog drops to ~60/s', () => {
    expect(mean(id, [], (s) => s.clients.shoppers.goodputPerSec, ...SLOW)).toBe(0);
    expect(mean(id, [], (s) => s.clients.shoppers.degradedPerSec, ...SLOW)).toBeLessThan(5);
    expect(mean(id, [], (s) => s.services.catalog.attemptsPerSec, ...SLOW)).toBeLessThan(70);
    expect(mean(id, [], (s) => s.services.api.utilisation, ...SLOW)).toBeGreaterThan(0.99);
    const errors = summary(id).clients.shoppers.errors;
    expect(errors.rejected).toBeGreaterThan(6000);
    expect(errors.timedOut).toBeGreaterThan(1500);
  });

  it('with the bulkhead every shopper gets a degraded page and catalog keeps its ~300/s', () => {
    expect(mean(id, bulkhead, (s) => s.clients.shoppers.degradedPerSec, ...SLOW)).toBeGreaterThan(280);
    expect(mean(id, bulkhead, (s) => s.services.catalog.attemptsPerSec, ...SLOW)).toBeGreaterThan(285);
    expect(mean(id, bulkhead, (s) => s.services.api.utilisation, ...SLOW)).toBeLessThan(0.55);
    expect(summary(id, bulkhead).clients.shoppers.errorRate).toBe(0);
    expect(summary(id, bulkhead).edges['api->recs'].refused.bulkheadFull).toBeGreaterThan(7000);
  });
});

describe('breaker-fallback: key numbers', () => {
  const id = 'breaker-fallback';
  const protectedSets = lesson(id).hypotheses.find((h) => h.set.length === 2)?.set ?? [];
  const OUTAGE = [31_000, 60_000] as const;

  it('without protection a third of requests fail, each after the 500 ms timeout', () => {
    const s = summary(id);
    expect(s.clients.users.errors.failed).toBeGreaterThan(5500);
    expect(s.clients.users.errorRate).toBeGreaterThan(0.3);
    expect(mean(id, [], (x) => x.services.api.utilisation, ...OUTAGE)).toBeGreaterThan(0.5);
    expect(mean(id, [], (x) => x.services.api.utilisation, 10_000, 30_000)).toBeLessThan(0.03);
  });

  it('with a breaker and a cached fallback: degraded answers, no errors, breakers open at once and close after ~63.5 s', () => {
    expect(protectedSets.length).toBe(2);
    const s = summary(id, protectedSets);
    expect(s.clients.users.errorRate).toBe(0);
    expect(s.clients.users.degraded).toBeGreaterThan(6000);
    expect(s.edges['api->pricing'].refused.breakerOpen).toBeGreaterThan(5000);
    const transitions = s.edges['api->pricing'].breaker?.transitions ?? [];
    const firstOpen = transitions.find((t) => t.to === 'open')?.atMs ?? Number.POSITIVE_INFINITY;
    expect(firstOpen).toBeGreaterThan(30_000);
    expect(firstOpen).toBeLessThan(31_000);
    const lastClose = Math.max(...transitions.filter((t) => t.to === 'closed').map((t) => t.atMs));
    expect(lastClose).toBeGreaterThan(60_000);
    expect(lastClose).toBeLessThan(65_000);
    expect(mean(id, protectedSets, (x) => x.services.api.utilisation, ...OUTAGE)).toBeLessThan(0.02);
  });

  it("Resilience4j's defaults open too but stay open 60 s, long after pricing is back", () => {
    const s = summary(id, ['services.api.calls.0.breaker="resilience4j-default"']);
    const transitions = s.edges['api->pricing'].breaker?.transitions ?? [];
    const lastClose = Math.max(...transitions.filter((t) => t.to === 'closed').map((t) => t.atMs));
    expect(lastClose).toBeGreaterThan(90_000);
    expect(s.clients.users.errorRate).toBeGreaterThan(0.6);
  });
});
