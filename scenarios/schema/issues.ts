/**
 * Turns zod issues into {@link ValidationError}s: the path, what was found and what is allowed.
 *
 * "Allowed" texts are read from the generated JSON Schema rather than from zod internals: that
 * schema is public and documented, and it is exactly what editors and the README show, so an
 * error message never disagrees with the documentation.
 *
 * Used by `validate.ts` for a scenario, and by `semantic.ts` for the dry runs of `params`.
 */
import type { z } from 'zod';
import { formatPath, foundAllowed, type PathSegment, showValue, type ValidationError } from './errors.ts';
import { scenarioJsonSchema } from './json-schema.ts';
import { closest, didYouMean } from './suggest.ts';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let value = input;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isRecord(value) && typeof segment === 'string' && Object.hasOwn(value, segment))
      value = value[segment];
    else return undefined;
  }
  return value;
}

let cachedSchema: Json | undefined;
function jsonSchema(): Json {
  cachedSchema ??= scenarioJsonSchema();
  return cachedSchema;
}

/** The JSON type of a value: what a JSON Schema `type` would call it. */
function jsonType(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}

/** The types a node names: `"integer"` counts as a number, `["string", "null"]` as both. */
function nodeTypes(node: Json): string[] | undefined {
  const type = node['type'];
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? (type as string[]) : undefined;
  return types?.map((t) => (t === 'integer' ? 'number' : t));
}

/** Whether a node (or one of its branches) is of the value's JSON type. */
function typeFits(node: Json, value: unknown): boolean {
  for (const key of ['anyOf', 'oneOf']) {
    const branches = node[key];
    if (Array.isArray(branches)) return (branches as Json[]).some((b) => typeFits(b, value));
  }
  const types = nodeTypes(node);
  const type = jsonType(value);
  return types === undefined || (type !== undefined && types.includes(type));
}

/** The property whose `const` tells the branches of a `oneOf` apart: `kind`, `algorithm`. */
function discriminator(branches: Json[]): string | undefined {
  const first = (branches[0]?.['properties'] ?? {}) as Json;
  return Object.keys(first).find((key) => branches.every((b) => constOf(b, key) !== undefined));
}

function constOf(node: Json, key: string): unknown {
  const property = (node['properties'] as Json | undefined)?.[key];
  return isRecord(property) ? property['const'] : undefined;
}

/**
 * Picks the branch of a union that applies to `value`: a `oneOf` by its discriminator, an
 * `anyOf` by the value's type (null vs an object vs a preset name), down to a non-union node.
 */
function branchFor(node: Json | undefined, value: unknown): Json | undefined {
  let current = node;
  while (current !== undefined) {
    if (Array.isArray(current['oneOf'])) {
      const branches = current['oneOf'] as Json[];
      const key = discriminator(branches);
      const tag = isRecord(value) && key !== undefined ? value[key] : undefined;
      current = branches.find((b) => key !== undefined && constOf(b, key) === tag);
    } else if (Array.isArray(current['anyOf'])) {
      const branches = current['anyOf'] as Json[];
      current =
        branches.find((b) => jsonType(value) !== undefined && typeFits(b, value)) ??
        branches.find((b) => b['type'] !== 'null');
    } else return current;
  }
  return undefined;
}

/** The JSON Schema node that describes the value at `path` of `input`, if the path leads anywhere. */
function schemaAt(input: unknown, path: readonly PathSegment[]): Json | undefined {
  let node: Json | undefined = jsonSchema();
  let value = input;
  for (const segment of path) {
    node = branchFor(node, value);
    if (node === undefined) return undefined;
    const next: unknown =
      typeof segment === 'number' ? node['items'] : (node['properties'] as Json | undefined)?.[segment];
    node = isRecord(next) ? next : undefined;
    value = valueAt(value, [segment]);
  }
  return node;
}

/**
 * The fields the scenario schema allows in the object at `path` of `input` (the branch of a union
 * its value picks), or none when the path leads nowhere in the schema.
 */
export function fieldsAllowedAt(input: unknown, path: readonly PathSegment[]): string[] {
  const node = branchFor(schemaAt(input, path), valueAt(input, path));
  return Object.keys((node?.['properties'] as Json | undefined) ?? {});
}

/** "What this field allows", in words, from its JSON Schema node. */
function allowedText(node: Json | undefined, showSafeBound = false): string | undefined {
  if (node === undefined) return undefined;
  if (node['const'] !== undefined) return JSON.stringify(node['const']);
  if (Array.isArray(node['enum'])) {
    const values = node['enum'].map((v) => JSON.stringify(v)).join(', ');
    // A titled enum is a set of named things, such as presets: say what they are.
    const title = node['title'];
    if (typeof title !== 'string') return values;
    return `${/^[aeiou]/i.test(title) ? 'an' : 'a'} ${title} (${values})`;
  }
  if (Array.isArray(node['anyOf'])) {
    const parts = (node['anyOf'] as Json[]).map((b) => allowedText(b, showSafeBound));
    return parts.every((p) => p !== undefined) ? parts.join(' or ') : undefined;
  }
  if (Array.isArray(node['oneOf'])) {
    const branches = node['oneOf'] as Json[];
    const key = discriminator(branches) ?? 'kind';
    const tags = branches.map((b) => JSON.stringify(constOf(b, key)));
    return `an object with "${key}" one of ${tags.join(', ')}`;
  }
  const type = node['type'];
  if (Array.isArray(type)) {
    const parts = type.map((t) => allowedText({ ...node, type: t }, showSafeBound));
    return parts.every((p) => p !== undefined) ? parts.join(' or ') : undefined;
  }
  switch (type) {
    case 'integer':
      return numberText('an integer', node, showSafeBound);
    case 'number':
      return numberText('a number', node, showSafeBound);
    case 'string':
      if (typeof node['pattern'] === 'string') return `a string matching /${node['pattern']}/`;
      return node['minLength'] === 1 ? 'a non-empty string' : 'a string';
    case 'array':
      return typeof node['minItems'] === 'number' && node['minItems'] > 0 ? 'a non-empty list' : 'a list';
    case 'object':
      return 'an object';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    default:
      return undefined;
  }
}

