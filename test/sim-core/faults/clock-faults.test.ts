import { describe, expect, it } from 'vitest';
import { constant, ends, faultEvents, herd, scenario, story } from './harness.ts';

/**
 * One request at 1000 ms with a 1000 ms timeout on the client's clock, to a service that takes
 * 5000 ms: on a perfect clock it times out at 2000 ms (local deadline 2000).
 */
function pendingTimeout(faults: unknown[]) {
  return story(
    scenario({
      durationMs: 4000,
      clients: [herd('users', 'svc', 1000, 1, { timeoutMs: 1000 })],
      services: [{ name: 'svc', serviceTime: constant(5000) }],
      faults,
    }),
  );
}
const timedOutAt = (faults: unknown[]) => {
  const { endings } = pendingTimeout(faults);
  expect(endings.map((e) => e.outcome)).toEqual(['timedOut']);
  return endings[0].endedAt;
};
const step = (atMs: number, stepMs: number, durationMs: number | null = null, node = 'users') => ({
  kind: 'clock-step',
  atMs,
  durationMs,
  node,
  stepMs,
});
const drift = (atMs: number, driftPpm: number, durationMs: number | null = null) => ({
  kind: 'clock-drift',
  atMs,
  durationMs,
  node: 'users',
  driftPpm,
});

describe('clock steps', () => {
  it('without a fault the timeout fires at 2000', () => {
    expect(timedOutAt([])).toBe(2000);
  });

  it('a step forward fires a pending timeout early, or at once when its deadline is passed', () => {
    expect(timedOutAt([step(1500, 300)])).toBe(1700);
    expect(timedOutAt([step(1500, 800)])).toBe(1500);
  });

  it('a step backward delays it', () => {
    expect(timedOutAt([step(1500, -300)])).toBe(2300);
  });

  it('a step with a duration jumps back at its end: the timeout comes back to its first time', () => {
    const { endings, trace } = pendingTimeout([step(1200, 300, 200)]);
    expect(ends(endings)).toEqual(['users timedOut 2000']);
    expect(faultEvents(trace)).toEqual(['1200 users', '1400 users']);
  });

  it('two steps add up', () => {
    expect(timedOutAt([step(1200, 100), step(1400, 150)])).toBe(1750);
  });

  it('a service name steps every replica of it; a replica name only that one', () => {
    const clocks = (node: string) => {
      const { sim } = story(
        scenario({
          clients: [herd('users', 'svc', 1000)],
          services: [{ name: 'svc', replicas: 2, serviceTime: constant(10) }],
          faults: [step(500, 300, null, node)],
        }),
      );
      return sim.world.clocks.map((c) => c.offsetMs);
    };
    // Nodes: users, svc/0, svc/1.
    expect(clocks('svc')).toEqual([0, 300, 300]);
    expect(clocks('svc/1')).toEqual([0, 0, 300]);
    expect(clocks('users')).toEqual([300, 0, 0]);
  });
});

describe('clock drift', () => {
  it('a fast clock fires a pending timeout early, a slow one late (the rest of it runs at the new rate)', () => {
    // 500 ms of local time left at 1500: at rate 1.25 they take 400 ms; at rate 0.5, 1000 ms.
    expect(timedOutAt([drift(1500, 250_000)])).toBe(1900);
    expect(timedOutAt([drift(1500, -500_000)])).toBe(2500);
  });

  it('a timer set under drift lasts its local duration on the drifting clock', () => {
    // Drift from 500: the 1000 ms timeout set at 1000 lasts 1000 / 1.25 = 800 ms.
    expect(timedOutAt([drift(500, 250_000)])).toBe(1800);
  });

  it('the drift is restored at the end, without a jump: the time gained stays', () => {
    // 1500-1700 at rate 1.5: the clock gains 100 ms, then runs true again: deadline at 1900.
    expect(timedOutAt([drift(1500, 500_000, 200)])).toBe(1900);
  });

  it('overlapping drifts: the newest holds; its end brings back the older one', () => {
    // 1500-1600 at 1.5 (reads 1650 at 1600), 1600-1700 at 2 (1850 at 1700), then 1.5 again:
    // the last 150 ms take 100 ms.
    expect(timedOutAt([drift(1500, 500_000, 1000), drift(1600, 1_000_000, 100)])).toBe(1800);
  });
});
