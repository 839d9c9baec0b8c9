import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * sim-core must behave the same in Node, a Web Worker and any browser: it may read no clock,
 * no ambient randomness, no timers, and import nothing platform-specific. This scans its sources.
 */
const root = join(import.meta.dirname, '../../sim-core');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

const FORBIDDEN: [RegExp, string][] = [
  [/\bDate\.now\b|\bnew Date\b/, 'wall-clock time (Date)'],
  [/\bperformance\.now\b/, 'wall-clock time (performance.now)'],
  [/\bMath\.random\b/, 'ambient randomness (Math.random)'],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask|requestAnimationFrame)\b/, 'a timer'],
  [/(?<![\w.-])(process|window|document|navigator)\.|\bglobalThis\b/, 'a platform global'],
  [
    /\bMath\.(log|log1p|log2|log10|exp|expm1|pow|sin|cos|tan|atan2?|asin|acos|sinh|cosh|tanh|cbrt|hypot)\b/,
    'engine-dependent math (Math.log/exp/pow/...: use random/det-math)',
  ],
  [/from\s+['"](node:|fs|path|os|crypto|worker_threads|child_process|url)['"/]/, 'a Node import'],
  [/\brequire\(/, 'require()'],
];
const ALLOWED_PACKAGES = ['seedrandom'];

describe('sim-core purity', () => {
  const files = sources(root);

  it('has sources to scan', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(root, f), f]))(
    '%s uses no clock, randomness, timer or platform API',
    (_, file) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      const violations: string[] = [];
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (/^\s*(\*|\/\*)/.test(code)) return;
        for (const [re, what] of FORBIDDEN)
          if (re.test(code)) violations.push(`line ${i + 1}: ${what}: ${line.trim()}`);
        const m = code.match(/from\s+['"]([^'"]+)['"]/);
        if (m && !m[1].startsWith('.') && !ALLOWED_PACKAGES.includes(m[1])) {
          violations.push(
            `line ${i + 1}: imports package "${m[1]}" (allowed: ${ALLOWED_PACKAGES.join(', ')})`,
          );
        }
        if (m?.[1].startsWith('.') && /\.\.\/\.\.\/(cli|web|workers|scenarios)\//.test(m[1])) {
          violations.push(`line ${i + 1}: imports an upper layer: ${m[1]}`);
        }
      });
      expect(violations).toEqual([]);
    },
  );

  it('the scan catches a violation', () => {
    const bad = 'const t = Date.now(); const r = Math.random(); setTimeout(f, 1);';
    const hits = FORBIDDEN.filter(([re]) => re.test(bad)).map(([, what]) => what);
    expect(hits).toHaveLength(3);
  });
});