function numberText(noun: string, node: Json, showSafeBound: boolean): string {
  const bound = (key: string): number | undefined => {
    const v = node[key];
    // zod bounds every integer to the safe range; that bound is noise to a user, unless the value
    // is beyond it.
    return typeof v === 'number' && (showSafeBound || Math.abs(v) !== Number.MAX_SAFE_INTEGER)
      ? v
      : undefined;
  };
  const min = bound('minimum');
  const max = bound('maximum');
  const gt = bound('exclusiveMinimum');
  const lt = bound('exclusiveMaximum');
  if (min !== undefined && max !== undefined) return `${noun} in [${min}, ${max}]`;
  const parts: string[] = [];
  if (min !== undefined) parts.push(`>= ${min}`);
  if (gt !== undefined) parts.push(`> ${gt}`);
  if (max !== undefined) parts.push(`<= ${max}`);
  if (lt !== undefined) parts.push(`< ${lt}`);
  return parts.length === 0 ? noun : `${noun} ${parts.join(' and ')}`;
}

/**
 * The issues of the union branch the user meant, for a union that is not discriminated (a preset
 * name or an object): the branch that got past the value's type and complains only inside it,
 * such as the object branch of `{ "maxAttempts": 0 }`. Undefined when every branch complains
 * about the value itself (a wrong preset name, a number): then the whole union's allowed values
 * say best what was meant. The paths are made absolute.
 */
function meantBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | undefined {
  const inside = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
  return inside?.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as z.core.$ZodIssue);
}

/** The errors of one zod issue on `input`, each naming its field and what it allows. */
export function issueErrors(issue: z.core.$ZodIssue, input: unknown): ValidationError[] {
  const path: PathSegment[] = issue.path.map((s) => (typeof s === 'number' ? s : String(s)));
  const where = formatPath(path);
  const value = valueAt(input, path);

  if (issue.code === 'unrecognized_keys') {
    const parent = branchFor(schemaAt(input, path), value);
    const fields = Object.keys((parent?.['properties'] as Json | undefined) ?? {});
    const allowed = fields.join(', ');
    return issue.keys.map((key) => {
      const hint = closest(key, fields);
      return {
        path: formatPath([...path, key]),
        message: `unknown field; allowed fields: ${allowed}${hint === undefined ? '' : `; did you mean "${hint}"?`}`,
        found: JSON.stringify(key),
        allowed,
      };
    });
  }

  let allowed: string | undefined;
  let choices: string[] = [];
  // Beyond 2^53 - 1 an integer can't be held exactly (JSON's 9007199254740993 reads as ...992).
  const unsafeInteger = typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);
  if (issue.code === 'invalid_union') {
    // zod 4 reports a discriminated union's unknown `kind` as a union issue carrying the options.
    const options = (issue as { options?: unknown[] }).options;
    if (Array.isArray(options)) {
      allowed = options.map((o) => JSON.stringify(o)).join(', ');
      choices = options.filter((o): o is string => typeof o === 'string');
    } else {
      const meant = value === undefined ? undefined : meantBranch(issue);
      if (meant !== undefined) return meant.flatMap((i) => issueErrors(i, input));
      const node = schemaAt(input, path);
      allowed = allowedText(node);
      choices = stringChoices(node);
    }
  } else {
    const node = schemaAt(input, path);
    allowed = allowedText(node, unsafeInteger);
    choices = stringChoices(node);
  }
  // Only if the schema walk failed (it shouldn't): zod's own words still say what is wrong.
  allowed ??= issue.message;

  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return [{ path: where, message: `missing required field; allowed: ${allowed}`, allowed }];
  }
  const error = foundAllowed(where, showValue(value), allowed);
  if (unsafeInteger)
    error.message = `found ${showValue(value)} (or a number that rounds to it: integers beyond ${Number.MAX_SAFE_INTEGER} are not exact); allowed: ${allowed}`;
  // A misspelt enum value or preset name: name the one it most likely meant.
  if (typeof value === 'string') error.message += didYouMean(value, choices);
  return [error];
}

/** The strings a node allows by name: its `enum`, its `const`, or those of its union's branches. */
function stringChoices(node: Json | undefined): string[] {
  if (node === undefined) return [];
  if (typeof node['const'] === 'string') return [node['const']];
  if (Array.isArray(node['enum'])) return node['enum'].filter((v): v is string => typeof v === 'string');
  for (const key of ['anyOf', 'oneOf']) {
    const branches = node[key];
    if (Array.isArray(branches)) return (branches as Json[]).flatMap((b) => stringChoices(b));
  }
  return [];
}
