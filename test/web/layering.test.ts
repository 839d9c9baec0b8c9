import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The lab is a layer above sim-core and scenarios, beside cli: it must not load the command's
 * modules, nor the result's zod schema (a contract for the command's JSON, 500 lines the page
 * never needs). This follows every relative import from web/, transitively.
 */
const repo = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|mjs|js)$/.test(p) ? [p] : [];
  });
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s(?:[^'"`;]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every file reachable from `entries` through relative imports, with the file that first imported it. */
function reachable(entries: string[]): Map<string, string> {
  const from = new Map<string, string>(entries.map((e) => [e, '(entry)']));
  const todo = [...entries];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (!/\.(ts|mjs|js)$/.test(file)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), m[1] ?? m[2]);
      if (!from.has(target)) {
        from.set(target, file);
        todo.push(target);
      }
    }
  }
  return from;
}

describe('the lab’s imports', () => {
  const entries = sources(join(repo, 'web'));
  const loaded = reachable(entries);
  const rel = (p: string): string => relative(repo, p);

  it('has sources to scan, and follows their imports into sim-core and scenarios', () => {
    expect(entries.length).toBeGreaterThan(10);
    const files = [...loaded.keys()].map(rel);
    expect(files).toContain('sim-core/metrics/series-csv.ts');
    expect(files.some((f) => f.startsWith('scenarios/schema/'))).toBe(true);
  });

  it('loads nothing from cli/, directly or through another module', () => {
    const offenders = [...loaded]
      .filter(([f]) => rel(f).startsWith('cli/'))
      .map(([f, by]) => `${rel(by)} -> ${rel(f)}`);
    expect(offenders).toEqual([]);
  });

  it('does not load the result schema', () => {
    const by = loaded.get(join(repo, 'scenarios/schema/result-schema.ts'));
    expect(by === undefined ? undefined : rel(by)).toBeUndefined();
  });
});
