import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../../scenarios/schema/index.ts';
import type { ControlEvent } from '../../../../sim-core/metrics/result.ts';
import { errorsOf, withFields } from '../../../scenarios/scenario-helpers.ts';
import { scenario, story } from '../harness.ts';

type Doc = Record<string, unknown>;

/**
 * One `api` replica (1 worker, instant network) that crashes at 1000 ms and comes back at 2000 ms
 * cold: while cold a probe's 1 ms of work takes `factor` times longer, so probes time out behind it.
 */
function coldStory(probes: Doc, cold: Doc, durationMs = 20_000) {
  return story(
    scenario({
      durationMs,
      metrics: { bucketMs: 1000, warmupMs: 0 },
      clients: [{ name: 'users', target: 'api', arrival: { kind: 'once', users: 1, atMs: 500 } }],
      services: [
        {
          name: 'api',
          concurrency: 1,
          serviceTime: { kind: 'constant', valueMs: 10 },
          probes,
          restartDelayMs: 1000,
          coldStart: cold,
        },
      ],
      faults: [{ name: 'down', kind: 'crash', service: 'api', replica: 0, atMs: 1000, durationMs: 1000 }],
    }),
  ).result.summary;
}

const events = (list: ControlEvent[]) => list.map((e) => `${e.atMs} ${e.kind} ${e.source}`);
const liveness = { periodMs: 1000, timeoutMs: 500, failureThreshold: 3 };
/** Cold for 6 s after a start: a probe's 1 ms of work takes 2 s. */
const slowStart = { durationMs: 6000, serviceTimeFactor: 2000 };

describe('startup probes (Kubernetes startupProbe)', () => {
  it('without a startup probe, liveness kills a replica that is slow to start', () => {
    const r = coldStory({ liveness }, slowStart);
    // Back at 2000 ms: the probe sent then holds the worker for 2 s, those of 3000 and 4000 wait
    // behind it; each times out 500 ms after its send, the third at 4500. Every restart comes
    // back cold, so it happens again 4 s after each start.
    expect(events(r.controlEvents)).toEqual([
      '4500 liveness-failed liveness',
      '4500 restart liveness',
      '5500 restarted orchestrator',
      '8500 liveness-failed liveness',
      '8500 restart liveness',
      '9500 restarted orchestrator',
      '12500 liveness-failed liveness',
      '12500 restart liveness',
      '13500 restarted orchestrator',
      '16500 liveness-failed liveness',
      '16500 restart liveness',
      '17500 restarted orchestrator',
    ]);
    expect(r.services.api.probes?.restarts).toBe(4);
  });

  it('with a startup probe, liveness waits until the replica has started and never kills it', () => {
    const r = coldStory(
      { liveness, startup: { periodMs: 1000, timeoutMs: 1000, failureThreshold: 10 } },
      slowStart,
    );
    // Startup probes from 2000 ms queue behind each other's cold work (2 s each until 8000, when
    // the replica is warm): the ones of 2000 to 7000 time out (6 failures, fewer than 10); the one
    // of 8000 starts after the 1 ms probes of 5000, 6000 and 7000 and passes at 8004. Liveness
    // runs from the next tick on and always passes.
    expect(events(r.controlEvents)).toEqual(['8004 startup-passed startup']);
    expect(r.services.api.probes?.restarts).toBe(0);
  });

  it('a replica that never starts is restarted at exactly failureThreshold x periodMs after each start', () => {
    const r = coldStory(
      { liveness, startup: { periodMs: 1000, timeoutMs: 1000, failureThreshold: 3 } },
      { durationMs: 1e9, serviceTimeFactor: 2000 },
    );
    // Started at 2000 ms (the crash's end), then at 6000, 10000, 14000 and 18000 (1 s restart
    // delay): each start's probes at +0, +1000, +2000 time out 1000 ms after their send, so the
    // third failure is at start + 3 x 1000 ms. Liveness never probes it.
    expect(events(r.controlEvents)).toEqual([
      '5000 startup-failed startup',
      '5000 restart startup',
      '6000 restarted orchestrator',
      '9000 startup-failed startup',
      '9000 restart startup',
      '10000 restarted orchestrator',
      '13000 startup-failed startup',
      '13000 restart startup',
      '14000 restarted orchestrator',
      '17000 startup-failed startup',
      '17000 restart startup',
      '18000 restarted orchestrator',
    ]);
    expect(r.controlEvents.filter((e) => e.kind === 'startup-failed').map((e) => e.detail)).toEqual(
      Array(4).fill({ failures: 3 }),
    );
  });
});

describe('startup probe validation', () => {
  const withProbes = (probes: Doc) =>
    withFields({ services: [{ name: 'api', serviceTime: { kind: 'constant', valueMs: 1 }, probes }] });

  it('rejects a startup or liveness successThreshold other than 1, naming the field', () => {
    expect(
      errorsOf(withProbes({ startup: { successThreshold: 2 }, liveness: { successThreshold: 3 } })).map(
        (e) => `${e.path}: ${e.message}`,
      ),
    ).toEqual([
      'services[0].probes.liveness.successThreshold: found 3; allowed: 1 (Kubernetes requires successThreshold 1 for liveness probes; only readiness may need more passes)',
      'services[0].probes.startup.successThreshold: found 2; allowed: 1 (Kubernetes requires successThreshold 1 for startup probes; only readiness may need more passes)',
    ]);
  });

  it('accepts a startup preset and a readiness probe that needs two passes', () => {
    expect(
      parseScenario(withProbes({ startup: 'kubernetes-default', readiness: { successThreshold: 2 } })).ok,
    ).toBe(true);
  });
});
