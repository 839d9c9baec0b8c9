/**
 * Turns untrusted input (a parsed JSON file, a share link, a `--set`) into a {@link Scenario},
 * or into every error at once, each naming its field, what was found and what is allowed.
 *
 * "Allowed" texts are read from the generated JSON Schema rather than from zod internals: that
 * schema is public and documented, and it is exactly what editors and the README show, so an
 * error message never disagrees with the documentation.
 */
import type { z } from 'zod';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { formatPath, foundAllowed, type PathSegment, showValue, type ValidationError } from './errors.ts';
import { scenarioJsonSchema } from './json-schema.ts';
import { applyOverrides } from './overrides.ts';
import { ScenarioSchema } from './scenario-schema.ts';
import { semanticErrors } from './semantic.ts';

export { formatErrors, type ValidationError } from './errors.ts';

/** The outcome of validating a scenario: the resolved scenario, or every error found. */
export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: ValidationError[] };

/** The outcome of parsing JSON text: the raw value, or where and why the text isn't JSON. */
export type JsonResult = { ok: true; value: unknown } | { ok: false; errors: ValidationError[] };

/**
 * Validates any input and fills in every default.
 *
 * Reports every schema error and every semantic error (see `semantic.ts`) at once; semantic
 * rules are checked wherever the values they need are well-formed, even if other parts are not.
 * A top-level `$schema` string (editor support) is ignored. The input is never mutated.
 */
export function parseScenario(input: unknown): ParseResult {
  const body = withoutSchemaKey(input);
  const parsed = ScenarioSchema.safeParse(body);
  const errors = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueErrors(issue, body));
  errors.push(...semanticErrors(body));
  if (parsed.success && errors.length === 0) return { ok: true, scenario: parsed.data };
  return { ok: false, errors: dedupe(errors) };
}

/**
 * Parses JSON text without throwing: a syntax error becomes one error whose `path` is
 * `source:line:column` (1-based), with a message that is the same on every JS engine.
 * A leading byte-order mark is ignored.
 */
export function parseJson(text: string, source: string): JsonResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, errors: [jsonSyntaxError(body, source, error)] };
  }
}

/**
 * Parses a scenario file's text: JSON syntax, then `--set` overrides (`path=value`, see
 * `overrides.ts`), then validation. Never throws; every failure is a {@link ValidationError}.
 */
export function parseScenarioJson(text: string, source: string, sets: readonly string[] = []): ParseResult {
  const json = parseJson(text, source);
  if (!json.ok) return json;
  const overridden = applyOverrides(json.value, [...sets]);
  if (!overridden.ok) return overridden;
  return parseScenario(overridden.value);
}

// ---------------------------------------------------------------- zod issues -> errors

function withoutSchemaKey(input: unknown): unknown {
  if (!isRecord(input) || typeof input['$schema'] !== 'string') return input;
  const { $schema: _ignored, ...rest } = input;
  return rest;
}

function dedupe(errors: ValidationError[]): ValidationError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

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

/** Picks the branch of a union that applies to `value` (by `kind`, or null vs not null). */
function branchFor(node: Json | undefined, value: unknown): Json | undefined {
  if (node === undefined) return undefined;
  if (Array.isArray(node['oneOf'])) {
    const kind = isRecord(value) ? value['kind'] : undefined;
    return (node['oneOf'] as Json[]).find((b) => constOf(b, 'kind') === kind);
  }
  if (Array.isArray(node['anyOf'])) {
    const branches = node['anyOf'] as Json[];
    return branches.find((b) => (value === null) === (b['type'] === 'null'));
  }
  return node;
}

