import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardFromEnvironment } from '../../cli/sweep/options.ts';
import { faultlineWithEnv, STACK_LINE, tempDir } from './cli-helpers.ts';

/** A small sweep: 2 combinations x 3 seeds of a 2-second M/M/1, one worker. */
const SWEEP = [
  'sweep',
  'mm1',
  '--set',
  'durationMs=2000',
  '--set',
  'metrics.warmupMs=0',
  '--vary',
  'services.server.concurrency=1,2',
  '--seeds',
  '1..3',
  '--workers',
  '1',
];

describe('--shard auto', () => {
  it('is index JOB_COMPLETION_INDEX + 1 of FAULTLINE_SHARD_COUNT', () => {
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '0', FAULTLINE_SHARD_COUNT: '4' })).toEqual({
      index: 1,
      count: 4,
    });
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: ' 3 ', FAULTLINE_SHARD_COUNT: '4' })).toEqual({
      index: 4,
      count: 4,
    });
  });

  it('names the variables that are missing or out of range', () => {
    expect(() => shardFromEnvironment({})).toThrow(
      /^JOB_COMPLETION_INDEX and FAULTLINE_SHARD_COUNT are not set\. --shard auto reads JOB_COMPLETION_INDEX/,
    );
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '1' })).toThrow(
      /^FAULTLINE_SHARD_COUNT is not set\./,
    );
    expect(() => shardFromEnvironment({ FAULTLINE_SHARD_COUNT: '2', JOB_COMPLETION_INDEX: '' })).toThrow(
      /^JOB_COMPLETION_INDEX is not set\./,
    );
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '2', FAULTLINE_SHARD_COUNT: '2' })).toThrow(
      'JOB_COMPLETION_INDEX is "2"; allowed: a whole number from 0 to 1 (FAULTLINE_SHARD_COUNT is 2).',
    );
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '-1', FAULTLINE_SHARD_COUNT: '2' })).toThrow(
      'JOB_COMPLETION_INDEX is "-1"; allowed',
    );
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '0', FAULTLINE_SHARD_COUNT: 'four' })).toThrow(
      'FAULTLINE_SHARD_COUNT is "four"; allowed: a whole number from 1 to 1000000.',
    );
  });

  it('writes the same shard file as the explicit --shard i/n', () => {
    const dir = tempDir();
    const explicit = faultlineWithEnv({}, ...SWEEP, '--shard', '2/3', '--json', join(dir, 'explicit.json'));
    const auto = faultlineWithEnv(
      { JOB_COMPLETION_INDEX: '1', FAULTLINE_SHARD_COUNT: '3' },
      ...SWEEP,
      '--shard',
      'auto',
      '--json',
      join(dir, 'auto.json'),
    );
    expect(explicit.status).toBe(0);
    expect(auto.status).toBe(0);
    const text = readFileSync(join(dir, 'auto.json'), 'utf8');
    expect(text).toBe(readFileSync(join(dir, 'explicit.json'), 'utf8'));
    const report = JSON.parse(text) as { shard: unknown; jobs: unknown; runs: { job: number }[] };
    expect(report.shard).toEqual({ index: 2, count: 3 });
    expect(report.jobs).toEqual({ total: 6, planned: 2, completed: 2 });
    expect(report.runs.map((r) => r.job)).toEqual([1, 4]);
  });

  it('without the variables, fails with a usage error naming them (exit 2, no stack trace)', () => {
    const r = faultlineWithEnv(
      { JOB_COMPLETION_INDEX: '', FAULTLINE_SHARD_COUNT: '' },
      ...SWEEP,
      '--shard',
      'auto',
      '--json',
      '-',
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      "option '--shard <i/n>' argument 'auto' is invalid. JOB_COMPLETION_INDEX and FAULTLINE_SHARD_COUNT are not set.",
    );
    expect(r.stderr).not.toContain(STACK_LINE);
  });
});
