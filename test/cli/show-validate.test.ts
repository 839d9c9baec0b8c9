import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { faultline, STACK_LINE, tempDir } from './cli-helpers.ts';

describe('faultline show', () => {
  it('prints the scenario with every default filled in, and a save hint on stderr', () => {
    const { status, stdout, stderr } = faultline('show', 'three-tier');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^\{\n {2}"id": "three-tier",/);
    const scenario = JSON.parse(stdout) as Scenario;
    expect(scenario.budget.maxEvents).toBeGreaterThan(0);
    expect(scenario.clients[0].tier).toBe(0);
    expect(scenario.services.find((s) => s.name === 'db')!.calls).toEqual([]);
    expect(stderr).toBe('# save with: faultline show three-tier > my-scenario.json\n');
  });

  it('--json prints only the JSON; --set changes it', () => {
    const { status, stdout, stderr } = faultline(
      'show',
      'mm1',
      '--json',
      '--set',
      'services.server.replicas=3',
    );
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect((JSON.parse(stdout) as Scenario).services[0].replicas).toBe(3);
  });

  it('gives a file that validate accepts and run runs like the built-in', () => {
    const file = join(tempDir(), 'mm1.json');
    writeFileSync(file, faultline('show', 'mm1', '--json').stdout);
    const validated = faultline('validate', file);
    expect(validated.stderr).toBe('');
    expect(validated.stdout).toBe('ok\n');
    expect(validated.status).toBe(0);
    const fromFile = faultline('run', file, '--set', 'durationMs=15000', '--json');
    const builtIn = faultline('run', 'mm1', '--set', 'durationMs=15000', '--json');
    expect(fromFile.status).toBe(0);
    expect(JSON.parse(fromFile.stdout).traceHash).toBe(JSON.parse(builtIn.stdout).traceHash);
  });
});

describe('faultline validate', () => {
  const dir = tempDir();

  it('lists every error, one per line, with the file and the field, and exits 1', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'broken',
        title: 'Broken',
        durationMs: 1000,
        colour: 'red',
        clients: [{ name: 'users', target: 'server', arrival: { kind: 'poison', ratePerSec: 10 } }],
        services: [{ name: 'server', replicas: 0, serviceTime: { kind: 'exponential', meanMs: 1 } }],
      }),
    );
    const { status, stdout, stderr } = faultline('validate', file);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).not.toContain(STACK_LINE);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.startsWith(`${file}: `)).toBe(true);
    expect(stderr).toContain(`${file}: services[0].replicas: found 0`);
    expect(stderr).toContain(`${file}: colour: unknown field`);
    expect(stderr).toMatch(/clients\[0\]\.arrival\.kind: found "poison"; allowed: .*"poisson"/);
  });

  it('reports a JSON syntax error with its line and column', () => {
    const file = join(dir, 'syntax.json');
    writeFileSync(file, '{\n  "id": "x",\n  "title": \n}\n');
    const { status, stderr } = faultline('validate', file);
    expect(status).toBe(1);
    expect(stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:1: invalid JSON`));
  });

  it('applies --set before validating', () => {
    const file = join(dir, 'mm1.json');
    writeFileSync(file, faultline('show', 'mm1', '--json').stdout);
    const { status, stderr } = faultline('validate', file, '--set', 'services.server.concurrency=0');
    expect(status).toBe(1);
    expect(stderr).toContain(`${file}: services[0].concurrency: found 0`);
  });

  it('says clearly that a file is missing', () => {
    const { status, stdout, stderr } = faultline('validate', join(dir, 'nope.json'));
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^faultline: cannot read scenario file '.*nope\.json': no such file\n/);
    expect(stderr).not.toContain(STACK_LINE);
  });
});
