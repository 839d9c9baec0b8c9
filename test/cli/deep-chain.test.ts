import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunResultSchema } from '../../scenarios/schema/result-schema.ts';
import { deepChain } from '../support/big-scenarios.ts';
import { REPO_ROOT, STACK_LINE, tempDir } from './cli-helpers.ts';

/**
 * Answers unwind a call chain recursively, about 1 KB of stack per level (measured: 100 levels
 * need 160-170 KB in all, 300 levels 300-400 KB). Validation allows at most 100 services on a
 * chain, so the deepest legal chain must run on a quarter of Node's default stack (984 KB): that
 * leaves the lab's workers and embedders a wide margin.
 */
function runWithStack(stackKb: number, file: string) {
  return spawnSync(process.execPath, [`--stack-size=${stackKb}`, 'cli/bin.mjs', 'run', file, '--json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
}

describe('the deepest legal call chain (100 services, zero latency)', () => {
  const file = join(tempDir(), 'deep.json');
  writeFileSync(file, JSON.stringify(deepChain(100)));

  it('runs on a quarter of the default stack (250 KB)', () => {
    const child = runWithStack(250, file);
    expect(child.stderr).not.toContain(STACK_LINE);
    expect(child.status).toBe(0);
    const result = RunResultSchema.parse(JSON.parse(child.stdout));
    expect(result.stopReason).toBe('completed');
    const users = result.summary.clients.users;
    expect(users.succeeded).toBe(users.offered);
    expect(users.latencyMs.max).toBe(0);
  });

  it('really unwinds level by level: on 120 KB of stack the same chain overflows', () => {
    // The control that keeps the test above honest: the chain does use the stack, so 250 KB is
    // a measured bound, not a run that never recursed.
    const child = runWithStack(120, file);
    expect(child.status).toBe(70);
    expect(child.stderr).toContain('Maximum call stack size exceeded');
    expect(child.stderr).not.toContain(STACK_LINE);
  });
});
