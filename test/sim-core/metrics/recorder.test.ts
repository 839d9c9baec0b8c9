import { describe, expect, it } from 'vitest';
import { MetricsRecorder } from '../../../sim-core/metrics/recorder.ts';
import { FAILED, REJECTED, SUCCEEDED, TIMED_OUT } from '../../../sim-core/model/outcome.ts';
import { Simulation } from '../../../sim-core/run/simulation.ts';
import { burstClients, oneRequestClient, scenario, story } from '../model/harness.ts';

const constant = (valueMs: number) => ({ kind: 'constant', valueMs });

/**
 * Requests every 100 ms (at 0, 100, ..., 900 ms) to one worker that takes 60 ms: no queueing,
 * each request ends 60 ms after it was issued.
 */
function tenPerSecond(metrics: Record<string, number>, durationMs = 1000) {
  return story(
    scenario({
      durationMs,
      metrics,
      clients: [{ name: 'users', target: 'svc', arrival: { kind: 'constant', ratePerSec: 10 } }],
      services: [{ name: 'svc', serviceTime: constant(60) }],
    }),
  );
}

describe('MetricsRecorder: the warm-up', () => {
  it('leaves requests issued before the warm-up out of the summary, even when they end after it', () => {
    // Warm-up 450 ms: the request issued at 400 ms ends at 460 ms and is left out.
    const { result } = tenPerSecond({ warmupMs: 450, bucketMs: 1000 });
    const users = result.summary.clients.users;
    expect(result.summary.window).toEqual({ fromMs: 450, toMs: 1000 });
    expect(users.offered).toBe(5);
    expect(users.succeeded).toBe(5);
    expect(users.inFlight).toBe(0);
    expect(result.summary.userRequests).toBe(5);
    expect(result.summary.services.svc.attempts).toBe(5);
    expect(result.summary.services.svc.succeeded).toBe(5);
  });

  it('keeps the warm-up in the series', () => {
    const { result } = tenPerSecond({ warmupMs: 450, bucketMs: 500 });
    // Bucket [0, 500): requests at 0..400; [500, 1000): 500..900.
    expect(result.series.clients.users.offeredPerSec).toEqual([10, 10]);
  });

  it('counts a request by its issue time in the summary and by its end time in the series', () => {
    const m = new MetricsRecorder({ durationMs: 1000, bucketMs: 100, warmupMs: 200 }, ['c'], []);
    m.clientOffered(0, 150);
    m.clientEnded(0, SUCCEEDED, 150, 250);
    m.clientOffered(0, 250);
    m.clientEnded(0, SUCCEEDED, 250, 350);
    m.clientOffered(0, 260);
    m.clientEnded(0, TIMED_OUT, 260, 360);
    m.close(1000);
    const c = m.summary(1000, { sent: 0, lost: 0 }).clients.c;
    expect(c.offered).toBe(2);
    expect(c.succeeded).toBe(1);
    expect(c.errors.timedOut).toBe(1);
    expect(c.errorRate).toBe(0.5);
    expect(c.latencyMs.mean).toBe(100);
    const s = m.series(1000).clients.c;
    expect(s.offeredPerSec.slice(0, 4)).toEqual([0, 10, 20, 0]);
    expect(s.goodputPerSec.slice(0, 4)).toEqual([0, 0, 10, 10]);
    expect(s.errorsPerSec.timedOut.slice(0, 4)).toEqual([0, 0, 0, 10]);
  });
});