function constOf(node: Json, key: string): unknown {
  const property = (node['properties'] as Json | undefined)?.[key];
  return isRecord(property) ? property['const'] : undefined;
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

/** "What this field allows", in words, from its JSON Schema node. */
function allowedText(node: Json | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (node['const'] !== undefined) return JSON.stringify(node['const']);
  if (Array.isArray(node['enum'])) return node['enum'].map((v) => JSON.stringify(v)).join(', ');
  if (Array.isArray(node['anyOf'])) {
    const parts = (node['anyOf'] as Json[]).map((b) => allowedText(b));
    return parts.every((p) => p !== undefined) ? parts.join(' or ') : undefined;
  }
  if (Array.isArray(node['oneOf'])) {
    const kinds = (node['oneOf'] as Json[]).map((b) => JSON.stringify(constOf(b, 'kind')));
    return `an object with "kind" one of ${kinds.join(', ')}`;
  }
  switch (node['type']) {
    case 'integer':
      return numberText('an integer', node);
    case 'number':
      return numberText('a number', node);
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

function numberText(noun: string, node: Json): string {
  const bound = (key: string): number | undefined => {
    const v = node[key];
    // zod bounds every integer to the safe range; that bound is noise to a user.
    return typeof v === 'number' && Math.abs(v) !== Number.MAX_SAFE_INTEGER ? v : undefined;
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

/** Edit distance, to suggest the field a typo meant. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

function suggestion(key: string, fields: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const f of fields) {
    const d = editDistance(key.toLowerCase(), f.toLowerCase());
    if (d < bestDistance) {
      best = f;
      bestDistance = d;
    }
  }
  return best;
}

function issueErrors(issue: z.core.$ZodIssue, input: unknown): ValidationError[] {
  const path: PathSegment[] = issue.path.map((s) => (typeof s === 'number' ? s : String(s)));
  const where = formatPath(path);
  const value = valueAt(input, path);

  if (issue.code === 'unrecognized_keys') {
    const parent = branchFor(schemaAt(input, path), value);
    const fields = Object.keys((parent?.['properties'] as Json | undefined) ?? {});
    const allowed = fields.join(', ');
    return issue.keys.map((key) => {
      const hint = suggestion(key, fields);
      return {
        path: formatPath([...path, key]),
        message: `unknown field; allowed fields: ${allowed}${hint === undefined ? '' : `; did you mean "${hint}"?`}`,
        found: JSON.stringify(key),
        allowed,
      };
    });
  }

  let allowed: string | undefined;
  if (issue.code === 'invalid_union') {
    // zod 4 reports a discriminated union's unknown `kind` as a union issue carrying the options.
    const options = (issue as { options?: unknown[] }).options;
    if (Array.isArray(options)) allowed = options.map((o) => JSON.stringify(o)).join(', ');
  } else {
    allowed = allowedText(schemaAt(input, path));
  }
  // Only if the schema walk failed (it shouldn't): zod's own words still say what is wrong.
  allowed ??= issue.message;

  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return [{ path: where, message: `missing required field; allowed: ${allowed}`, allowed }];
  }
  return [foundAllowed(where, showValue(value), allowed)];
}

// ---------------------------------------------------------------- JSON syntax errors

function jsonSyntaxError(text: string, source: string, error: unknown): ValidationError {
  const located = locateJsonError(text);
  if (located === undefined) {
    // The engine rejected what our scanner accepts (should not happen): fall back to its words.
    const detail = error instanceof Error ? error.message : String(error);
    return { path: source, message: `invalid JSON: ${detail}` };
  }
  const before = text.slice(0, located.offset);
  const line = before.split('\n').length;
  const column = located.offset - before.lastIndexOf('\n');
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', located.offset);
  const lineText = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  const near = lineText.slice(Math.max(0, column - 1 - 20), column - 1 + 20).trim();
  const found = located.offset >= text.length ? 'end of input' : JSON.stringify(text[located.offset]);
  return {
    path: `${source}:${line}:${column}`,
    message: `invalid JSON: ${located.message}${near === '' ? '' : ` near '${near}'`}`,
    found,
  };
}

class JsonScanError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/**
 * Finds where and why `text` is not JSON. JS engines word (and some omit) the position
 * differently; a share link or the CLI must show the same message everywhere.
 */
export function locateJsonError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const fail = (offset: number, message: string): never => {
    throw new JsonScanError(offset, message);
  };
  const describe = (offset: number): string =>
    offset >= text.length ? 'end of input' : `character ${JSON.stringify(text[offset])}`;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const hint = (c: string | undefined): string => {
    if (c === "'") return ' (strings use double quotes)';
    if (c === '/') return ' (JSON has no comments)';
    if (c !== undefined && /[A-Za-z_]/.test(c)) return ' (JSON has no NaN, Infinity or unquoted words)';
    return '';
  };
  const string = (): void => {
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) fail(start, 'unterminated string');
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail(i, 'bad escape in string');
      } else if (c.charCodeAt(0) < 0x20) {
        fail(i, 'control character in string (write \\n, \\t, ...)');
      } else i++;
    }
  };
  const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  const number = (): void => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null) fail(i, `unexpected ${describe(i)}; expected a number`);
    else {
      i += m[0].length;
      if (m[1] === '0' && /[0-9]/.test(text[i] ?? '')) fail(i - 1, 'a number may not start with 0');
      if (text[i] === '.' || text[i] === 'e' || text[i] === 'E') fail(i, 'malformed number');
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else {
      for (const word of ['true', 'false', 'null']) {
        if (text.startsWith(word, i)) {
          i += word.length;
          return;
        }
      }
      fail(i, `unexpected ${describe(i)}; expected a value${hint(c)}`);
    }
  };
  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') {
        if (text[i] === '}') fail(i, 'trailing comma before "}"');
        fail(i, `unexpected ${describe(i)}; expected a double-quoted property name${hint(text[i])}`);
      }
      string();
      ws();
      if (text[i] !== ':') fail(i, `unexpected ${describe(i)}; expected ":" after a property name`);
      i++;
      value();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === '}') {
        i++;
        return;
      } else fail(i, `unexpected ${describe(i)}; expected "," or "}" after a property value`);
    }
  };
  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === ']') fail(i, 'trailing comma before "]"');
      } else if (text[i] === ']') {
        i++;
        return;
      } else fail(i, `unexpected ${describe(i)}; expected "," or "]" after an array element`);
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(i, `unexpected ${describe(i)} after the JSON value`);
    return undefined;
  } catch (error) {
    if (error instanceof JsonScanError) return { offset: error.offset, message: error.message };
    // Nesting too deep for our recursion: let the caller fall back to the engine's message.
    return undefined;
  }
}
