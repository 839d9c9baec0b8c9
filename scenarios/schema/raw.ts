/**
 * Reading untrusted input defensively: the semantic rules look at the raw value, before or
 * without a successful parse, so every accessor here accepts anything and never throws.
 */
import { NAME_PATTERN } from './fields.ts';

/** A JSON object as read: any keys, any values. */
export type Rec = Record<string, unknown>;

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The elements of an array; nothing for anything else. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** An object's own field (never an inherited one such as `constructor`); undefined otherwise. */
export function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** A name worth resolving: malformed names are the schema's to report. */
export function wellFormedName(value: unknown): string | undefined {
  return typeof value === 'string' && NAME_PATTERN.test(value) ? value : undefined;
}

/** A finite number worth comparing: anything else is the schema's to report. */
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `"a", "b"` for a message, or `(none defined)`. */
export function quotedList(names: Iterable<string>): string {
  const all = [...names].map((n) => JSON.stringify(n));
  return all.length === 0 ? '(none defined)' : all.join(', ');
}

/** Formats a number for a message without float noise such as 0.30000000000000004. */
export function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** A type guard for filters. */
export function isString(value: unknown): value is string {
  return typeof value === 'string';
}
