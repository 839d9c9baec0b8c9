import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareMetrics, effectiveTolerance } from '../../cli/baseline/compare.ts';
import { type BaselineFile, baselineProblems, serializeBaseline } from '../../cli/baseline/file.ts';
import { baselineMetrics, defaultTolerance, storedValue } from '../../cli/baseline/metrics.ts';
import type { CheckJson } from '../../cli/commands/check.ts';
import { escapeXmlAttribute, escapeXmlText } from '../../cli/report/junit.ts';
import { resolveMetric } from '../../sim-core/hypotheses/index.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { faultline, STACK_LINE, tempDir } from './cli-helpers.ts';

/** Three seconds with a bit of everything a baseline records: retries, a breaker, a queue, a fault. */
const SCENARIO = {
  id: 'baselined',
  title: 'A small system with a crash, for baseline tests',
  seed: 11,
  durationMs: 3000,
  metrics: { bucketMs: 250, warmupMs: 250 },
  clients: [
    {
      name: 'users',
      target: 'api',
      arrival: { kind: 'poisson', ratePerSec: 300 },
      timeoutMs: 250,
      retry: {
        maxAttempts: 2,
        retryOn: ['timedOut', 'failed'],
        backoff: { kind: 'constant', baseMs: 10, capMs: 10 },
        jitter: 'full',
        budget: null,
      },
    },
    { name: 'producer', target: 'jobs', arrival: { kind: 'poisson', ratePerSec: 40 } },
  ],
  services: [
    {
      name: 'api',
      replicas: 2,
      concurrency: 4,
      serviceTime: { kind: 'exponential', meanMs: 2 },
      calls: [{ service: 'db', timeoutMs: 60, breaker: 'resilience4j-default' }],
    },
    { name: 'db', replicas: 2, concurrency: 3, serviceTime: { kind: 'exponential', meanMs: 5 } },
    { name: 'worker', replicas: 1, concurrency: 2, serviceTime: { kind: 'exponential', meanMs: 10 } },
  ],
  queues: [{ name: 'jobs', consumer: 'worker', consumers: 2, visibilityTimeoutMs: 500 }],
  network: { latency: { kind: 'lognormal', meanMs: 0.5, p99Ms: 2 } },
  faults: [{ name: 'db-crash', kind: 'crash', service: 'db', replica: 0, atMs: 1000, durationMs: 500 }],
  hypotheses: [
    {
      name: 'users get most answers',
      metric: 'clients.users.goodputPerSec',
      op: '>=',
      value: 100,
      mode: 'summary',
      window: null,
      relativeTo: null,
    },
  ],
};

const write = (file: string, doc: BaselineFile) => writeFileSync(file, serializeBaseline(doc));

/**
 * A small well-formedness check of XML (no DOMParser in Node): tags balance, attributes are
 * quoted, `&` starts a known entity or a character reference, no `<` in text or attributes.
 * Returns the elements (name, attributes, text) in document order, or throws saying what is wrong.
 */
function parseXml(
  xml: string,
): { name: string; attrs: Record<string, string>; text: string; depth: number }[] {
  const decode = (s: string) => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bad entity in ${s}`);
    return s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
      .replace(/&amp;/g, '&');
  };
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (rest === xml) throw new Error('no XML declaration');
  const elements: { name: string; attrs: Record<string, string>; text: string; depth: number }[] = [];
  const stack: { name: string; index: number }[] = [];
  let roots = 0;
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    if (text.includes('>')) throw new Error(`stray '>' in text: ${text}`);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text}`);
    if (stack.length > 0) elements[stack[stack.length - 1].index].text += decode(text);
    if (lt < 0) break;
    rest = rest.slice(lt);
    const close = /^<\/([A-Za-z][\w.-]*)\s*>/.exec(rest);
    if (close !== null) {
      const top = stack.pop();
      if (top?.name !== close[1]) throw new Error(`</${close[1]}> closes <${top?.name}>`);
      rest = rest.slice(close[0].length);
      continue;
    }
    const open = /^<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>/.exec(rest);
    if (open === null) throw new Error(`malformed tag at: ${rest.slice(0, 80)}`);
    const attrs: Record<string, string> = {};
    for (const m of open[2].matchAll(/([A-Za-z][\w.-]*)="([^"<]*)"/g)) {
      if (Object.hasOwn(attrs, m[1])) throw new Error(`duplicate attribute ${m[1]}`);
      attrs[m[1]] = decode(m[2]);
    }
    if (stack.length === 0 && roots++ > 0) throw new Error('more than one root element');
    elements.push({ name: open[1], attrs, text: '', depth: stack.length });
    if (open[3] !== '/') stack.push({ name: open[1], index: elements.length - 1 });
    rest = rest.slice(open[0].length);
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
  return elements;
}

