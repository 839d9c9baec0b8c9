#!/usr/bin/env node
// The `faultline` command. `--help` and `--version` alone are answered from texts the build
// stored (fast-answer.mjs), before anything else is loaded. Otherwise it runs the compiled bundle
// (dist/cli, built by `npm ci` through `prepare`, or `npm run build:cli`) when it matches the
// sources, else registers tsx so Node 20 can load the TypeScript sources (an edited source never
// runs from a stale bundle). FAULTLINE_CLI=tsx forces the sources, FAULTLINE_CLI=bundle insists
// on the bundle. main.ts sets process.exitCode (it never calls process.exit, so piped output is
// flushed). The V8 tuning for long runs (off unless FAULTLINE_V8_TUNING=1, see v8-tuning.mjs) is
// applied first, before any simulation code is compiled.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE_DIR, bundleStaleness } from './bundle-freshness.mjs';
import { answerFast } from './fast-answer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!(await answerFast(root, BUNDLE_DIR))) {
  const { applyV8Tuning } = await import('./v8-tuning.mjs');
  applyV8Tuning(false);
  const wanted = process.env.FAULTLINE_CLI ?? '';
  if (wanted !== '' && wanted !== 'tsx' && wanted !== 'bundle') {
    process.stderr.write(
      `faultline: FAULTLINE_CLI must be "tsx" or "bundle" (or unset), not ${JSON.stringify(wanted)}\n`,
    );
    process.exit(2);
  }
  const stale = wanted === 'tsx' ? 'FAULTLINE_CLI=tsx' : bundleStaleness(root);
  if (stale === null) {
    await import(pathToFileURL(join(root, BUNDLE_DIR, 'main.js')).href);
  } else if (wanted === 'bundle') {
    process.stderr.write(
      `faultline: FAULTLINE_CLI=bundle, but the bundle cannot be used (${stale}): run npm run build:cli\n`,
    );
    process.exit(2);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('./main.ts');
  }
}
