import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { panelExtent } from '../../web/charts/panel.ts';
import {
  amplificationSeries,
  breakerRows,
  faultWindowsOf,
  goldenSignalSeries,
  patternSeries,
} from '../../web/charts/signal-series.ts';
import { summaryTables } from '../../web/summary/summary-rows.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

describe('what the charts plot', () => {
  const storm = loadBuiltIn('retry-storm', ['durationMs=45000', 'hypotheses=[]']);
  const result = runScenario(storm, { seed: 1 });

  it("a client's golden signals: latency, traffic, errors that happened, every service's saturation", () => {
    const g = goldenSignalSeries(result, { kind: 'client', name: 'users' });
    expect(g.latency.map((s) => s.key)).toEqual(['p50', 'p99']);
    expect(g.traffic.map((s) => s.key)).toEqual(['attempts', 'goodput', 'offered']);
    expect(g.errors.length).toBeGreaterThan(0);
    for (const e of g.errors) expect(e.values.some((v) => v !== null && v > 0)).toBe(true);
    expect(g.saturationOf).toBeNull();
    expect(g.saturation.map((s) => s.key)).toEqual([
      'api:queue',
      'api:utilisation',
      'db:queue',
      'db:utilisation',
    ]);
    expect(g.saturation.find((s) => s.key === 'db:utilisation')?.right).toBe(true);
  });

  it("a service's golden signals are its own", () => {
    const g = goldenSignalSeries(result, { kind: 'service', name: 'db' });
    expect(g.traffic[0].values).toBe(result.series.services['db'].attemptsPerSec);
    expect(g.saturationOf).toBe('db');
  });

  it('amplification has one line per tier and retries show where they happen', () => {
    expect(amplificationSeries(result).map((s) => s.key)).toEqual(['api', 'db']);
    const { rates } = patternSeries(result);
    expect(rates.map((s) => s.key)).toContain('api->db:retriesPerSec');
    expect(panelExtent(amplificationSeries(result), false)).toBeGreaterThan(2);
  });

  it('breaker rows exist only for edges with a breaker, as a fraction of callers open', () => {
    expect(breakerRows(result, storm)).toEqual([]);
    const guarded = loadBuiltIn('retry-storm', [
      'durationMs=45000',
      'hypotheses=[]',
      'services.api.calls.0.breaker="resilience4j-default"',
    ]);
    const rows = breakerRows(runScenario(guarded, { seed: 1 }), guarded);
    expect(rows.map((r) => r.key)).toEqual(['api->db']);
    expect(rows[0].callers).toBe(4);
    expect(Math.max(...rows[0].values)).toBeLessThanOrEqual(1);
    expect(Math.max(...rows[0].values)).toBeGreaterThan(0);
  });

  it('fault windows come from the scenario timeline', () => {
    expect(faultWindowsOf(storm)).toEqual([
      { name: 'db-slowdown', label: 'slow x2.2', startMs: 30_000, endMs: 40_000, instant: false },
    ]);
  });

  it('stacked panels scale to the largest bucket sum', () => {
    const a = { key: 'a', label: 'a', color: '#000', values: [1, 2, null] };
    const b = { key: 'b', label: 'b', color: '#000', values: [3, 1, 5] };
    expect(panelExtent([a, b], true)).toBe(5);
    expect(panelExtent([a, b], false)).toBe(5);
    expect(panelExtent([a, { ...b, right: true }], false)).toBe(2);
  });

  it('the summary tables hold a row per client, service, edge and fault', () => {
    const tables = summaryTables(result);
    expect(tables.map((t) => [t.id, t.rows.length])).toEqual([
      ['clients', 1],
      ['services', 2],
      ['edges', 2],
      ['faults', 1],
    ]);
    for (const t of tables) for (const r of t.rows) expect(r).toHaveLength(t.head.length);
  });
});

describe('what a lesson asks to watch is on screen', () => {
  it("a client's error panel also draws the causes at the services its requests reach", () => {
    const storm = loadBuiltIn('retry-storm', ['durationMs=45000', 'hypotheses=[]']);
    const g = goldenSignalSeries(runScenario(storm, { seed: 1 }), { kind: 'client', name: 'users' });
    expect(g.errors.map((s) => [s.key, s.overlay === true])).toEqual([
      ['failed', false],
      ['api:failed', true],
      ['db:rejected', true],
    ]);
    expect(g.errors.find((s) => s.key === 'db:rejected')?.label).toBe('at db: rejected (queue full)');
  });

  it("jitter-comparison's table holds the lesson's numbers: total calls and time to completion", () => {
    const jitter = loadBuiltIn('jitter-comparison');
    const [clients] = summaryTables(runScenario(jitter, { seed: jitter.seed }));
    const row = clients.rows[0];
    expect(clients.head.slice(-2)).toEqual(['calls', 'slowest']);
    // The lesson: "without jitter it takes about 4,700 calls and 87 s until the last writer is done".
    expect(row.slice(-2)).toEqual(['4,680', '87.3 s']);
  });
});
