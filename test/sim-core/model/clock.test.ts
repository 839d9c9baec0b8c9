import { describe, expect, it } from 'vitest';
import { NodeClock } from '../../../sim-core/model/clock.ts';
import { burstClients, latencies, oneRequestClient, scenario, story } from './harness.ts';

const constant = (valueMs: number) => ({ kind: 'constant', valueMs });

/** One request at 1000 ms with a 100 ms timeout to a service that takes 800 ms. */
function slowCall(clock: Record<string, unknown> | null) {
  return scenario({
    durationMs: 1999,
    clients: [oneRequestClient('users', 'svc', { timeoutMs: 100 })],
    services: [{ name: 'svc', serviceTime: constant(800) }],
    clocks: clock === null ? [] : [{ node: 'users', ...clock }],
  });
}

describe('NodeClock', () => {
  it('reads offset + t * (1 + drift)', () => {
    const c = new NodeClock(250, 200e-6);
    expect(c.localTime(0)).toBe(250);
    expect(c.localTime(1000)).toBeCloseTo(250 + 1000.2, 9);
  });

  it('turns a local duration into true time by dividing by the rate, whatever the offset', () => {
    expect(new NodeClock(0, 0.1).trueDelay(100)).toBeCloseTo(100 / 1.1, 12);
    expect(new NodeClock(0, -0.1).trueDelay(100)).toBeCloseTo(100 / 0.9, 12);
    expect(new NodeClock(-5000, 0).trueDelay(100)).toBe(100);
    const c = new NodeClock(42, 0.25);
    expect(c.localTime(10 + c.trueDelay(80)) - c.localTime(10)).toBeCloseTo(80, 9);
  });
});

describe('clocks in a run', () => {
  it('a perfect clock times a request out exactly timeoutMs after it was sent', () => {
    const { endings, trace } = story(slowCall(null));
    expect(endings).toEqual([{ client: 'users', outcome: 'timedOut', issuedAt: 1000, endedAt: 1100 }]);
    expect(trace).toEqual(['1000 herd users', '1100 attempt-timeout users', '1800 work-done svc/0']);
  });

  it('a client clock 10% fast (+100000 ppm) times out at true time 100/1.1 after sending', () => {
    const { endings } = story(slowCall({ driftPpm: 100_000 }));
    expect(endings.map((e) => e.outcome)).toEqual(['timedOut']);
    expect(latencies(endings, 'timedOut')[0]).toBeCloseTo(100 / 1.1, 9);
  });

  it('a slow clock (-100000 ppm) times out later, at true time 100/0.9', () => {
    const { endings } = story(slowCall({ driftPpm: -100_000 }));
    expect(latencies(endings, 'timedOut')[0]).toBeCloseTo(100 / 0.9, 9);
  });

  it.each([5000, -300])(
    'an offset of %s ms shifts the reading, not durations: the timeout stays 100 ms',
    (offsetMs) => {
      const { endings } = story(slowCall({ offsetMs }));
      expect(latencies(endings, 'timedOut')).toEqual([100]);
    },
  );

  it('a per-replica clock `api/1` overrides the service-wide `api` entry, in any order', () => {
    // Two requests at 1000 ms; round robin sends one to each replica; each replica's call to the
    // slow db times out on that replica's clock and fails the user request.
    const s = scenario({
      durationMs: 1999,
      clients: burstClients(2, 'api'),
      services: [
        { name: 'api', replicas: 2, serviceTime: constant(0), calls: [{ service: 'db', timeoutMs: 100 }] },
        { name: 'db', concurrency: 2, serviceTime: constant(1000) },
      ],
      clocks: [
        { node: 'api/1', driftPpm: -500_000 },
        { node: 'api', driftPpm: 100_000 },
      ],
    });
    const { endings, trace } = story(s);
    expect(endings.map((e) => `${e.client} ${e.outcome}`)).toEqual(['u0 failed', 'u1 failed']);
    const [u0, u1] = latencies(endings, 'failed');
    expect(u0).toBeCloseTo(100 / 1.1, 9);
    expect(u1).toBe(200);
    expect(trace.filter((l) => l.includes('timeout')).map((l) => l.split(' ').slice(1).join(' '))).toEqual([
      'attempt-timeout api/0',
      'attempt-timeout api/1',
    ]);
  });

  it('a service-wide entry sets the clock of every replica', () => {
    const s = scenario({
      durationMs: 1999,
      clients: burstClients(3, 'api'),
      services: [
        { name: 'api', replicas: 3, serviceTime: constant(0), calls: [{ service: 'db', timeoutMs: 100 }] },
        { name: 'db', concurrency: 3, serviceTime: constant(1000) },
      ],
      clocks: [{ node: 'api', driftPpm: -200_000 }],
    });
    const { sim, endings } = story(s);
    expect(latencies(endings, 'failed')).toEqual([125, 125, 125]);
    expect(sim.world.clocks.map((c) => c.drift)).toEqual([0, 0, 0, -0.2, -0.2, -0.2, 0]);
  });

  it('a fast client clock shortens its users’ think times too', () => {
    const s = scenario({
      durationMs: 500,
      clients: [
        { name: 'users', target: 'svc', arrival: { kind: 'closed', users: 1, thinkTime: constant(100) } },
      ],
      services: [{ name: 'svc', serviceTime: constant(0) }],
      clocks: [{ node: 'users', driftPpm: 100_000 }],
    });
    const { issued } = story(s);
    // Think 100 local ms = 90.9 true ms, then an instant answer, then think again.
    expect(issued).toHaveLength(5);
    issued.forEach((r, k) => {
      expect(r.at).toBeCloseTo(((k + 1) * 100) / 1.1, 9);
    });
  });
});
