import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline, REPO_ROOT } from './cli-helpers.ts';

describe('faultline schema', () => {
  it('prints the scenario JSON Schema, and with --result the result JSON Schema', () => {
    const scenario = faultline('schema');
    expect(scenario.status).toBe(0);
    expect(JSON.parse(scenario.stdout)).toMatchObject({ title: 'Faultline scenario', type: 'object' });
    const result = faultline('schema', '--result');
    expect(result.status).toBe(0);
    const schema = JSON.parse(result.stdout) as {
      title: string;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.title).toBe('Faultline run result');
    expect(schema.properties['traceHash'].description).toMatch(/16 hex digits/);
  });

  // A stale committed schema fails here: run `npm run schema` and commit the files.
  it.each([
    ['scenario.schema.json', ['schema']],
    ['result.schema.json', ['schema', '--result']],
  ])('the committed %s is what `faultline schema` generates now', (file, args) => {
    const committed = readFileSync(join(REPO_ROOT, file), 'utf8');
    const generated = faultline(...args);
    expect(generated.status).toBe(0);
    expect(committed, `${file} is stale: run npm run schema`).toBe(generated.stdout);
  });
});
