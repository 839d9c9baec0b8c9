/**
 * Library scenarios of group c: load shedding by priority, a rate limit against a runaway client,
 * hedged requests, adaptive concurrency limits, outlier ejection / health checks, a queue as a
 * shock absorber, a zone outage the surviving zones carry only with N+1 capacity and spill-over,
 * and autoscaling that is right but late. Each one validates, every hypothesis passes on its own
 * seed, and the lesson's key
 * numbers (with vs without the mitigation) hold.
 */
import { describe, expect, it } from 'vitest';
import adaptiveConcurrency from '../../scenarios/library/adaptive-concurrency.json' with { type: 'json' };
import autoscalingLag from '../../scenarios/library/autoscaling-lag.json' with { type: 'json' };
import hedgedRequests from '../../scenarios/library/hedged-requests.json' with { type: 'json' };
import loadSheddingPriority from '../../scenarios/library/load-shedding-priority.json' with { type: 'json' };
import queueShockAbsorber from '../../scenarios/library/queue-shock-absorber.json' with { type: 'json' };
import rateLimitRunaway from '../../scenarios/library/rate-limit-runaway.json' with { type: 'json' };
import replicaCrashEjection from '../../scenarios/library/replica-crash-ejection.json' with { type: 'json' };
import zoneOutage from '../../scenarios/library/zone-outage.json' with { type: 'json' };
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { expectLessonShape, lessonRuns, windowMean } from '../support/lesson-runs.ts';

const { ids, lesson, run, summary, paramValueSets, mean, failedHypotheses } = lessonRuns({
  'load-shedding-priority': loadSheddingPriority,
  'rate-limit-runaway': rateLimitRunaway,
  'hedged-requests': hedgedRequests,
  'adaptive-concurrency': adaptiveConcurrency,
  'replica-crash-ejection': replicaCrashEjection,
  'queue-shock-absorber': queueShockAbsorber,
  'zone-outage': zoneOutage,
  'autoscaling-lag': autoscalingLag,
});

/** A window mean of one client's series picked from one run. */
function clientWindow(
  id: string,
  sets: string[],
  client: string,
  pick: (s: RunResult['series']['clients'][string]) => readonly (number | null)[],
  fromMs: number,
  toMs: number,
): number {
  return mean(id, sets, (s) => pick(s.clients[client]), fromMs, toMs);
}

describe.each(ids)('library scenario %s', (id) => {
  it('validates, with a lesson, 2-6 valued params and 3-6 hypotheses', () => {
    expectLessonShape(lesson(id), id);
  });

  it('every value of every param gives a valid scenario', () => {
    for (const sets of paramValueSets(id)) expect(() => lesson(id, sets)).not.toThrow();
  });

  it('passes every hypothesis on its default seed', () => {
    expect(failedHypotheses(id)).toEqual([]);
  });
});

describe('load-shedding-priority: tier-blind vs priority shedding', () => {
  const id = 'load-shedding-priority';
  const priority = ['services.api.shedding.thresholds.1=20'];
  const surge = (sets: string[], client: string) =>
    clientWindow(id, sets, client, (c) => c.goodputPerSec, 60_000, 90_000);

  it('tier-blind, checkout loses about half its goodput in the surge and is shed like analytics', () => {
    expect(surge([], 'checkout')).toBeGreaterThan(60);
    expect(surge([], 'checkout')).toBeLessThan(95);
    const s = summary(id);
    expect(s.clients['checkout'].errorRate).toBeGreaterThan(0.2);
    expect(s.services['api'].shedByTier[0]).toBeGreaterThan(2000);
    expect(s.clients['checkout'].latencyMs.p99).toBeGreaterThan(280);
  });

  it('with priority thresholds [100, 20], checkout keeps ~150/s and only analytics is shed', () => {
    expect(surge(priority, 'checkout')).toBeGreaterThan(138);
    expect(surge(priority, 'analytics')).toBeGreaterThan(550);
    const s = summary(id, priority);
    expect(s.clients['checkout'].errorRate).toBe(0);
    expect(s.services['api'].shedByTier[0] ?? 0).toBe(0);
    expect(s.services['api'].shedByTier[2]).toBeGreaterThan(30_000);
    expect(s.clients['checkout'].latencyMs.p99).toBeLessThan(200);
  });

  it('a priority queue alone fixes checkout latency but not its shed rate', () => {
    const s = summary(id, ['services.api.queue.discipline=priority']);
    expect(s.clients['checkout'].latencyMs.p50).toBeLessThan(30);
    expect(s.clients['checkout'].errorRate).toBeGreaterThan(0.2);
  });
});

