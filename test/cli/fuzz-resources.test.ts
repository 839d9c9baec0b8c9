import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunResultSchema } from '../../scenarios/schema/result-schema.ts';
import { REPO_ROOT, STACK_LINE, tempDir } from './cli-helpers.ts';

/**
 * Every input either runs or is refused: `faultline run` on valid scenarios of extreme but legal
 * sizes, and on mutations of them, ends with a known exit code, never a stack trace, in bounded
 * memory, and with a JSON result that conserves requests whenever it says ok. Few runs and short
 * durations: each is a child process.
 */

const RSS_LIMIT_KB = 1.5 * 1024 * 1024;
const EXIT_CODES = [0, 1, 2, 130];

type Doc = Record<string, unknown>;

const distribution = fc.oneof(
  fc.record({ kind: fc.constant('constant'), valueMs: fc.constantFrom(0, 0.001, 1, 50) }),
  fc.record({ kind: fc.constant('exponential'), meanMs: fc.constantFrom(0.01, 1, 20) }),
);

const arrival = fc.oneof(
  fc.record({ kind: fc.constant('poisson'), ratePerSec: fc.constantFrom(1, 1000, 50_000, 200_000) }),
  fc.record({
    kind: fc.constant('closed'),
    users: fc.constantFrom(1, 1000, 200_000),
    thinkTime: distribution,
  }),
  fc.record({
    kind: fc.constant('once'),
    users: fc.constantFrom(1, 100_000, 1_000_000),
    atMs: fc.constant(10),
  }),
);

/** A valid scenario: a chain of services (up to 100 deep), up to 10,000 replicas each. */
const validScenario: fc.Arbitrary<Doc> = fc
  .record({
    depth: fc.constantFrom(1, 2, 5, 100),
    replicas: fc.constantFrom(1, 3, 10_000),
    concurrency: fc.constantFrom(1, 8),
    capacity: fc.constantFrom(null, 0, 10),
    serviceTime: distribution,
    arrival,
    latency: fc.constantFrom(0, 0.5),
    durationMs: fc.constantFrom(50, 300, 1000),
    maxInFlight: fc.option(fc.constantFrom(1, 100, 10_000), { nil: undefined }),
  })
  .map((p) => {
    // Nodes stay within the limit (50,000) whatever the depth.
    const replicas = p.depth * p.replicas > 40_000 ? 1 : p.replicas;
    return {
      id: 'fuzz',
      title: 'Fuzzed scenario',
      seed: 1,
      durationMs: p.durationMs,
      ...(p.maxInFlight !== undefined ? { budget: { maxInFlight: p.maxInFlight } } : {}),
      network: { latency: { kind: 'constant', valueMs: p.latency } },
      clients: [{ name: 'users', target: 's0', arrival: p.arrival }],
      services: Array.from({ length: p.depth }, (_, i) => ({
        name: `s${i}`,
        replicas,
        concurrency: p.concurrency,
        queue: { capacity: p.capacity },
        serviceTime: p.serviceTime,
        ...(i + 1 < p.depth ? { calls: [{ service: `s${i + 1}` }] } : {}),
      })),
    };
  });

/** Strange values a mutation writes into a field. */
const strange = fc.constantFrom<unknown>(
  -1,
  0,
  1e9,
  1e308,
  2 ** 53 + 1,
  0.5,
  '',
  'x',
  '__proto__',
  null,
  true,
  [],
  {},
);

/** Paths of the fields a mutation may hit. */
const FIELDS: readonly (readonly (string | number)[])[] = [
  ['durationMs'],
  ['budget'],
  ['clients', 0, 'arrival', 'users'],
  ['clients', 0, 'arrival', 'ratePerSec'],
  ['clients', 0, 'target'],
  ['services', 0, 'replicas'],
  ['services', 0, 'concurrency'],
  ['services', 0, 'queue', 'capacity'],
  ['services', 0, 'serviceTime'],
  ['services', 0, 'calls'],
  ['services', 0, 'name'],
  ['network', 'latency', 'valueMs'],
];

function mutate(doc: Doc, path: readonly (string | number)[], value: unknown): Doc {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (typeof next !== 'object' || next === null) return copy as Doc;
    at = next as Record<string | number, unknown>;
  }
  at[path[path.length - 1]] = value;
  return copy as Doc;
}

const mutatedScenario: fc.Arbitrary<Doc> = fc
  .tuple(validScenario, fc.constantFrom(...FIELDS), strange)
  .map(([doc, path, value]) => mutate(doc, path, value));

const dir = tempDir();
let n = 0;

/** `faultline run FILE --json` in a child: its exit code, output and peak RSS. */
function run(doc: Doc) {
  const file = join(dir, `s${++n}.json`);
  const rssFile = join(dir, `s${n}.rss`);
  writeFileSync(file, JSON.stringify(doc));
  const child = spawnSync(process.execPath, ['test/support/max-rss.mjs', rssFile, 'run', file, '--json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
    maxBuffer: 1 << 26,
  });
  return { ...child, rssKb: Number(readFileSync(rssFile, 'utf8')) };
}

/** Runs `doc` and checks the contract; `valid` scenarios must exit 0. */
function checkRun(doc: Doc, valid: boolean): void {
  const child = run(doc);
  const what = JSON.stringify(doc).slice(0, 400);
  expect(EXIT_CODES, `${what}\n${child.stderr}`).toContain(child.status);
  if (valid) expect(child.status, `${what}\n${child.stderr}`).toBe(0);
  expect(child.stderr, what).not.toContain(STACK_LINE);
  expect(child.rssKb, what).toBeLessThan(RSS_LIMIT_KB);
  if (child.status !== 0) return;
  const result = RunResultSchema.parse(JSON.parse(child.stdout));
  for (const [name, c] of Object.entries(result.summary.clients)) {
    const errors = Object.values(c.errors).reduce((a, b) => a + b, 0);
    expect(c.succeeded + c.degraded + c.corrupt + errors + c.inFlight, `${name} in ${what}`).toBe(c.offered);
  }
}

describe('faultline run over fuzzed scenarios of extreme sizes', () => {
  it('valid ones run (or stop on a budget) with a JSON result that conserves requests', () => {
    fc.assert(
      fc.property(validScenario, (doc) => checkRun(doc, true)),
      { numRuns: 6, seed: 10, endOnFailure: true },
    );
  }, 120_000);

  it('mutated ones run or are refused with a message, never a crash', () => {
    fc.assert(
      fc.property(mutatedScenario, (doc) => checkRun(doc, false)),
      { numRuns: 10, seed: 11, endOnFailure: true },
    );
  }, 120_000);
});
