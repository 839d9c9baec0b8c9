/**
 * `--set path=value` overrides, applied to raw scenario data before validation.
 *
 * Sweeps and quick experiments change one field without copying a file:
 * `--set services.api.replicas=4 --set clients.users.arrival.ratePerSec=900`. Overrides work on
 * the raw (unvalidated) data so the result goes through exactly the same validation as a file;
 * the caller re-validates it with `parseScenario`.
 */
import { foundAllowed, showValue, type ValidationError } from './errors.ts';
import { didYouMean } from './suggest.ts';

/** The outcome of applying overrides: the new raw value, or every override that failed. */
export type OverrideResult = { ok: true; value: unknown } | { ok: false; errors: ValidationError[] };

/** One parsed `--set`: the path's segments and the value to put there. */
export interface ParsedSet {
  path: string[];
  value: unknown;
}

// Assigning these as object keys would reach the prototype chain instead of setting data. As
// the name of a list element (a service named `constructor`) they are just a name.
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses `path=value`. The value is JSON if it parses as JSON (numbers, true/false/null,
 * objects, arrays, quoted strings), else the plain string, so `loadBalancer=random` works and
 * `title="42"` sets a string. Only the first `=` splits, so values may contain `=`.
 */
export function parseSet(text: string): ParsedSet | ValidationError {
  const eq = text.indexOf('=');
  const example = 'path=value, e.g. services.api.replicas=3';
  if (eq < 0) {
    const error = foundAllowed('--set', JSON.stringify(text), example);
    error.message = `found ${JSON.stringify(text)} (no "="); allowed: ${example}`;
    return error;
  }
  const pathText = text.slice(0, eq).trim();
  const path = pathText.split('.');
  if (pathText === '' || path.some((s) => s === '')) {
    return foundAllowed(
      '--set',
      JSON.stringify(text),
      `a dot-separated path with no empty parts: ${example}`,
    );
  }
  const valueText = text.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(valueText);
  } catch {
    value = valueText;
  }
  return { path, value };
}

/**
 * Applies `--set` overrides in order to a deep copy of `raw` (which is never mutated).
 *
 * A path is dot-separated; an array element is addressed by index (`services.0.replicas`) or by
 * its `name` (`services.api.replicas`); an all-digit segment is an index. Missing or
 * null objects on the way are created (defaults are not in the raw data: `metrics.bucketMs=500`
 * must work on a file that has no `metrics`, and `clients.users.retry.maxAttempts=3` on a client
 * whose `retry` is null), and a key may be new (the schema then judges it). An index or name that
 * matches no element, or a path through a non-object, is an error naming the available choices.
 * Every failing override is reported, not just the first.
 */
export function applyOverrides(raw: unknown, sets: string[]): OverrideResult {
  let root: unknown;
  try {
    root = structuredClone(raw);
  } catch {
    return {
      ok: false,
      errors: [{ path: '', message: 'input is not plain data (it holds functions or the like)' }],
    };
  }
  const errors: ValidationError[] = [];
  for (const text of sets) {
    const parsed = parseSet(text);
    if ('message' in parsed) {
      errors.push(parsed);
      continue;
    }
    const error = setAt(root, parsed.path, parsed.value);
    if (error !== undefined) errors.push(error);
  }
  return errors.length === 0 ? { ok: true, value: root } : { ok: false, errors };
}

/** Resolves an array segment to an index, or explains why it can't. */
function elementIndex(array: unknown[], segment: string, where: string): number | ValidationError {
  const names = array.map((e) => (isRecord(e) && typeof e['name'] === 'string' ? e['name'] : undefined));
  const choices = [
    array.length === 0
      ? 'no elements (the list is empty)'
      : array.length === 1
        ? 'index 0'
        : `an index 0..${array.length - 1}`,
    ...(names.some((n) => n !== undefined)
      ? [`a name: ${names.filter((n) => n !== undefined).join(', ')}`]
      : []),
  ].join(' or ');
  if (/^[0-9]+$/.test(segment)) {
    const index = Number(segment);
    if (index < array.length) return index;
    return foundAllowed(where, segment, choices);
  }
  const matches = names.flatMap((n, i) => (n === segment ? [i] : []));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    return {
      path: where,
      message: `name ${JSON.stringify(segment)} matches elements ${matches.join(', ')}; use an index`,
      found: JSON.stringify(segment),
      allowed: choices,
    };
  }
  const error = foundAllowed(where, JSON.stringify(segment), choices);
  error.message += didYouMean(
    segment,
    names.filter((n): n is string => n !== undefined),
  );
  return error;
}

function setAt(root: unknown, path: string[], value: unknown): ValidationError | undefined {
  let container: unknown = root;
  for (let k = 0; k < path.length; k++) {
    const segment = path[k];
    const where = path.slice(0, k + 1).join('.');
    const last = k === path.length - 1;
    if (Array.isArray(container)) {
      const index = elementIndex(container, segment, where);
      if (typeof index !== 'number') return index;
      if (last) container[index] = value;
      else container = container[index];
    } else if (isRecord(container)) {
      if (FORBIDDEN.has(segment))
        return foundAllowed(where, JSON.stringify(segment), 'a scenario field name');
      if (last) container[segment] = value;
      else {
        // Defaults aren't written in the raw data, so the object a path goes through may not exist
        // yet; null means "none" (no retry policy, no cache), so setting a field inside it makes one.
        if (
          !Object.hasOwn(container, segment) ||
          container[segment] === undefined ||
          container[segment] === null
        )
          container[segment] = {};
        container = container[segment];
      }
    } else {
      const parent = k === 0 ? '(root)' : path.slice(0, k).join('.');
      return {
        path: where,
        message: `cannot set a field inside ${parent}, which is ${showValue(container)}; allowed: a path through objects and lists`,
        found: showValue(container),
        allowed: 'a path through objects and lists',
      };
    }
  }
  return undefined;
}
