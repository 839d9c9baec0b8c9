import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompareReport } from '../../cli/sweep/compare.ts';
import { verdictOf } from '../../cli/sweep/compare.ts';
import { estimate } from '../../cli/sweep/stats.ts';
import { faultline, STACK_LINE, tempDir } from './cli-helpers.ts';

const SHORT = [
  '--set',
  'durationMs=6000',
  '--set',
  'metrics.warmupMs=1000',
  '--set',
  'metrics.bucketMs=1000',
];

describe('verdicts', () => {
  it('follow the direction of the metric when the CI excludes 0', () => {
    const up = estimate([1, 1.2, 0.9, 1.1]);
    const down = estimate([-1, -1.2, -0.9, -1.1]);
    const none = estimate([1, -1, 0.5, -0.5]);
    expect(verdictOf(up, 'higher')).toBe('better');
    expect(verdictOf(up, 'lower')).toBe('worse');
    expect(verdictOf(down, 'lower')).toBe('better');
    expect(verdictOf(up, null)).toBe('higher');
    expect(verdictOf(down, null)).toBe('lower');
    expect(verdictOf(none, 'higher')).toBe('no significant difference');
    expect(verdictOf(estimate([0, 0, 0]), 'higher')).toBe('no significant difference');
    expect(verdictOf(estimate([3]), 'higher')).toBe('insufficient data');
  });
});

describe('faultline compare', () => {
  const dir = tempDir();
  let report: CompareReport;
  let stdout: string;

  beforeAll(() => {
    const r = faultline(
      'compare',
      'three-tier',
      ...SHORT,
      '--vary',
      'clients.users.timeoutMs=10,10000',
      '--seeds',
      '1..4',
      '--json',
      join(dir, 'cmp.json'),
      '--csv',
      join(dir, 'cmp.csv'),
    );
    expect(r.stderr).not.toContain(STACK_LINE);
    expect(r.status).toBe(0);
    report = JSON.parse(readFileSync(join(dir, 'cmp.json'), 'utf8')) as CompareReport;
    stdout = r.stdout;
  });

  it('a 10 ms timeout against 10 s: goodput and errors certainly better with the long one', () => {
    expect(report.kind).toBe('faultline-compare');
    expect(report.baseline).toBe(0);
    expect(report.variants.map((v) => v.label)).toEqual([
      'clients.users.timeoutMs=10',
      'clients.users.timeoutMs=10000',
    ]);
    const d = report.differences[0];
    expect(d.variant).toBe(1);
    expect(d.metrics['clients.users.goodputPerSec'].verdict).toBe('better');
    expect(d.metrics['clients.users.goodputPerSec'].n).toBe(4);
    expect(d.metrics['clients.users.goodputPerSec'].ci95Low!).toBeGreaterThan(0);
    expect(d.metrics['clients.users.errorRate'].verdict).toBe('better');
    expect(d.metrics['clients.users.errors.timedOut'].verdict).toBe('better');
    // Slow requests now succeed instead of timing out: the latency of successes goes up.
    expect(d.metrics['clients.users.latencyMs.p99'].verdict).toBe('worse');
    // Same seeds, same arrivals: the offered load is identical, not just similar.
    expect(d.metrics['clients.users.offered'].mean).toBe(0);
    expect(d.metrics['clients.users.offered'].verdict).toBe('no significant difference');
    expect(report.better['clients.users.goodputPerSec']).toBe('higher');
    expect(report.better['clients.users.latencyMs.p99']).toBe('lower');
  });

  it('keeps per-bucket means of goodput and p99 latency per variant for the charts', () => {
    expect(report.latencyClient).toBe('users');
    expect(report.series).toHaveLength(2);
    expect(report.series[0].startMs).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(report.series[1].goodputPerSec[3]!).toBeGreaterThan(report.series[0].goodputPerSec[3]! * 5);
  });

  it('prints the verdicts and a chart per variant on one scale', () => {
    expect(stdout).toContain('clients.users.timeoutMs=10000  vs  clients.users.timeoutMs=10');
    expect(stdout).toMatch(/clients\.users\.goodputPerSec\s+[0-9.]+\s+[0-9.]+\s+\+[0-9.]+ ±[0-9.]+\s+better/);
    expect(stdout).toContain('goodput/s of all clients over time');
    expect(stdout).toContain('p99 latency of users over time');
    expect(stdout).toMatch(/[▁▂▃▄▅▆▇█]/);
  });

  it('writes one CSV row per variant and metric with the paired difference', () => {
    const lines = readFileSync(join(dir, 'cmp.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(
      'variant,clients.users.timeoutMs,metric,better,n,mean,stdDev,ci95Low,ci95High,diffN,diffMean,diffStdDev,diffCi95Low,diffCi95High,verdict,partial',
    );
    expect(lines).toHaveLength(1 + 2 * report.metrics.length);
    expect(lines.find((l) => l.startsWith('0,10,clients.users.goodputPerSec,'))).toMatch(
      /,,,,,baseline,false$/,
    );
    expect(lines.find((l) => l.startsWith('1,10000,clients.users.goodputPerSec,higher,4,'))).toMatch(
      /,better,false$/,
    );
  });

  it('finds no significant difference between variants that change nothing', () => {
    const r = faultline(
      'compare',
      'three-tier',
      ...SHORT,
      '--vary',
      'title=A,B',
      '--seeds',
      '1..3',
      '--json',
      '-',
    );
    expect(r.status).toBe(0);
    const same = JSON.parse(r.stdout) as CompareReport;
    const verdicts = new Set(Object.values(same.differences[0].metrics).map((m) => m.verdict));
    expect([...verdicts]).toEqual(['no significant difference']);
  });

  it('needs two variants', () => {
    const none = faultline('compare', 'three-tier', ...SHORT);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/compare needs variants/);
    const one = faultline('compare', 'three-tier', ...SHORT, '--vary', 'clients.users.timeoutMs=10');
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/only one variant/);
  });
});
