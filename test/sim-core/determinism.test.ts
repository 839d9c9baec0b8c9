import { describe, expect, it } from 'vitest';
import { builtInScenario } from '../../scenarios/index.ts';
import { runScenario, Simulation } from '../../sim-core/run/simulation.ts';
import { loadBuiltIn, parse } from '../support/scenarios.ts';

describe('determinism', () => {
  const scenario = loadBuiltIn('three-tier', ['durationMs=20000']);

  it('the same seed gives the same trace hash and the same result', () => {
    const a = runScenario(scenario, { seed: 7 });
    const b = runScenario(scenario, { seed: 7 });
    expect(a.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(b.traceHash).toBe(a.traceHash);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('different seeds give different trace hashes', () => {
    const hashes = new Set([1, 2, 3, 4, 5].map((seed) => runScenario(scenario, { seed }).traceHash));
    expect(hashes.size).toBe(5);
  });

  it('the default seed is the scenario seed', () => {
    expect(runScenario(scenario).traceHash).toBe(runScenario(scenario, { seed: scenario.seed }).traceHash);
  });

  it.each([
    ['one slice', [20000]],
    ['1 ms slices', Array.from({ length: 20000 }, (_, i) => i + 1)],
    ['uneven slices', [0, 0.5, 3, 3, 999.25, 5000, 5000.000001, 12345.678, 19999.999, 20000]],
  ])('a run advanced in %s gives the same result as one run to the end', (_, stops) => {
    const whole = runScenario(scenario, { seed: 3 });
    const sim = new Simulation(scenario, { seed: 3 });
    for (const t of stops) sim.advance(t);
    expect(sim.done).toBe(true);
    const sliced = sim.result();
    expect(sliced.traceHash).toBe(whole.traceHash);
    expect(JSON.stringify(sliced.summary)).toBe(JSON.stringify(whole.summary));
    expect(JSON.stringify(sliced.series)).toBe(JSON.stringify(whole.series));
  });

  it('reading the result mid-run (as the lab does while streaming) changes nothing in the final result', () => {
    const whole = runScenario(scenario, { seed: 5 });
    const sim = new Simulation(scenario, { seed: 5 });
    for (let t = 0; !sim.done; t += 777) {
      sim.advance(t);
      sim.result();
    }
    expect(JSON.stringify(sim.result())).toBe(JSON.stringify(whole));
  });

  it('adding an unrelated client leaves another client’s arrival times unchanged (named streams)', () => {
    const base = builtInScenario('three-tier') as { clients: unknown[] };
    const extra = { name: 'batch', target: 'db', arrival: { kind: 'poisson', ratePerSec: 50 } };
    const alone = parse(base, ['durationMs=5000', 'metrics.warmupMs=0']);
    // The new client comes first, so every node number shifts: streams must be keyed by name.
    const withExtra = parse({ ...base, clients: [extra, ...base.clients] }, [
      'durationMs=5000',
      'metrics.warmupMs=0',
    ]);
    const arrivalsOf = (s: typeof alone, client: string) => {
      const sim = new Simulation(s, { seed: 11 });
      const node = sim.world.nodeNames.indexOf(client);
      const times: number[] = [];
      sim.world.engine.observe((time, kind, entity) => {
        if (entity === node && sim.world.engine.kindName(kind) === 'arrival') times.push(time);
      });
      sim.run();
      return times;
    };
    const a = arrivalsOf(alone, 'users');
    const b = arrivalsOf(withExtra, 'users');
    expect(a.length).toBeGreaterThan(1500);
    expect(b).toEqual(a);
    expect(arrivalsOf(withExtra, 'batch').length).toBeGreaterThan(150);
  });

  it('an event budget stops a runaway run with a clear reason', () => {
    const s = loadBuiltIn('mm1', ['budget.maxEvents=1000']);
    const r = runScenario(s);
    expect(r.stopReason).toBe('max-events');
    expect(r.events).toBe(1000);
    expect(r.simTimeMs).toBeLessThan(s.durationMs);
    expect(r.stopMessage).toContain('budget.maxEvents');
    const full = runScenario(loadBuiltIn('mm1', ['durationMs=1000', 'metrics.warmupMs=0']));
    expect(full.stopReason).toBe('completed');
    expect(full.simTimeMs).toBe(1000);
  });
});
