/**
 * `--help` and `--version` answered from the texts the build stored (cli/fast-answer.mjs): the
 * same bytes as Commander's own answer, and never once a text's sources changed.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANSWERS_FILE, asksStoredAnswer, fileStamp, helpFile, storedAnswer } from '../../cli/fast-answer.mjs';
import { HELP_SOURCES, helpText } from '../../cli/help-text.ts';
import { main } from '../../cli/program.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'cli', 'bin.mjs');

/** A fake root holding two sources and answers stamped from them: help texts A (20-29 columns) and B (30). */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'faultline-answers-'));
  mkdirSync(join(root, 'cli'));
  mkdirSync(join(root, 'out'));
  writeFileSync(join(root, 'cli', 'program.ts'), 'export {};\n');
  writeFileSync(join(root, 'package.json'), '{}\n');
  const sources = {
    'cli/program.ts': fileStamp(join(root, 'cli', 'program.ts')),
    'package.json': fileStamp(join(root, 'package.json')),
  };
  writeFileSync(join(root, 'out', helpFile(0)), 'A\n');
  writeFileSync(join(root, 'out', helpFile(1)), 'B\n');
  const help = { fromWidth: 20, toWidth: 30, byWidth: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] };
  writeFileSync(join(root, 'out', ANSWERS_FILE), JSON.stringify({ version: '9.9.9\n', sources, help }));
  return root;
}

describe('the stored answers', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answer only the top-level --help, -h, --version and -V, alone', () => {
    expect(asksStoredAnswer(['--help'])).toBe(true);
    expect(asksStoredAnswer(['-h'])).toBe(true);
    expect(asksStoredAnswer(['--version'])).toBe(true);
    expect(asksStoredAnswer(['-V'])).toBe(true);
    expect(asksStoredAnswer([])).toBe(false);
    expect(asksStoredAnswer(['run', '--help'])).toBe(false);
    expect(asksStoredAnswer(['--help', '--version'])).toBe(false);
    expect(asksStoredAnswer(['--HELP'])).toBe(false);
  });

  it('pick the text of the width, the widest past the last stored, none below the first', () => {
    const root = fakeRoot();
    try {
      expect(storedAnswer(root, 'out', ['--help'], 20)).toBe('A\n');
      expect(storedAnswer(root, 'out', ['--help'], 29)).toBe('A\n');
      expect(storedAnswer(root, 'out', ['-h'], 30)).toBe('B\n');
      expect(storedAnswer(root, 'out', ['--help'], 300)).toBe('B\n');
      expect(storedAnswer(root, 'out', ['--help'], 19)).toBeNull();
      expect(storedAnswer(root, 'out', ['--version'], 80)).toBe('9.9.9\n');
      expect(storedAnswer(root, 'out', ['list'], 80)).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('are not used once a source changed, or without answers', () => {
    const root = fakeRoot();
    try {
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(root, 'cli', 'program.ts'), later, later);
      expect(storedAnswer(root, 'out', ['--help'], 80)).toBeNull();
      expect(storedAnswer(root, 'out', ['--version'], 80)).toBeNull();
      rmSync(root, { recursive: true, force: true });
      const other = fakeRoot();
      writeFileSync(join(other, 'package.json'), '{ }\n');
      expect(storedAnswer(other, 'out', ['--version'], 80)).toBeNull();
      rmSync(join(other, 'out', ANSWERS_FILE));
      expect(storedAnswer(other, 'out', ['--help'], 80)).toBeNull();
      rmSync(other, { recursive: true, force: true });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("are stamped from files that exist, and the help text is Commander's answer to --help", async () => {
    for (const file of HELP_SOURCES) expect(fileStamp(join(ROOT, file)), file).not.toBeNull();
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    expect(await main(['node', 'faultline', '--help'])).toBe(0);
    vi.restoreAllMocks();
    expect(out.join('')).toBe(helpText(80));
    expect(
      helpText(80).endsWith(
        'Exit codes: 0 ok, 1 invalid scenario or input file, 2 usage error, 70 internal error.\n',
      ),
    ).toBe(true);
  });

  it('the command prints the same --help and --version as from its sources, exit 0', async () => {
    for (const args of [['--help'], ['-V']]) {
      const [fast, sources] = await Promise.all([
        run('node', [BIN, ...args]),
        run('node', [BIN, ...args], { env: { ...process.env, FAULTLINE_CLI: 'tsx' } }),
      ]);
      expect(fast.stdout).toBe(sources.stdout);
      expect(fast.stderr).toBe('');
    }
  }, 30_000);
});
