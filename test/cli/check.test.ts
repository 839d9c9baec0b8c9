import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckJson } from '../../cli/commands/check.ts';
import { builtInScenarioIds } from '../../scenarios/index.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { loadBuiltIn } from '../support/scenarios.ts';
import { faultline, STACK_LINE, tempDir } from './cli-helpers.ts';

/** Every field written out, so the file does not depend on the schema's defaults. */
const hypothesis = (over: Record<string, unknown>) => ({
  mode: 'summary',
  window: null,
  relativeTo: null,
  ...over,
});

const PASSING = [
  hypothesis({
    name: 'no retries, no amplification',
    metric: 'services.server.amplification',
    op: '<=',
    value: 1.0001,
  }),
  hypothesis({
    name: 'goodput near the offered 900/s',
    metric: 'clients.users.goodputPerSec',
    op: '>=',
    value: 800,
    mode: 'window',
    window: { fromMs: 5000, toMs: 20_000 },
  }),
  hypothesis({
    name: 'p99 under 500 ms in every bucket',
    metric: 'clients.users.latencyMs.p99',
    op: '<=',
    value: 500,
    mode: 'every-bucket',
    window: { fromMs: 2000, toMs: 20_000 },
  }),
];
const FAILING = hypothesis({
  name: 'impossible goodput',
  metric: 'clients.users.goodputPerSec',
  op: '>=',
  value: 5000,
});

