/** The `faultline` CLI, run as a user would, for cross-runtime comparisons. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../../..');

/** `faultline run <scenario> --seed N --set ... <output>`: the raw stdout. */
async function cliRun(
  scenario: string,
  seed: number,
  sets: readonly string[],
  output: '--json' | '--csv',
): Promise<string> {
  const args = [
    'cli/bin.mjs',
    'run',
    scenario,
    '--seed',
    String(seed),
    ...sets.flatMap((s) => ['--set', s]),
    output,
  ];
  const { stdout } = await run(process.execPath, args, {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
  });
  return stdout;
}

/** `faultline run ... --json`: the raw stdout. */
export function cliRunJson(scenario: string, seed: number, sets: readonly string[] = []): Promise<string> {
  return cliRun(scenario, seed, sets, '--json');
}

export async function cliTraceHash(
  scenario: string,
  seed: number,
  sets: readonly string[] = [],
): Promise<string> {
  return (JSON.parse(await cliRunJson(scenario, seed, sets)) as { traceHash: string }).traceHash;
}

/** `faultline run ... --csv`. */
export function cliRunCsv(scenario: string, seed: number, sets: readonly string[] = []): Promise<string> {
  return cliRun(scenario, seed, sets, '--csv');
}
