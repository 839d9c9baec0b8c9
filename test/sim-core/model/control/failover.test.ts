import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../../scenarios/schema/index.ts';
import type { ControlEvent } from '../../../../sim-core/metrics/result.ts';
import { ALERT_ACTIONS } from '../../../../sim-core/model/control/actions.ts';
import { Simulation } from '../../../../sim-core/run/simulation.ts';
import { linesOf } from '../../../scenarios/scenario-helpers.ts';
import { scenario, story } from '../harness.ts';

type Doc = Record<string, unknown>;

/**
 * One active `api/0` and one standby `api/1` behind a 1 ms network, 10 requests/s of 10 ms work
 * with a 200 ms timeout; heartbeats every 1000 ms with a 200 ms timeout.
 */
function pair(failover: Doc, faults: Doc[], extra: Doc = {}): Doc {
  return {
    durationMs: 30_000,
    metrics: { bucketMs: 1000, warmupMs: 0 },
    network: { latency: { kind: 'constant', valueMs: 1 } },
    clients: [
      { name: 'users', target: 'api', arrival: { kind: 'constant', ratePerSec: 10 }, timeoutMs: 200 },
    ],
    services: [
      {
        name: 'api',
        replicas: 1,
        serviceTime: { kind: 'constant', valueMs: 10 },
        failover: {
          detector: { intervalMs: 1000, missedThreshold: 3, timeoutMs: 200 },
          promotionMs: 500,
          ...failover,
        },
      },
    ],
    faults,
    ...extra,
  };
}

/** The failover control events as `atMs kind replica`. */
function events(list: ControlEvent[]): string[] {
  return list.filter((e) => e.service === 'api').map((e) => `${e.atMs} ${e.kind} ${e.replica}`);
}

const crash = { name: 'crash', kind: 'crash', service: 'api', replica: 0, atMs: 10_500, durationMs: 10_000 };
const flap = (downMs: number, upMs = 10_000, durationMs = 10_000): Doc => ({
  name: 'flap',
  kind: 'link-flap',
  from: ['api~monitor'],
  to: ['api/0'],
  atMs: 10_500,
  durationMs,
  downMs,
  upMs,
});