/** The JUnit structure, checked: testsuites > testsuite > testcase > failure, counts that add up. */
function junitSummary(xml: string) {
  const elements = parseXml(xml);
  const root = elements[0];
  expect(root.name).toBe('testsuites');
  const suites: { name: string; cases: { classname: string; name: string; failure: string | null }[] }[] = [];
  let current: { classname: string; name: string; failure: string | null } | null = null;
  for (const e of elements.slice(1)) {
    if (e.name === 'testsuite') {
      expect(e.depth).toBe(1);
      suites.push({ name: e.attrs['name'], cases: [] });
      const suite = suites[suites.length - 1];
      (suite as unknown as { attrs: Record<string, string> }).attrs = e.attrs;
    } else if (e.name === 'testcase') {
      expect(e.depth).toBe(2);
      current = { classname: e.attrs['classname'], name: e.attrs['name'], failure: null };
      suites[suites.length - 1].cases.push(current);
    } else if (e.name === 'failure') {
      expect(e.depth).toBe(3);
      current!.failure = e.attrs['message'];
      expect(e.attrs['type']).toBeTruthy();
    } else {
      expect(['properties', 'property', 'system-out', 'system-err']).toContain(e.name);
    }
  }
  let tests = 0;
  let failures = 0;
  for (const s of suites) {
    const attrs = (s as unknown as { attrs: Record<string, string> }).attrs;
    expect(Number(attrs['tests'])).toBe(s.cases.length);
    expect(Number(attrs['failures'])).toBe(s.cases.filter((c) => c.failure !== null).length);
    expect(attrs['time']).toMatch(/^\d+\.\d{3}$/);
    tests += s.cases.length;
    failures += s.cases.filter((c) => c.failure !== null).length;
  }
  expect(Number(root.attrs['tests'])).toBe(tests);
  expect(Number(root.attrs['failures'])).toBe(failures);
  expect(root.attrs['errors']).toBe('0');
  return { suites, tests, failures };
}

