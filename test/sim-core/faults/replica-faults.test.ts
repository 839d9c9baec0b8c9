import { describe, expect, it } from 'vitest';
import { constant, ends, faultEvents, herd, scenario, story } from './harness.ts';

/** One service `svc` (100 ms of work per request) and the given clients and faults. */
function svc(
  clients: unknown[],
  faults: unknown[],
  service: Record<string, unknown> = {},
  durationMs = 2000,
) {
  return scenario({
    durationMs,
    clients,
    services: [{ name: 'svc', concurrency: 1, serviceTime: constant(100), ...service }],
    faults,
  });
}

describe('crash and restart', () => {
  // Three requests at 1000 ms on one worker: one runs (1000-1100), two wait. Crash at 1050.
  const crash = (durationMs: number | null) =>
    story(
      svc(
        [
          herd('users', 'svc', 1000, 3, { timeoutMs: 500 }),
          herd('later', 'svc', 1300, 1, { timeoutMs: 500 }),
        ],
        [{ kind: 'crash', atMs: 1050, durationMs, service: 'svc' }],
      ),
    );

  it('loses queued and in-flight work: callers see only their timeouts', () => {
    const { endings, result, trace } = crash(200);
    expect(ends(endings.filter((e) => e.client === 'users'))).toEqual(Array(3).fill('users timedOut 1500'));
    expect(result.summary.clients.users.errors.timedOut).toBe(3);
    expect(result.summary.clients.users.succeeded).toBe(0);
    // The service answered none of the three (only `later`, after the restart): no error, nothing late.
    const s = result.summary.services.svc;
    expect(s.succeeded).toBe(1);
    expect(s.late).toBe(0);
    expect(s.errors.failed + s.errors.rejected).toBe(0);
    // The crashed job's work-done event still fires and is ignored; nothing else ran.
    expect(trace.filter((l) => l.includes('work-done'))).toEqual([
      '1100 work-done svc/0',
      '1400 work-done svc/0',
    ]);
  });

  it('serves again after its restart', () => {
    const { endings, trace } = crash(200);
    expect(faultEvents(trace)).toEqual(['1050 svc/0', '1250 svc/0']);
    expect(ends(endings)).toContain('later succeeded 1400');
  });

  it('a fail-stop crash (durationMs null) never serves again', () => {
    const { endings, result } = crash(null);
    expect(ends(endings)).toEqual([
      'users timedOut 1500',
      'users timedOut 1500',
      'users timedOut 1500',
      'later timedOut 1800',
    ]);
    expect(result.summary.services.svc.attempts).toBe(3);
  });

  it('replica null crashes every replica; a replica index only that one', () => {
    const clients = [herd('users', 'svc', 1100, 4, { timeoutMs: 500 })];
    const service = { replicas: 2, loadBalancer: 'round-robin' };
    const all = story(
      svc(clients, [{ kind: 'crash', atMs: 1000, durationMs: 500, service: 'svc' }], service),
    );
    expect(all.result.summary.clients.users.errors.timedOut).toBe(4);
    const one = story(
      svc(clients, [{ kind: 'crash', atMs: 1000, durationMs: 500, service: 'svc', replica: 1 }], service),
    );
    // Round robin: two requests to each replica; replica 0 serves its two one after the other.
    expect(ends(one.endings)).toEqual([
      'users succeeded 1200',
      'users succeeded 1300',
      'users timedOut 1600',
      'users timedOut 1600',
    ]);
  });

  it('overlapping crashes keep the replica down until the last one ends', () => {
    const { endings, trace } = story(
      svc(
        [herd('a', 'svc', 1500, 1, { timeoutMs: 300 }), herd('b', 'svc', 1700, 1, { timeoutMs: 300 })],
        [
          { kind: 'crash', atMs: 1000, durationMs: 600, service: 'svc' },
          { kind: 'crash', atMs: 1200, durationMs: 300, service: 'svc' },
        ],
      ),
    );
    expect(faultEvents(trace)).toEqual(['1000 svc/0', '1200 svc/0', '1500 svc/0', '1600 svc/0']);
    // Down at 1500 (the first crash still holds it), up again at 1600.
    expect(ends(endings)).toEqual(['a timedOut 1800', 'b succeeded 1800']);
  });
});

