import { describe, expect, it } from 'vitest';
import { builtInScenarioIds } from '../../scenarios/index.ts';
import { faultline } from './cli-helpers.ts';

describe('faultline list', () => {
  it('lists every built-in scenario with its title and first sentence', () => {
    const { status, stdout, stderr } = faultline('list');
    expect(status).toBe(0);
    expect(stderr).toBe('');
    for (const id of builtInScenarioIds()) expect(stdout).toMatch(new RegExp(`^${id}\\s`, 'm'));
    expect(stdout).toContain('M/M/1 queue at 90% load');
    // Only the first sentence of a description.
    expect(stdout).toContain('textbook queue.');
    expect(stdout).not.toContain('Theory:');
    for (const line of stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('--json prints an array of { id, title, description, params, paramLabels, hypotheses, lesson }', () => {
    const { status, stdout } = faultline('list', '--json');
    expect(status).toBe(0);
    const items = JSON.parse(stdout) as { id: string; title: string; description: string }[];
    expect(items.map((i) => i.id)).toEqual(builtInScenarioIds());
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual([
        'description',
        'hypotheses',
        'id',
        'lesson',
        'paramLabels',
        'params',
        'title',
      ]);
      expect(item.title.length).toBeGreaterThan(0);
      expect(item.description).toMatch(/[.!?]$/);
    }
    const mm1 = items.find((i) => i.id === 'mm1')!;
    expect((mm1 as unknown as { params: object }).params).toEqual({});
    expect(mm1.description).toBe(
      'One server, Poisson arrivals at 900/s, exponential service with mean 1 ms: the textbook queue.',
    );
  });
});
