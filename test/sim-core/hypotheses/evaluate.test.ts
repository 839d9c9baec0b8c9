import { describe, expect, it } from 'vitest';
import { evaluateHypotheses, evaluateHypothesis } from '../../../sim-core/hypotheses/evaluate.ts';
import type { Scenario } from '../../../sim-core/scenario/spec.ts';
import { handBuiltResult, hypothesis } from './fixture.ts';

const r = handBuiltResult();

describe('evaluateHypothesis: summary mode', () => {
  it('passes and fails on the whole-run value', () => {
    expect(
      evaluateHypothesis(
        hypothesis({ name: 'ampl', metric: 'services.db.amplification', op: '<=', value: 2 }),
        r,
      ),
    ).toEqual({
      name: 'ampl',
      metric: 'services.db.amplification',
      mode: 'summary',
      op: '<=',
      expected: '<= 2',
      bound: 2,
      scope: 'summary (2–10 s)',
      measured: 1.5,
      passed: true,
      detail: 'summary (2–10 s): 1.5 satisfies <= 2',
    });
    const failed = evaluateHypothesis(
      hypothesis({ metric: 'clients.users.latencyMs.p99', op: '<', value: 50 }),
      r,
    );
    expect(failed).toMatchObject({
      measured: 50,
      passed: false,
      detail: 'summary (2–10 s): 50 violates < 50',
    });
  });

  it('supports every operator, == exactly', () => {
    const at = (op: '<' | '<=' | '>' | '>=' | '==', value: number) =>
      evaluateHypothesis(hypothesis({ metric: 'clients.users.goodputPerSec', op, value }), r).passed;
    expect([at('<', 95), at('<=', 95), at('>', 95), at('>=', 95), at('==', 95), at('==', 95.0001)]).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  it('fails on a null summary value with "no data"', () => {
    const empty = handBuiltResult();
    empty.summary.clients.users.latencyMs.p99 = null;
    const o = evaluateHypothesis(hypothesis({ metric: 'clients.users.latencyMs.p99', value: 100 }), empty);
    expect(o).toMatchObject({ measured: null, passed: false });
    expect(o.detail).toContain('no data');
  });

  it('fails (never throws) on a metric that does not exist', () => {
    const o = evaluateHypothesis(hypothesis({ metric: 'services.cache.amplification', value: 2 }), r);
    expect(o).toMatchObject({ measured: null, passed: false, expected: '<= 2' });
    expect(o.detail).toBe(
      "metric 'services.cache.amplification' not found: summary.services has no 'cache'; it has: db",
    );
  });
});

describe('evaluateHypothesis: window mode', () => {
  it('averages the buckets fully inside [fromMs, toMs)', () => {
    const o = evaluateHypothesis(
      hypothesis({
        metric: 'clients.users.goodputPerSec',
        op: '>=',
        value: 75,
        mode: 'window',
        window: { fromMs: 4000, toMs: 6000 },
      }),
      r,
    );
    expect(o).toMatchObject({
      scope: 'mean over 4–6 s',
      expected: '>= 75',
      measured: 70,
      passed: false,
      detail: 'mean of 2 buckets in 4–6 s: 70 violates >= 75',
    });
  });

  it('leaves out partly covered buckets', () => {
    // 3.5-7.5 s holds buckets 4, 5 and 6 fully: (80 + 60 + 100) / 3 = 80.
    const o = evaluateHypothesis(
      hypothesis({
        metric: 'clients.users.goodputPerSec',
        op: '>=',
        value: 80,
        mode: 'window',
        window: { fromMs: 3500, toMs: 7500 },
      }),
      r,
    );
    expect(o.measured).toBe(80);
    expect(o.passed).toBe(true);
  });

  it('skips nulls in the mean and says so', () => {
    const o = evaluateHypothesis(
      hypothesis({
        metric: 'clients.users.latencyMs.p99',
        op: '<=',
        value: 30,
        mode: 'window',
        window: { fromMs: 2000, toMs: 8000 },
      }),
      r,
    );
    expect(o.measured).toBe(27.5);
    expect(o.passed).toBe(true);
    expect(o.detail).toBe('mean of 4 buckets in 2–8 s: 27.5 satisfies <= 30; 2 buckets with no data skipped');
  });

  it('fails with "no data" when every bucket is null', () => {
    const o = evaluateHypothesis(
      hypothesis({
        metric: 'clients.users.latencyMs.p99',
        value: 30,
        mode: 'window',
        window: { fromMs: 4000, toMs: 6000 },
      }),
      r,
    );
    expect(o).toMatchObject({
      measured: null,
      passed: false,
      detail: 'no data: all 2 buckets in 4–6 s have no value',
    });
  });

  it('fails when no bucket lies fully inside the window', () => {
    const o = evaluateHypothesis(
      hypothesis({
        metric: 'clients.users.goodputPerSec',
        mode: 'window',
        window: { fromMs: 4500, toMs: 5500 },
      }),
      r,
    );
    expect(o.passed).toBe(false);
    expect(o.detail).toBe('no 1 s bucket lies fully inside 4.5–5.5 s (the series covers 0–10 s)');
  });

  it('uses the summary window when none is given', () => {
    const o = evaluateHypothesis(
      hypothesis({ metric: 'clients.users.goodputPerSec', op: '>=', value: 0, mode: 'window' }),
      r,
    );
    // Buckets 2..9: (100 + 100 + 80 + 60 + 4 x 100) / 8 = 92.5.
    expect(o).toMatchObject({ scope: 'mean over 2–10 s', measured: 92.5, passed: true });
  });

  it('fails on a summary-only metric, saying to use summary mode', () => {
    const o = evaluateHypothesis(
      hypothesis({ metric: 'clients.users.errorRate', mode: 'window', window: { fromMs: 0, toMs: 5000 } }),
      r,
    );
    expect(o.passed).toBe(false);
    expect(o.detail).toContain("no per-bucket series; use mode 'summary'");
  });
});

describe('evaluateHypothesis: every-bucket mode', () => {
  it('names the first failing bucket and reports the worst', () => {
    const o = evaluateHypothesis(
      hypothesis({
        name: 'p99 under 30 ms',
        metric: 'clients.users.latencyMs.p99',
        op: '<=',
        value: 30,
        mode: 'every-bucket',
        window: { fromMs: 0, toMs: 10_000 },
      }),
      r,
    );
    expect(o).toEqual({
      name: 'p99 under 30 ms',
      metric: 'clients.users.latencyMs.p99',
      mode: 'every-bucket',
      op: '<=',
      expected: '<= 30',
      bound: 30,
      scope: 'every bucket in 0–10 s',
      measured: 40,
      passed: false,
      detail:
        '1 of 8 buckets fail <= 30; first at 7–8 s (40), worst 40 at 7–8 s; 2 buckets with no data (not judged)',
    });
  });

  it('passes when every bucket satisfies the bound and reports the worst (lowest for >=)', () => {
    const o = evaluateHypothesis(
      hypothesis({
        metric: 'clients.users.goodputPerSec',
        op: '>=',
        value: 50,
        mode: 'every-bucket',
        window: { fromMs: 0, toMs: 10_000 },
      }),
      r,
    );
    expect(o).toMatchObject({
      measured: 60,
      passed: true,
      detail: 'all 10 buckets in 0–10 s satisfy >= 50; worst 60 at 5–6 s',
    });
  });

  it('reports the first of several failures', () => {
    const o = evaluateHypothesis(
      hypothesis({
        metric: 'services.db.amplification',
        op: '<',
        value: 2,
        mode: 'every-bucket',
        window: { fromMs: 0, toMs: 10_000 },
      }),
      r,
    );
    expect(o.measured).toBe(3);
    expect(o.detail).toBe('2 of 10 buckets fail < 2; first at 4–5 s (2), worst 3 at 5–6 s');
  });
});

describe('evaluateHypothesis: relativeTo', () => {
  it('bounds by a fraction of the mean over another window', () => {
    const o = evaluateHypothesis(
      hypothesis({
        metric: 'clients.users.goodputPerSec',
        op: '>=',
        value: 0.95,
        mode: 'window',
        window: { fromMs: 4000, toMs: 6000 },
        relativeTo: { fromMs: 0, toMs: 4000 },
      }),
      r,
    );
    expect(o).toMatchObject({
      expected: '>= 95% of 100 (mean over 0–4 s)',
      bound: 95,
      measured: 70,
      passed: false,
    });
  });

  it('works with every-bucket and summary modes', () => {
    const every = evaluateHypothesis(
      hypothesis({
        metric: 'clients.users.goodputPerSec',
        op: '>=',
        value: 0.95,
        mode: 'every-bucket',
        window: { fromMs: 6000, toMs: 10_000 },
        relativeTo: { fromMs: 4000, toMs: 8000 },
      }),
      r,
    );
    // Baseline (80 + 60 + 100 + 100) / 4 = 85; bound 80.75.
    expect(every).toMatchObject({ expected: '>= 95% of 85 (mean over 4–8 s)', bound: 80.75, passed: true });
    const summary = evaluateHypothesis(
      hypothesis({
        metric: 'services.db.amplification',
        op: '<=',
        value: 1.2,
        relativeTo: { fromMs: 0, toMs: 4000 },
      }),
      r,
    );
    expect(summary).toMatchObject({
      expected: '<= 120% of 1 (mean over 0–4 s)',
      bound: 1.2,
      measured: 1.5,
      passed: false,
    });
  });

  it('fails clearly when the baseline has no data', () => {
    const o = evaluateHypothesis(
      hypothesis({
        metric: 'clients.users.latencyMs.p99',
        op: '<=',
        value: 2,
        mode: 'window',
        window: { fromMs: 6000, toMs: 8000 },
        relativeTo: { fromMs: 4000, toMs: 6000 },
      }),
      r,
    );
    expect(o).toMatchObject({
      expected: '<= 200% of the mean over 4–6 s',
      bound: null,
      measured: null,
      passed: false,
    });
    expect(o.detail).toContain('cannot compute the relative bound: no data');
  });
});

describe('evaluateHypotheses', () => {
  it('evaluates every hypothesis of a scenario, computing fault recovery when asked for', () => {
    const scenario = {
      metrics: { bucketMs: 1000, warmupMs: 0 },
      faults: [{ name: 'dip', atMs: 4000, durationMs: 2000, kind: 'pause', service: 'db', replica: null }],
      hypotheses: [
        hypothesis({ name: 'recovers', metric: 'faults.dip.recoveryMs', op: '<=', value: 0 }),
        hypothesis({ name: 'not metastable', metric: 'faults.dip.metastable', op: '==', value: 0 }),
        hypothesis({ name: 'baseline', metric: 'faults.dip.preFaultGoodputPerSec', op: '>=', value: 100 }),
        hypothesis({ name: 'wrong fault', metric: 'faults.nope.recoveryMs', op: '<=', value: 0 }),
      ],
    } as unknown as Scenario;
    const outcomes = evaluateHypotheses(scenario, r);
    expect(outcomes.map((o) => [o.name, o.measured, o.passed])).toEqual([
      ['recovers', 0, true],
      ['not metastable', 0, true],
      ['baseline', 100, true],
      ['wrong fault', null, false],
    ]);
    expect(outcomes[3].detail).toBe(
      "metric 'faults.nope.recoveryMs' not found: faults has no entry named 'nope'; it has: dip",
    );
  });

  it('says why a fault has no recovery time', () => {
    const scenario = {
      metrics: { bucketMs: 1000, warmupMs: 0 },
      // Baseline 100/s over 0-4 s; after the fault (4-5 s) goodput stays at 50/s: metastable.
      faults: [{ name: 'storm', atMs: 4000, durationMs: 1000, kind: 'pause', service: 'db', replica: null }],
      hypotheses: [
        hypothesis({ name: 'recovers', metric: 'faults.storm.recoveryMs', op: '<=', value: 5000 }),
      ],
    } as unknown as Scenario;
    const low = handBuiltResult();
    low.series.clients.users.goodputPerSec = [100, 100, 100, 100, 50, 50, 50, 50, 50, 50];
    const [o] = evaluateHypotheses(scenario, low);
    expect(o).toMatchObject({ scope: 'whole run', measured: null, passed: false });
    expect(o.detail).toBe(
      'no data: faults.storm.recoveryMs has no value in this run (null): goodput never came back within tolerance of its pre-fault level before the run ended (metastable)',
    );
  });

  it('returns nothing for a scenario without hypotheses', () => {
    expect(
      evaluateHypotheses({ metrics: { warmupMs: 0 }, faults: [], hypotheses: [] } as unknown as Scenario, r),
    ).toEqual([]);
  });
});