describe('latency at a service', () => {
  // add 50 from 0 to 3000; x2 from 2000 to 5000; one request at each probe time.
  const faults = [
    { kind: 'latency', atMs: 0, durationMs: 3000, service: 'svc', addMs: 50 },
    { kind: 'latency', atMs: 2000, durationMs: 3000, service: 'svc', multiply: 2 },
  ];
  const probes = [1000, 2500, 3500, 5500];

  it('adds and multiplies exactly, composes when faults overlap, and ending one undoes only its part', () => {
    const clients = probes.map((t) => herd(`at${t}`, 'svc', t));
    const { endings } = story(svc(clients, faults, { concurrency: 4 }, 6000));
    expect(endings.map((e) => `${e.client} ${e.endedAt - e.issuedAt}`)).toEqual([
      'at1000 150',
      'at2500 250',
      'at3500 200',
      'at5500 100',
    ]);
  });

  it('is applied to every replica of the service', () => {
    const clients = [herd('users', 'svc', 1000, 3)];
    const { endings } = story(
      svc(clients, [{ kind: 'latency', atMs: 0, durationMs: null, service: 'svc', multiply: 3 }], {
        replicas: 3,
        loadBalancer: 'round-robin',
      }),
    );
    expect(ends(endings)).toEqual(['users succeeded 1300', 'users succeeded 1300', 'users succeeded 1300']);
  });
});

describe('error injection', () => {
  // 20 000 requests with no work at 2000 requests/s; errors at probability p during the whole run.
  const errors = (faults: unknown[], errorProbability = 0) =>
    story(
      svc(
        [{ name: 'users', target: 'svc', arrival: { kind: 'constant', ratePerSec: 2000 } }],
        faults,
        { concurrency: 10, serviceTime: constant(0), errorProbability },
        10_000,
      ),
    ).result.summary.clients.users;
  const within = (fraction: number, p: number, n: number) =>
    expect(Math.abs(fraction - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));

  it('requests fail with the fault probability (within 4 standard errors)', () => {
    const u = errors([{ kind: 'errors', atMs: 0, durationMs: null, service: 'svc', probability: 0.3 }]);
    const n = u.succeeded + u.errors.failed;
    expect(n).toBeGreaterThan(19_000);
    within(u.errors.failed / n, 0.3, n);
  });

  it('composes with the base error rate as independent causes: 1 - (1 - 0.2)(1 - 0.5) = 0.6', () => {
    const u = errors([{ kind: 'errors', atMs: 0, durationMs: null, service: 'svc', probability: 0.5 }], 0.2);
    const n = u.succeeded + u.errors.failed;
    within(u.errors.failed / n, 0.6, n);
  });

  it('stops at the fault end: the base rate comes back exactly', () => {
    const { endings } = story(
      svc(
        [herd('during', 'svc', 1000, 20), herd('after', 'svc', 1600, 20)],
        [{ kind: 'errors', atMs: 500, durationMs: 1000, service: 'svc', probability: 1 }],
        { concurrency: 20 },
      ),
    );
    expect(endings.filter((e) => e.client === 'during').every((e) => e.outcome === 'failed')).toBe(true);
    expect(endings.filter((e) => e.client === 'after').every((e) => e.outcome === 'succeeded')).toBe(true);
    expect(endings).toHaveLength(40);
  });
});

describe('capacity loss', () => {
  // Four requests at 1000 ms on 4 workers; the fault leaves 1 worker from 500 to 1150.
  it('fewer workers serve fewer jobs at once; the lost workers come back at the end', () => {
    const clients = [herd('users', 'svc', 1000, 4)];
    const normal = story(svc(clients, [], { concurrency: 4 }));
    expect(normal.peakBusy.svc).toBe(4);
    expect(ends(normal.endings)).toEqual(Array(4).fill('users succeeded 1100'));

    const { endings, peakBusy, result } = story(
      svc(clients, [{ kind: 'capacity', atMs: 500, durationMs: 650, service: 'svc', workers: 1 }], {
        concurrency: 4,
      }),
    );
    // One at a time until 1150 (1000-1100, 1100-1200), then the two still waiting start together.
    expect(ends(endings)).toEqual([
      'users succeeded 1100',
      'users succeeded 1200',
      'users succeeded 1250',
      'users succeeded 1250',
    ]);
    expect(peakBusy.svc).toBe(3);
    expect(result.summary.services.svc.queueDepth.max).toBe(3);
  });

  it('overlapping capacity faults: the lowest holds; ending it restores the other, not the base', () => {
    const clients = [herd('users', 'svc', 1000, 6)];
    const { endings } = story(
      svc(
        clients,
        [
          { kind: 'capacity', atMs: 500, durationMs: 1000, service: 'svc', workers: 2 },
          { kind: 'capacity', atMs: 600, durationMs: 450, service: 'svc', workers: 1 },
        ],
        { concurrency: 6 },
      ),
    );
    // 1 worker until 1050 (1000-1100), 2 from 1050 (1050-1150, 1100-1200, ...), all 6 from 1500.
    expect(ends(endings)).toEqual([
      'users succeeded 1100',
      'users succeeded 1150',
      'users succeeded 1200',
      'users succeeded 1250',
      'users succeeded 1300',
      'users succeeded 1350',
    ]);
  });
});