describe('MetricsRecorder: rates', () => {
  it('turns counts into rates per second over the summary window', () => {
    // Window [100, 1000]: 9 requests in 0.9 s.
    const { result } = tenPerSecond({ warmupMs: 100, bucketMs: 1000 });
    const users = result.summary.clients.users;
    expect(users.offered).toBe(9);
    expect(users.offeredPerSec).toBe(10);
    expect(users.attemptsPerSec).toBe(10);
    expect(users.goodputPerSec).toBe(10);
    const svc = result.summary.services.svc;
    expect(svc.attemptsPerSec).toBe(10);
    expect(svc.goodputPerSec).toBe(10);
  });

  it('gives per-bucket rates, a partial last bucket over its own width', () => {
    const { result } = tenPerSecond({ bucketMs: 300 });
    expect(result.series.startMs).toEqual([0, 300, 600, 900]);
    // [0, 300): 0, 100, 200; [300, 600): 3; [600, 900): 3; [900, 1000): 1 in 0.1 s.
    expect(result.series.clients.users.offeredPerSec).toEqual([10, 10, 10, 10]);
    // Ends at 60, 160, 260 | 360, 460, 560 | 660, 760, 860 | 960.
    expect(result.series.clients.users.goodputPerSec).toEqual([10, 10, 10, 10]);
  });

  it('measures utilisation as the busy fraction of worker time', () => {
    const { result } = tenPerSecond({ warmupMs: 100, bucketMs: 200 });
    const svc = result.summary.services.svc;
    expect(svc.utilisation).toBe(540 / 900);
    expect(svc.inSystemMean).toBe(540 / 900);
    expect(svc.queueDepth).toEqual({ mean: 0, max: 0 });
    // The series keeps the warm-up: [0, 200) holds the work of the requests at 0 and 100 ms.
    expect(result.series.services.svc.utilisation).toEqual([0.6, 0.6, 0.6, 0.6, 0.6]);
  });

  it('measures the queue: time-weighted depth, its max, and the wait of those that waited', () => {
    // Four requests at 1000 ms onto one worker, 100 ms each: 3 wait, then 2, then 1.
    const { result } = story(
      scenario({
        durationMs: 1500,
        clients: burstClients(4, 'svc'),
        services: [{ name: 'svc', serviceTime: constant(100) }],
      }),
    );
    const svc = result.summary.services.svc;
    expect(svc.queueDepth).toEqual({ mean: (300 + 200 + 100) / 1500, max: 3 });
    expect(svc.queueWaitMs.mean).toBe(150);
    expect(svc.queueWaitMs.p99).toBe(300);
    expect(svc.waitedFraction).toBe(0.75);
    expect(svc.inSystemMean).toBe((600 + 400) / 1500);
    expect(svc.latencyMs.mean).toBe(250);
  });

  it('gives queue-wait percentiles like the latencies, in the summary and per bucket', () => {
    // Ten requests at 1000 ms onto one worker, 100 ms each: they wait 0, 100, ..., 900 ms and
    // start work at 1000, 1100, ..., 1900 ms (five in each 500 ms bucket from 1000 ms).
    const { result } = story(
      scenario({
        durationMs: 2500,
        metrics: { bucketMs: 500, warmupMs: 0 },
        clients: burstClients(10, 'svc'),
        services: [{ name: 'svc', serviceTime: constant(100) }],
      }),
    );
    // A percentile is the midpoint of the histogram bucket holding the value of rank
    // ceil(q x count) (buckets are 1/128 of a power of two wide: 2 ms wide at 400 ms, 4 ms at
    // 800 ms), clamped to the exact maximum.
    expect(result.summary.services.svc.queueWaitMs).toEqual({
      mean: 450,
      p50: 401, // rank 5: 400 ms, in [400, 402)
      p90: 802, // rank 9: 800 ms, in [800, 804)
      p99: 900, // rank 10: the maximum
      p999: 900,
    });
  });

  it('keeps the warm-up out of the queue-wait summary', () => {
    // Requests at 0, 100, ..., 900 ms take 60 ms each: no one waits. Warm-up 450 ms.
    const { result } = tenPerSecond({ warmupMs: 450, bucketMs: 500 });
    expect(result.summary.services.svc.queueWaitMs).toEqual({ mean: 0, p50: 0, p90: 0, p99: 0, p999: 0 });
    const idle = story(
      scenario({
        durationMs: 1000,
        metrics: { bucketMs: 500, warmupMs: 0 },
        clients: [{ name: 'users', target: 'svc', arrival: { kind: 'constant', ratePerSec: 10 } }],
        services: [
          { name: 'svc', serviceTime: constant(10) },
          { name: 'spare', serviceTime: constant(10) },
        ],
      }),
    );
    // Nobody calls `spare`: no attempt got a worker there.
    expect(idle.result.summary.services.spare.queueWaitMs).toEqual({
      mean: null,
      p50: null,
      p90: null,
      p99: null,
      p999: null,
    });
  });

  it('reports the error rate as errors over ended requests', () => {
    const { result } = story(
      scenario({
        durationMs: 1500,
        clients: [...burstClients(3, 'svc'), oneRequestClient('late', 'svc', { timeoutMs: 50 })],
        services: [{ name: 'svc', queue: { capacity: 1 }, serviceTime: constant(100) }],
      }),
    );
    const c = result.summary.clients;
    expect([c.u0.succeeded, c.u1.succeeded, c.u2.errors.rejected, c.late.errors.rejected]).toEqual([
      1, 1, 1, 1,
    ]);
    expect(c.u2.errorRate).toBe(1);
    expect(c.u0.errorRate).toBe(0);
  });
});

