/** Paths the CLI needs, resolved from this file's location (not from the working directory). */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this file holding package.json and the scenario
 * schema. This file runs from cli/ (sources) or from dist/cli/ (the compiled command), so the
 * depth is not fixed.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scenario.schema.json'))) return dir;
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`faultline: cannot find the repository root above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** The repository root (the folder holding package.json), with a trailing separator. */
export const REPO_ROOT = findRoot() + sep;

/** Where `faultline schema --write` puts the scenario JSON Schema. */
export const SCENARIO_SCHEMA_FILE = join(REPO_ROOT, 'scenario.schema.json');

/** Where `faultline schema --write` puts the result JSON Schema. */
export const RESULT_SCHEMA_FILE = join(REPO_ROOT, 'result.schema.json');
