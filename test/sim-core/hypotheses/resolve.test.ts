import { describe, expect, it } from 'vitest';
import { resolveMetric } from '../../../sim-core/hypotheses/resolve.ts';
import { computeRecovery } from '../../../sim-core/metrics/recovery.ts';
import type { EdgeSeries, EdgeSummary, RunResult } from '../../../sim-core/metrics/result.ts';
import { handBuiltResult } from './fixture.ts';

const r = handBuiltResult();

function scalar(path: string, result: RunResult = r) {
  const m = resolveMetric(result, path);
  if (!m.ok) throw new Error(m.error);
  if (m.kind !== 'scalar') throw new Error(`${path} is not a scalar`);
  return m.value;
}

function series(path: string, result: RunResult = r) {
  const m = resolveMetric(result, path, 'series');
  if (!m.ok) throw new Error(m.error);
  if (m.kind !== 'series') throw new Error(`${path} is not a series`);
  return m.values;
}

function error(path: string, mode: 'summary' | 'series' = 'summary', result: RunResult = r): string {
  const m = resolveMetric(result, path, mode);
  if (m.ok) throw new Error(`${path} resolved`);
  return m.error;
}

describe('resolveMetric: summary values', () => {
  it('reads client and service metrics', () => {
    expect(scalar('clients.users.goodputPerSec')).toBe(95);
    expect(scalar('services.db.amplification')).toBe(1.5);
    expect(scalar('clients.users.latencyMs.p99')).toBe(50);
    expect(scalar('services.db.errors.rejected')).toBe(7);
    expect(scalar('services.db.queueDepth.max')).toBe(12);
  });

  it('reads any other summary field and top-level result numbers', () => {
    expect(scalar('userRequests')).toBe(1000);
    expect(scalar('network.lost')).toBe(2);
    expect(scalar('events')).toBe(12345);
    expect(scalar('simTimeMs')).toBe(10_000);
  });

  it('accepts the series spelling of latency and queue depth', () => {
    expect(scalar('clients.users.latencyP99Ms')).toBe(50);
    expect(scalar('services.db.queueDepthMean')).toBe(1.5);
    expect(scalar('services.db.queueWaitMs.p999')).toBe(11);
  });

  it('keeps null (no value) as null', () => {
    const empty = handBuiltResult();
    empty.summary.services.db.amplification = null;
    expect(scalar('services.db.amplification', empty)).toBeNull();
  });

  it('follows sections the engine adds later, generically', () => {
    const extended = handBuiltResult() as RunResult & {
      summary: { breakers: Record<string, { opened: number; open: boolean }> };
    };
    extended.summary.breakers = { 'web->api': { opened: 3, open: true } };
    expect(scalar('breakers.web->api.opened', extended)).toBe(3);
    expect(scalar('breakers.web->api.open', extended)).toBe(1);
  });

  it('matches keys that contain a dot', () => {
    const dotted = handBuiltResult();
    dotted.summary.services['db.primary'] = dotted.summary.services.db;
    expect(scalar('services.db.primary.amplification', dotted)).toBe(1.5);
  });
});

describe('resolveMetric: series', () => {
  it('reads per-bucket arrays', () => {
    expect(series('clients.users.goodputPerSec')).toEqual([100, 100, 100, 100, 80, 60, 100, 100, 100, 100]);
    expect(series('services.db.errorsPerSec.rejected')).toEqual([0, 0, 0, 0, 5, 5, 0, 0, 0, 0]);
    expect(series('services.db.amplification')).toEqual([1, 1, 1, 1, 2, 3, 1, 1, 1, 1]);
  });

  it('accepts the summary spelling of latency and queue depth', () => {
    expect(series('clients.users.latencyMs.p99')).toEqual([10, 10, 20, 20, null, null, 30, 40, 10, 10]);
    expect(series('services.db.queueDepth.max')).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });
});