describe('baseline metrics and tolerances', () => {
  let result: RunResult;
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    const file = join(dir, 'baselined.json');
    writeFileSync(file, JSON.stringify(SCENARIO));
    result = JSON.parse(faultline('run', file, '--json').stdout) as RunResult;
  });

  it('curates the metrics that matter, in a fixed order, named as hypotheses name them', () => {
    const metrics = baselineMetrics(result).map((m) => m.metric);
    expect(metrics).toEqual([
      'clients.producer.goodputPerSec',
      'clients.producer.errorRate',
      'clients.producer.latencyMs.p50',
      'clients.producer.latencyMs.p99',
      'clients.users.goodputPerSec',
      'clients.users.errorRate',
      'clients.users.latencyMs.p50',
      'clients.users.latencyMs.p99',
      'services.api.amplification',
      'services.api.utilisation',
      'services.api.queueDepth.mean',
      'services.db.amplification',
      'services.db.utilisation',
      'services.db.queueDepth.mean',
      'services.worker.amplification',
      'services.worker.utilisation',
      'services.worker.queueDepth.mean',
      'edges.api->db.retries',
      'edges.api->db.amplification',
      'edges.api->db.retriesSuppressed',
      'edges.api->db.breaker.opened',
      'edges.jobs->worker.retries',
      'edges.jobs->worker.amplification',
      'edges.jobs->worker.retriesSuppressed',
      'edges.producer->jobs.retries',
      'edges.producer->jobs.amplification',
      'edges.producer->jobs.retriesSuppressed',
      'edges.users->api.retries',
      'edges.users->api.amplification',
      'edges.users->api.retriesSuppressed',
      'queues.jobs.depth.mean',
      'faults.db-crash.recoveryMs',
      'faults.db-crash.metastable',
    ]);
    // Every one resolves, as a hypothesis metric, to the same value.
    for (const m of baselineMetrics(result)) {
      const resolved = resolveMetric(result, m.metric);
      expect(resolved, m.metric).toMatchObject({ ok: true, value: m.value });
    }
  });

  it('defaults to 5% with an absolute floor per unit; a file overrides per metric or with *', () => {
    expect(defaultTolerance('perSec', 1000)).toEqual({ relative: 0.05, absolute: 0.5 });
    expect(defaultTolerance('ms', 1000)).toEqual({ relative: 0.05, absolute: 1 });
    expect(defaultTolerance('fraction', 1000)).toEqual({ relative: 0.05, absolute: 0.005 });
    expect(defaultTolerance('recoveryMs', 250)).toEqual({ relative: 0.05, absolute: 250 });
    expect(defaultTolerance('flag', 1000)).toEqual({ relative: 0, absolute: 0 });
    const base = { relative: 0.05, absolute: 1 };
    expect(effectiveTolerance(base, {}, 'm')).toEqual(base);
    expect(effectiveTolerance(base, { '*': { relative: 0.1 } }, 'm')).toEqual({ relative: 0.1, absolute: 1 });
    expect(effectiveTolerance(base, { '*': { relative: 0.1 }, m: { absolute: 3 } }, 'm')).toEqual({
      relative: 0.1,
      absolute: 3,
    });
  });

  it('passes a drift within max(absolute, relative x |baseline|) and fails one beyond', () => {
    const file: BaselineFile = {
      format: 1,
      scenario: 's',
      seed: 1,
      traceHash: '0000000000000000',
      tolerances: {},
      metrics: { 'clients.u.goodputPerSec': 100, 'clients.u.latencyMs.p99': 2, 'faults.f.metastable': 0 },
    };
    const measure = (goodput: number, p99: number | null, metastable: number) =>
      compareMetrics(
        [
          { metric: 'clients.u.goodputPerSec', unit: 'perSec', value: goodput },
          { metric: 'clients.u.latencyMs.p99', unit: 'ms', value: p99 },
          { metric: 'faults.f.metastable', unit: 'flag', value: metastable },
        ],
        file,
        1000,
      );
    expect(measure(105, 2.9, 0).map((m) => m.passed)).toEqual([true, true, true]);
    const off = measure(94, 3.1, 1);
    expect(off.map((m) => m.passed)).toEqual([false, false, false]);
    expect(off[0]).toMatchObject({ allowed: 5, drift: -6, driftRelative: -0.06, problem: null });
    expect(off[1].allowed).toBe(1); // the 1 ms floor, above 5% of 2 ms
    expect(measure(100, null, 0)[1]).toMatchObject({ passed: false, problem: 'the run has no value' });
    const extra = compareMetrics([{ metric: 'clients.u.errorRate', unit: 'fraction', value: 0 }], file, 1000);
    expect(extra.map((m) => [m.metric, m.problem])).toEqual([
      ['clients.u.errorRate', 'not in the baseline'],
      ['clients.u.goodputPerSec', 'missing from the run'],
      ['clients.u.latencyMs.p99', 'missing from the run'],
      ['faults.f.metastable', 'missing from the run'],
    ]);
  });

  it('stores readable numbers and rejects a malformed file field by field', () => {
    expect(storedValue(1234)).toBe(1234);
    expect(storedValue(287.51234567)).toBe(287.512);
    expect(storedValue(null)).toBeNull();
    expect(
      baselineProblems(
        {
          format: 2,
          scenario: 'x',
          seed: -1,
          traceHash: 'abc',
          tolerances: { m: { relative: -1, typo: 1 } },
          metrics: { m: 'x' },
          extra: 1,
        },
        'y',
      ),
    ).toEqual([
      'extra: unknown field; allowed: format, scenario, seed, traceHash, tolerances, metrics',
      'format: expected 1, found 2',
      'scenario: expected "y" (the file\'s name), found "x"',
      'seed: expected a whole number >= 0, found -1',
      'traceHash: expected 16 hex digits, found "abc"',
      'tolerances.m.relative: expected a number >= 0, found -1',
      'tolerances.m.typo: unknown field; allowed: relative, absolute',
      'metrics.m: expected a number or null, found "x"',
    ]);
  });

  it('escapes XML text and attributes, and drops characters XML cannot hold', () => {
    expect(escapeXmlText('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; "d"');
    expect(escapeXmlAttribute(`say "hi" & 'bye'\n\tok\u0001`)).toBe(
      'say &quot;hi&quot; &amp; &apos;bye&apos;&#10;&#9;ok\uFFFD',
    );
    expect(escapeXmlText('lone \uD800 surrogate')).toBe('lone \uFFFD surrogate');
  });
});