describe('rate-limit-runaway: no limit vs a token bucket on the runaway', () => {
  const id = 'rate-limit-runaway';
  const clientLimit = ['clients.batch.rateLimit.ratePerSec=200'];
  const serviceLimit = ['services.api.rateLimit.ratePerSec=350'];

  it('without a limit web and mobile lose over half their requests during the runaway', () => {
    const webGoodput = clientWindow(id, [], 'web', (c) => c.goodputPerSec, 40_000, 80_000);
    expect(webGoodput).toBeLessThan(110);
    const s = summary(id);
    expect(s.clients['web'].errorRate).toBeGreaterThan(0.3);
    expect(s.clients['mobile'].errorRate).toBeGreaterThan(0.3);
    expect(s.clients['web'].errors.rejected).toBeGreaterThan(4000);
    expect(clientWindow(id, [], 'web', (c) => c.latencyP50Ms, 40_000, 80_000)).toBeGreaterThan(100);
  });

  it('with 200/s on the batch job web and mobile see no errors and a p99 under 60 ms', () => {
    const s = summary(id, clientLimit);
    expect(s.clients['web'].errorRate).toBe(0);
    expect(s.clients['mobile'].errorRate).toBe(0);
    expect(s.clients['web'].latencyMs.p99).toBeLessThan(60);
    expect(s.clients['batch'].goodputPerSec).toBeGreaterThan(180);
    expect(s.edges['batch->api'].refused.rateLimited).toBeGreaterThan(60_000);
    expect(s.services['api'].utilisation).toBeLessThan(0.7);
  });

  it('a shared bucket at the API keeps it fast but still refuses web and mobile', () => {
    const s = summary(id, serviceLimit);
    expect(s.services['api'].latencyMs.p99).toBeLessThan(100);
    expect(s.clients['web'].errorRate).toBeGreaterThan(0.3);
    expect(s.clients['web'].errors.rateLimited).toBeGreaterThan(5000);
  });
});

describe('hedged-requests: p99 and the extra load', () => {
  const id = 'hedged-requests';
  const hedge = ['clients.users.hedge.delayMs=30'];

  it('a 30 ms hedge cuts the p99 from ~240 ms to ~40 ms for ~5% more attempts', () => {
    const without = summary(id);
    const withHedge = summary(id, hedge);
    expect(without.clients['users'].latencyMs.p99).toBeGreaterThan(180);
    expect(withHedge.clients['users'].latencyMs.p99).toBeLessThan(50);
    expect(without.edges['users->search'].hedges).toBe(0);
    expect(withHedge.edges['users->search'].amplification).toBeGreaterThan(1.03);
    expect(withHedge.edges['users->search'].amplification).toBeLessThan(1.08);
    const hedges = withHedge.edges['users->search'].hedges;
    expect(hedges / withHedge.edges['users->search'].calls).toBeGreaterThan(0.03);
    expect(hedges / withHedge.edges['users->search'].calls).toBeLessThan(0.08);
    // The median is untouched: hedging acts on the tail only.
    expect(
      Math.abs(withHedge.clients['users'].latencyMs.p50! - without.clients['users'].latencyMs.p50!),
    ).toBeLessThan(1);
  });

  it('a 2 ms hedge nearly doubles the attempts at search', () => {
    const s = summary(id, ['clients.users.hedge.delayMs=2']);
    expect(s.edges['users->search'].amplification).toBeGreaterThan(1.8);
    expect(s.services['search'].utilisation).toBeGreaterThan(0.5);
  });
});

