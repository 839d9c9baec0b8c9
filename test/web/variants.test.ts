import { describe, expect, it } from 'vitest';
import { builtInScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { cliCommand } from '../../web/app/cli-command.ts';
import { comparisonRows, variantsFor } from '../../web/compare/variants.ts';
import { resolveScenario } from '../../web/state/resolve.ts';

describe('compare mode', () => {
  it('makes one variant per value, keeping the other overrides', () => {
    const param = { path: 'services.api.calls.0.retry.maxAttempts', label: 'Attempts', values: [1, 2, 4] };
    const v = variantsFor(param, ['durationMs=40000', 'services.api.calls.0.retry.maxAttempts=2']);
    expect(v.map((x) => x.label)).toEqual(['Attempts: 1', 'Attempts: 2', 'Attempts: 4']);
    expect(v[2].overrides).toEqual(['durationMs=40000', 'services.api.calls.0.retry.maxAttempts=4']);
  });

  it('tabulates the key numbers of each variant, with its trace hash', () => {
    const raw = builtInScenario('retry-storm');
    const results = [
      'services.api.calls.0.retry.maxAttempts=1',
      'services.api.calls.0.retry.maxAttempts=4',
    ].map((set) => {
      const r = resolveScenario(raw, ['durationMs=45000', 'hypotheses=[]', set]);
      if (!r.ok) throw new Error('invalid');
      return runScenario(r.scenario, { seed: 2 });
    });
    const rows = comparisonRows([...results, null]);
    const hash = rows.find((r) => r.metric === 'trace hash');
    expect(hash?.values).toEqual([results[0].traceHash, results[1].traceHash, '…']);
    const retries = rows.find((r) => r.metric === 'retries');
    expect(retries?.values[0]).toBe('0');
    expect(Number(retries?.values[1])).toBeGreaterThan(0);
  });

  it('spells the CLI command that reproduces a run', () => {
    expect(
      cliCommand({ builtIn: 'retry-storm' }, 3, ['services.api.calls.0.retry.budget="finagle-default"']),
    ).toBe(
      `npx faultline run retry-storm --seed 3 --set 'services.api.calls.0.retry.budget="finagle-default"' --json`,
    );
    expect(cliCommand({ file: 'mine.json' }, 1, [])).toBe('npx faultline run mine.json --seed 1 --json');
  });
});
