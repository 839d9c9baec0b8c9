/**
 * The one error shape of scenario validation, overrides and JSON parsing, and its formatting.
 *
 * Shared by `validate.ts`, `semantic.ts` and `overrides.ts`, so a user sees the same kind of
 * line whichever step found the problem.
 */

/** One problem with a scenario, named by the field it is in. */
export interface ValidationError {
  /** Where: `services[1].queue.capacity`, `clients[0].arrival.kind`; `''` for the whole input. */
  path: string;
  /** What is wrong, readable on its own: `found 0; allowed: an integer >= 1`. */
  message: string;
  /** The offending value as written (JSON-like, shortened), when there is one. */
  found?: string;
  /** What the field accepts, when that can be said. */
  allowed?: string;
}

/** A path segment: an object key or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats `['services', 1, 'queue']` as `services[1].queue` (keys that aren't identifiers are quoted). */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

const MAX_SHOWN = 60;

/**
 * Shows a value the way the user wrote it: JSON, shortened so one line stays one line.
 * NaN and ±Infinity can only come from JS callers (JSON has none) and are shown as JS.
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Cyclic or otherwise unserialisable input: say what it is rather than failing here.
    text = Array.isArray(value) ? 'an array' : 'an object';
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** The standard message: `found X; allowed: Y`. */
export function foundAllowed(path: string, found: string, allowed: string): ValidationError {
  return { path, message: `found ${found}; allowed: ${allowed}`, found, allowed };
}

/** Formats errors one per line, `path: message`, in the order given. */
export function formatErrors(errors: readonly ValidationError[]): string {
  return errors.map((e) => `${e.path === '' ? '(root)' : e.path}: ${e.message}`).join('\n');
}
