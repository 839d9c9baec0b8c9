import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckJson } from '../../cli/commands/check.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import {
  clientsNamedLikePrototype,
  PROTOTYPE_NAMES,
  servicesNamedLikePrototype,
} from '../support/prototype-names.ts';
import { faultline, tempDir } from './cli-helpers.ts';

/** The command, on clients (then services) named `__proto__`, `constructor`, `toString`, ... */
describe.each([
  // A metric the baseline records for each entity of the group, and its value.
  ['client', 'clients', clientsNamedLikePrototype(), 'goodputPerSec', 10],
  ['service', 'services', servicesNamedLikePrototype(), 'utilisation', 0.1],
] as const)('names of Object.prototype as %s names', (type, group, doc, recordedMetric, recordedValue) => {
  const dir = tempDir();
  const file = join(dir, `${doc['id']}.json`);
  writeFileSync(file, JSON.stringify(doc));

  it('run --json keeps each of them in the summary and the series', () => {
    const r = faultline('run', file, '--json');
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as RunResult;
    expect(Object.keys(result.summary[group])).toEqual(PROTOTYPE_NAMES);
    expect(Object.keys(result.series[group])).toEqual(PROTOTYPE_NAMES);
    for (const name of PROTOTYPE_NAMES) {
      expect(Object.hasOwn(result.summary[group], name)).toBe(true);
      expect(result.summary[group][name].succeeded, name).toBe(10);
      expect(result.series[group][name].goodputPerSec, name).toEqual([10, 10]);
    }
  });

  it('run --csv has a row per bucket for each of them', () => {
    const r = faultline('run', file, '--csv');
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').slice(1);
    for (const name of PROTOTYPE_NAMES) {
      expect(rows.filter((row) => row.startsWith(`0,${type},${name},`)).length, name).toBe(1);
      expect(rows.filter((row) => row.startsWith(`500,${type},${name},`)).length, name).toBe(1);
    }
  });

  it('the terminal report shows a row for each of them', () => {
    const r = faultline('run', file);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    for (const name of PROTOTYPE_NAMES) {
      // Long names are cut to the column's width with an ellipsis.
      const shown = name.length > 16 ? name.slice(0, 15) : name;
      expect(
        lines.some((l) => l.startsWith(`${shown}`) && /\s10\.0\s/.test(l)),
        name,
      ).toBe(true);
    }
  });

  it('check evaluates a hypothesis on each of them', () => {
    const r = faultline('check', file, '--json');
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as CheckJson;
    expect(json.scenarios[0].hypotheses.map((h) => [h.passed, h.measured])).toEqual(
      PROTOTYPE_NAMES.map(() => [true, 10]),
    );
  });

  it('a baseline records each of them, and the run matches it', () => {
    const baselines = join(dir, 'baselines');
    const update = faultline('check', file, '--baseline', baselines, '--update');
    expect(update.status, update.stderr).toBe(0);
    const recorded = JSON.parse(readFileSync(join(baselines, `${doc['id']}.json`), 'utf8'));
    for (const name of PROTOTYPE_NAMES) {
      expect(recorded.metrics[`${group}.${name}.${recordedMetric}`], name).toBe(recordedValue);
    }
    const compare = faultline('check', file, '--baseline', baselines, '--strict', '--json');
    expect(compare.status, compare.stderr).toBe(0);
    const json = JSON.parse(compare.stdout) as CheckJson;
    const metrics = json.scenarios[0].baseline?.metrics ?? [];
    for (const name of PROTOTYPE_NAMES) {
      const m = metrics.find((x) => x.metric === `${group}.${name}.${recordedMetric}`);
      expect(m?.passed, name).toBe(true);
      expect(m?.measured, name).toBe(recordedValue);
    }
  });

  it('--set reaches each of them by name', () => {
    const sets = PROTOTYPE_NAMES.flatMap((name) =>
      group === 'services'
        ? ['--set', `services.${name}.replicas=2`]
        : ['--set', `clients.${name}.arrival.ratePerSec=20`],
    );
    const r = faultline('run', file, '--json', ...sets);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as RunResult;
    for (const name of PROTOTYPE_NAMES) {
      if (group === 'services') expect(result.summary.services[name].replicas, name).toBe(2);
      else expect(result.summary.clients[name].offered, name).toBe(20);
    }
  });

  it('a sharded sweep varying one of them merges into the unsharded report, every name aggregated', () => {
    const vary = `${group}.__proto__.${group === 'services' ? 'replicas' : 'arrival.ratePerSec'}=1,2`;
    const out = (n: string) => join(dir, `${n}.json`);
    for (const shard of ['1/2', '2/2']) {
      const r = faultline(
        'sweep',
        file,
        '--vary',
        vary,
        '--seeds',
        '1..2',
        '--shard',
        shard,
        '--json',
        out(shard[0]),
      );
      expect(r.status, r.stderr).toBe(0);
    }
    const merged = faultline('merge', out('1'), out('2'), '--json', out('merged'));
    expect(merged.status, merged.stderr).toBe(0);
    const whole = faultline('sweep', file, '--vary', vary, '--seeds', '1..2', '--json', out('whole'));
    expect(whole.status, whole.stderr).toBe(0);
    expect(readFileSync(out('merged'), 'utf8')).toBe(readFileSync(out('whole'), 'utf8'));
    const report = JSON.parse(readFileSync(out('whole'), 'utf8')) as {
      combinations: { aggregates: Record<string, { mean: number }> }[];
    };
    for (const name of PROTOTYPE_NAMES) {
      expect(report.combinations[0].aggregates[`${group}.${name}.succeeded`]?.mean, name).toBeGreaterThan(0);
    }
  });
});
