import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SweepReport } from '../../cli/sweep/report.ts';
import { overloadedMm1 } from '../support/big-scenarios.ts';
import { type Completed, faultline, REPO_ROOT, STACK_LINE, tempDir } from './cli-helpers.ts';

/** `faultline(...)` without blocking, so several can run at once. */
function faultlineAsync(...args: string[]): Promise<Completed> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['cli/bin.mjs', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') reject(error);
        else resolve({ status: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}

const SWEEP = [
  'sweep',
  'three-tier',
  '--set',
  'durationMs=6000',
  '--set',
  'metrics.warmupMs=1000',
  '--set',
  'metrics.bucketMs=1000',
  '--vary',
  'services.api.replicas=2,3',
  '--vary',
  'clients.users.timeoutMs=100,1000',
  '--seeds',
  '1..3',
  '--workers',
  '1',
];

describe('faultline merge', () => {
  const dir = tempDir();
  const at = (name: string) => join(dir, name);
  const read = (name: string) => readFileSync(at(name), 'utf8');

  beforeAll(async () => {
    // The six sweeps run at the same time: separate processes, one worker each.
    const runs = (
      [
        [[], 'whole'],
        [['--shard', '1/2'], 'half-1'],
        [['--shard', '2/2'], 'half-2'],
        [['--shard', '1/3'], 'third-1'],
        [['--shard', '2/3'], 'third-2'],
        [['--shard', '3/3'], 'third-3'],
      ] as const
    ).map(([extra, name]) =>
      faultlineAsync(...SWEEP, ...extra, '--json', at(`${name}.json`), '--csv', at(`${name}.csv`)),
    );
    for (const r of await Promise.all(runs)) {
      expect(r.stderr).not.toContain(STACK_LINE);
      expect(r.status).toBe(0);
    }
  }, 120_000);

  it('a shard runs its part of the jobs and says which part it is', () => {
    const half = JSON.parse(read('half-1.json')) as SweepReport;
    expect(half.shard).toEqual({ index: 1, count: 2 });
    expect(half.jobs).toEqual({ total: 12, planned: 6, completed: 6 });
    expect(half.runs.map((r) => r.job)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(read('half-1.csv').split('\n')[1]).toMatch(/,true$/);
  });

  it('shard 1/2 + 2/2 merged is byte-identical to the unsharded sweep (JSON and CSV)', () => {
    const r = faultline(
      'merge',
      at('half-1.json'),
      at('half-2.json'),
      '--json',
      at('m2.json'),
      '--csv',
      at('m2.csv'),
    );
    expect(r.stderr).not.toContain(STACK_LINE);
    expect(r.status).toBe(0);
    expect(read('m2.json')).toBe(read('whole.json'));
    expect(read('m2.csv')).toBe(read('whole.csv'));
    expect(r.stdout).toContain('sweep three-tier');
  });

  it('three shards in any order merge to the same bytes, to stdout with --json -', () => {
    const r = faultline('merge', at('third-3.json'), at('third-1.json'), at('third-2.json'), '--json', '-');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(read('whole.json'));
    const csv = faultline('merge', at('third-2.json'), at('third-1.json'), at('third-3.json'), '--csv', '-');
    expect(csv.stdout).toBe(read('whole.csv'));
  });

  it('names the missing jobs when a shard is left out', () => {
    const r = faultline('merge', at('third-1.json'), at('third-3.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /faultline: 4 of 12 jobs are missing: services\.api\.replicas=2 clients\.users\.timeoutMs=100 seed 2; /,
    );
    expect(r.stdout).toBe('');
  });

  it('names the duplicated jobs when shards overlap', () => {
    const r = faultline('merge', at('half-1.json'), at('third-1.json'), at('half-2.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /jobs are in more than one file: services\.api\.replicas=2 clients\.users\.timeoutMs=100 seed 1 \(in .*half-1\.json and .*third-1\.json\)/,
    );
  });

  it('refuses reports of another sweep, naming what differs', () => {
    const other = JSON.parse(read('half-2.json')) as SweepReport;
    other.seeds = [1, 2, 4];
    writeFileSync(at('other.json'), JSON.stringify(other));
    const r = faultline('merge', at('half-1.json'), at('other.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/other\.json is from another sweep than .*half-1\.json: its seeds differs/);
  });

  it('refuses files that are not sweep reports', () => {
    writeFileSync(at('run.json'), JSON.stringify({ format: 1, scenario: 'mm1' }));
    const r = faultline('merge', at('run.json'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/run\.json is not a sweep report/);
    const csv = faultline('merge', at('whole.csv'));
    expect(csv.status).toBe(1);
    expect(csv.stderr).toMatch(/whole\.csv is not JSON/);
    const missing = faultline('merge', at('nope.json'));
    expect(missing.stderr).toMatch(/cannot read '.*nope\.json': no such file/);
    expect(faultline('merge').status).toBe(2);
  });

  describe('shard files are validated strictly', () => {
    /** half-1.json changed by `edit`, merged with half-2.json: the exit code and stderr. */
    const mergeEdited = (name: string, edit: (r: SweepReport & Record<string, unknown>) => void) => {
      const report = JSON.parse(read('half-1.json')) as SweepReport & Record<string, unknown>;
      edit(report);
      writeFileSync(at(`${name}.json`), JSON.stringify(report));
      return faultline('merge', at(`${name}.json`), at('half-2.json'));
    };

    it.each([
      [
        'a trace hash that is not 16 hex digits',
        (r: SweepReport) => {
          r.runs[0].traceHash = '<script>';
        },
        /runs\.0\.traceHash: a trace hash is 16 lowercase hex digits/,
      ],
      [
        'a negative event count',
        (r: SweepReport) => {
          r.runs[1].events = -5;
        },
        /runs\.1\.events: /,
      ],
      [
        'a run without one of its metrics',
        (r: SweepReport) => {
          delete r.runs[1].metrics[r.metrics[0]];
        },
        /runs\.1\.metrics: the run's metrics differ from another run of combination/,
      ],
      [
        'a run with an extra metric',
        (r: SweepReport) => {
          r.runs[0].metrics['clients.users.madeUp'] = 1;
        },
        /runs\.0\.metrics: metrics not in the report's list: clients\.users\.madeUp/,
      ],
      [
        'a run outside its shard',
        (r: SweepReport) => {
          r.runs[0].job = 1;
        },
        /runs\.0\.job: job 1 is not in shard 1\/2/,
      ],
      [
        '8e9 declared jobs',
        (r: SweepReport) => {
          const many = Array.from({ length: 2000 }, (_, i) => i);
          r.vary = [0, 1, 2].map((a) => ({ path: `services.api.x${a}`, values: many }));
        },
        /vary: the sweep declares more than 1000000 jobs/,
      ],
      [
        'an unknown field in a run',
        (r: SweepReport) => {
          (r.runs[0] as unknown as Record<string, unknown>)['extra'] = 1;
        },
        /runs\.0: Unrecognized key/,
      ],
    ])('refuses %s, naming the file and the field', (_what, edit, message) => {
      const r = mergeEdited('forged', edit as (r: SweepReport) => void);
      expect(r.stderr).toMatch(/forged\.json/);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain(STACK_LINE);
      expect(r.status).toBe(1);
    });

    it("never trusts a shard's aggregates: they are derived again from the runs", () => {
      const report = JSON.parse(read('half-1.json')) as SweepReport;
      for (const c of report.combinations) for (const e of Object.values(c.aggregates)) e.mean = 12345;
      writeFileSync(at('tampered.json'), JSON.stringify(report));
      const r = faultline('merge', at('tampered.json'), at('half-2.json'), '--json', '-');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(read('whole.json'));
    });
  });
});

describe('faultline merge of runs a budget stopped', () => {
  it('accepts shards whose runs stopped with max-in-flight and keeps their stop reason', () => {
    const dir = tempDir();
    const at = (name: string) => join(dir, name);
    writeFileSync(at('overloaded.json'), JSON.stringify(overloadedMm1({ maxInFlight: 100 })));
    for (const shard of ['1/2', '2/2']) {
      const r = faultline(
        'sweep',
        at('overloaded.json'),
        '--seeds',
        '1..2',
        '--workers',
        '1',
        '--shard',
        shard,
        '--json',
        at(`${shard[0]}.json`),
      );
      expect(r.status).toBe(0);
    }
    const merged = faultline('merge', at('1.json'), at('2.json'), '--json', '-');
    expect(merged.stderr).not.toContain(STACK_LINE);
    expect(merged.status).toBe(0);
    const report = JSON.parse(merged.stdout) as SweepReport;
    expect(report.runs.map((r) => r.stopReason)).toEqual(['max-in-flight', 'max-in-flight']);
    expect(report.combinations[0].stoppedByBudget).toBe(2);
  }, 60_000);
});
