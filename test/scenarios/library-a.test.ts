/**
 * Library scenarios of group a: retries and their failure modes. A retry storm, a metastable
 * failure, a thundering herd, layered retries and Brooker's jitter comparison. Each one validates,
 * every hypothesis passes on its own seed, and the lesson's key numbers (with vs without the
 * mitigation) hold.
 */
import { describe, expect, it } from 'vitest';
import jitterComparison from '../../scenarios/library/jitter-comparison.json' with { type: 'json' };
import layeredRetries from '../../scenarios/library/layered-retries.json' with { type: 'json' };
import metastableFailure from '../../scenarios/library/metastable-failure.json' with { type: 'json' };
import retryStorm from '../../scenarios/library/retry-storm.json' with { type: 'json' };
import thunderingHerd from '../../scenarios/library/thundering-herd.json' with { type: 'json' };
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { expectLessonShape, lessonRuns } from '../support/lesson-runs.ts';

const { ids, lesson, run, summary, paramValueSets, mean, max, hypothesisGroups } = lessonRuns({
  'retry-storm': retryStorm,
  'metastable-failure': metastableFailure,
  'thundering-herd': thunderingHerd,
  'layered-retries': layeredRetries,
  'jitter-comparison': jitterComparison,
});

function fault(id: string, sets: string[], name: string): RunResult['summary']['faults'][number] {
  const found = summary(id, sets).faults.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no fault ${name}`);
  return found;
}

describe.each(ids)('library scenario %s', (id) => {
  it('validates, with a lesson, 2-6 valued params and 3-6 hypotheses', () => {
    const scenario = lesson(id);
    expectLessonShape(scenario, id);
    // Both sides of the lesson: the scenario as it is (or its failing variant) and a mitigated variant.
    expect(scenario.hypotheses.some((h) => h.set.length > 0)).toBe(true);
    // Every value gives a valid scenario.
    for (const sets of paramValueSets(id)) lesson(id, sets);
  });

  it('passes every hypothesis on its default seed', () => {
    for (const { result, outcomes } of hypothesisGroups(id)) {
      for (const o of outcomes) expect(o.passed, `${o.name}: ${o.detail}`).toBe(true);
      expect(result.stopReason).toBe('completed');
    }
  });
});

describe('retry-storm: key numbers', () => {
  const id = 'retry-storm';
  const finagle = ['services.api.calls.0.retry.budget="finagle-default"'];
  const noRetries = ['services.api.calls.0.retry.maxAttempts=1'];
  const goodput = (sets: string[], fromMs: number, toMs: number) =>
    mean(id, sets, (s) => s.clients.users.goodputPerSec, fromMs, toMs);

  it('naive retries: goodput 0 from the slowdown to the end, db at 4 attempts per request and 100% of its queues', () => {
    const before = goodput([], 10_000, 30_000);
    expect(before).toBeGreaterThan(280);
    expect(goodput([], 50_000, 120_000)).toBe(0);
    expect(mean(id, [], (s) => s.services.db.amplification, 50_000, 120_000)).toBeGreaterThan(3.8);
    expect(mean(id, [], (s) => s.services.db.attemptsPerSec, 50_000, 120_000)).toBeGreaterThan(1000);
    expect(summary(id).services.db.queueDepth.max).toBe(400);
    // The database works flat out for callers that already gave up.
    expect(summary(id).services.db.late).toBeGreaterThan(50_000);
    expect(fault(id, [], 'db-slowdown').metastable).toBe(true);
  });

  it('without retries the slowdown alone costs ~10% of goodput while it lasts and nothing after', () => {
    expect(goodput(noRetries, 30_000, 40_000) / goodput(noRetries, 10_000, 30_000)).toBeGreaterThan(0.85);
    expect(fault(id, noRetries, 'db-slowdown').recoveryMs).toBeLessThanOrEqual(1000);
  });

  it('a Finagle retry budget: recovered within a second, db amplification ~1.0 after the slowdown', () => {
    expect(fault(id, finagle, 'db-slowdown').recoveryMs).toBeLessThanOrEqual(1000);
    expect(goodput(finagle, 50_000, 120_000) / goodput(finagle, 10_000, 30_000)).toBeGreaterThan(0.97);
    expect(summary(id, finagle).services.db.amplification).toBeLessThan(1.1);
    expect(summary(id, finagle).edges['api->db'].retriesSuppressed).toBeGreaterThan(1000);
  });

  it('gRPC throttling also keeps most goodput during the slowdown; the default breaker costs a minute', () => {
    const grpc = ['services.api.calls.0.retry.budget="grpc-default"'];
    expect(goodput(grpc, 30_000, 40_000) / goodput(grpc, 10_000, 30_000)).toBeGreaterThan(0.8);
    const breaker = ['services.api.calls.0.breaker="resilience4j-default"'];
    const r = fault(id, breaker, 'db-slowdown');
    expect(r.metastable).toBe(false);
    expect(r.recoveryMs).toBeGreaterThan(40_000);
  });
});

describe('metastable-failure: key numbers', () => {
  const id = 'metastable-failure';
  const shortQueue = ['services.api.queue.capacity=50'];
  const lifo = ['services.api.queue.discipline="lifo"'];
  const finagle = ['clients.users.retry.budget="finagle-default"'];
  const users = (sets: string[], fromMs: number, toMs: number) =>
    mean(id, sets, (s) => s.clients.users.goodputPerSec, fromMs, toMs);

  it('after the fault the API is 100% busy answering ~1,000/s, and users get nothing', () => {
    expect(users([], 50_000, 90_000)).toBe(0);
    expect(mean(id, [], (s) => s.services.api.utilisation, 50_000, 90_000)).toBeGreaterThan(0.99);
    expect(mean(id, [], (s) => s.services.api.goodputPerSec, 50_000, 90_000)).toBeGreaterThan(900);
    expect(mean(id, [], (s) => s.services.api.attemptsPerSec, 50_000, 90_000)).toBeGreaterThan(1600);
    expect(summary(id).services.api.late).toBeGreaterThan(50_000);
    expect(summary(id).services.api.queueDepth.max).toBe(2000);
  });

  it('a queue of 50 or a LIFO queue: goodput at the reduced capacity during the fault and back at once', () => {
    for (const sets of [shortQueue, lifo]) {
      expect(users(sets, 30_000, 35_000)).toBeGreaterThan(350);
      expect(fault(id, sets, 'capacity-loss').recoveryMs).toBe(0);
      expect(users(sets, 40_000, 90_000) / users(sets, 10_000, 30_000)).toBeGreaterThan(0.97);
    }
    expect(summary(id, shortQueue).services.api.late).toBe(0);
  });

  it('a retry budget alone recovers once the backlog drains (~4 s); no retries at all recovers too', () => {
    const r = fault(id, finagle, 'capacity-loss').recoveryMs;
    expect(r).toBeGreaterThanOrEqual(2000);
    expect(r).toBeLessThanOrEqual(6000);
    expect(fault(id, ['clients.users.retry.maxAttempts=1'], 'capacity-loss').recoveryMs).toBeLessThanOrEqual(
      3000,
    );
  });

  it('the tipping point: a 1 s loss heals by itself, a 2 s loss does not', () => {
    expect(fault(id, ['faults.capacity-loss.durationMs=1000'], 'capacity-loss').metastable).toBe(false);
    expect(fault(id, ['faults.capacity-loss.durationMs=2000'], 'capacity-loss').metastable).toBe(true);
  });
});

describe('thundering-herd: key numbers', () => {
  const id = 'thundering-herd';
  const jitter = (j: string) => [`clients.reconnects.retry.jitter="${j}"`];

  it('no jitter: 2,000-attempt waves, >10,000 rejections, the last client in after >80 s', () => {
    const s = summary(id);
    expect(max(id, [], (x) => x.services.sessions.attemptsPerSec, 30_000, 150_000)).toBeGreaterThan(2000);
    expect(s.services.sessions.errors.rejected).toBeGreaterThan(10_000);
    expect(s.services.sessions.queueDepth.max).toBe(100);
    expect(s.clients.reconnects.latencyMs.max).toBeGreaterThan(80_000);
    expect(s.clients.reconnects.succeeded).toBe(2000);
  });

  it('full jitter: under 1,000 attempts/s, no rejections, every client in within 20 s of the crash', () => {
    const s = summary(id, jitter('full'));
    expect(max(id, jitter('full'), (x) => x.services.sessions.attemptsPerSec, 30_000, 150_000)).toBeLessThan(
      1000,
    );
    expect(s.services.sessions.errors.rejected).toBe(0);
    expect(s.clients.reconnects.latencyMs.max).toBeLessThan(20_000);
    expect(s.clients.reconnects.succeeded).toBe(2000);
    // Half the calls of the lockstep herd.
    const calls = (sets: string[]) => summary(id, sets).edges['reconnects->sessions'].attempts;
    expect(calls(jitter('full')) / calls([])).toBeLessThan(0.6);
  });

  it('equal and decorrelated jitter drain the herd about as fast as full jitter', () => {
    for (const j of ['equal', 'decorrelated']) {
      expect(summary(id, jitter(j)).clients.reconnects.latencyMs.max).toBeLessThan(20_000);
      expect(summary(id, jitter(j)).services.sessions.errors.rejected).toBeLessThan(200);
    }
  });
});

describe('layered-retries: key numbers', () => {
  const id = 'layered-retries';
  const FAIL = [21_000, 40_000] as const;
  const ampl = (sets: string[], tier: string) =>
    mean(id, sets, (s) => s.services[tier].amplification, ...FAIL);
  const topOnly = ['services.web.calls.0.retry.maxAttempts=1', 'services.api.calls.0.retry.maxAttempts=1'];
  const budget = '"finagle-default"';
  const budgets = [
    `clients.users.retry.budget=${budget}`,
    `services.web.calls.0.retry.budget=${budget}`,
    `services.api.calls.0.retry.budget=${budget}`,
  ];

  it('while the database fails: 4, 16 and 64 attempts per user request at web, api and db', () => {
    expect(ampl([], 'web')).toBeCloseTo(4, 0);
    expect(ampl([], 'api')).toBeGreaterThan(15);
    expect(ampl([], 'api')).toBeLessThan(17.5);
    expect(ampl([], 'db')).toBeGreaterThan(60);
    expect(ampl([], 'db')).toBeLessThan(70);
    // The database goes from idle to 80% busy serving nothing but failures.
    expect(mean(id, [], (s) => s.services.db.utilisation, 5000, 20_000)).toBeLessThan(0.05);
    expect(mean(id, [], (s) => s.services.db.utilisation, ...FAIL)).toBeGreaterThan(0.7);
    expect(mean(id, [], (s) => s.clients.users.goodputPerSec, ...FAIL)).toBe(0);
  });

  it("over the run the edges' attempts per call multiply to the database's amplification", () => {
    const s = summary(id);
    const product =
      (s.edges['users->web'].amplification ?? 0) *
      (s.edges['web->api'].amplification ?? 0) *
      (s.edges['api->db'].amplification ?? 0);
    expect(product / (s.services.db.amplification ?? 1)).toBeCloseTo(1, 2);
    expect(s.edges['api->db'].amplification).toBeGreaterThan(s.edges['web->api'].amplification ?? 0);
  });

  it('retrying at one tier: 4 at every tier below; budgets at every tier: ~2 at the database', () => {
    for (const tier of ['web', 'api', 'db']) expect(ampl(topOnly, tier)).toBeCloseTo(4, 0);
    expect(ampl(budgets, 'db')).toBeLessThan(2.5);
    expect(ampl(budgets, 'web')).toBeLessThan(1.3);
  });

  it('at a 50% error rate layered retries hide the failure at ~2x; one tier keeps >90% at ~1.9x', () => {
    const half = ['faults.db-errors.probability=0.5'];
    const healthy = (sets: string[]) => mean(id, sets, (s) => s.clients.users.goodputPerSec, 5000, 20_000);
    const during = (sets: string[]) => mean(id, sets, (s) => s.clients.users.goodputPerSec, ...FAIL);
    expect(during(half) / healthy(half)).toBeGreaterThan(0.97);
    expect(ampl(half, 'db')).toBeLessThan(2.3);
    const oneTier = [...half, ...topOnly];
    expect(during(oneTier) / healthy(oneTier)).toBeGreaterThan(0.9);
    expect(ampl(oneTier, 'db')).toBeLessThan(2.1);
  });
});

describe('jitter-comparison: key numbers', () => {
  const id = 'jitter-comparison';
  const STRATEGIES = ['none', 'full', 'equal', 'decorrelated'] as const;
  const outcome = (jitter: string, seed?: number) => {
    const s = run(id, [`clients.writers.retry.jitter="${jitter}"`], seed).result.summary;
    return {
      calls: s.edges['writers->store'].attempts,
      doneMs: s.clients.writers.latencyMs.max ?? Number.NaN,
      succeeded: s.clients.writers.succeeded,
    };
  };

  it('on the default seed: no jitter ~4,700 calls and ~87 s; every jitter ~750 calls and 2-3 s', () => {
    const none = outcome('none');
    expect(none.succeeded).toBe(100);
    expect(none.calls).toBeGreaterThan(4000);
    expect(none.calls).toBeLessThanOrEqual(5050);
    expect(none.doneMs).toBeGreaterThan(80_000);
    for (const j of ['full', 'equal', 'decorrelated']) {
      const o = outcome(j);
      expect(o.succeeded).toBe(100);
      expect(o.calls).toBeLessThan(900);
      expect(o.doneMs).toBeLessThan(4000);
    }
    // Equal jitter waits at least half the backoff: it finishes last of the jittered three.
    expect(outcome('equal').doneMs).toBeGreaterThan(outcome('full').doneMs);
  });

  it('over 10 seeds full and decorrelated jitter need under a quarter of the calls of none, and finish 20x sooner', () => {
    const meanOf = (jitter: string, pick: (o: ReturnType<typeof outcome>) => number) => {
      let total = 0;
      for (let seed = 1; seed <= 10; seed++) total += pick(outcome(jitter, seed));
      return total / 10;
    };
    const calls = Object.fromEntries(STRATEGIES.map((j) => [j, meanOf(j, (o) => o.calls)]));
    const done = Object.fromEntries(STRATEGIES.map((j) => [j, meanOf(j, (o) => o.doneMs)]));
    for (const j of ['full', 'decorrelated']) {
      expect(calls[j] / calls.none).toBeLessThan(0.25);
      expect(done[j] * 20).toBeLessThan(done.none);
    }
    expect(calls.equal / calls.none).toBeLessThan(0.25);
  });

  it('serialized writes (concurrency 1) never conflict: exactly 100 calls', () => {
    expect(summary(id, ['services.store.concurrency=1']).edges['writers->store'].attempts).toBe(100);
  });
});
