import { describe, expect, it } from 'vitest';
import { outputWidth } from '../../cli/output.ts';
import { faultline, faultlineWithEnv } from './cli-helpers.ts';

const LONGEST = 'without retries the slowdown alone keeps 80% of goodput while it lasts';

describe('reports fit the terminal and are never cut on a pipe', () => {
  it('outputWidth: the terminal, else COLUMNS, else a pipe with nothing cut', () => {
    const saved = process.env['COLUMNS'];
    try {
      delete process.env['COLUMNS'];
      expect(outputWidth(100, { isTTY: true, columns: 132 })).toEqual({ width: 132, cut: true });
      expect(outputWidth(100, { isTTY: true, columns: 20 })).toEqual({ width: 40, cut: true });
      expect(outputWidth(100, { isTTY: false })).toEqual({ width: 100, cut: false });
      process.env['COLUMNS'] = '90';
      expect(outputWidth(100, { isTTY: false })).toEqual({ width: 90, cut: true });
      process.env['COLUMNS'] = 'wide';
      expect(outputWidth(100, { isTTY: false })).toEqual({ width: 100, cut: false });
    } finally {
      if (saved === undefined) delete process.env['COLUMNS'];
      else process.env['COLUMNS'] = saved;
    }
  });

  it('check on a pipe prints whole hypothesis names, however long', () => {
    const { status, stdout } = faultline('check', 'retry-storm');
    expect(status).toBe(0);
    expect(stdout).toContain(`  ${LONGEST} [with services.api.calls.0.retry.maxAttempts=1]  `);
    expect(stdout).not.toContain('…');
  });

  it('check with COLUMNS=80 fits 80 columns, cutting the widest text column first', () => {
    const { status, stdout } = faultlineWithEnv({ COLUMNS: '80' }, 'check', 'retry-storm');
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    const row = lines.find((l) => l.startsWith('  without retries'))!;
    // The name keeps more than 20 characters; the measured value and the verdict are whole.
    expect(row).toMatch(/^ {2}without retries the s\S*…/);
    expect(row).toMatch(/272\.7 pass$/);
  });

  it('check with COLUMNS=200 shows the names whole', () => {
    const { stdout } = faultlineWithEnv({ COLUMNS: '200' }, 'check', 'retry-storm');
    expect(stdout).toContain(LONGEST);
  });

  it('a sweep header keeps its varied paths whole at 80 columns and on a pipe', () => {
    const args = [
      'sweep',
      'mm1',
      '--set',
      'durationMs=20000',
      '--seeds',
      '1',
      '--workers',
      '1',
      '--vary',
      'clients.users.timeoutMs=500,1000',
      '--vary',
      'services.server.replicas=1,2',
    ];
    const piped = faultline(...args);
    expect(piped.status).toBe(0);
    expect(piped.stdout).toMatch(/^clients\.users\.timeoutMs +services\.server\.replicas +runs/m);
    // At 80 columns a path that must be cut keeps its end: the field that varies.
    const narrow = faultlineWithEnv({ COLUMNS: '80' }, ...args).stdout;
    for (const line of narrow.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(narrow).toMatch(/^…\S*users\.timeoutMs +…\S*server\.replicas +runs/m);
  });
});