describe('active-passive failover', () => {
  it.each([
    [1, 11_200],
    [3, 13_200],
    [5, 15_200],
  ])(
    'a crash is detected at missedThreshold (%i) x intervalMs + timeoutMs after the last answered heartbeat, promoted promotionMs later',
    (missed, detectedAt) => {
      const { result } = story(
        scenario(pair({ detector: { intervalMs: 1000, missedThreshold: missed, timeoutMs: 200 } }, [crash])),
      );
      // The heartbeat sent at 10 000 ms was answered; those from 11 000 ms on are missed, each at
      // its send + 200 ms: the n-th at 10 000 + n x 1000 + 200.
      expect(detectedAt).toBe(10_000 + missed * 1000 + 200);
      expect(events(result.summary.controlEvents)).toEqual([
        `${detectedAt} failover-detected 0`,
        `${detectedAt + 500} failover-promoted 1`,
        `${detectedAt + 500} failover-demoted 0`,
      ]);
      const f = result.summary.services.api.failover;
      expect(f).toEqual({
        failovers: 1,
        falseFailovers: 0,
        forced: 0,
        failbacks: 0,
        detectionMs: [detectedAt - 10_500],
        meanDetectionMs: detectedAt - 10_500,
        promotionMs: 500,
        // From the crash until the standby serves.
        unavailableMs: detectedAt + 500 - 10_500,
        requestsLost: f?.requestsLost,
        servedAfterDemotion: 0,
      });
      // One request every 100 ms reaches the dead replica until the standby takes over.
      expect(f?.requestsLost).toBe(Math.ceil((detectedAt + 500 - 10_500) / 100));
      expect(result.summary.clients.users.errors.timedOut).toBe(f?.requestsLost);
      expect(result.summary.timeline.map((e) => `${e.kind} ${e.node} ${e.startMs}-${e.endMs}`)).toEqual([
        `standby api/1 0-${detectedAt + 500}`,
        `standby api/0 ${detectedAt + 500}-null`,
      ]);
    },
  );

  it('a flap shorter than the threshold causes no failover; a longer one causes a false failover', () => {
    // Cut 10 500 to 12 500: the heartbeats of 11 000 and 12 000 are lost, two misses of three.
    const short = story(scenario(pair({}, [flap(2000)]))).result;
    expect(events(short.summary.controlEvents)).toEqual([]);
    expect(short.summary.services.api.failover?.failovers).toBe(0);
    // Cut 10 500 to 13 500: the third miss (13 000 + 200) fails over an active that is up.
    const long = story(scenario(pair({}, [flap(3000)]))).result;
    expect(events(long.summary.controlEvents)).toEqual([
      '13200 failover-detected 0',
      '13200 false-failover 0',
      '13700 failover-promoted 1',
      '13700 failover-demoted 0',
    ]);
    const f = long.summary.services.api.failover;
    expect(f?.failovers).toBe(1);
    expect(f?.falseFailovers).toBe(1);
    expect(f?.detectionMs).toEqual([]);
    expect(f?.meanDetectionMs).toBeNull();
    // The callers never lost the active: nothing was unavailable, nothing lost.
    expect(f?.unavailableMs).toBe(0);
    expect(f?.requestsLost).toBe(0);
    expect(long.summary.clients.users.errors.timedOut).toBe(0);
  });

  it('fencing loses what the demoted active holds; without it the demoted active finishes it (served after demotion)', () => {
    // 2000 ms of work per request, 20 workers, a request every 200 ms: at the demotion (13 700 ms)
    // the active holds the 10 that arrived in the last 2 s (11 800 .. 13 600 ms).
    const heavy = (fence: boolean) =>
      story(
        scenario(
          pair({ fence }, [flap(3000)], {
            clients: [
              { name: 'users', target: 'api', arrival: { kind: 'constant', ratePerSec: 5 }, timeoutMs: 5000 },
            ],
            services: [
              {
                name: 'api',
                replicas: 1,
                concurrency: 20,
                serviceTime: { kind: 'constant', valueMs: 2000 },
                failover: {
                  detector: { intervalMs: 1000, missedThreshold: 3, timeoutMs: 200 },
                  promotionMs: 500,
                  fence,
                },
              },
            ],
          }),
        ),
      ).result;
    const open = heavy(false);
    const fenced = heavy(true);
    const demoted = (r: typeof open) => r.summary.controlEvents.find((e) => e.kind === 'failover-demoted');
    expect(demoted(open)?.detail).toEqual({ fenced: 0, held: 10 });
    expect(demoted(fenced)?.detail).toEqual({ fenced: 1, held: 10 });
    expect(open.summary.services.api.failover?.servedAfterDemotion).toBe(10);
    expect(open.summary.services.api.failover?.requestsLost).toBe(0);
    expect(fenced.summary.services.api.failover?.servedAfterDemotion).toBe(0);
    expect(fenced.summary.services.api.failover?.requestsLost).toBe(10);
    expect(open.summary.clients.users.errors.timedOut).toBe(0);
    expect(fenced.summary.clients.users.errors.timedOut).toBe(10);
  });

  it('with failback, the original active takes its place back once it answers for afterMs; flapping makes it fail over again', () => {
    const { result } = story(scenario(pair({ failback: { afterMs: 2000 } }, [flap(3000, 5000, 15_000)])));
    // Cut 10 500-13 500 and 18 500-21 500 (the fault ends at 25 500, before a third cut): a false
    // failover at 13 200; api/0 answers again from the heartbeat sent at 14 000 ms, and the answer
    // to the one of 16 000 ms (back at 16 002: 1 ms each way) makes 2000 ms of answers: it takes
    // its place back, promoted 500 ms later. The second cut fails it over again, falsely.
    expect(events(result.summary.controlEvents)).toEqual([
      '13200 failover-detected 0',
      '13200 false-failover 0',
      '13700 failover-promoted 1',
      '13700 failover-demoted 0',
      '16002 failback 0',
      '16502 failover-promoted 0',
      '16502 failover-demoted 1',
      '21200 failover-detected 0',
      '21200 false-failover 0',
      '21700 failover-promoted 1',
      '21700 failover-demoted 0',
      '24002 failback 0',
      '24502 failover-promoted 0',
      '24502 failover-demoted 1',
    ]);
    const f = result.summary.services.api.failover;
    expect([f?.failovers, f?.falseFailovers, f?.failbacks]).toEqual([2, 2, 2]);
  });

  it('a pause is a real failure, not a false failover', () => {
    const pause = { name: 'gc', kind: 'pause', service: 'api', replica: 0, atMs: 10_500, durationMs: 4000 };
    const f = story(scenario(pair({}, [pause]))).result.summary.services.api.failover;
    expect(f?.failovers).toBe(1);
    expect(f?.falseFailovers).toBe(0);
    expect(f?.detectionMs).toEqual([2700]);
  });

  it('a link-flap cuts and heals on its schedule and heals for good at its end', () => {
    const sim = new Simulation(scenario(pair({}, [flap(1000, 500)])));
    const w = sim.world;
    const monitor = w.monitorNodes[0];
    const active = w.replicas[w.services[0].replicas[0]].node;
    const cutAt = (t: number) => {
      sim.advance(t);
      return w.network.isCut(monitor, active) && w.network.isCut(active, monitor);
    };
    // Down 10 500-11 500, up to 12 000, down to 13 000, ...; the fault ends at 20 500.
    expect([10_400, 10_600, 11_400, 11_600, 11_900, 12_100, 20_400, 20_600].map(cutAt)).toEqual([
      false,
      true,
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it('the alert action forces a failover once: a later firing changes nothing', () => {
    const sim = new Simulation(scenario(pair({}, [])));
    sim.advance(5000);
    const monitor = sim.model.failover?.of(0);
    expect(monitor).toBeDefined();
    const spec = { kind: 'failover' as const, service: 'api', delayMs: 0, until: 'forever' as const };
    const context = {
      services: sim.world.services,
      serviceIndex: () => 0,
      forceFailover: (s: number, key: object) => sim.model.failover?.of(s)?.forceOnce(key) ?? -1,
      abortRollout: () => false,
    };
    expect(ALERT_ACTIONS.failover.apply(spec, context)).toEqual({
      service: 'api',
      detail: { standby: 1, changed: 1 },
    });
    expect(ALERT_ACTIONS.failover.apply(spec, context)).toEqual({
      service: 'api',
      detail: { standby: -1, changed: 0 },
    });
    const r = sim.run();
    expect(events(r.summary.controlEvents)).toEqual([
      '5000 failover-detected 0',
      '5500 failover-promoted 1',
      '5500 failover-demoted 0',
    ]);
    expect(r.summary.services.api.failover?.forced).toBe(1);
    expect(r.summary.services.api.failover?.falseFailovers).toBe(0);
  });

  it('a service without failover reports none, and its scenario keeps its nodes', () => {
    const s = scenario(pair({}, []));
    const plain = scenario({
      ...pair({}, []),
      services: [{ name: 'api', replicas: 1, serviceTime: { kind: 'constant', valueMs: 10 } }],
    });
    const r = story(plain).result;
    expect(r.summary.services.api.failover).toBeUndefined();
    expect(new Simulation(plain).world.nodeNames).toEqual(['users', 'api/0']);
    expect(new Simulation(s).world.nodeNames).toEqual(['users', 'api/0', 'api/1', 'api~monitor']);
  });
});

describe('failover: errors name the field and what is allowed', () => {
  const base = pair({}, []);
  const withService = (svc: Doc, faults: Doc[] = [], extra: Doc = {}) => ({
    id: 'x',
    title: 'x',
    ...base,
    services: [{ name: 'api', serviceTime: { kind: 'constant', valueMs: 10 }, ...svc }],
    faults,
    ...extra,
  });
  it('a heartbeat timeout longer than the interval, and failover beside autoscaling', () => {
    expect(
      linesOf(
        withService({ failover: { detector: { intervalMs: 500, missedThreshold: 2, timeoutMs: 800 } } }),
      ),
    ).toEqual([
      'services[0].failover.detector.timeoutMs: found 800; allowed: a number > 0 and <= intervalMs (500)',
    ]);
    expect(
      linesOf(
        withService({
          failover: {},
          autoscaling: { minReplicas: 1, maxReplicas: 3, metric: { kind: 'utilisation', target: 0.5 } },
        }),
      ),
    ).toEqual([
      'services[0].failover: found failover beside autoscaling; allowed: failover or autoscaling, not both (both would own the replica set: set autoscaling to null or remove failover)',
    ]);
  });
  it('a link-flap names a monitor only of a service with failover; a standby is a replica', () => {
    const f = { kind: 'link-flap', atMs: 0, downMs: 10, upMs: 10, from: ['api~monitor'], to: ['api/1'] };
    expect(parseScenario(withService({ replicas: 1, failover: {} }, [f])).ok).toBe(true);
    expect(linesOf(withService({ replicas: 1 }, [f]))).toEqual([
      'faults[0].from[0]: found "api~monitor"; allowed: the monitor of a service with failover: (none defined)',
      'faults[0].to[0]: found "api/1"; allowed: a replica of "api" from "api/0" to "api/0" (it has 1 replica)',
    ]);
  });
  it('a replica override may name a standby slot, not one past them', () => {
    const overrides = (replica: number) => ({
      replicas: 1,
      failover: {},
      replicaOverrides: [{ replica, concurrency: 2 }],
    });
    expect(parseScenario(withService(overrides(1))).ok).toBe(true);
    expect(linesOf(withService(overrides(2)))).toEqual([
      'services[0].replicaOverrides[0].replica: found 2; allowed: a replica index of "api" from 0 to 1 (it has 2 replicas)',
    ]);
  });
  it('a failover action needs a service with failover', () => {
    const slos = [{ name: 'avail', client: 'users', objective: { kind: 'availability', target: 0.99 } }];
    const alerts = [
      { name: 'a', slo: 'avail', rule: 'sre-page-fast', action: { kind: 'failover', service: 'api' } },
    ];
    expect(linesOf(withService({ replicas: 1 }, [], { slos, alerts }))).toEqual([
      'alerts[0].action.service: found "api"; allowed: a service that declares failover: (none defined) ("api" has no standby to fail over to)',
    ]);
  });
});