describe('pause and resume', () => {
  it('parks work in progress and resumes it: it ends at its original end + the pause length', () => {
    const { endings, trace } = story(
      svc(
        [herd('first', 'svc', 1000), herd('during', 'svc', 1100)],
        [{ kind: 'pause', atMs: 1050, durationMs: 200, service: 'svc' }],
        { concurrency: 2 },
      ),
    );
    // first: 1000 + 100 + 200 = 1300. during: arrives paused, waits, starts at 1250.
    expect(ends(endings)).toEqual(['first succeeded 1300', 'during succeeded 1350']);
    expect(trace.filter((l) => l.includes('work-done'))).toEqual([
      '1100 work-done svc/0',
      '1300 work-done svc/0',
      '1350 work-done svc/0',
    ]);
  });

  it('a crash during a pause loses the parked work; a pause still in force holds the restarted replica', () => {
    const { endings } = story(
      svc(
        [herd('first', 'svc', 1000, 1, { timeoutMs: 800 }), herd('after', 'svc', 1200)],
        [
          { kind: 'pause', atMs: 1050, durationMs: 400, service: 'svc' },
          { kind: 'crash', atMs: 1100, durationMs: 50, service: 'svc' },
        ],
      ),
    );
    // `after` arrives at 1200, restarted but still paused until 1450: 1450 + 100.
    expect(ends(endings)).toEqual(['after succeeded 1550', 'first timedOut 1800']);
  });
});

describe('corrupt answers', () => {
  const corrupt = (validateResponses: boolean) =>
    story(
      svc(
        [herd('users', 'svc', 1000, 2, { validateResponses })],
        [{ kind: 'corrupt', atMs: 500, durationMs: 1000, service: 'svc', probability: 1 }],
        { concurrency: 2 },
      ),
    ).result.summary.clients.users;

  it('are accepted as good unless the caller validates them', () => {
    expect(corrupt(false).corrupt).toBe(2);
    expect(corrupt(false).succeeded).toBe(0);
    expect(corrupt(true).errors.failed).toBe(2);
    expect(corrupt(true).corrupt).toBe(0);
  });
});

describe('leak', () => {
  // latencyMul = 1 + 0.5 x (whole seconds since 1000); restart at 5000.
  const leak = {
    kind: 'leak',
    atMs: 1000,
    durationMs: 4000,
    service: 'svc',
    replica: 0,
    latencyGrowthPerSec: 0.5,
  };

  it('latency grows linearly with time since the start, and the end restarts the replica', () => {
    const clients = [1000, 2000, 3500, 4900, 5100].map((t) =>
      herd(`at${t}`, 'svc', t, 1, { timeoutMs: 1000 }),
    );
    const { endings, trace } = story(svc(clients, [leak], { concurrency: 4 }, 7000));
    expect(endings.map((e) => `${e.client} ${e.outcome} ${e.endedAt - e.issuedAt}`)).toEqual([
      'at1000 succeeded 100',
      'at2000 succeeded 150',
      'at3500 succeeded 200',
      // In flight at 5000 (it would end at 5150): the restart loses it.
      'at5100 succeeded 100',
      'at4900 timedOut 1000',
    ]);
    // Start, a tick each second (2000, 3000, 4000), end.
    expect(faultEvents(trace)).toEqual([
      '1000 svc/0',
      '2000 svc/0',
      '3000 svc/0',
      '4000 svc/0',
      '5000 svc/0',
    ]);
  });

  it('without an end it grows until the run stops and never restarts', () => {
    const clients = [herd('late', 'svc', 4900)];
    const { endings } = story(svc(clients, [{ ...leak, durationMs: null }], {}, 7000));
    expect(endings.map((e) => `${e.outcome} ${e.endedAt - e.issuedAt}`)).toEqual(['succeeded 250']);
  });
});
