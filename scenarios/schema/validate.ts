/**
 * Turns untrusted input (a parsed JSON file, a share link, a `--set`) into a {@link Scenario},
 * or into every error at once, each naming its field, what was found and what is allowed.
 * Zod issues become errors in `issues.ts`.
 */
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import type { ValidationError } from './errors.ts';
import { nestingError } from './nesting.ts';
import { applyOverrides } from './overrides.ts';
import { checkScenario } from './semantic.ts';

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
 * A top-level `$schema` string (editor support) is ignored. The input is never mutated. Data
 * nested deeper than `MAX_NESTING` is refused with that one error, before anything recursive.
 */
export function parseScenario(input: unknown): ParseResult {
  const tooDeep = nestingError(input);
  if (tooDeep !== undefined) return { ok: false, errors: [tooDeep] };
  const body = withoutSchemaKey(input);
  const checked = checkScenario(body);
  const errors = [...checked.schema, ...checked.rules];
  if (checked.scenario !== undefined && errors.length === 0) return { ok: true, scenario: checked.scenario };
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
  const tooDeep = nestingError(json.value);
  if (tooDeep !== undefined) return { ok: false, errors: [tooDeep] };
  const overridden = applyOverrides(json.value, [...sets]);
  if (!overridden.ok) return overridden;
  return parseScenario(overridden.value);
}

// ---------------------------------------------------------------- helpers

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