/** A 20 s M/M/1 scenario file with these hypotheses. */
function scenarioFile(dir: string, name: string, hypotheses: unknown[]): string {
  const file = join(dir, `${name}.json`);
  const doc = {
    id: name,
    title: `M/M/1 with ${hypotheses.length} hypotheses`,
    seed: 5,
    durationMs: 20_000,
    metrics: { bucketMs: 1000, warmupMs: 2000 },
    clients: [{ name: 'users', target: 'server', arrival: { kind: 'poisson', ratePerSec: 900 } }],
    services: [{ name: 'server', concurrency: 1, serviceTime: { kind: 'exponential', meanMs: 1 } }],
    hypotheses,
  };
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('faultline check', () => {
  let dir: string;
  let passing: string;
  let failing: string;
  beforeAll(() => {
    dir = tempDir();
    passing = scenarioFile(dir, 'passing', PASSING);
    failing = scenarioFile(dir, 'failing', [...PASSING, FAILING]);
  });

  it('exits 0 and prints a table when every hypothesis passes', () => {
    const { status, stdout, stderr } = faultline('check', passing);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^passing · seed 5 · trace [0-9a-f]{16} · .* wall · 3\/3 passed$/);
    expect(stdout).toMatch(/scenario \/ hypothesis +over +expected +measured +result/);
    expect(stdout).toMatch(/ {2}no retries, no amplification +summary +<= 1\.0001 +1 +pass/);
    expect(stdout).toMatch(/ {2}goodput near the offered 900\/s +mean 5–20 s +>= 800 +[\d.]+ +pass/);
    expect(stdout).toMatch(/ {2}p99 under 500 ms in every bucket +every 2–20 s +<= 500 +[\d.]+ +pass/);
    expect(stdout).not.toContain('Failed');
    expect(stdout.endsWith('\n3 of 3 hypotheses passed in 1 scenario\n')).toBe(true);
  });

  it('exits 1 when a hypothesis fails, names it and says why', () => {
    const { status, stdout, stderr } = faultline('check', failing);
    expect(status).toBe(1);
    expect(stdout).toMatch(/ {2}impossible goodput +summary +>= 5000 +[\d.]+ +FAIL/);
    // The reason, wrapped to the width: joined back into one line here.
    expect(stdout.replace(/\n {4}/g, ' ')).toMatch(
      /Failed\n {2}failing › impossible goodput \(clients\.users\.goodputPerSec\): summary \(2–20 s\): [\d.]+ violates >= 5000\n/,
    );
    expect(stdout).toContain('3 of 4 hypotheses passed in 1 scenario');
    expect(stderr).toBe('faultline: 1 of 4 hypotheses failed\n');
    expect(stderr).not.toContain(STACK_LINE);
  });

  it('--json prints { scenarios: [{ id, seed, traceHash, passed, hypotheses }], passed }', () => {
    const { status, stdout } = faultline('check', passing, failing, '--json');
    expect(status).toBe(1);
    const json = JSON.parse(stdout) as CheckJson;
    expect(Object.keys(json).sort()).toEqual(['passed', 'scenarios']);
    expect(json.passed).toBe(false);
    expect(json.scenarios.map((s) => [s.id, s.seed, s.passed, s.hypotheses.length])).toEqual([
      ['passing', 5, true, 3],
      ['failing', 5, false, 4],
    ]);
    const [first, second] = json.scenarios;
    expect(first.traceHash).toMatch(/^[0-9a-f]{16}$/);
    // The same model on the same seed (only the hypotheses differ): the same run.
    expect(second.traceHash).toBe(first.traceHash);
    expect(second.hypotheses[3]).toMatchObject({
      name: 'impossible goodput',
      metric: 'clients.users.goodputPerSec',
      mode: 'summary',
      op: '>=',
      expected: '>= 5000',
      bound: 5000,
      passed: false,
    });
    for (const h of second.hypotheses) {
      expect(Object.keys(h).sort()).toEqual(
        ['bound', 'detail', 'expected', 'measured', 'metric', 'mode', 'name', 'op', 'passed', 'scope'].sort(),
      );
      expect(typeof h.measured).toBe('number');
    }
    // The check ran exactly what `faultline run` runs.
    const run = JSON.parse(faultline('run', passing, '--json').stdout) as RunResult;
    expect(first.traceHash).toBe(run.traceHash);
    expect(first.hypotheses[0].measured).toBe(run.summary.services['server'].amplification);
  });

  it('--junit FILE writes JUnit XML: a testsuite per scenario, a testcase per hypothesis', () => {
    const junit = join(dir, 'check.xml');
    const { status, stdout } = faultline('check', passing, failing, '--junit', junit);
    expect(status).toBe(1);
    // The table is still printed; the XML goes to the file.
    expect(stdout).toContain('6 of 7 hypotheses passed in 2 scenarios');
    const xml = readFileSync(junit, 'utf8');
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="faultline check" tests="7" failures="1" errors="0" time="',
      ),
    ).toBe(true);
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
    const suites = [...xml.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)"/g)].map((m) =>
      m.slice(1),
    );
    expect(suites).toEqual([
      ['passing', '3', '0'],
      ['failing', '4', '1'],
    ]);
    expect(xml.match(/<testcase /g)).toHaveLength(7);
    expect(xml).toContain('<testcase classname="passing.hypotheses" name="no retries, no amplification"/>');
    expect(xml).toMatch(
      /<testcase classname="failing\.hypotheses" name="impossible goodput">\n {6}<failure type="hypothesis" message="clients\.users\.goodputPerSec: summary \(2–20 s\): [\d.]+ violates &gt;= 5000">/,
    );
    expect(xml).toMatch(/<property name="traceHash" value="[0-9a-f]{16}"\/>/);
    // Balanced: every opened element is closed.
    for (const tag of ['testsuites', 'testsuite', 'properties', 'failure']) {
      const opened = xml.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0;
      expect(opened, tag).toBe(xml.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0);
    }
  });

  it('--seed runs every scenario on that seed', () => {
    const { status, stdout } = faultline('check', passing, '--json', '--seed', '7');
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as CheckJson;
    expect(json.passed).toBe(true);
    expect(json.scenarios[0].seed).toBe(7);
  });

  it('a named scenario without hypotheses passes, with a note', () => {
    const none = scenarioFile(dir, 'none', []);
    const { status, stdout, stderr } = faultline('check', none);
    expect(status).toBe(0);
    expect(stdout).toContain('none · seed 5');
    expect(stdout).toContain('0 of 0 hypotheses passed in 1 scenario');
    expect(stderr).toBe(`faultline: note: ${none} has no hypotheses\n`);
  });

  it('reports bad arguments like the other commands', () => {
    const unknown = faultline('check', 'no-such-scenario');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^faultline: unknown scenario 'no-such-scenario'/);
    const missing = faultline('check', join(dir, 'missing.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^faultline: cannot read scenario file '.*missing\.json': no such file/);
    const badSeed = faultline('check', passing, '--seed', 'x');
    expect(badSeed.status).toBe(2);
    expect(badSeed.stderr).toContain("Run 'faultline check --help' for usage.");
    for (const r of [unknown, missing, badSeed]) expect(r.stderr).not.toContain(STACK_LINE);
  });

  const withHypotheses = builtInScenarioIds().filter((id) => (loadBuiltIn(id).hypotheses ?? []).length > 0);

  it('checks every built-in scenario that has hypotheses by default', () => {
    expect(withHypotheses.length).toBeGreaterThan(0);
    const { stdout } = faultline('check', '--json');
    const json = JSON.parse(stdout) as CheckJson;
    expect(json.scenarios.map((s) => s.id)).toEqual(withHypotheses);
  });
});

describe('faultline check: Ctrl-C', () => {
  it('stops between scenarios, writes a partial JUnit with the rest skipped, and exits 130', async () => {
    const { spawn } = await import('node:child_process');
    const { REPO_ROOT } = await import('./cli-helpers.ts');
    const junit = join(tempDir(), 'partial.xml');
    const child = spawn(process.execPath, ['cli/bin.mjs', 'check', '--junit', junit], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.resume();
    setTimeout(() => child.kill('SIGINT'), 4000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).not.toContain(STACK_LINE);
    expect(code).toBe(130);
    const match =
      /faultline: interrupted \(SIGINT\) after (\d+) of (\d+) scenarios; wrote .*partial\.xml/.exec(stderr);
    expect(match, stderr).not.toBeNull();
    const [ran, total] = [Number(match![1]), Number(match![2])];
    expect(ran).toBeLessThan(total);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuites name="faultline check (interrupted by SIGINT)"');
    expect(xml).toContain(
      `<testsuite name="interrupted" tests="${total - ran}" failures="0" errors="0" skipped="${total - ran}"`,
    );
    expect(xml.match(/<skipped message="not run: interrupted by SIGINT"\/>/g)?.length).toBe(total - ran);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });
});
