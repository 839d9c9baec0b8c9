/**
 * The command table that `faultline --help` lists without loading any command, and the lazy
 * loading it allows: `--help` and `list` never import the simulator.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const loaded: string[] = [];
vi.mock('../../sim-core/run/simulation.ts', async (original) => {
  loaded.push('sim-core/run/simulation.ts');
  return await original();
});
vi.mock('../../workers/node-pool.ts', async (original) => {
  loaded.push('workers/node-pool.ts');
  return await original();
});

const { buildProgram, COMMANDS, main } = await import('../../cli/program.ts');

describe('lazy loading (first: the modules are not cached yet)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('--help and list load neither the simulator nor the worker pool', async () => {
    loaded.length = 0;
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    expect(await main(['node', 'faultline', '--help'])).toBe(0);
    expect(await main(['node', 'faultline', 'list', '--json'])).toBe(0);
    expect(out.join('')).toContain('run [options] [scenario]');
    expect(out.join('')).toContain('"id": "retry-storm"');
    expect(loaded).toEqual([]);
    vi.restoreAllMocks();
  });

  it('a command that runs loads what it needs', async () => {
    loaded.length = 0;
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(
      await main([
        'node',
        'faultline',
        'run',
        'mm1',
        '--set',
        'durationMs=2000',
        '--set',
        'metrics.warmupMs=0',
        '--json',
      ]),
    ).toBe(0);
    expect(loaded).toContain('sim-core/run/simulation.ts');
  });
});

describe('the command table', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(COMMANDS.map((c) => [c.name, c]))(
    '%s: usage and description are the command’s own',
    async (_name, spec) => {
      const program = buildProgram(new Map([[spec.name, await spec.load()]]));
      const command = program.commands.find((c) => c.name() === spec.name)!;
      expect(command.usage()).toBe(spec.usage);
      expect(command.description()).toBe(spec.description);
    },
  );
});
