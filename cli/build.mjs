#!/usr/bin/env node
// Builds the compiled command: cli/main.ts and the worker pool's entry bundled with Rolldown into
// dist/cli/ (ES modules, one chunk per lazily loaded command), plus the stamp bin.mjs reads to
// tell a fresh bundle from a stale one (bundle-freshness.mjs). `npm ci` runs it (`prepare`);
// `npm run build:cli` runs it by hand (`--out DIR` builds into another folder under the root). Without Rolldown (an install without devDependencies) it
// says so and leaves the command on tsx.
//
// Why Rolldown and not esbuild (which built it until 6 December 2026): esbuild turns every
// top-level `const` of a bundle into `var` (by design, evanw/esbuild#623), and V8 reads a
// module-level `var` from its context on every use, where it folds a `const` it has seen
// initialised. The model's constants (event kinds, outcomes, the queue's sentinels, the hash's
// multipliers) are read on every event: the same command bundled by Rolldown, which keeps `const`,
// ran a 5-million-request M/M/1 in 0.93x the time and three-tier for 1,000 s in 0.96x (10
// interleaved pairs each), with 9-10% fewer instructions (bench/MEASUREMENTS.md, 6 December). The
// worker pool's in-memory bundle and `bench --instructions` use Rolldown for the same reason.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE_DIR, STAMP_FILE, sourcesState } from './bundle-freshness.mjs';
import { ANSWERS_FILE, fileStamp, helpFile } from './fast-answer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let rolldown;
try {
  rolldown = await import('rolldown');
} catch {
  process.stderr.write(
    'faultline: note: rolldown is not installed; the command runs from its TypeScript sources (tsx)\n',
  );
  process.exit(0);
}
// Stamp the sources as they are before reading them: an edit during the build makes it stale.
const state = sourcesState(root);
// `--out DIR` (relative to the root) builds elsewhere, for the bundle's own test; bin.mjs reads BUNDLE_DIR.
const outFlag = process.argv.indexOf('--out');
const out = join(root, outFlag > 0 ? process.argv[outFlag + 1] : BUNDLE_DIR);
const tmp = `${out}.tmp-${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
await rolldown.build({
  cwd: root,
  input: {
    main: 'cli/main.ts',
    'node-worker': 'workers/node-worker.ts',
    'help-text': 'cli/help-text.ts',
  },
  platform: 'node',
  transform: { target: 'node20' },
  // Rolldown is needed only to bundle a worker from sources; a bundle never does (see node-pool.ts).
  external: ['rolldown', 'tsx', /^node:/],
  logLevel: 'warn',
  output: {
    dir: tmp,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunk-[hash].js',
  },
});
writeFileSync(join(tmp, STAMP_FILE), `${JSON.stringify(state)}\n`);
writeFileSync(join(tmp, ANSWERS_FILE), `${JSON.stringify(await storedAnswers(tmp))}\n`);
// Swap the whole folder at once, so a command starting meanwhile sees the old bundle or the new one.
rmSync(out, { recursive: true, force: true });
mkdirSync(dirname(out), { recursive: true });
renameSync(tmp, out);

/**
 * What `--help` and `--version` print (fast-answer.mjs answers them from this), from the bundle
 * just built: the help at every width from 20 columns to one past its longest unwrapped line,
 * past which it no longer changes (each run of equal texts stored once, a file each), and the
 * files it comes from, stamped.
 */
async function storedAnswers(dir) {
  const { HELP_SOURCES, helpText, versionText } = await import(pathToFileURL(join(dir, 'help-text.js')).href);
  const sources = {};
  for (const file of HELP_SOURCES) sources[file] = fileStamp(join(root, file));
  const widest = helpText(1_000_000);
  const fromWidth = 20;
  const toWidth = Math.max(fromWidth, ...widest.split('\n').map((line) => line.length + 1));
  if (helpText(toWidth) !== widest)
    throw new Error(`the help at ${toWidth} columns is not the unwrapped one`);
  const texts = [];
  const byWidth = [];
  for (let width = fromWidth; width <= toWidth; width++) {
    const text = helpText(width);
    if (texts.at(-1) !== text) texts.push(text);
    byWidth.push(texts.length - 1);
  }
  for (const [i, text] of texts.entries()) writeFileSync(join(dir, helpFile(i)), text);
  return { version: versionText(), sources, help: { fromWidth, toWidth, byWidth } };
}
