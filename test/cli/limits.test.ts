import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline, REPO_ROOT, STACK_LINE, tempDir } from './cli-helpers.ts';

const mm1 = () => readFileSync(join(REPO_ROOT, 'scenarios/library/mm1.json'), 'utf8').trim();

describe('scenarios beyond what the engine holds', () => {
  it('run refuses 70,000 replicas at validation, naming the field and the limit (no out-of-memory)', () => {
    const r = faultline('run', 'mm1', '--set', 'services.server.replicas=70000');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'mm1: services[0].replicas: found 70000; allowed: an integer from 1 to 10000 (the most replicas per service the engine holds)',
    );
    expect(r.stderr).not.toContain(STACK_LINE);
  });

  it('validate says a file nested 5,000 levels deep is nested too deeply, not that a --set failed', () => {
    const file = join(tempDir(), 'deep.json');
    writeFileSync(file, mm1().replace(/}$/, `,"description":${'['.repeat(5_000)}1${']'.repeat(5_000)}}`));
    const r = faultline('validate', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      ': nested too deeply: more than 64 levels of objects and arrays; allowed: at most 64 levels',
    );
    expect(r.stderr).toContain(`${file}: description[0][0]`);
    expect(r.stderr).not.toContain('--set');
    expect(r.stderr).not.toContain(STACK_LINE);
  });
});