describe('resolveMetric: faults', () => {
  const recovery = computeRecovery({
    goodputPerSec: [100, 100, 100, 0, 0, 50, 100, 100, 100, 100],
    bucketMs: 1000,
    warmupMs: 0,
    faults: [{ name: 'crash@3000', startMs: 3000, endMs: 5000 }],
  });

  it('reads recovery computed by the caller', () => {
    const m = resolveMetric(r, 'faults.crash@3000.recoveryMs', 'summary', { recovery });
    expect(m).toEqual({ ok: true, kind: 'scalar', path: 'faults.crash@3000.recoveryMs', value: 1000 });
    const meta = resolveMetric(r, 'faults.crash@3000.metastable', 'summary', { recovery });
    expect(meta.ok && meta.kind === 'scalar' && meta.value).toBe(0);
  });

  it('prefers recovery the result carries (a list or a record)', () => {
    const carried = handBuiltResult();
    carried.summary.faults = [
      {
        name: 'crash@3000',
        kind: 'crash',
        startMs: 3000,
        endMs: 5000,
        preFaultGoodputPerSec: 100,
        recoveredAtMs: 9000,
        recoveryMs: 4000,
        metastable: false,
        state: 'recovered',
      },
    ];
    const m = resolveMetric(carried, 'faults.crash@3000.recoveryMs', 'summary', { recovery });
    expect(m.ok && m.kind === 'scalar' && m.value).toBe(4000);
    // A field the result does not carry comes from the computed recovery.
    const t = resolveMetric(carried, 'faults.crash@3000.thresholdPerSec', 'summary', { recovery });
    expect(t.ok && t.kind === 'scalar' && t.value).toBe(90);
    const asRecord = handBuiltResult() as unknown as { summary: { faults: unknown } };
    asRecord.summary.faults = { f: { recoveryMs: 5000 } };
    expect(scalar('faults.f.recoveryMs', asRecord as unknown as RunResult)).toBe(5000);
  });

  it('falls back to the computed recovery when summary.faults is empty', () => {
    expect(handBuiltResult().summary.faults).toEqual([]);
    const m = resolveMetric(r, 'faults.crash@3000.recoveryMs', 'summary', { recovery });
    expect(m.ok && m.kind === 'scalar' && m.value).toBe(1000);
  });

  it('names the faults there are when the name is wrong', () => {
    const m = resolveMetric(r, 'faults.crash.recoveryMs', 'summary', { recovery });
    expect(m).toEqual({
      ok: false,
      path: 'faults.crash.recoveryMs',
      error:
        "metric 'faults.crash.recoveryMs' not found: faults has no entry named 'crash'; it has: crash@3000",
    });
  });

  it('says what the result carries when nothing was computed', () => {
    expect(error('faults.f.recoveryMs')).toBe(
      "metric 'faults.f.recoveryMs' not found: summary.faults is a list, so it has no 'f'",
    );
    const bare = handBuiltResult() as unknown as { summary: Record<string, unknown> };
    delete bare.summary['faults'];
    expect(error('faults.f.recoveryMs', 'summary', bare as unknown as RunResult)).toContain(
      'no recovery data',
    );
  });

  it('has no series for fault metrics', () => {
    expect(error('faults.f.recoveryMs', 'series')).toContain("use mode 'summary'");
  });
});

describe('resolveMetric: paths that do not resolve', () => {
  it('names the path and what exists at the last valid segment', () => {
    expect(error('services.dbx.amplification')).toBe(
      "metric 'services.dbx.amplification' not found: summary.services has no 'dbx'; it has: db",
    );
    expect(error('clients.users.latencyMs.p98')).toBe(
      "metric 'clients.users.latencyMs.p98' not found: summary.clients.users.latencyMs has no 'p98'; it has: mean, p50, p90, p99, p999, max",
    );
    expect(error('nope.x')).toContain(
      "summary has no 'nope'; it has: window, userRequests, clients, services, edges, queues, faults, timeline, controlEvents, slos, alerts, deployments, network",
    );
  });

  it('explains a group or a number in the wrong place', () => {
    expect(error('clients.users.latencyMs')).toBe(
      "metric 'clients.users.latencyMs': summary.clients.users.latencyMs is a group, not a number; it has: mean, p50, p90, p99, p999, max",
    );
    expect(error('clients.users.goodputPerSec.p99')).toContain(
      "summary.clients.users.goodputPerSec is a number, so it has no 'p99'",
    );
    expect(error('clients.users.errorsPerSec', 'series')).toContain(
      'is a group, not a series; it has: failed',
    );
  });

  it('says when a summary value has no series', () => {
    expect(error('clients.users.errorRate', 'series')).toContain(
      "metric 'clients.users.errorRate' is a whole-run value with no per-bucket series; use mode 'summary'",
    );
  });

  it('says when a metric is in neither', () => {
    expect(error('services.db.bogus', 'series')).toContain(
      "metric 'services.db.bogus' has no series: series.services.db has no 'bogus'; it has: attemptsPerSec",
    );
  });

  it('rejects malformed paths', () => {
    expect(error('clients..goodputPerSec')).toContain('malformed');
    expect(error('')).toContain('malformed');
  });
});