describe('MetricsRecorder: amplification', () => {
  const graph = (calls: unknown[], clients = 1) =>
    story(
      scenario({
        durationMs: 1000,
        metrics: { bucketMs: 250 },
        clients: Array.from({ length: clients }, (_, i) => ({
          name: `c${i}`,
          target: 'front',
          arrival: { kind: 'constant', ratePerSec: 20 },
        })),
        services: [
          { name: 'front', serviceTime: constant(1), calls },
          { name: 'db', concurrency: 4, serviceTime: constant(1) },
        ],
      }),
    ).result;

  it('is 2.0 at a service called twice per user request by two sequential calls', () => {
    const r = graph([{ service: 'db' }, { service: 'db' }]);
    expect(r.summary.userRequests).toBe(20);
    expect(r.summary.services.front.amplification).toBe(1);
    expect(r.summary.services.db.amplification).toBe(2);
    expect(r.summary.services.db.attempts).toBe(40);
    expect(r.series.services.db.amplification).toEqual([2, 2, 2, 2]);
  });

  it('divides by the user requests of every client', () => {
    const r = graph([{ service: 'db' }], 2);
    expect(r.summary.userRequests).toBe(40);
    expect(r.summary.services.front.amplification).toBe(1);
    expect(r.summary.services.db.amplification).toBe(1);
  });

  it('is null when no user request was made', () => {
    const m = new MetricsRecorder(
      { durationMs: 100, bucketMs: 10, warmupMs: 0 },
      ['c'],
      [{ name: 's', replicas: 1, workers: 1 }],
    );
    m.close(100);
    const summary = m.summary(100, { sent: 0, lost: 0 });
    expect(summary.services.s.amplification).toBeNull();
    expect(summary.services.s.latencyMs).toEqual({
      mean: null,
      p50: null,
      p90: null,
      p99: null,
      p999: null,
      max: null,
    });
    expect(m.series(100).services.s.amplification).toEqual(new Array(10).fill(null));
  });
});

describe('MetricsRecorder: outcomes at a service', () => {
  it('counts answers by outcome and the late ones separately', () => {
    const m = new MetricsRecorder(
      { durationMs: 100, bucketMs: 50, warmupMs: 0 },
      [],
      [{ name: 's', replicas: 1, workers: 2 }],
    );
    for (const [outcome, t] of [
      [SUCCEEDED, 10],
      [FAILED, 20],
      [REJECTED, 30],
      [SUCCEEDED, 60],
    ]) {
      m.serviceArrival(0, t - 5);
      m.serviceAnswered(0, outcome, t - 5, t);
    }
    m.serviceLate(0, 60);
    m.close(100);
    const s = m.summary(100, { sent: 0, lost: 0 }).services.s;
    expect(s.attempts).toBe(4);
    expect(s.succeeded).toBe(2);
    expect(s.errors).toEqual({ failed: 1, rejected: 1, shed: 0, rateLimited: 0, limited: 0 });
    expect(s.late).toBe(1);
    expect(s.latencyMs.mean).toBe(5);
    expect(s.amplification).toBeNull();
  });
});

describe('a paused run', () => {
  it('reports rates and series up to where it stopped', () => {
    const sim = new Simulation(
      scenario({
        durationMs: 1000,
        metrics: { bucketMs: 200 },
        clients: [{ name: 'users', target: 'svc', arrival: { kind: 'constant', ratePerSec: 10 } }],
        services: [{ name: 'svc', serviceTime: constant(60) }],
      }),
    );
    sim.advance(550);
    const r = sim.result();
    expect(r.simTimeMs).toBe(550);
    expect(r.summary.window).toEqual({ fromMs: 0, toMs: 550 });
    // Requests at 0, 100, ..., 500 ms.
    expect(r.summary.clients.users.offered).toBe(6);
    expect(r.summary.clients.users.offeredPerSec).toBe(6000 / 550);
    expect(r.series.startMs).toEqual([0, 200, 400]);
    // The last bucket is 150 ms wide so far and holds the requests at 400 and 500 ms.
    expect(r.series.clients.users.offeredPerSec).toEqual([10, 10, 2000 / 150]);
    expect(r.stopMessage).toBe('paused at 550 ms of 1000 ms');
  });
});

describe('MetricsRecorder: the adaptive limit of an edge', () => {
  /** One caller node's limit on edge `c->s`: 10 from 0 ms, `changes` after that; warm-up 200 ms. */
  function limitOf(changes: [t: number, value: number][]) {
    const m = new MetricsRecorder({ durationMs: 1000, bucketMs: 500, warmupMs: 200 }, [], [], ['c->s']);
    m.limitChanged(0, 10, 10, 0, true);
    let value = 10;
    for (const [t, v] of changes) {
      m.limitChanged(0, v - value, v, t, false);
      value = v;
    }
    m.close(1000);
    return m.summary(1000, { sent: 0, lost: 0 }).edges['c->s'].limit;
  }

  it('averages the limit over the window, time-weighted', () => {
    // 12 over [200, 600), 16 over [600, 1000].
    expect(
      limitOf([
        [100, 12],
        [600, 16],
      ])?.mean,
    ).toBe(14);
  });

  // Min and max cover the whole run (10 from the start, then 12, then 16), so the limit in force when the window starts counts.
  it('counts every limit of the run in its min and max, the one in force at the window start included', () => {
    expect(
      limitOf([
        [100, 12],
        [600, 16],
      ]),
    ).toEqual({ mean: 14, min: 10, max: 16 });
  });

  // A limit that never moves is its own min and max (never ±Infinity, which JSON would print as null).
  it('gives the limit as min and max when it never moves in the window', () => {
    expect(limitOf([])).toEqual({ mean: 10, min: 10, max: 10 });
  });
});
