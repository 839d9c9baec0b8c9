import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { betterDirection, summaryMetrics } from '../../cli/sweep/metrics.ts';
import { parseSeeds, parseShard, parseWorkers } from '../../cli/sweep/options.ts';
import { enumerateCombinations, parseVaryText, resolveVaryPath } from '../../cli/sweep/plan.ts';
import { type SweepReport, shardJobs } from '../../cli/sweep/report.ts';
import { estimate, studentTCdf, t975 } from '../../cli/sweep/stats.ts';
import { builtInScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { loadBuiltIn } from '../support/scenarios.ts';
import { faultline, REPO_ROOT, STACK_LINE, tempDir } from './cli-helpers.ts';

/** A short three-tier: 6 simulated seconds, 1 s buckets. */
const SHORT = [
  '--set',
  'durationMs=6000',
  '--set',
  'metrics.warmupMs=1000',
  '--set',
  'metrics.bucketMs=1000',
];

describe('Student t and the 95% confidence interval', () => {
  it('gives the textbook critical values', () => {
    expect(t975(1)).toBeCloseTo(12.7062, 3);
    expect(t975(2)).toBeCloseTo(4.3027, 3);
    expect(t975(9)).toBeCloseTo(2.2622, 3);
    expect(t975(29)).toBeCloseTo(2.0452, 3);
    expect(t975(1000)).toBeCloseTo(1.9623, 3);
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
  });

  it('estimates mean, spread and interval, leaving out nulls', () => {
    const e = estimate([1, 2, null, 3]);
    expect(e.n).toBe(3);
    expect(e.mean).toBe(2);
    expect(e.stdDev).toBe(1);
    expect(e.ci95Low).toBeCloseTo(2 - (4.3027 * 1) / Math.sqrt(3), 3);
    expect(e.ci95High).toBeCloseTo(2 + (4.3027 * 1) / Math.sqrt(3), 3);
    expect(estimate([5])).toEqual({ n: 1, mean: 5, stdDev: null, ci95Low: null, ci95High: null });
    expect(estimate([null])).toEqual({ n: 0, mean: null, stdDev: null, ci95Low: null, ci95High: null });
  });
});

describe('sweep flags', () => {
  it('--seeds takes ranges and lists, sorted later, never twice', () => {
    expect(parseSeeds('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('1,5,9')).toEqual([1, 5, 9]);
    expect(parseSeeds('1..3,42')).toEqual([1, 2, 3, 42]);
    expect(() => parseSeeds('5..1')).toThrow(/empty/);
    expect(() => parseSeeds('1..3,2')).toThrow(/twice/);
    expect(() => parseSeeds('a')).toThrow(/Expected/);
    expect(() => parseSeeds('-1')).toThrow(/Expected/);
  });

  it('--shard is i/n with 1 <= i <= n; --workers is >= 1', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('3/2')).toThrow(/does not exist/);
    expect(() => parseShard('0/2')).toThrow(/does not exist/);
    expect(() => parseShard('1')).toThrow(/Expected i\/n/);
    expect(parseWorkers('3')).toBe(3);
    expect(() => parseWorkers('0')).toThrow(/from 1/);
  });

  it('a shard is the jobs whose index % n = i - 1; the shards cover the jobs once', () => {
    expect(shardJobs(7, { index: 1, count: 3 })).toEqual([0, 3, 6]);
    expect(shardJobs(7, { index: 3, count: 3 })).toEqual([2, 5]);
    const all = [1, 2, 3].flatMap((index) => shardJobs(7, { index, count: 3 }));
    expect(all.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('--vary values are parsed like --set values, or given as a JSON list', () => {
    expect(parseVaryText('a.b=1,2.5,true,none')).toEqual({ path: 'a.b', values: [1, 2.5, true, 'none'] });
    expect(parseVaryText('a.b=["x,y",{"k":1}]')).toEqual({ path: 'a.b', values: ['x,y', { k: 1 }] });
    expect(() => parseVaryText('a.b')).toThrow(/no "=" found/);
    expect(() => parseVaryText('a.b=')).toThrow(/no values/);
    expect(() => parseVaryText('a.b=1,1')).toThrow(/given twice/);
    expect(() => parseVaryText('a..b=1')).toThrow(/--vary/);
  });

  it('a short --vary path resolves to the one place it fits, or names them all', () => {
    const raw = builtInScenario('retry-storm');
    expect(resolveVaryPath(raw, 'services.api.replicas')).toBe('services.api.replicas');
    expect(resolveVaryPath(raw, 'retry.jitter')).toBe('services.api.calls.0.retry.jitter');
    expect(() => resolveVaryPath(builtInScenario('three-tier'), 'timeoutMs')).toThrow(
      /fits 3 places.*clients\.users\.timeoutMs/,
    );
  });

  it('combinations vary the last --vary fastest', () => {
    const combos = enumerateCombinations([
      { path: 'a', values: [1, 2] },
      { path: 'b', values: ['x', 'y'] },
    ]);
    expect(combos.map((c) => c.label)).toEqual(['a=1 b=x', 'a=1 b=y', 'a=2 b=x', 'a=2 b=y']);
    expect(enumerateCombinations([])).toEqual([{ index: 0, values: {}, label: '(base)' }]);
  });
});

describe('summary metrics', () => {
  it('are the numeric leaves of clients, services, edges and queues, without arrays', () => {
    const result = runScenario(loadBuiltIn('three-tier', ['durationMs=6000', 'metrics.warmupMs=1000']));
    const m = summaryMetrics(result.summary);
    expect(m['clients.users.goodputPerSec']).toBe(result.summary.clients['users'].goodputPerSec);
    expect(m['services.db.latencyMs.p99']).toBe(result.summary.services['db'].latencyMs.p99);
    expect(m['edges.api->db.outcomes.succeeded']).toBe(result.summary.edges['api->db'].outcomes['succeeded']);
    expect(Object.keys(m).some((k) => k.includes('shedByTier') || k.includes('transitions'))).toBe(false);
    expect(Object.keys(m).some((k) => k.startsWith('faults') || k.startsWith('network'))).toBe(false);
    expect(Object.values(m).every((v) => v === null || Number.isFinite(v))).toBe(true);
  });

  it('have a direction: goodput up, latency, errors and amplification down', () => {
    expect(betterDirection('clients.users.goodputPerSec')).toBe('higher');
    expect(betterDirection('clients.users.latencyMs.p99')).toBe('lower');
    expect(betterDirection('clients.users.errors.timedOut')).toBe('lower');
    expect(betterDirection('services.db.amplification')).toBe('lower');
    expect(betterDirection('edges.api->db.retries')).toBe('lower');
    expect(betterDirection('clients.users.offered')).toBeNull();
    expect(betterDirection('services.db.utilisation')).toBeNull();
  });
});

describe('faultline sweep', () => {
  const dir = tempDir();
  const args = ['sweep', 'three-tier', ...SHORT, '--vary', 'services.api.replicas=2,3', '--seeds', '1..3'];
  let one: { json: string; csv: string; stdout: string; stderr: string };

  beforeAll(() => {
    const r = faultline(
      ...args,
      '--workers',
      '1',
      '--json',
      join(dir, 'w1.json'),
      '--csv',
      join(dir, 'w1.csv'),
    );
    expect(r.stderr).not.toContain(STACK_LINE);
    expect(r.status).toBe(0);
    one = {
      json: readFileSync(join(dir, 'w1.json'), 'utf8'),
      csv: readFileSync(join(dir, 'w1.csv'), 'utf8'),
      stdout: r.stdout,
      stderr: r.stderr,
    };
  });

  it('writes byte-identical JSON and CSV with 1 and 2 workers', () => {
    const r = faultline(
      ...args,
      '--workers',
      '2',
      '--json',
      join(dir, 'w2.json'),
      '--csv',
      join(dir, 'w2.csv'),
    );
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'w2.json'), 'utf8')).toBe(one.json);
    expect(readFileSync(join(dir, 'w2.csv'), 'utf8')).toBe(one.csv);
  });

  it('reports every run and, per combination, mean and 95% CI of each metric', () => {
    const report = JSON.parse(one.json) as SweepReport;
    expect(report.kind).toBe('faultline-sweep');
    expect(report.format).toBe(1);
    expect(report.partial).toBe(false);
    expect(report.shard).toBeNull();
    expect(report.vary).toEqual([{ path: 'services.api.replicas', values: [2, 3] }]);
    expect(report.seeds).toEqual([1, 2, 3]);
    expect(report.jobs).toEqual({ total: 6, planned: 6, completed: 6 });
    expect(report.runs.map((r) => [r.combination, r.seed])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    const scenario = loadBuiltIn('three-tier', [
      'durationMs=6000',
      'metrics.warmupMs=1000',
      'metrics.bucketMs=1000',
      'services.api.replicas=3',
    ]);
    expect(report.runs[4].traceHash).toBe(runScenario(scenario, { seed: 2 }).traceHash);
    const goodput = report.combinations[1].aggregates['clients.users.goodputPerSec'];
    const values = report.runs.slice(3).map((r) => r.metrics['clients.users.goodputPerSec'] as number);
    expect(goodput.n).toBe(3);
    expect(goodput.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 3, 9);
    expect(goodput.ci95Low!).toBeLessThan(goodput.mean!);
    expect(goodput.ci95High!).toBeGreaterThan(goodput.mean!);
    expect(report.combinations.map((c) => c.label)).toEqual([
      'services.api.replicas=2',
      'services.api.replicas=3',
    ]);
    expect(one.json).not.toMatch(/wall|"workers"/i);
  });

  it('writes the aggregates as CSV, one row per combination and metric', () => {
    const lines = one.csv.trimEnd().split('\n');
    expect(lines[0]).toBe('combination,services.api.replicas,metric,n,mean,stdDev,ci95Low,ci95High,partial');
    const report = JSON.parse(one.json) as SweepReport;
    expect(lines).toHaveLength(1 + 2 * report.metrics.length);
    expect(lines[1]).toMatch(/^0,2,clients\.users\.offered,3,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,false$/);
  });

  it('prints a table of the headline metrics when no output takes stdout, progress on stderr', () => {
    expect(one.stdout).toContain('sweep three-tier');
    expect(one.stdout).toMatch(/services\.api\.replicas\s+runs\s+goodput\/s/);
    expect(one.stderr).toMatch(/faultline: sweep three-tier: 1\/6 runs/);
    expect(one.stderr).toMatch(/6\/6 runs \(100%\)/);
  });

  it('with --json - prints nothing but the JSON on stdout', () => {
    const r = faultline('sweep', 'three-tier', ...SHORT, '--seeds', '1,2', '--workers', '1', '--json', '-');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as SweepReport;
    expect(report.combinations).toHaveLength(1);
    expect(report.combinations[0].label).toBe('(base)');
    expect(r.stderr).toMatch(/2\/2 runs/);
  });

  it('accepts a path relative to where it fits and values with commas as a JSON list', () => {
    const r = faultline(
      'sweep',
      'three-tier',
      ...SHORT,
      '--vary',
      'db.replicas=[2,3]',
      '--vary',
      'title=["a, b","c"]',
      '--seeds',
      '1',
      '--json',
      '-',
    );
    expect(r.stderr).toBe(r.stderr.replace(STACK_LINE, ''));
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as SweepReport;
    expect(report.vary).toEqual([
      { path: 'services.db.replicas', values: [2, 3] },
      { path: 'title', values: ['a, b', 'c'] },
    ]);
    expect(report.combinations.map((c) => c.label)).toEqual([
      'services.db.replicas=2 title=a, b',
      'services.db.replicas=2 title=c',
      'services.db.replicas=3 title=a, b',
      'services.db.replicas=3 title=c',
    ]);
  });
});

describe('faultline sweep: bad flags', () => {
  const sweep = (...extra: string[]) => faultline('sweep', 'three-tier', ...SHORT, '--seeds', '1', ...extra);

  it.each([
    [
      ['--vary', 'services.api.replicas'],
      2,
      /--vary services\.api\.replicas: expected path=v1,v2,\.\.\. \(no "=" found\)/,
    ],
    [
      ['--vary', 'services.nope.replicas=1,2'],
      1,
      /--vary services\.nope\.replicas=1: services\.nope: found "nope"/,
    ],
    [['--vary', 'nope.deeper=1,2'], 1, /--vary nope\.deeper=1: nope: unknown field/],
    [['--vary', 'timeoutMs=1,2'], 1, /--vary timeoutMs: the path fits 3 places/],
    [
      ['--vary', 'services.api.replicas=0,2'],
      1,
      /--vary services\.api\.replicas=0: services\[1\]\.replicas: found 0/,
    ],
    [
      ['--vary', 'durationMs=3000,6000', '--vary', 'metrics.warmupMs=500,4000'],
      1,
      /--vary durationMs=3000 metrics\.warmupMs=4000: metrics\.warmupMs: found 4000/,
    ],
    [
      ['--seeds', '5..1'],
      2,
      /option '--seeds <list>' argument '5\.\.1' is invalid\. The range 5\.\.1 is empty/,
    ],
    [
      ['--shard', '3/2'],
      2,
      /option '--shard <i\/n>' argument '3\/2' is invalid\. Shard 3 does not exist in 2 shards/,
    ],
    [['--workers', '0'], 2, /option '--workers <n>' argument '0' is invalid/],
    [['--json', '-', '--csv', '-'], 2, /both want stdout/],
  ])('%j fails with exit %i and a clear message', (extra, status, message) => {
    const r = sweep(...(extra as string[]));
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toContain(STACK_LINE);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(status);
  });
});

describe('faultline sweep: Ctrl-C', () => {
  it('stops the workers, writes what finished marked partial and exits 130', async () => {
    const dir = tempDir();
    const json = join(dir, 'partial.json');
    const csv = join(dir, 'partial.csv');
    const child = spawn(
      process.execPath,
      [
        'cli/bin.mjs',
        'sweep',
        'three-tier',
        '--set',
        'durationMs=60000',
        '--seeds',
        '1..400',
        '--workers',
        '2',
        '--json',
        json,
        '--csv',
        csv,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let stdout = '';
    let signalledAt = 0;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (signalledAt === 0 && /runs \(/.test(stderr)) {
        signalledAt = performance.now();
        child.kill('SIGINT');
      }
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    expect(signalledAt).toBeGreaterThan(0);
    // It exits by itself soon after the signal: no worker is left running.
    expect(performance.now() - signalledAt).toBeLessThan(10_000);
    expect(signal).toBeNull();
    expect(code).toBe(130);
    expect(stderr).toMatch(
      /faultline: interrupted \(SIGINT\) after \d+ of 400 runs; wrote .*partial\.json and .*partial\.csv \(marked partial\)/,
    );
    expect(stderr).not.toContain(STACK_LINE);
    const report = JSON.parse(readFileSync(json, 'utf8')) as SweepReport;
    expect(report.partial).toBe(true);
    expect(report.jobs.total).toBe(400);
    expect(report.jobs.completed).toBe(report.runs.length);
    expect(report.runs.length).toBeGreaterThanOrEqual(1);
    expect(report.runs.length).toBeLessThan(400);
    expect(
      readFileSync(csv, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(1)
        .every((l) => l.endsWith(',true')),
    ).toBe(true);
    expect(stdout).toContain('partial: interrupted');
  });
});
