/**
 * Refuses data nested deeper than {@link MAX_NESTING} before anything recursive (a copy, the
 * schema) touches it: thousands of levels would overflow the stack there and be reported as
 * something else. The walk keeps its own stack, so any depth is measured safely.
 */
import { MAX_NESTING } from '../../sim-core/scenario/limits.ts';
import { formatPath, type PathSegment, type ValidationError } from './errors.ts';

/** The error for data nested deeper than {@link MAX_NESTING}, at the first too-deep value, or undefined. */
export function nestingError(input: unknown): ValidationError | undefined {
  const stack: { value: unknown; depth: number; path: PathSegment[] }[] = [
    { value: input, depth: 0, path: [] },
  ];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as (typeof stack)[number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_NESTING) {
      const where = formatPath(path);
      return {
        path: where,
        message: `nested too deeply: more than ${MAX_NESTING} levels of objects and arrays; allowed: at most ${MAX_NESTING} levels`,
        found: `more than ${MAX_NESTING} levels`,
        allowed: `at most ${MAX_NESTING} levels`,
      };
    }
    const entries: [PathSegment, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value as Record<string, unknown>);
    for (let k = entries.length - 1; k >= 0; k--) {
      const [key, child] = entries[k];
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: depth + 1, path: [...path, key] });
    }
  }
  return undefined;
}
