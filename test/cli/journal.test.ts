import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepReport } from '../../cli/sweep/report.ts';
import { faultline, REPO_ROOT, STACK_LINE, tempDir } from './cli-helpers.ts';

const SWEEP = ['sweep', 'mm1', '--set', 'durationMs=20000', '--seeds', '1..30', '--workers', '1'];

/** Starts `faultline ...args` and SIGKILLs it once stderr shows `after` finished runs. */
async function killedAfter(after: number, args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['cli/bin.mjs', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (new RegExp(`: ${after}/\\d+ runs`).test(stderr)) child.kill('SIGKILL');
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_c, s) => resolve(s)),
  );
  expect(signal).toBe('SIGKILL');
  return stderr;
}

describe('the journal of a sweep: nothing computed is lost', () => {
  const dir = tempDir();
  const whole = { json: join(dir, 'whole.json'), csv: join(dir, 'whole.csv') };

  it('an uninterrupted sweep removes its journal once the outputs are written', () => {
    const { status } = faultline(...SWEEP, '--json', whole.json, '--csv', whole.csv);
    expect(status).toBe(0);
    expect(existsSync(`${whole.json}.journal`)).toBe(false);
  });

  it('after SIGKILL, --resume runs only the missing jobs and writes the same bytes', async () => {
    const json = join(dir, 'killed.json');
    const csv = join(dir, 'killed.csv');
    await killedAfter(3, [...SWEEP, '--json', json, '--csv', csv]);
    const journal = readFileSync(`${json}.journal`, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(journal[0])).toMatchObject({ kind: 'faultline-journal', format: 1, command: 'sweep' });
    const kept = journal.length - 1;
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(30);

    // A kill mid-write leaves a last line cut short: it is dropped, and that job runs again.
    writeFileSync(`${json}.journal`, `${journal.join('\n')}\n{"job":29,"rec`);

    // Without --resume the journal is not thrown away.
    const again = faultline(...SWEEP, '--json', json, '--csv', csv);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`the journal '${json}.journal' of an unfinished run is in the way`);

    const resumed = faultline(...SWEEP, '--json', json, '--csv', csv, '--resume');
    expect(resumed.stderr).not.toContain(STACK_LINE);
    expect(resumed.status).toBe(0);
    // Progress starts where the journal ended: the first line counts the kept runs and one more.
    expect(resumed.stderr).toContain(`: ${kept + 1}/30 runs`);
    expect(readFileSync(json, 'utf8')).toBe(readFileSync(whole.json, 'utf8'));
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(whole.csv, 'utf8'));
    expect(existsSync(`${json}.journal`)).toBe(false);
  });

  it('--resume of another plan is refused, naming both plans', () => {
    const journal = join(dir, 'cut.journal');
    const first = faultline(
      ...SWEEP.slice(0, -4),
      '--seeds',
      '1..2',
      '--workers',
      '1',
      '--json',
      join(dir, 'two.json'),
      '--journal',
      journal,
    );
    expect(first.status).toBe(0);
    const header = `${JSON.stringify({ kind: 'faultline-journal', format: 1, command: 'sweep', plan: 'x' })}\n`;
    writeFileSync(journal, `${header}{"job":0,"rec`);
    const refused = faultline(...SWEEP, '--journal', journal, '--resume');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /--resume: the journal '.*cut\.journal' is of another sweep \(plan x; this sweep's plan is [0-9a-f]{16}\)/,
    );
  });

  it('--resume without a journal to read says where one is kept', () => {
    const { status, stderr } = faultline(...SWEEP, '--resume');
    expect(status).toBe(2);
    expect(stderr).toContain('--resume needs the journal');
  });

  it('a partial sweep writes only the combinations that ran', async () => {
    const json = join(dir, 'grid.json');
    const args = ['sweep', 'mm1', '--set', 'durationMs=60000', '--seeds', '1', '--workers', '1'];
    const values = Array.from({ length: 40 }, (_, i) => 100 + i * 10).join(',');
    const child = spawn(
      process.execPath,
      ['cli/bin.mjs', ...args, '--vary', `clients.users.timeoutMs=${values}`, '--json', json],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!signalled && /: 1\/40 runs/.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toContain(
      `The finished runs are kept in ${json}.journal: run the same command with --resume to finish.`,
    );
    const report = JSON.parse(readFileSync(json, 'utf8')) as SweepReport;
    expect(report.partial).toBe(true);
    expect(report.combinations.length).toBe(report.runs.length);
    expect(report.combinations.every((c) => c.runs === 1)).toBe(true);
    expect(report.combinations.map((c) => c.index)).toEqual(report.runs.map((r) => r.combination));
  });

  it('compare journals its runs too, and --resume gives the uninterrupted bytes', async () => {
    const args = [
      'compare',
      'mm1',
      '--set',
      'durationMs=20000',
      '--seeds',
      '1..15',
      '--workers',
      '1',
      '--vary',
      'services.server.replicas=1,2',
    ];
    const whole = join(dir, 'cmp-whole.json');
    expect(faultline(...args, '--json', whole).status).toBe(0);
    const json = join(dir, 'cmp.json');
    await killedAfter(3, [...args, '--json', json]);
    expect(JSON.parse(readFileSync(`${json}.journal`, 'utf8').split('\n')[0])).toMatchObject({
      command: 'compare',
    });
    const resumed = faultline(...args, '--json', json, '--resume');
    expect(resumed.status).toBe(0);
    expect(readFileSync(json, 'utf8')).toBe(readFileSync(whole, 'utf8'));
  });
});
