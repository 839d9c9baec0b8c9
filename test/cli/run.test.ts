import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunResultSchema } from '../../scenarios/schema/result-schema.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { CSV_COLUMNS } from '../../sim-core/metrics/series-csv.ts';
import { faultline, SHORT_MM1, tempDir } from './cli-helpers.ts';

function runJson(...extra: string[]): RunResult {
  const { status, stdout, stderr } = faultline(...SHORT_MM1, '--json', ...extra);
  expect(stderr).toBe('');
  expect(status).toBe(0);
  // One object, one line.
  expect(stdout.endsWith('\n')).toBe(true);
  expect(stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(stdout) as RunResult;
}

describe('faultline run --json', () => {
  let first: RunResult;
  beforeAll(() => {
    first = runJson();
  });

  it('prints the RunResult', () => {
    expect(first.format).toBe(1);
    expect(first.scenario).toBe('mm1');
    expect(first.seed).toBe(1);
    expect(first.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(first.events).toBeGreaterThan(0);
    expect(first.simTimeMs).toBe(20_000);
    expect(first.stopReason).toBe('completed');
    expect(first.summary.services['server']).toBeDefined();
    expect(first.summary.clients['users']).toBeDefined();
    expect(first.series.startMs.length).toBeGreaterThan(0);
    expect(first.series.services['server'].goodputPerSec).toHaveLength(first.series.startMs.length);
  });

  it('validates against the documented contract, with no undocumented field', () => {
    const parsed = RunResultSchema.safeParse(first);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    // zod drops unknown keys: equal after parsing means every field is in the contract.
    expect(parsed.data).toStrictEqual(first);
  });

  it('is deterministic: same command, same trace; another seed, another trace', () => {
    const again = runJson();
    expect(again.traceHash).toBe(first.traceHash);
    expect(again).toStrictEqual(first);
    const other = runJson('--seed', '2');
    expect(other.seed).toBe(2);
    expect(other.traceHash).not.toBe(first.traceHash);
  });
});

describe('faultline run --csv', () => {
  it('prints a header and one row per bucket and entity', () => {
    const { status, stdout } = faultline(...SHORT_MM1, '--csv', '--set', 'metrics.bucketMs=5000');
    expect(status).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    // Names are [A-Za-z0-9_-] and values are numbers: no field needs quoting, a split is enough.
    expect(stdout).not.toContain('"');
    const [header, ...rows] = stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','));
    expect(header).toEqual(CSV_COLUMNS);
    expect(header.slice(0, 3)).toEqual(['startMs', 'entityType', 'entity']);
    expect(header).toContain('errorsPerSec.timedOut');
    expect(header).toContain('queueDepthMean');
    // 20 s in 5 s buckets: one client, one service, and the client's edge to the service.
    expect(rows).toHaveLength(4 * 3);
    for (const row of rows) expect(row).toHaveLength(header.length);
    const client = rows.find((r) => r[1] === 'client')!;
    const service = rows.find((r) => r[1] === 'service')!;
    const edge = rows.find((r) => r[1] === 'edge')!;
    expect(client[2]).toBe('users');
    expect(service[2]).toBe('server');
    expect(edge[2]).toBe('users->server');
    // A metric the entity doesn't have is empty.
    expect(client[header.indexOf('queueDepthMean')]).toBe('');
    expect(service[header.indexOf('offeredPerSec')]).toBe('');
    expect(edge[header.indexOf('goodputPerSec')]).toBe('');
    expect(Number(service[header.indexOf('goodputPerSec')])).toBeGreaterThan(0);
    // A metric several entity types have is one column: the edge's attempts are the client's.
    expect(edge[header.indexOf('attemptsPerSec')]).toBe(client[header.indexOf('attemptsPerSec')]);
    expect(Number(edge[header.indexOf('retriesPerSec')])).toBe(0);
    expect(rows.map((r) => Number(r[0]))).toEqual([
      0, 0, 0, 5000, 5000, 5000, 10000, 10000, 10000, 15000, 15000, 15000,
    ]);
  });
});

describe('faultline run --out', () => {
  it('writes JSON to the file and nothing to stdout', () => {
    const file = join(tempDir(), 'run.json');
    const { status, stdout, stderr } = faultline(...SHORT_MM1, '--json', '--out', file);
    expect(status).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(file);
    const result = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
    expect(result.traceHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('writes the report without colours', () => {
    const file = join(tempDir(), 'report.txt');
    const { status } = faultline(...SHORT_MM1, '--out', file);
    expect(status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('server');
    expect(text).not.toContain('\u001b[');
  });

  it('fails clearly when the file cannot be written', () => {
    const { status, stderr } = faultline(
      ...SHORT_MM1,
      '--json',
      '--out',
      join(tempDir(), 'no', 'such', 'x.json'),
    );
    expect(status).toBe(1);
    expect(stderr).toMatch(/^faultline: cannot write '.*x\.json': its folder does not exist/);
  });
});

describe('faultline run (report)', () => {
  let status: number | null;
  let stdout: string;
  let stderr: string;
  beforeAll(() => {
    ({ status, stdout, stderr } = faultline('run', 'three-tier', '--set', 'durationMs=10000'));
  });

  it('shows the header, a table per client and service, and sparklines', () => {
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('A three-tier web service');
    expect(stdout).toMatch(/scenario three-tier · seed 1 · trace [0-9a-f]{16} · [\d,]+ events/);
    expect(stdout).toMatch(/simulated · .* wall · .* events\/s/);
    for (const name of ['users', 'web', 'api', 'db']) expect(stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    for (const header of ['offered/s', 'goodput/s', 'attempts/s', 'p99.9', 'util', 'ampl', 'timedOut'])
      expect(stdout).toContain(header);
    expect(stdout).toMatch(/[▁▂▃▄▅▆▇█]{5,}/);
    expect(stdout).toMatch(/p99 ms\s+[▁▂▃▄▅▆▇█ ]+\s+min [\d.]+\s+max [\d.]+/);
  });

  it('fits 100 columns and has no colour when stdout is not a terminal', () => {
    for (const line of stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    expect(stdout).not.toContain('\u001b[');
  });

  it('runs the default scenario when none is named', () => {
    const d = faultline('run', '--set', 'durationMs=6000', '--json');
    expect(d.status).toBe(0);
    expect((JSON.parse(d.stdout) as RunResult).scenario).toBe('three-tier');
  });
});
