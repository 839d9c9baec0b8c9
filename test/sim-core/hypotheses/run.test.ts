/**
 * Hypotheses on a real (short) run of a built-in scenario, added to its document through the
 * scenario parser like a user would write them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInScenario } from '../../../scenarios/index.ts';
import { evaluateHypotheses } from '../../../sim-core/hypotheses/evaluate.ts';
import { computeRecovery, recoveryInputOf } from '../../../sim-core/metrics/recovery.ts';
import type { RunResult } from '../../../sim-core/metrics/result.ts';
import { runScenario } from '../../../sim-core/run/simulation.ts';
import type { HypothesisSpec, Scenario } from '../../../sim-core/scenario/spec.ts';
import { parse } from '../../support/scenarios.ts';

const h = (spec: Partial<HypothesisSpec> & Pick<HypothesisSpec, 'name' | 'metric' | 'op' | 'value'>) => ({
  mode: 'summary',
  window: null,
  relativeTo: null,
  ...spec,
});

const HYPOTHESES = [
  h({ name: 'db amplification', metric: 'services.db.amplification', op: '<=', value: 1.5 }),
  // The users' timeout is 1 s: every success is faster.
  h({ name: 'user p99', metric: 'clients.users.latencyMs.p99', op: '<', value: 1000 }),
  h({
    name: 'goodput window',
    metric: 'clients.users.goodputPerSec',
    op: '>=',
    value: 300,
    mode: 'window',
    window: { fromMs: 6000, toMs: 16_000 },
  }),
  h({
    name: 'web p99 before the crash',
    metric: 'services.web.latencyMs.p99',
    op: '<=',
    value: 500,
    mode: 'every-bucket',
    window: { fromMs: 6000, toMs: 16_000 },
  }),
  h({
    name: 'web p99 across the crash',
    metric: 'services.web.latencyMs.p99',
    op: '<=',
    value: 500,
    mode: 'every-bucket',
    window: { fromMs: 6000, toMs: 30_000 },
  }),
  h({
    name: 'goodput dips during the crash',
    metric: 'clients.users.goodputPerSec',
    op: '<',
    value: 0.5,
    mode: 'window',
    window: { fromMs: 16_000, toMs: 18_000 },
    relativeTo: { fromMs: 6000, toMs: 16_000 },
  }),
  h({ name: 'impossible', metric: 'clients.users.goodputPerSec', op: '>', value: 1_000_000 }),
  h({ name: 'no such metric', metric: 'services.db.amplificaton', op: '<=', value: 2 }),
  h({ name: 'recovery', metric: 'faults.db-crash.recoveryMs', op: '<=', value: 10_000 }),
  h({ name: 'not metastable', metric: 'faults.db-crash.metastable', op: '==', value: 0 }),
  h({ name: 'baseline', metric: 'faults.db-crash.preFaultGoodputPerSec', op: '>=', value: 300 }),
];

describe('hypotheses on a real run of three-tier', () => {
  let scenario: Scenario;
  let result: RunResult;

  beforeAll(() => {
    const raw = builtInScenario('three-tier') as Record<string, unknown>;
    scenario = parse(
      {
        ...raw,
        faults: [
          { name: 'db-crash', atMs: 16_000, durationMs: 2000, kind: 'crash', service: 'db', replica: 0 },
        ],
        hypotheses: HYPOTHESES,
      },
      ['durationMs=30000'],
    );
    result = runScenario(scenario);
  });

  it('parses the hypotheses as written', () => {
    expect(scenario.hypotheses.map((x) => x.name)).toEqual(HYPOTHESES.map((x) => x.name));
  });

  it('measures exactly what the result says', () => {
    const o = evaluateHypotheses(scenario, result);
    const by = (name: string) => o.find((x) => x.name === name)!;
    const s = result.summary;
    expect(by('db amplification').measured).toBe(s.services.db.amplification);
    expect(by('user p99').measured).toBe(s.clients.users.latencyMs.p99);

    // Window mean of buckets 6-16 s (2 s buckets: 5 of them), by hand.
    const g = result.series.clients.users.goodputPerSec;
    const w = result.series.bucketMs;
    const inWindow = (from: number, to: number) =>
      result.series.startMs.flatMap((t, i) => (t >= from && t + w <= to ? [g[i]] : []));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(inWindow(6000, 16_000)).toHaveLength(5);
    expect(by('goodput window').measured).toBe(mean(inWindow(6000, 16_000)));

    const before = mean(inWindow(6000, 16_000));
    expect(by('goodput dips during the crash').bound).toBe(0.5 * before);
    expect(by('goodput dips during the crash').measured).toBe(mean(inWindow(16_000, 18_000)));

    const p99 = result.series.services.web.latencyP99Ms.filter(
      (_, i) => result.series.startMs[i] >= 6000 && result.series.startMs[i] + w <= 30_000,
    );
    expect(by('web p99 across the crash').measured).toBe(
      Math.max(...p99.filter((x): x is number => x !== null)),
    );

    const [recovery] = computeRecovery(recoveryInputOf(result, scenario.faults, scenario.metrics.warmupMs));
    expect(by('recovery').measured).toBe(recovery.recoveryMs);
    expect(by('baseline').measured).toBe(recovery.preFaultGoodputPerSec);
    // The run carries the same recovery in summary.faults.
    const { thresholdPerSec: _t, ...carried } = recovery;
    expect(result.summary.faults).toEqual([carried]);
  });

  it('passes what holds and fails what does not, without throwing', () => {
    const o = evaluateHypotheses(scenario, result);
    expect(o.map((x) => [x.name, x.passed])).toEqual([
      ['db amplification', true],
      ['user p99', true],
      ['goodput window', true],
      ['web p99 before the crash', true],
      ['web p99 across the crash', false],
      ['goodput dips during the crash', true],
      ['impossible', false],
      ['no such metric', false],
      ['recovery', true],
      ['not metastable', true],
      ['baseline', true],
    ]);
    expect(o[4].detail).toMatch(/^\d+ of 12 buckets fail <= 500; first at 16–18 s \(/);
    expect(o[5].expected).toMatch(/^< 50% of \d+(\.\d+)? \(mean over 6–16 s\)$/);
    expect(o[7].detail).toMatch(
      /^metric 'services\.db\.amplificaton' not found: summary\.services\.db has no 'amplificaton'; it has: replicas, workers, attempts, /,
    );
  });

  it('is deterministic', () => {
    expect(evaluateHypotheses(scenario, runScenario(scenario))).toEqual(evaluateHypotheses(scenario, result));
  });
});