describe('faultline check --baseline', () => {
  let dir: string;
  let scenario: string;
  let baselines: string;
  let file: string;
  let recorded: BaselineFile;
  beforeAll(() => {
    dir = tempDir();
    scenario = join(dir, 'baselined.json');
    writeFileSync(scenario, JSON.stringify(SCENARIO, null, 2));
    baselines = join(dir, 'baselines');
    file = join(baselines, 'baselined.json');
  });

  it('fails without a baseline file and says how to create one', () => {
    const { status, stdout, stderr } = faultline('check', scenario, '--baseline', baselines);
    expect(status).toBe(1);
    expect(stdout).toContain(`baselined  no baseline (${file})`);
    expect(stderr).toBe(
      `faultline: 1 scenario has no baseline\nRecord the missing baseline with 'faultline check ${scenario} --baseline ${baselines} --update', then review and commit the new file.\n`,
    );
  });

  it('--update writes a reviewable file: fixed key order, 2-space JSON, a trailing newline', () => {
    const { status, stdout, stderr } = faultline('check', scenario, '--baseline', baselines, '--update');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain(`Baselines written to ${baselines}\n  baselined  created ${file} (33 metrics)`);
    const text = readFileSync(file, 'utf8');
    recorded = JSON.parse(text) as BaselineFile;
    expect(Object.keys(recorded)).toEqual([
      'format',
      'scenario',
      'seed',
      'traceHash',
      'tolerances',
      'metrics',
    ]);
    expect(recorded).toMatchObject({ format: 1, scenario: 'baselined', seed: 11, tolerances: {} });
    expect(text).toBe(serializeBaseline(recorded));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "format": 1,');
    const run = JSON.parse(faultline('run', scenario, '--json').stdout) as RunResult;
    expect(recorded.traceHash).toBe(run.traceHash);
    expect(recorded.metrics['clients.users.goodputPerSec']).toBe(
      storedValue(run.summary.clients['users'].goodputPerSec),
    );
  });

  it('then the check passes, with a line per scenario', () => {
    const { status, stdout, stderr } = faultline('check', scenario, '--baseline', baselines);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('  baselined  33 metrics within tolerance · trace hash unchanged');
    expect(stdout.endsWith('\n33 of 33 baseline metrics within tolerance in 1 scenario\n')).toBe(true);
  });

  it('--update again gives the same bytes and keeps reviewed tolerances', () => {
    write(file, {
      ...recorded,
      tolerances: { '*': { relative: 0.1 }, 'clients.users.latencyMs.p99': { absolute: 20 } },
    });
    const before = readFileSync(file, 'utf8');
    const { status, stdout } = faultline('check', scenario, '--baseline', baselines, '--update');
    expect(status).toBe(0);
    expect(stdout).toContain(`unchanged ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(before);
    write(file, recorded);
  });

  it('fails when a metric drifts beyond its tolerance, with a row saying by how much', () => {
    const goodput = recorded.metrics['clients.users.goodputPerSec']!;
    write(file, {
      ...recorded,
      metrics: { ...recorded.metrics, 'clients.users.goodputPerSec': goodput * 1.25 },
    });
    const { status, stdout, stderr } = faultline('check', scenario, '--baseline', baselines);
    expect(status).toBe(1);
    expect(stdout).toMatch(/metric +baseline +measured +tolerance +drift/);
    expect(stdout).toMatch(
      /\n {2}clients\.users\.goodputPerSec +[\d.]+ +[\d.]+ +±[\d.]+ +-[\d.]+ \(-20%\)\n/,
    );
    expect(stdout).toContain('  baselined  1 of 33 metrics outside tolerance · trace hash unchanged');
    expect(stderr).toBe('faultline: 1 baseline metric outside tolerance\n');
    expect(stderr).not.toContain(STACK_LINE);
    // Within 5%: fine.
    write(file, {
      ...recorded,
      metrics: { ...recorded.metrics, 'clients.users.goodputPerSec': goodput * 1.03 },
    });
    expect(faultline('check', scenario, '--baseline', baselines).status).toBe(0);
    // A reviewed tolerance can widen it.
    write(file, {
      ...recorded,
      tolerances: { 'clients.users.goodputPerSec': { relative: 0.25 } },
      metrics: { ...recorded.metrics, 'clients.users.goodputPerSec': goodput * 1.25 },
    });
    expect(faultline('check', scenario, '--baseline', baselines).status).toBe(0);
    write(file, recorded);
  });

  it('a changed trace hash is a note, and a failure with --strict', () => {
    write(file, { ...recorded, traceHash: '0123456789abcdef' });
    const lenient = faultline('check', scenario, '--baseline', baselines);
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toContain('33 metrics within tolerance · trace hash changed');
    expect(lenient.stdout.replace(/\n {4}/g, ' ')).toContain(
      `Notes\n  baselined: trace hash 0123456789abcdef -> ${recorded.traceHash}: the event sequence changed; metrics decide (pass --strict to fail on this)`,
    );
    expect(lenient.stdout).toContain('1 trace hash changed');
    const strict = faultline('check', scenario, '--baseline', baselines, '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stdout.replace(/\n {4}/g, ' ')).toContain(
      `Failed\n  baselined: trace hash 0123456789abcdef -> ${recorded.traceHash}: the event sequence changed (--strict)`,
    );
    expect(strict.stderr).toBe('faultline: 1 trace hash changed (--strict)\n');
    write(file, recorded);
  });

  it('a check on another seed than the baseline’s fails', () => {
    const { status, stdout, stderr } = faultline('check', scenario, '--baseline', baselines, '--seed', '12');
    expect(status).toBe(1);
    expect(stdout.replace(/\n {4}/g, ' ')).toContain(
      'the baseline was recorded on seed 11, this run used seed 12',
    );
    expect(stderr).toBe('faultline: 1 baseline is for another seed\n');
    const json = JSON.parse(
      faultline('check', scenario, '--baseline', baselines, '--seed', '12', '--json').stdout,
    ) as CheckJson;
    expect(json.scenarios[0].baseline?.problems).toEqual([
      {
        kind: 'seed',
        message: `the baseline was recorded on seed 11, this run used seed 12: check on seed 11, or re-record with 'faultline check ${scenario} --baseline ${baselines} --update'`,
      },
    ]);
    expect(json.scenarios[0].baseline?.metrics).toEqual([]);
  });

  it('a metric missing from the baseline (or from the run) fails until the baseline is updated', () => {
    const { ['queues.jobs.depth.mean']: _, ...fewer } = recorded.metrics;
    write(file, { ...recorded, metrics: { ...fewer, 'services.gone.utilisation': 0.5 } });
    const { status, stdout } = faultline('check', scenario, '--baseline', baselines);
    expect(status).toBe(1);
    expect(stdout).toMatch(/ {2}queues\.jobs\.depth\.mean +— +[\d.]+ +— +not in the baseline/);
    expect(stdout).toMatch(/ {2}services\.gone\.utilisation +0\.5 +— +— +missing from the run/);
    write(file, recorded);
  });

  it('an invalid baseline is an input error naming each problem, before any run', () => {
    write(file, {
      ...recorded,
      metrics: { ...recorded.metrics, 'clients.users.errorRate': 'low' as unknown as number },
    });
    const { status, stdout, stderr } = faultline('check', scenario, '--baseline', baselines);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`faultline: baseline '${file}' is not valid (1 error):\n`);
    expect(stderr).toContain(
      `${file}: metrics.clients.users.errorRate: expected a number or null, found "low"\n`,
    );
    expect(stderr).not.toContain(STACK_LINE);
    writeFileSync(file, '{ nope');
    expect(faultline('check', scenario, '--baseline', baselines).stderr).toMatch(/is not valid JSON/);
    write(file, recorded);
  });

  it('--json adds each scenario’s comparison and the mode', () => {
    const goodput = recorded.metrics['clients.users.goodputPerSec']!;
    write(file, {
      ...recorded,
      metrics: { ...recorded.metrics, 'clients.users.goodputPerSec': goodput * 2 },
    });
    const { status, stdout } = faultline('check', scenario, '--baseline', baselines, '--json');
    expect(status).toBe(1);
    const json = JSON.parse(stdout) as CheckJson;
    expect(json.passed).toBe(false);
    expect(json.baseline).toEqual({ dir: baselines, update: false, strict: false });
    const [s] = json.scenarios;
    expect(s.passed).toBe(false);
    expect(s.hypotheses.every((h) => h.passed)).toBe(true);
    expect(Object.keys(s.baseline!)).toEqual([
      'file',
      'status',
      'passed',
      'baselineSeed',
      'traceHash',
      'metricCount',
      'metrics',
      'problems',
      'notes',
    ]);
    expect(s.baseline).toMatchObject({
      file,
      status: 'compared',
      passed: false,
      baselineSeed: 11,
      metricCount: 33,
    });
    const row = s.baseline!.metrics.find((m) => m.metric === 'clients.users.goodputPerSec')!;
    expect(Object.keys(row)).toEqual([
      'metric',
      'baseline',
      'measured',
      'tolerance',
      'allowed',
      'drift',
      'driftRelative',
      'passed',
      'problem',
    ]);
    expect(row).toMatchObject({
      baseline: goodput * 2,
      passed: false,
      tolerance: { relative: 0.05, absolute: 0.5 },
    });
    expect(row.driftRelative).toBeCloseTo(-0.5, 2);
    write(file, recorded);
  });

  it('--junit FILE writes JUnit XML: a suite per scenario, a case per hypothesis and baseline metric', () => {
    const goodput = recorded.metrics['clients.users.goodputPerSec']!;
    write(file, {
      ...recorded,
      metrics: { ...recorded.metrics, 'clients.users.goodputPerSec': goodput * 2 },
    });
    const junit = join(dir, 'check.xml');
    const { status } = faultline('check', scenario, '--baseline', baselines, '--junit', junit);
    expect(status).toBe(1);
    const { suites, tests, failures } = junitSummary(readFileSync(junit, 'utf8'));
    expect(suites.map((s) => s.name)).toEqual(['baselined']);
    // 1 hypothesis + 33 metrics + the trace hash.
    expect(tests).toBe(35);
    expect(failures).toBe(1);
    const cases = suites[0].cases;
    expect(cases[0]).toEqual({
      classname: 'baselined.hypotheses',
      name: 'users get most answers',
      failure: null,
    });
    const failed = cases.find((c) => c.failure !== null)!;
    expect(failed.classname).toBe('baselined.baseline');
    expect(failed.name).toBe('clients.users.goodputPerSec');
    expect(failed.failure).toMatch(
      /^clients\.users\.goodputPerSec: measured [\d.]+, baseline [\d.]+, allowed ±[\d.]+, drift -[\d.]+ \(-50%\)$/,
    );
    expect(cases[cases.length - 1]).toEqual({
      classname: 'baselined.baseline',
      name: 'trace hash',
      failure: null,
    });
    // A missing baseline is one failing case.
    const missing = faultline('check', scenario, '--baseline', join(dir, 'nowhere'), '--junit', junit);
    expect(missing.status).toBe(1);
    const none = junitSummary(readFileSync(junit, 'utf8'));
    expect(none.suites[0].cases.map((c) => [c.name, c.failure !== null])).toEqual([
      ['users get most answers', false],
      ['baseline file', true],
    ]);
    write(file, recorded);
  });

  it('rejects --update or --strict without --baseline, and both together', () => {
    for (const args of [['--update'], ['--strict'], ['--baseline', baselines, '--update', '--strict']]) {
      const r = faultline('check', scenario, ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^faultline: --(update|strict|update and --strict) /);
    }
  });
});