describe('adaptive-concurrency: no limit vs Gradient2, and the AIMD / Vegas pathologies', () => {
  const id = 'adaptive-concurrency';
  const gradient2 = ['clients.users.adaptiveLimit="gradient2-default"'];
  const aimd = ['clients.users.adaptiveLimit="aimd-default"'];
  const vegas = ['clients.users.adaptiveLimit="vegas-default"'];
  const during = (
    sets: string[],
    pick: (c: RunResult['series']['clients'][string]) => readonly (number | null)[],
  ) => clientWindow(id, sets, 'users', pick, 32_000, 50_000);
  const limitDuring = (sets: string[], fromMs: number, toMs: number) => {
    const { result } = run(id, sets);
    return windowMean(result, result.series.edges['users->api'].limit, fromMs, toMs);
  };

  it('without a limit goodput falls to ~0 during the slowdown: everything times out', () => {
    expect(during([], (c) => c.goodputPerSec)).toBeLessThan(20);
    expect(during([], (c) => c.errorsPerSec.timedOut)).toBeGreaterThan(300);
    expect(summary(id).services['api'].late).toBeGreaterThan(5000);
  });

  it('with Gradient2 the API serves ~400/s, refuses ~400/s at the client, admitted p99 ~240 ms', () => {
    expect(during(gradient2, (c) => c.goodputPerSec)).toBeGreaterThan(380);
    expect(during(gradient2, (c) => c.errorsPerSec.limited)).toBeGreaterThan(350);
    expect(during(gradient2, (c) => c.errorsPerSec.timedOut)).toBe(0);
    expect(during(gradient2, (c) => c.latencyP99Ms)).toBeLessThan(300);
    expect(limitDuring(gradient2, 32_000, 50_000)).toBeLessThan(60);
    expect(summary(id, gradient2).edges['users->api'].limit).not.toBeNull();
  });

  it('AIMD (default 5 s timeout) creeps to its 200 maximum and stays there; Vegas pins ~8', () => {
    expect(limitDuring(aimd, 35_000, 80_000)).toBe(200);
    expect(during(aimd, (c) => c.latencyP99Ms)).toBeGreaterThan(450);
    expect(limitDuring(vegas, 10_000, 30_000)).toBeLessThan(12);
    expect(clientWindow(id, vegas, 'users', (c) => c.errorsPerSec.limited, 10_000, 30_000)).toBeGreaterThan(
      150,
    );
  });
});

describe('replica-crash-ejection: nothing vs health checks vs outlier detection', () => {
  const id = 'replica-crash-ejection';
  const hc = ['services.api.healthCheck.intervalMs=1000'];
  const od = ['services.api.outlierDetection="envoy-default"'];
  const crash = (sets: string[]) =>
    clientWindow(id, sets, 'users', (c) => c.errorsPerSec.timedOut, 22_000, 45_000);
  const errors = (sets: string[]) =>
    clientWindow(id, sets, 'users', (c) => c.errorsPerSec.failed, 62_000, 85_000);

  it('unprotected, a quarter of 400/s fails in each phase', () => {
    expect(crash([])).toBeGreaterThan(90);
    expect(errors([])).toBeGreaterThan(90);
    expect(summary(id).clients['users'].errorRate).toBeGreaterThan(0.1);
  });

  it('health checks catch the crash only', () => {
    // Real checks: the third lost check fails at its 1 s timeout, 3 s after the crash (~6/s over the window).
    expect(crash(hc)).toBeLessThan(8);
    expect(errors(hc)).toBeGreaterThan(90);
    expect(summary(id, hc).services['api'].ejections).toBe(0);
  });

  it('outlier detection catches both: 2 ejections, under 0.5% errors over the run', () => {
    expect(crash(od)).toBeLessThan(1);
    expect(errors(od)).toBeLessThan(1);
    const s = summary(id, od);
    expect(s.services['api'].ejections).toBe(2);
    expect(s.clients['users'].errors.timedOut + s.clients['users'].errors.failed).toBeLessThan(150);
  });
});

describe('queue-shock-absorber: synchronous vs behind a queue', () => {
  const id = 'queue-shock-absorber';
  const queued = ['clients.orders.target="jobs"'];

  it('synchronous, the worker rejects ~60% of the spike', () => {
    const rejected = clientWindow(id, [], 'orders', (c) => c.errorsPerSec.rejected, 30_000, 40_000);
    expect(rejected).toBeGreaterThan(1000);
    expect(rejected).toBeLessThan(1400);
    expect(summary(id).queues['jobs'].published).toBe(0);
  });

  it('behind the queue nothing is refused or lost; the backlog rises to ~12,000 and drains', () => {
    const s = summary(id, queued);
    expect(s.clients['orders'].errorRate).toBe(0);
    const q = s.queues['jobs'];
    expect(q.depth.max).toBeGreaterThan(10_000);
    expect(q.depth.max).toBeLessThan(15_000);
    expect(q.oldestAgeMsMax).toBeGreaterThan(12_000);
    expect(q.oldestAgeMsMax).toBeLessThan(25_000);
    expect(q.deadLettered).toBe(0);
    expect(q.redeliveries).toBe(0);
    expect(Math.abs(q.delivered - q.published)).toBeLessThan(50);
    const { result } = run(id, queued);
    const depth = result.series.queues['jobs'].depthMean;
    expect(windowMean(result, depth, 45_000, 50_000)).toBeGreaterThan(3000);
    expect(windowMean(result, depth, 64_000, 70_000)).toBeLessThan(50);
  });
});

