import { describe, expect, it } from 'vitest';
import type { ControlEvent } from '../../../../sim-core/metrics/result.ts';
import { backoffMs } from '../../../../sim-core/model/control/orchestrator.ts';
import { latencies, scenario, story } from '../harness.ts';

type Doc = Record<string, unknown>;

/** A story over `api` (instant network, 10 ms constant work) with the given service fields and faults. */
function probed(service: Doc, extra: Doc = {}) {
  return scenario({
    durationMs: 20_000,
    metrics: { bucketMs: 1000, warmupMs: 0 },
    clients: [{ name: 'users', target: 'api', arrival: { kind: 'once', users: 1, atMs: 1000 } }],
    services: [{ name: 'api', concurrency: 1, serviceTime: { kind: 'constant', valueMs: 10 }, ...service }],
    ...extra,
  });
}

/** The control events as `atMs kind replica`. */
function events(list: ControlEvent[]): string[] {
  return list.map((e) => `${e.atMs} ${e.kind} ${e.replica}`);
}

const readiness = (probe: Doc) => ({
  probes: {
    readiness: { periodMs: 1000, timeoutMs: 300, failureThreshold: 3, successThreshold: 2, ...probe },
  },
});

describe('probes that are requests', () => {
  it('counts failures and successes in a row: a paused replica fails at the third timeout and passes at the second answer', () => {
    const s = probed(
      { replicas: 2, ...readiness({}) },
      { faults: [{ name: 'gc', kind: 'pause', service: 'api', replica: 1, atMs: 2500, durationMs: 5000 }] },
    );
    const { result, sim } = story(s);
    // Probes at 3000, 4000 and 5000 wait behind the pause and fail at send + 300 ms; the ones at
    // 8000 and 9000 are answered after the 1 ms of work: two passes in a row.
    expect(events(result.summary.controlEvents)).toEqual([
      '5300 readiness-failed 1',
      '9001 readiness-passed 1',
    ]);
    expect(result.summary.timeline).toEqual([
      {
        kind: 'not-ready',
        source: 'readiness',
        service: 'api',
        replica: 1,
        node: 'api/1',
        startMs: 5300,
        endMs: 9001,
      },
    ]);
    // 21 ticks (0 to 20000 ms) x 2 replicas; api/1's probes at 3000 to 7000 time out, and the two
    // sent at 20000 ms, the run's end, are still in flight.
    expect(result.summary.services.api.probes).toEqual({
      sent: 42,
      passed: 35,
      failed: 0,
      timedOut: 5,
      restarts: 0,
    });
    // Probes are not requests: the service saw the one user request only.
    expect(result.summary.services.api.attempts).toBe(1);
    expect(result.summary.clients.users.offered).toBe(1);
    expect(sim.world.replicas[1].ready).toBe(true);
  });

  it('a probe waits in the queue behind real work unless the service has an admin path', () => {
    // Three requests at 1000 ms hold the one worker until 5500 ms (1500 ms each).
    const doc = (adminPath: boolean) =>
      scenario({
        durationMs: 8000,
        metrics: { bucketMs: 1000, warmupMs: 0 },
        clients: [{ name: 'users', target: 'api', arrival: { kind: 'once', users: 3, atMs: 1000 } }],
        services: [
          {
            name: 'api',
            serviceTime: { kind: 'constant', valueMs: 1500 },
            probes: {
              adminPath,
              readiness: { periodMs: 1000, timeoutMs: 500, failureThreshold: 1, successThreshold: 1 },
            },
          },
        ],
      });
    const queued = story(doc(false)).result.summary;
    // Probes sent at 1000 to 5000 ms wait behind the work and time out; the 6000 one is answered at
    // 6001; the one sent at the run's end (8000) is still in flight.
    expect(events(queued.controlEvents)).toEqual(['1500 readiness-failed 0', '6001 readiness-passed 0']);
    expect(queued.services.api.probes).toMatchObject({ sent: 9, passed: 3, timedOut: 5 });
    const admin = story(doc(true)).result.summary;
    expect(admin.controlEvents).toEqual([]);
    // On the admin path an answer takes no time: even the one sent at 8000 is in.
    expect(admin.services.api.probes).toMatchObject({ sent: 9, passed: 9, timedOut: 0 });
    // The users' requests are the same either way: probes take no request's place.
    expect(admin.clients.users).toEqual(queued.clients.users);
  });

  it('a full queue rejects a probe: a failure, not a timeout', () => {
    const s = scenario({
      durationMs: 3000,
      metrics: { bucketMs: 1000, warmupMs: 0 },
      clients: [{ name: 'users', target: 'api', arrival: { kind: 'once', users: 2, atMs: 500 } }],
      services: [
        {
          name: 'api',
          queue: { capacity: 1 },
          serviceTime: { kind: 'constant', valueMs: 2000 },
          probes: { readiness: { periodMs: 1000, timeoutMs: 500, failureThreshold: 1 } },
        },
      ],
    });
    const r = story(s).result.summary;
    // At 1000 and 2000 ms one request works and one waits: the queue (capacity 1) is full. The
    // probe at 3000 waits behind the second request, still in flight at the end.
    expect(r.services.api.probes).toMatchObject({ sent: 4, passed: 1, failed: 2, timedOut: 0 });
    expect(events(r.controlEvents)).toEqual(['1000 readiness-failed 0']);
  });

  it('Envoy health checks are real requests too: a partitioned replica leaves rotation', () => {
    const s = probed(
      { replicas: 2, healthCheck: { intervalMs: 1000, timeoutMs: 200, unhealthyThreshold: 2 } },
      {
        faults: [
          { name: 'cut', kind: 'partition', from: ['users'], to: ['api/1'], atMs: 2000, durationMs: 5000 },
        ],
      },
    );
    const r = story(s).result.summary;
    // Checks at 2000 and 3000 are lost: out at 3200; the one at 7000 (the cut heals first) passes
    // after its 1 ms of work (healthyThreshold 1).
    expect(r.controlEvents.map((e) => `${e.atMs} ${e.kind} ${e.source}`)).toEqual([
      '3200 readiness-failed health-check',
      '7001 readiness-passed health-check',
    ]);
  });
});

