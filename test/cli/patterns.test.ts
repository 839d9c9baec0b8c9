/** `faultline run` on a scenario with resilience patterns, a fault and a queue: the new report parts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunResultSchema } from '../../scenarios/schema/result-schema.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { faultline, tempDir } from './cli-helpers.ts';

/**
 * A client that retries (3 attempts, 50 ms timeouts) behind a circuit breaker, calling an API
 * that fails 90% of its requests from 2 s to 4 s: retries, an opening breaker and refusals.
 */
const RETRY_BREAKER = {
  id: 'retry-breaker',
  title: 'A retrying client behind a breaker',
  durationMs: 8000,
  clients: [
    {
      name: 'users',
      target: 'api',
      arrival: { kind: 'poisson', ratePerSec: 200 },
      timeoutMs: 50,
      retry: { maxAttempts: 3 },
      breaker: { slidingWindowSize: 20, minimumNumberOfCalls: 20, waitDurationInOpenStateMs: 500 },
    },
  ],
  services: [
    {
      name: 'api',
      replicas: 2,
      concurrency: 4,
      serviceTime: { kind: 'exponential', meanMs: 10 },
      calls: [{ service: 'orders', fallback: { kind: 'static' } }],
    },
    { name: 'worker', serviceTime: { kind: 'constant', valueMs: 5 } },
  ],
  queues: [{ name: 'orders', consumer: 'worker' }],
  faults: [
    { kind: 'errors', name: 'api-errors', service: 'api', atMs: 2000, durationMs: 2000, probability: 0.9 },
  ],
};

let file: string;

beforeAll(() => {
  file = join(tempDir(), 'retry-breaker.json');
  writeFileSync(file, `${JSON.stringify(RETRY_BREAKER, null, 2)}\n`);
});

function runJson(): RunResult {
  const { status, stdout, stderr } = faultline('run', file, '--json');
  expect(stderr).toBe('');
  expect(status).toBe(0);
  return JSON.parse(stdout) as RunResult;
}

describe('faultline run on a scenario with patterns: --json', () => {
  let result: RunResult;
  beforeAll(() => {
    result = runJson();
  });

  it('validates against the documented contract, edges, queues and faults included', () => {
    const parsed = RunResultSchema.safeParse(result);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    // zod drops unknown keys: equal after parsing means every field is in the contract.
    expect(parsed.data).toStrictEqual(result);
  });

  it('reports the retries, the breaker and its refusals on the client edge', () => {
    const edge = result.summary.edges['users->api'];
    expect(edge.retries).toBeGreaterThan(0);
    expect(edge.refused.breakerOpen).toBeGreaterThan(0);
    expect(edge.breaker).not.toBeNull();
    expect(edge.breaker!.opened).toBeGreaterThan(0);
    expect(edge.breaker!.transitions[0]).toMatchObject({ node: 'users', from: 'closed', to: 'open' });
    expect(edge.attempts).toBe(edge.calls + edge.retries + edge.hedges);
    expect(edge.amplification).toBe(edge.attempts / edge.calls);
    expect(result.summary.clients['users'].errors.breakerOpen).toBeGreaterThan(0);
    expect(Object.keys(result.summary.edges).sort()).toEqual(['api->orders', 'orders->worker', 'users->api']);
    expect(Object.keys(result.summary.queues)).toEqual(['orders']);
    expect(result.summary.faults.map((f) => [f.name, f.kind, f.startMs, f.endMs])).toEqual([
      ['api-errors', 'errors', 2000, 4000],
    ]);
  });
});