describe('zone-outage: key numbers', () => {
  const id = 'zone-outage';
  const pinned = ['services.api.zoneAware.forceLocalZoneMinSize=1'];
  const nCapacity = ['services.api.concurrency=3'];
  const users = (sets: string[], fromMs: number, toMs: number) =>
    clientWindow(id, sets, 'users', (c) => c.goodputPerSec, fromMs, toMs);

  it('zone a’s three replicas are down from 30 s to 60 s on the timeline, with one zone-outage event', () => {
    const s = summary(id);
    const hits = s.timeline.filter((e) => e.kind === 'crash');
    expect(hits.map((e) => `${e.kind} ${e.node} ${e.startMs}-${e.endMs} ${e.source}`)).toEqual([
      'crash web/0 30000-60000 zone-a',
      'crash web/1 30000-60000 zone-a',
      'crash api/0 30000-60000 zone-a',
      'crash api/3 30000-60000 zone-a',
    ]);
    // The health checks (real requests, 0.5 s apart, 1 failure, the default 1 s timeout) take each
    // one out 1 s after the crash (the check sent at 30 s times out at 31 s), back in after 60 s.
    const out = s.timeline.filter((e) => e.kind === 'not-ready');
    expect(out.map((e) => `${e.node} ${e.startMs} ${e.source}`)).toEqual([
      'web/0 31000 health-check',
      'web/1 31000 health-check',
      'api/0 31000 health-check',
      'api/3 31000 health-check',
    ]);
    for (const e of out) expect(e.endMs).toBeGreaterThan(60_000);
    expect(
      s.controlEvents.filter((e) => e.kind === 'zone-outage').map((e) => [e.atMs, e.kind, e.detail.zone]),
    ).toEqual([[30_000, 'zone-outage', 'a']]);
  });

  it('N+1 with spill-over: the survivors’ 16 workers are about 80% busy (54% of all 24) and nothing is late', () => {
    const busy = mean(id, [], (s) => s.services.api.utilisation, 35_000, 58_000);
    // 650/s x 20 ms on 16 of 24 workers; utilisation counts every replica's workers, the crashed too.
    expect(busy).toBeGreaterThan(0.5);
    expect(busy).toBeLessThan(0.6);
    expect(summary(id).services.api.late).toBe(0);
    expect(users([], 62_000, 90_000) / users([], 10_000, 30_000)).toBeGreaterThan(0.97);
  });

  it('N capacity or pinned calls: work for callers who gave up piles up and outlasts the outage', () => {
    for (const sets of [nCapacity, pinned]) {
      expect(summary(id, sets).services.api.late).toBeGreaterThan(20_000);
      expect(users(sets, 65_000, 90_000)).toBeLessThan(50);
    }
  });

  it('spill on load rescues pinned calls', () => {
    const spill = [...pinned, 'services.api.zoneAware.spillOutstandingPerReplica=4'];
    expect(summary(id, spill).services.api.late).toBe(0);
    expect(users(spill, 35_000, 58_000) / users(spill, 10_000, 30_000)).toBeGreaterThan(0.95);
  });
});

describe('autoscaling-lag: right, but late', () => {
  const id = 'autoscaling-lag';

  it('decides 15 s and 30 s after the step, on a lagging metric, and serves a minute after it', () => {
    const r = run(id).result;
    const scales = r.summary.controlEvents
      .filter((e) => e.kind === 'scale')
      .map((e) => [e.atMs, e.detail.from, e.detail.to]);
    expect(scales).toEqual([
      [75_000, 3, 4],
      [90_000, 4, 5],
    ]);
    // At 75 s the 30 s window holds 15 s before the step: the metric is well below the truth (1.0).
    const first = Number(r.summary.controlEvents.find((e) => e.kind === 'scale')!.detail.metric);
    expect(first).toBeGreaterThan(0.7);
    expect(first).toBeLessThan(0.8);
    const provisioned = r.summary.controlEvents.filter((e) => e.kind === 'provisioned').map((e) => e.atMs);
    expect(provisioned).toEqual([120_000, 135_000]);
    const ready = r.series.services.api.readyReplicas;
    expect([ready[119], ready[121], ready[136], ready[209]]).toEqual([3, 4, 5, 5]);
  });

  it('at its ceiling it serves only abandoned work: goodput zero, attempts about 4x the users', () => {
    const r = run(id).result;
    const c = r.series.clients.users;
    const last50s = (xs: readonly number[]) => xs.slice(160, 210).reduce((a, b) => a + b, 0) / 50;
    expect(last50s(c.goodputPerSec)).toBeLessThan(10);
    expect(last50s(c.attemptsPerSec) / last50s(c.offeredPerSec)).toBeGreaterThan(3.5);
  });
});