describe('the orchestrator restarts', () => {
  it('back-off doubles from 10 s to 5 min (CrashLoopBackOff)', () => {
    const s = Array.from({ length: 7 }, (_, k) => backoffMs(10_000, 2, 300_000, k + 1));
    expect(s).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  const livenessStory = (liveness: Doc, durationMs = 120_000) =>
    story(
      probed(
        {
          probes: { liveness: { periodMs: 1000, timeoutMs: 500, failureThreshold: 2, ...liveness } },
          restartDelayMs: 1000,
          restartPolicy: 'crash-loop-backoff',
        },
        {
          durationMs,
          // Every probe's work takes 10 s: each one times out, however often the replica restarts.
          faults: [{ name: 'slow', kind: 'latency', service: 'api', addMs: 10_000, atMs: 0 }],
        },
      ),
    ).result.summary;

  it('restarts after failureThreshold liveness failures, down for restartDelayMs plus the back-off', () => {
    const r = livenessStory({});
    expect(events(r.controlEvents)).toEqual([
      '1500 liveness-failed 0',
      '1500 restart 0',
      // Down 1 s + 10 s; the probes at 13000 and 14000 fail.
      '12500 restarted 0',
      '14500 liveness-failed 0',
      '14500 restart 0',
      '35500 restarted 0',
      '37500 liveness-failed 0',
      '37500 restart 0',
      '78500 restarted 0',
      '80500 liveness-failed 0',
      '80500 restart 0',
    ]);
    expect(r.controlEvents.filter((e) => e.kind === 'restart').map((e) => e.detail)).toEqual([
      { restartsInRow: 1, backoffMs: 10_000, downMs: 11_000 },
      { restartsInRow: 2, backoffMs: 20_000, downMs: 21_000 },
      { restartsInRow: 3, backoffMs: 40_000, downMs: 41_000 },
      { restartsInRow: 4, backoffMs: 80_000, downMs: 81_000 },
    ]);
    expect(r.timeline.map((e) => [e.kind, e.startMs, e.endMs])).toEqual([
      ['restart', 1500, 12500],
      ['restart', 14500, 35500],
      ['restart', 37500, 78500],
      ['restart', 80500, null],
    ]);
    expect(r.services.api.probes?.restarts).toBe(4);
  });

  it('no probe before initialDelayMs after the start, at the run start and after each restart', () => {
    const r = livenessStory({ initialDelayMs: 2500 }, 20_000);
    // Ticks at 2500 + k s: probes at 2500 and 3500 fail; up again at 15000, the ticks at 15500 and
    // 16500 are within the initial delay, so the next failures are at 18000 and 19000.
    expect(events(r.controlEvents)).toEqual([
      '4000 liveness-failed 0',
      '4000 restart 0',
      '15000 restarted 0',
      '19000 liveness-failed 0',
      '19000 restart 0',
    ]);
  });

  it('the back-off starts over after resetAfterMs of running', () => {
    const r = livenessStory({ initialDelayMs: 0 }, 40_000);
    const short = story(
      probed(
        {
          probes: { liveness: { periodMs: 1000, timeoutMs: 500, failureThreshold: 2 } },
          restartDelayMs: 1000,
          restartPolicy: { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 1500 },
        },
        {
          durationMs: 40_000,
          faults: [{ name: 'slow', kind: 'latency', service: 'api', addMs: 10_000, atMs: 0 }],
        },
      ),
    ).result.summary;
    const backoffs = (x: typeof r) =>
      x.controlEvents.filter((e) => e.kind === 'restart').map((e) => e.detail.backoffMs);
    expect(backoffs(r)).toEqual([10_000, 20_000, 40_000]);
    // It ran 2 s (12500 to 14500) before its second restart: more than 1.5 s, so 10 s again.
    expect(backoffs(short)).toEqual([10_000, 10_000, 10_000]);
  });

  it('a restarted replica is out of the balancer while down and serves cold after', () => {
    const s = scenario({
      durationMs: 12_000,
      metrics: { bucketMs: 1000, warmupMs: 0 },
      clients: [
        { name: 'early', target: 'api', arrival: { kind: 'once', users: 1, atMs: 2500 } },
        { name: 'late', target: 'api', arrival: { kind: 'once', users: 1, atMs: 8000 } },
      ],
      services: [
        {
          name: 'api',
          serviceTime: { kind: 'constant', valueMs: 10 },
          coldStart: { durationMs: 5000, serviceTimeFactor: 3 },
        },
      ],
      faults: [{ name: 'down', kind: 'crash', service: 'api', replica: 0, atMs: 1000, durationMs: 1000 }],
    });
    const { endings } = story(s);
    // Up again at 2000: cold until 7000, so 30 ms at 2500 and 10 ms at 8000.
    expect(latencies(endings)).toEqual([30, 10]);
  });
});

describe('a replica cut off from its prober', () => {
  /** 400 requests/s over four replicas; api/2 is partitioned from its callers, or crashes, from 10 s to 20 s. */
  const fourReplicas = (fault: Doc, probes: Doc | null) =>
    scenario({
      seed: 1,
      durationMs: 40_000,
      metrics: { bucketMs: 1000, warmupMs: 0 },
      clients: [
        { name: 'users', target: 'api', arrival: { kind: 'poisson', ratePerSec: 400 }, timeoutMs: 500 },
      ],
      services: [
        {
          name: 'api',
          replicas: 4,
          loadBalancer: 'random',
          concurrency: 4,
          queue: { capacity: 50 },
          serviceTime: { kind: 'lognormal', meanMs: 10, p99Ms: 40 },
          probes,
        },
      ],
      network: { latency: { kind: 'lognormal', meanMs: 0.5, p99Ms: 2 } },
      faults: [{ name: 'cut', atMs: 10_000, durationMs: 10_000, ...fault }],
    });
  const partition = { kind: 'partition', from: ['users'], to: ['api/2'] };
  const crash = { kind: 'crash', service: 'api', replica: 2 };
  const readinessProbe = { readiness: { periodMs: 1000, timeoutMs: 500, failureThreshold: 2 } };

  it('leaves rotation within failureThreshold x periodMs + timeoutMs, and costs users no more than a crash', () => {
    const cut = story(fourReplicas(partition, readinessProbe)).result.summary;
    const down = story(fourReplicas(crash, readinessProbe)).result.summary;
    const failed = cut.controlEvents.find((e) => e.kind === 'readiness-failed');
    expect(failed?.replica).toBe(2);
    // Probes at 10000 and 11000 are lost; each fails 500 ms after its send.
    expect(failed?.atMs).toBe(11_500);
    expect(failed!.atMs - 10_000).toBeLessThanOrEqual(2 * 1000 + 500);
    const cutTimeouts = cut.clients.users.errors.timedOut;
    const crashTimeouts = down.clients.users.errors.timedOut;
    expect([cutTimeouts, crashTimeouts]).toEqual([116, 116]);
    expect(cutTimeouts / crashTimeouts).toBeLessThanOrEqual(2);
    // Without probes nothing takes the cut replica out: its quarter of the traffic times out for 10 s.
    const blind = story(fourReplicas(partition, null)).result.summary;
    expect(blind.clients.users.errors.timedOut).toBe(942);
  });
});
