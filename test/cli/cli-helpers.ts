/** Runs the real `faultline` command in a child process, from the repository root. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Completed {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `node cli/bin.mjs ...args`, without colour, as a user's shell would run it (stdout is a pipe). */
export function faultline(...args: string[]): Completed {
  return faultlineWithEnv({}, ...args);
}

/** {@link faultline} with extra environment variables. */
export function faultlineWithEnv(extra: NodeJS.ProcessEnv, ...args: string[]): Completed {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['FAULTLINE_DEBUG'];
  delete env['FAULTLINE_V8_TUNING'];
  // The caller's variables last, so they win over the ones cleared above.
  Object.assign(env, extra);
  const child = spawnSync(process.execPath, ['cli/bin.mjs', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  if (child.error !== undefined) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** A fresh temporary folder for one test file. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'faultline-cli-'));
}

/** Not a stack trace: a user error must never print one. */
export const STACK_LINE = '    at ';

/** Short runs: keep every child process well under a second of simulation. */
export const SHORT_MM1 = ['run', 'mm1', '--set', 'durationMs=20000'] as const;
