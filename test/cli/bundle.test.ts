import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_DIR,
  bundleStaleness,
  SOURCE_DIRS,
  SOURCE_FILES,
  STAMP_FILE,
  sourcesState,
} from '../../cli/bundle-freshness.mjs';
import { storedAnswer } from '../../cli/fast-answer.mjs';
import { helpText, versionText } from '../../cli/help-text.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'cli', 'bin.mjs');

/** A fake repository root with one source file per folder and a stamp of them. */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'faultline-bundle-'));
  for (const dir of SOURCE_DIRS) {
    mkdirSync(join(root, dir, 'deep'), { recursive: true });
    writeFileSync(join(root, dir, 'deep', 'a.ts'), 'export {};\n');
  }
  for (const file of SOURCE_FILES) writeFileSync(join(root, file), '{}\n');
  mkdirSync(join(root, BUNDLE_DIR), { recursive: true });
  writeFileSync(join(root, BUNDLE_DIR, STAMP_FILE), JSON.stringify(sourcesState(root)));
  return root;
}

describe('bundle freshness', () => {
  it('is fresh right after the build, and names each way it goes stale', () => {
    const root = fakeRoot();
    try {
      expect(bundleStaleness(root)).toBeNull();
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(root, 'sim-core', 'deep', 'a.ts'), later, later);
      expect(bundleStaleness(root)).toBe('sources changed since the build');
      writeFileSync(join(root, BUNDLE_DIR, STAMP_FILE), JSON.stringify(sourcesState(root)));
      expect(bundleStaleness(root)).toBeNull();
      writeFileSync(join(root, 'cli', 'new.ts'), 'export {};\n');
      expect(bundleStaleness(root)).toBe('sources added or removed since the build');
      // A file the bundle does not hold (a README) changes nothing.
      writeFileSync(join(root, BUNDLE_DIR, STAMP_FILE), JSON.stringify(sourcesState(root)));
      writeFileSync(join(root, 'cli', 'README.md'), 'x\n');
      expect(bundleStaleness(root)).toBeNull();
      rmSync(join(root, BUNDLE_DIR, STAMP_FILE));
      expect(bundleStaleness(root)).toBe('not built');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses an unknown FAULTLINE_CLI, naming the allowed values', async () => {
    const failed = await run('node', [BIN, 'list'], { env: { ...process.env, FAULTLINE_CLI: 'fast' } }).catch(
      (e) => e,
    );
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('FAULTLINE_CLI must be "tsx" or "bundle"');
  });
});

describe('the compiled command', () => {
  // Built into a folder of its own under the root (the CLI finds the root by walking up), so
  // other tests' commands keep using dist/cli meanwhile.
  const out = join('dist', `bundle-test-${process.pid}`);
  const main = join(ROOT, out, 'main.js');

  beforeAll(async () => {
    await run('node', [join(ROOT, 'cli', 'build.mjs'), '--out', out]);
  }, 60_000);
  afterAll(() => rmSync(join(ROOT, out), { recursive: true, force: true }));

  const tsx = (args: string[]) =>
    run('node', [BIN, ...args], { env: { ...process.env, FAULTLINE_CLI: 'tsx' }, maxBuffer: 1 << 26 });
  const compiled = (args: string[]) => run('node', [main, ...args], { maxBuffer: 1 << 26 });

  it.each([
    [['run', 'retry-storm', '--seed', '7', '--json']],
    [['--help']],
    [['validate', join(ROOT, 'scenarios', 'library', 'mm1.json')]],
  ])(
    'prints what the sources print: %j',
    async (args) => {
      const [a, b] = await Promise.all([compiled(args), tsx(args)]);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stdout.length).toBeGreaterThan(1);
    },
    60_000,
  );

  it('stores the help the sources lay out at every width, and the version', () => {
    const widths = [20, 39, 40, 41, 60, 79, 80, 81, 100, 120, 150, 176, 177, 178, 250, 10_000];
    for (const width of widths) {
      expect(storedAnswer(ROOT, out, ['--help'], width), `${width} columns`).toBe(helpText(width));
      expect(storedAnswer(ROOT, out, ['-h'], width)).toBe(helpText(width));
    }
    expect(helpText(80)).toContain(
      '  run [options] [scenario]        run a scenario and report the golden signals\n',
    );
    expect(helpText(100)).not.toBe(helpText(80));
    expect(storedAnswer(ROOT, out, ['--version'], 80)).toBe(versionText());
    expect(storedAnswer(ROOT, out, ['-V'], 80)).toBe('0.1.0\n');
    // Narrower than the build laid out: answered by Commander itself.
    expect(storedAnswer(ROOT, out, ['--help'], 19)).toBeNull();
  });

  /** Every JavaScript file of the test's bundle, with its text. */
  const chunkTexts = (): [string, string][] =>
    readdirSync(join(ROOT, out))
      .filter((f) => f.endsWith('.js'))
      .map((f) => [f, readFileSync(join(ROOT, out, f), 'utf8')]);

  it('keeps top-level constants const, so V8 folds them into the code', () => {
    // esbuild made each one a var (evanw/esbuild#623), read from the module context on every use:
    // 9-10% more instructions per event (cli/build.mjs). A number bound by a top-level var is the sign.
    const numericVars = chunkTexts().flatMap(([f, text]) =>
      [...text.matchAll(/^var ([\w$]+) = -?[\d.]/gm)].map((m) => `${f}: ${m[1]}`),
    );
    expect(numericVars).toEqual([]);
    // The run loop's batch size is either a const or folded into the loop, never a var.
    const engine = chunkTexts()
      .map(([, text]) => text)
      .find((c) => c.includes('runBatch('));
    expect(engine).toBeDefined();
    expect(engine).not.toMatch(/^var BATCH\b/m);
    expect(/^const BATCH = 256;$/m.test(engine!) || !/\bBATCH\b/.test(engine!)).toBe(true);
  });

  it('leaves the bundlers out: only a worker started from sources bundles, and a bundle never does', () => {
    const withBundler = chunkTexts()
      .filter(([, text]) => /\/\/ node_modules\/(rolldown|esbuild|@rolldown)\//.test(text))
      .map(([f]) => f);
    expect(withBundler).toEqual([]);
  });

  it("runs a sweep on workers started from the bundle, with the sources' results", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-bundle-sweep-'));
    try {
      const args = (file: string) => ['sweep', 'mm1', '--vary', 'seed=1,2', '--json', join(dir, file)];
      await Promise.all([compiled(args('a.json')), tsx(args('b.json'))]);
      const a = readFileSync(join(dir, 'a.json'), 'utf8');
      expect(a).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
      expect(JSON.parse(a).combinations).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
