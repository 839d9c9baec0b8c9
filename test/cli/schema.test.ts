import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultJsonSchema } from '../../scenarios/schema/result-schema.ts';
import { faultline, REPO_ROOT } from './cli-helpers.ts';

/** Paths of every property (at any depth, records included) of a JSON Schema that has no description. */
function undescribed(schema: unknown, path = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  if (Array.isArray(schema)) return schema.flatMap((x, i) => undescribed(x, `${path}[${i}]`));
  const node = schema as Record<string, unknown>;
  const missing: string[] = [];
  const properties = node['properties'] as Record<string, Record<string, unknown>> | undefined;
  for (const [key, value] of Object.entries(properties ?? {})) {
    if (typeof value['description'] !== 'string' || value['description'] === '')
      missing.push(`${path}.${key}`);
  }
  const record = node['additionalProperties'];
  if (typeof record === 'object' && record !== null && !('description' in record)) missing.push(`${path}.*`);
  for (const [key, value] of Object.entries(node)) missing.push(...undescribed(value, `${path}/${key}`));
  return missing;
}

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

  it('describes every field of the result, at every depth', () => {
    const schema = resultJsonSchema();
    expect(undescribed(schema)).toEqual([]);
    const summary = (schema['properties'] as Record<string, { properties: Record<string, unknown> }>)[
      'summary'
    ];
    expect(Object.keys(summary.properties)).toEqual([
      'window',
      'userRequests',
      'clients',
      'services',
      'edges',
      'queues',
      'faults',
      'timeline',
      'controlEvents',
      'slos',
      'alerts',
      'deployments',
      'network',
      'stores',
    ]);
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