function edge(retries: number, opened: number | null): EdgeSummary {
  return {
    calls: 100,
    attempts: 100 + retries,
    retries,
    hedges: 1,
    retriesSuppressed: 2,
    refused: { breakerOpen: 3, rateLimited: 0, bulkheadFull: 1, limited: 0 },
    fallbacks: 4,
    corruptDetected: 0,
    amplification: (100 + retries) / 100,
    outcomes: { succeeded: 95 },
    breaker: opened === null ? null : { opened, transitions: [] },
    limit: null,
  };
}

function edgeSeries(open: number[]): EdgeSeries {
  const zeros = open.map(() => 0);
  return {
    attemptsPerSec: zeros,
    retriesPerSec: zeros,
    retriesSuppressedPerSec: zeros,
    refusedPerSec: zeros,
    fallbacksPerSec: zeros,
    breakerOpen: open,
    limit: open.map(() => null),
  };
}

describe('resolveMetric: breakers and patterns', () => {
  const withEdges = handBuiltResult();
  withEdges.summary.edges = { 'users->web': edge(10, null), 'web->api': edge(30, 2) };
  withEdges.series.edges = {
    'users->web': edgeSeries([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    'web->api': edgeSeries([0, 0, 0, 0, 1, 0.5, 0, 0, 0, 0]),
  };
  withEdges.summary.services.db.duplicates = 6;

  it('reads an edge breaker as breakers.<edge>.<metric>', () => {
    expect(scalar('breakers.web->api.opened', withEdges)).toBe(2);
    expect(series('breakers.web->api.open', withEdges)).toEqual([0, 0, 0, 0, 1, 0.5, 0, 0, 0, 0]);
    expect(series('breakers.web->api.breakerOpen', withEdges)).toEqual([0, 0, 0, 0, 1, 0.5, 0, 0, 0, 0]);
  });

  it('says when an edge has no breaker, or there is no such edge', () => {
    expect(error('breakers.users->web.opened', 'summary', withEdges)).toBe(
      "metric 'breakers.users->web.opened' not found: summary.edges.users->web has no circuit breaker (breaker is null)",
    );
    expect(error('breakers.api->db.opened', 'summary', withEdges)).toBe(
      "metric 'breakers.api->db.opened' not found: summary.edges has no 'api->db'; it has: users->web, web->api",
    );
  });

  it('totals pattern counters over every edge and service', () => {
    expect(scalar('patterns.retries', withEdges)).toBe(40);
    expect(scalar('patterns.breakerOpens', withEdges)).toBe(2);
    expect(scalar('patterns.refused', withEdges)).toBe(8);
    expect(scalar('patterns.fallbacks', withEdges)).toBe(8);
    expect(scalar('patterns.duplicates', withEdges)).toBe(6);
    expect(scalar('patterns.shed', withEdges)).toBe(0);
    expect(error('patterns.amplification', 'summary', withEdges)).toContain(
      "patterns has no 'amplification'; it has: ",
    );
  });

  it('prefers sections the result carries', () => {
    const own = handBuiltResult() as RunResult & { summary: { patterns: Record<string, number> } };
    own.summary.patterns = { retries: 99 };
    expect(scalar('patterns.retries', own)).toBe(99);
  });
});

describe('resolveMetric: named lists', () => {
  it('matches names that contain a dot (a default fault name like crash@1500.5)', () => {
    const recovery = computeRecovery({
      goodputPerSec: [100, 100, 0, 100, 100, 100, 100],
      bucketMs: 1000,
      warmupMs: 0,
      faults: [{ name: 'crash@1500.5', startMs: 1500.5, endMs: 3000 }],
    });
    const m = resolveMetric(r, 'faults.crash@1500.5.recoveryMs', 'summary', { recovery });
    expect(m).toEqual({ ok: true, kind: 'scalar', path: 'faults.crash@1500.5.recoveryMs', value: 0 });
  });
});
