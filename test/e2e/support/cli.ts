/** The `faultline` CLI, run as a user would, for cross-runtime comparisons. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../../..');

/** `faultline run <scenario> --seed N --set ... --json`: the raw stdout. */
export async function cliRunJson(
  scenario: string,
  seed: number,
  sets: readonly string[] = [],
): Promise<string> {
  const args = [
    'cli/bin.mjs',
    'run',
    scenario,
    '--seed',
    String(seed),
    ...sets.flatMap((s) => ['--set', s]),
    '--json',
  ];
  const { stdout } = await run(process.execPath, args, {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
  });
  return stdout;
}

export async function cliTraceHash(
  scenario: string,
  seed: number,
  sets: readonly string[] = [],
): Promise<string> {
  return (JSON.parse(await cliRunJson(scenario, seed, sets)) as { traceHash: string }).traceHash;
}

/** `faultline run ... --csv`. */
export async function cliRunCsv(
  scenario: string,
  seed: number,
  sets: readonly string[] = [],
): Promise<string> {
  const args = [
    'cli/bin.mjs',
    'run',
    scenario,
    '--seed',
    String(seed),
    ...sets.flatMap((s) => ['--set', s]),
    '--csv',
  ];
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}