describe('faultline run on a scenario with patterns: the report', () => {
  let stdout: string;
  let result: RunResult;
  beforeAll(() => {
    const run = faultline('run', file);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    stdout = run.stdout;
    result = runJson();
  });

  /** The cells of the report row whose first cell is `name`, under the header row starting with `first`. */
  function row(first: string, name: string): { header: string[]; cells: string[] } {
    const lines = stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith(`${first} `));
    expect(at, `a table headed "${first}"`).toBeGreaterThanOrEqual(0);
    const header = lines[at].trim().split(/\s+/);
    const line = lines.slice(at + 1).find((l) => l.startsWith(`${name} `));
    expect(line, `a row "${name}" under "${first}"`).toBeDefined();
    return { header, cells: line!.trim().split(/\s+/) };
  }

  it('has an edges table: calls, attempts, retries, hedges, suppressed, refused, fallbacks, ampl, breaker opened', () => {
    const { header, cells } = row('edge', 'users->api');
    expect(header).toEqual([
      'edge',
      'calls',
      'attempts',
      'retries',
      'hedges',
      'suppressed',
      'refused',
      'fallbacks',
      'ampl',
      'opened',
    ]);
    const e = result.summary.edges['users->api'];
    const n = (x: number) => x.toLocaleString('en-US');
    expect(cells).toEqual([
      'users->api',
      n(e.calls),
      n(e.attempts),
      n(e.retries),
      '0',
      '0',
      n(e.refused.breakerOpen),
      '0',
      `${e.amplification!.toFixed(2)}×`,
      String(e.breaker!.opened),
    ]);
    // An edge without a breaker shows a dash; a fallback that answered shows up.
    expect(row('edge', 'api->orders').cells.at(-1)).toBe('—');
  });

  it('shows a cause column such as breakerOpen only when it happened', () => {
    const { header, cells } = row('client', 'users');
    expect(header).toContain('breakerOpen');
    expect(cells[header.indexOf('breakerOpen')]).toBe(
      result.summary.clients['users'].errors.breakerOpen.toLocaleString('en-US'),
    );
    for (const absent of ['shed', 'rateLimited', 'bulkheadFull', 'limited', 'corrupt']) {
      expect(stdout).not.toMatch(new RegExp(`\\s${absent}(\\s|$)`, 'm'));
    }
  });

  it('has a queues table and the recovery after the fault', () => {
    const { header, cells } = row('queue', 'orders');
    expect(header.slice(0, 5)).toEqual(['queue', 'published', 'delivered', 'redelivered', 'dead-letter']);
    expect(cells[1]).toBe(result.summary.queues['orders'].published.toLocaleString('en-US'));
    const fault = result.summary.faults[0];
    const line = stdout.split('\n').find((l) => l.startsWith('api-errors '));
    expect(line).toBeDefined();
    expect(line).toContain('errors');
    expect(line).toContain('2.00 s–4.00 s');
    if (fault.recoveryMs !== null && fault.recoveryMs > 0)
      expect(line).toMatch(/recovered [\d.]+ s after the end/);
  });

  it('fits 100 columns and adds the edges to the series over time', () => {
    for (const line of stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    expect(stdout).toMatch(/^users->api\s+retries\/s\s+[▁▂▃▄▅▆▇█]+/m);
    expect(stdout).toMatch(/breaker open\s+[▁▂▃▄▅▆▇█]+/);
  });
});

describe('faultline run on a scenario with patterns: --csv', () => {
  it('has a row per bucket for every client, service, edge and queue', () => {
    const { status, stdout } = faultline('run', file, '--csv');
    expect(status).toBe(0);
    const [header, ...rows] = stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','));
    expect(rows).toHaveLength(8 * (1 + 2 + 3 + 1));
    const first = rows.filter((r) => r[0] === '0').map((r) => `${r[1]} ${r[2]}`);
    expect(first).toEqual([
      'client users',
      'service api',
      'service worker',
      'edge users->api',
      'edge api->orders',
      'edge orders->worker',
      'queue orders',
    ]);
    const retries = header.indexOf('retriesPerSec');
    const edge = rows.filter((r) => r[2] === 'users->api').map((r) => Number(r[retries]));
    expect(Math.max(...edge)).toBeGreaterThan(0);
    const depth = header.indexOf('depthMean');
    expect(rows.find((r) => r[1] === 'queue')![depth]).not.toBe('');
    expect(rows.find((r) => r[1] === 'client')![depth]).toBe('');
  });
});
