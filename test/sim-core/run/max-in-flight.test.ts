import { describe, expect, it } from 'vitest';
import { RunResultSchema } from '../../../scenarios/schema/result-schema.ts';
import type { RunResult } from '../../../sim-core/metrics/result.ts';
import { Simulation } from '../../../sim-core/run/simulation.ts';
import { overloadedMm1 } from '../../support/big-scenarios.ts';
import { loadBuiltIn, parse } from '../../support/scenarios.ts';

const LIMIT = 2000;

function runSliced(widthMs: number): RunResult {
  const sim = new Simulation(parse(overloadedMm1({ maxInFlight: LIMIT })));
  while (!sim.advance(sim.now + widthMs));
  return sim.result();
}

describe('budget.maxInFlight', () => {
  const whole = new Simulation(parse(overloadedMm1({ maxInFlight: LIMIT }))).run();

  it('stops an overloaded run once one request more than the limit is in flight', () => {
    expect(whole.stopReason).toBe('max-in-flight');
    expect(whole.summary.clients.users.inFlight).toBe(LIMIT + 1);
    // About 19,000 requests/s pile up: the limit is passed after about 0.1 s of 3,600 s.
    expect(whole.simTimeMs).toBeGreaterThan(90);
    expect(whole.simTimeMs).toBeLessThan(120);
    expect(whole.stopMessage).toBe(
      `stopped at ${Math.round(whole.simTimeMs)} ms of 3600000 ms: more than 2000 user requests were in flight at once (budget.maxInFlight); the system is overloaded`,
    );
  });

  it('gives a valid result up to the stop, in which every request is counted once', () => {
    expect(RunResultSchema.safeParse(whole).success).toBe(true);
    const c = whole.summary.clients.users;
    const errors = Object.values(c.errors).reduce((a, b) => a + b, 0);
    expect(c.succeeded + c.degraded + c.corrupt + errors + c.inFlight).toBe(c.offered);
    expect(c.succeeded).toBeGreaterThan(0);
  });

  it('stops after the same event whatever the slicing', () => {
    for (const width of [0.25, 1, 13, 1000]) {
      const sliced = runSliced(width);
      expect(sliced.traceHash, `slices of ${width} ms`).toBe(whole.traceHash);
      expect(sliced.events, `slices of ${width} ms`).toBe(whole.events);
      expect(sliced.simTimeMs, `slices of ${width} ms`).toBe(whole.simTimeMs);
      expect(sliced.stopReason, `slices of ${width} ms`).toBe('max-in-flight');
    }
  });

  it('defaults to 1,000,000, which no built-in scenario comes near', () => {
    const mm1 = loadBuiltIn('mm1', ['durationMs=20000']);
    expect(mm1.budget.maxInFlight).toBe(1_000_000);
    expect(new Simulation(mm1).run().stopReason).toBe('completed');
  });

  it('a herd larger than the limit stops the run after the herd event', () => {
    const herd = parse({
      id: 'herd',
      title: 'Herd',
      durationMs: 10_000,
      budget: { maxInFlight: 100 },
      clients: [{ name: 'users', target: 'api', arrival: { kind: 'once', users: 500, atMs: 1000 } }],
      services: [{ name: 'api', concurrency: 1, serviceTime: { kind: 'constant', valueMs: 1 } }],
    });
    const r = new Simulation(herd).run();
    expect(r.stopReason).toBe('max-in-flight');
    expect(r.simTimeMs).toBe(1000);
    expect(r.summary.clients.users.offered).toBe(500);
  });
});
