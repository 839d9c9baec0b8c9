import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunResultSchema } from '../../cli/contract/result-schema.ts';
import { overloadedMm1 } from '../support/overloaded-mm1.ts';
import { REPO_ROOT, STACK_LINE, tempDir } from './cli-helpers.ts';

/** 1.5 GB, in the kB that maxRSS counts: the memory target for the overloaded M/M/1. */
const RSS_LIMIT_KB = 1.5 * 1024 * 1024;

describe('faultline run on an overloaded M/M/1 (20,000/s into one 1 ms worker, 1 h)', () => {
  it('stops with max-in-flight, a valid result and a warning, in under 1.5 GB', () => {
    const dir = tempDir();
    const file = join(dir, 'overloaded.json');
    const rssFile = join(dir, 'rss');
    writeFileSync(file, JSON.stringify(overloadedMm1()));
    const child = spawnSync(process.execPath, ['test/support/max-rss.mjs', rssFile, 'run', file, '--json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 120_000,
      maxBuffer: 1 << 26,
    });
    expect(child.status).toBe(0);
    expect(child.stderr).not.toContain(STACK_LINE);
    expect(child.stderr).toContain('(budget.maxInFlight)');
    const result = RunResultSchema.parse(JSON.parse(child.stdout));
    expect(result.stopReason).toBe('max-in-flight');
    expect(result.stopMessage).toContain('more than 1000000 user requests were in flight at once');
    const c = result.summary.clients.users;
    expect(c.inFlight).toBe(1_000_001);
    const errors = Object.values(c.errors).reduce((a, b) => a + b, 0);
    expect(c.succeeded + c.degraded + c.corrupt + errors + c.inFlight).toBe(c.offered);
    const rssKb = Number(readFileSync(rssFile, 'utf8'));
    expect(rssKb).toBeGreaterThan(0);
    expect(rssKb).toBeLessThan(RSS_LIMIT_KB);
  }, 120_000);
});
