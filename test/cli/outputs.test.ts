import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWritable, openAtomicOutput, writeFileAtomic } from '../../cli/atomic-file.ts';
import { CliError } from '../../cli/errors.ts';
import { MAX_SCENARIO_BYTES, readInputFile } from '../../cli/read-input.ts';
import { writeOutputs } from '../../cli/sweep/write.ts';
import { faultline, REPO_ROOT, SHORT_MM1, STACK_LINE, tempDir } from './cli-helpers.ts';

/** `node cli/bin.mjs ...args > target` through a shell, so stdout is that file or device. */
function faultlineInto(target: string, ...args: string[]) {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const child = spawnSync('sh', ['-c', `${process.execPath} cli/bin.mjs ${quoted} > ${target}`], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { status: child.status, stderr: child.stderr };
}

describe('stdout that cannot be written', () => {
  for (const args of [
    [...SHORT_MM1, '--json'],
    ['list'],
    ['sweep', 'mm1', '--set', 'durationMs=20000', '--seeds', '1..2', '--workers', '1', '--json', '-'],
  ]) {
    it(`${args.slice(0, 2).join(' ')} > /dev/full: one line, exit 1, no stack`, () => {
      const { status, stderr } = faultlineInto('/dev/full', ...args);
      expect(status).toBe(1);
      expect(stderr).toContain('faultline: cannot write to stdout: no space left on the device (ENOSPC)\n');
      expect(stderr).not.toContain(STACK_LINE);
    });
  }

  it('a reader that stops early (EPIPE) ends the command quietly', () => {
    const child = spawnSync(
      'sh',
      ['-c', `${process.execPath} cli/bin.mjs run mm1 --json | head -c 10 > /dev/null`],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.stderr).toBe('');
  });
});

describe('input files are checked before they are read', () => {
  const dir = tempDir();

  it('a device is refused (validate /dev/zero reads nothing)', () => {
    const { status, stderr } = faultline('validate', '/dev/zero');
    expect(status).toBe(1);
    expect(stderr).toContain(
      "faultline: cannot read scenario file '/dev/zero': it is not a regular file (a device, a pipe or a socket)",
    );
    expect(stderr).toContain('at most 16 MiB');
  });

  it('a FIFO is refused without blocking', () => {
    const fifo = join(dir, 'scenario.json');
    spawnSync('mkfifo', [fifo]);
    const { status, stderr } = faultline('validate', fifo);
    expect(status).toBe(1);
    expect(stderr).toContain('it is not a regular file');
  });

  it('a file over 16 MiB is refused, naming its size and the limit', () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, Buffer.alloc(MAX_SCENARIO_BYTES + 1, 0x20));
    const { status, stderr } = faultline('validate', big);
    expect(status).toBe(1);
    expect(stderr).toContain(
      `cannot read scenario file '${big}': it is 16 MiB, more than the 16 MiB allowed`,
    );
    expect(() => readInputFile(big, MAX_SCENARIO_BYTES)).toThrow(/more than the 16 MiB allowed/);
  });

  it('a file at the limit is read whole', () => {
    const file = join(dir, 'exact.txt');
    writeFileSync(file, 'x'.repeat(1000));
    expect(readInputFile(file, 1000)).toBe('x'.repeat(1000));
    expect(() => readInputFile(file, 999)).toThrow(/1000 bytes, more than the 999 bytes allowed/);
  });

  it('a shard report and a baseline go through the same check', () => {
    expect(faultline('merge', '/dev/zero').stderr).toContain(
      "cannot read '/dev/zero': it is not a regular file",
    );
  });
});

describe('atomic outputs', () => {
  const dir = tempDir();

  it('a write that fails half-way leaves the previous file whole and no temporary file', () => {
    const file = join(dir, 'result.json');
    writeFileSync(file, 'old good content\n');
    const output = openAtomicOutput(file);
    output.write('{"half": ');
    output.abort();
    expect(readFileSync(file, 'utf8')).toBe('old good content\n');
    expect(readdirSync(dir)).toEqual(['result.json']);
  });

  it('a committed write replaces the file in one step', () => {
    const file = join(dir, 'report.txt');
    writeFileSync(file, 'old\n');
    const output = openAtomicOutput(file);
    output.write('new ');
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    output.write('content\n');
    output.commit();
    expect(readFileSync(file, 'utf8')).toBe('new content\n');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a device is written in place, never renamed over', () => {
    writeFileAtomic('/dev/null', 'anything');
    expect(existsSync('/dev/null')).toBe(true);
    expect(faultline(...SHORT_MM1, '--json', '--out', '/dev/null').status).toBe(0);
  });

  it('an output path is checked before the work: missing folder, a folder, read-only folder', () => {
    expect(() => checkWritable(join(dir, 'nope', 'x.json'))).toThrow(
      /cannot write '.*nope\/x.json': its folder does not exist/,
    );
    expect(() => checkWritable(dir)).toThrow(/it is a folder/);
    const readOnly = join(dir, 'ro');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o500);
    if (process.getuid?.() !== 0)
      expect(() => checkWritable(join(readOnly, 'x.json'))).toThrow(/permission denied/);
    expect(() => checkWritable(join(dir, 'fine.json'))).not.toThrow();
  });

  it('sweep, run, export and check refuse a bad output path before running anything', () => {
    const missing = join(dir, 'no-such-folder', 'out');
    for (const args of [
      ['sweep', 'mm1', '--seeds', '1..3', '--json', `${missing}.json`],
      ['sweep', 'mm1', '--seeds', '1..3', '--csv', `${missing}.csv`],
      ['compare', 'mm1', '--vary', 'services.server.replicas=1,2', '--json', `${missing}.json`],
      [...SHORT_MM1, '--out', `${missing}.txt`],
      ['export', 'mm1', '--out', `${missing}.json`],
      ['check', 'mm1', '--junit', `${missing}.xml`],
    ]) {
      const { status, stderr } = faultline(...args);
      expect(stderr, args.join(' ')).toMatch(
        /^faultline: cannot write '.*no-such-folder\/out\.\w+': its folder does not exist/,
      );
      expect(stderr).not.toContain('runs (');
      expect(status).toBe(1);
    }
  });

  it('a failing --json does not skip --csv', () => {
    const csv = join(dir, 'aggregates.csv');
    let thrown: unknown = null;
    try {
      writeOutputs(
        { json: join(dir, 'gone', 'x.json'), csv },
        { json: () => '{}\n', csv: () => 'a,b\n', terminal: () => '' },
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CliError);
    expect((thrown as CliError).message).toMatch(/cannot write '.*gone\/x.json': its folder does not exist/);
    expect(readFileSync(csv, 'utf8')).toBe('a,b\n');
  });
});

describe('atomic outputs through a symbolic link', () => {
  it('replace the file the link names and keep the link', async () => {
    const { lstatSync, symlinkSync } = await import('node:fs');
    const dir = tempDir();
    const real = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    writeFileSync(real, 'old\n');
    symlinkSync(real, link);
    writeFileAtomic(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new\n');
  });
});
