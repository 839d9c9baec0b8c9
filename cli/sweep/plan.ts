/**
 * A sweep's plan: the base scenario (with `--set`), the `--vary` axes, every combination as a
 * validated scenario, the seeds, and the jobs (combination x seed) in their one order.
 *
 * Job `j` is combination `floor(j / seeds.length)` on seed `seeds[j % seeds.length]`: sorted by
 * combination, then seed. Seeds are sorted ascending, so `--seeds 9,1,5` and `--seeds 1,5,9` are
 * the same sweep.
 */
import { createHash } from 'node:crypto';
import { applyOverrides, formatErrors, parseSet } from '../../scenarios/schema/index.ts';
import { fieldPlaces } from '../../scenarios/schema/places.ts';
import { type Dropped, resolveScenario } from '../../scenarios/schema/resolve.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { inputError, usageError } from '../errors.ts';
import { loadScenario, noteDropped, readScenarioArgument } from '../load-scenario.ts';
import { MAX_JOBS, parseValue, valueLabel } from './options.ts';

/** One `--vary`: a path (as resolved in the scenario) and its values, in the order given. */
export interface VaryAxis {
  path: string;
  values: unknown[];
}

/** One point of the grid: a value per axis. */
export interface Combination {
  index: number;
  /** Value per axis path, in axis order. */
  values: Record<string, unknown>;
  /** `path=value path=value`, for people. */
  label: string;
  scenario: Scenario;
}

export interface SweepPlan {
  /** The scenario with `--set` applied (no vary value). */
  base: Scenario;
  /** First 16 hex digits of the SHA-256 of the base scenario (as validated), naming it exactly. */
  scenarioHash: string;
  set: string[];
  axes: VaryAxis[];
  seeds: number[];
  combinations: Combination[];
  /** combinations x seeds. */
  totalJobs: number;
}

export interface Job {
  index: number;
  combination: number;
  seed: number;
}

/** The job with index `index` of `plan`. */
export function jobAt(plan: { seeds: number[] }, index: number): Job {
  const n = plan.seeds.length;
  return { index, combination: Math.floor(index / n), seed: plan.seeds[index % n] };
}

/** Hash naming a scenario exactly: equal hashes, equal scenarios (as validated). */
export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(JSON.stringify(scenario)).digest('hex').slice(0, 16);
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The child of `node` named by `segment` (an object key, an array index or an element's name). */
function child(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) {
    if (/^[0-9]+$/.test(segment)) return node[Number(segment)];
    const found = node.filter((e) => isRecord(e) && e['name'] === segment);
    return found.length === 1 ? found[0] : undefined;
  }
  return isRecord(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
}

/** Every place in `raw` where `segments` fits, as dotted paths (elements by name when they have one). */
function suffixMatches(raw: unknown, segments: string[]): string[] {
  const matches: string[] = [];
  const fits = (node: unknown): boolean => {
    let at = node;
    for (let k = 0; k < segments.length - 1; k++) {
      at = child(at, segments[k]);
      if (!isRecord(at) && !Array.isArray(at)) return false;
    }
    // The last field may be absent (left to its default) unless it is the only one.
    return segments.length > 1 || child(at, segments[0]) !== undefined;
  };
  const walk = (node: unknown, path: string[]) => {
    if (path.length > 0 && fits(node)) matches.push([...path, ...segments].join('.'));
    if (Array.isArray(node)) {
      node.forEach((e, i) => {
        const name = isRecord(e) && typeof e['name'] === 'string' ? e['name'] : String(i);
        walk(e, [...path, name]);
      });
    } else if (isRecord(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (isRecord(value) || Array.isArray(value)) walk(value, [...path, key]);
      }
    }
  };
  walk(raw, []);
  return matches;
}

/**
 * Resolves a `--vary` path against the scenario data: a path starting with a top-level field
 * (`clients.users.retry.jitter`) is used as it is, like `--set`; a shorter one (`retry.jitter`)
 * names the one place in the scenario where it fits. A path whose first field the scenario could
 * have but fits nowhere is refused with the places it could go; any other path that fits nowhere
 * is used as given, so validation names the unknown field.
 */
export function resolveVaryPath(raw: unknown, given: string): string {
  const segments = given.split('.');
  if (isRecord(raw) && Object.hasOwn(raw, segments[0])) return given;
  const matches = suffixMatches(raw, segments);
  if (matches.length === 1) return matches[0];
  if (matches.length === 0 && segments.length > 1) noPlaceFor(raw, given, segments);
  if (matches.length > 1) {
    const shown =
      matches.slice(0, 8).join(', ') + (matches.length > 8 ? `, … (${matches.length} in all)` : '');
    throw inputError(
      `--vary ${given}: the path fits ${matches.length} places in the scenario: ${shown}`,
      `Give the whole path of the one you mean, e.g. --vary ${matches[0]}=...`,
    );
  }
  return given;
}

/**
 * A suffix path that fits nowhere, although its first field (`retry` of `retry.jitter`) is one the
 * scenario could have: says where it is missing and which whole paths there are, rather than
 * letting validation call `retry` an unknown field of the scenario. Returns when the first field
 * is nowhere in the schema (then that is the error).
 */
function noPlaceFor(raw: unknown, given: string, segments: string[]): void {
  const places = fieldPlaces(raw, segments[0]);
  if (places.length === 0) return;
  const rest = segments.slice(1).join('.');
  const id = isRecord(raw) && typeof raw['id'] === 'string' ? raw['id'] : 'the scenario';
  const present = places.filter((p) => p.set);
  const list = (ps: typeof places) => {
    const shown = ps.slice(0, 8).map((p) => `${p.dotted}.${rest}`);
    return shown.join(', ') + (ps.length > 8 ? `, … (${ps.length} in all)` : '');
  };
  if (present.length === 0) {
    throw inputError(
      `--vary ${given}: ${id} has no ${segments[0]} anywhere (every "${segments[0]}" is null or left out), so ${segments[0]}.${rest} fits nowhere; whole paths where it could go: ${list(places)}`,
      `Give one of them and set its ${segments[0]} first, e.g. --set '${places[0].dotted}={...}' --vary ${places[0].dotted}.${rest}=...`,
    );
  }
  throw inputError(
    `--vary ${given}: no ${segments[0]} in ${id} has ${rest}; it has ${segments[0]} at: ${present.map((p) => p.dotted).join(', ')}`,
    `Give a whole path, e.g. --vary ${present[0].dotted}.${rest}=...; run 'faultline schema' for the fields of ${segments[0]}.`,
  );
}

/**
 * Splits `path=v1,v2,...` (values parsed like `--set` values: JSON if they parse, else strings; a
 * JSON array `path=[...]` gives values that contain commas).
 */
export function parseVaryText(text: string): { path: string; values: unknown[] } {
  const eq = text.indexOf('=');
  const example = 'e.g. --vary services.api.replicas=2,3,4 or --vary \'retry.jitter=["none","full"]\'';
  if (eq < 0) throw usageError(`--vary ${text}: expected path=v1,v2,... (no "=" found)`, example);
  const path = text.slice(0, eq).trim();
  // parseSet's path checks (empty parts) apply to --vary paths too; applying them checks the rest.
  const checked = parseSet(`${path}=0`);
  if ('message' in checked) throw usageError(`--vary ${text}: ${checked.path}: ${checked.message}`);
  const valuesText = text.slice(eq + 1);
  let values: unknown[];
  const trimmed = valuesText.trim();
  const asJson = trimmed.startsWith('[') ? parseValue(trimmed) : undefined;
  if (Array.isArray(asJson)) values = asJson;
  else values = trimmed === '' ? [] : valuesText.split(',').map((v) => parseValue(v.trim()));
  if (values.length === 0) throw usageError(`--vary ${path}: no values after "="`, example);
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) throw usageError(`--vary ${path}: the value ${valueLabel(v)} is given twice`);
    seen.add(key);
  }
  return { path, values };
}

/** Number of combinations of `axes` (1 without any: the base scenario). */
export function countCombinations(axes: readonly VaryAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/**
 * Every combination of the axes' values, the last axis varying fastest (like nested loops in the
 * order the flags were given). Without axes, one combination: the base scenario.
 */
export function enumerateCombinations(axes: readonly VaryAxis[]): Omit<Combination, 'scenario'>[] {
  const out: Omit<Combination, 'scenario'>[] = [];
  const count = countCombinations(axes);
  for (let index = 0; index < count; index++) {
    const picks = new Array<unknown>(axes.length);
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      picks[a] = axes[a].values[rest % axes[a].values.length];
      rest = Math.floor(rest / axes[a].values.length);
    }
    const values: Record<string, unknown> = {};
    axes.forEach((a, i) => {
      values[a.path] = picks[i];
    });
    const label = axes.map((a, i) => `${a.path}=${valueLabel(picks[i])}`).join(' ');
    out.push({ index, values, label: label === '' ? '(base)' : label });
  }
  return out;
}

/** The `--set` text that puts `value` at `path` (JSON, so a string stays a string). */
function setText(path: string, value: unknown): string {
  return `${path}=${JSON.stringify(value)}`;
}

const MAX_LINES = 20;

/**
 * Builds the plan: loads the scenario with `--set`, resolves and parses every `--vary`, and
 * validates every value alone and then every combination, before anything runs. Errors name the
 * flag and the path (`--vary services.api.replicas=0: services[1].replicas: ...`).
 */
export function buildPlan(
  argument: string,
  sets: readonly string[],
  varies: readonly string[],
  seeds: readonly number[],
): SweepPlan {
  const loaded = loadScenario(argument, sets, { dropStale: true });
  const base = loaded.scenario;
  const file = readScenarioArgument(argument).raw;
  const raw = applyOverrides(file, [...sets]);
  if (!raw.ok) throw new Error('--set failed after the scenario loaded with it');
  // Like --set, a --vary value may leave hypotheses or params without a referent: they are
  // dropped from that combination, and named once for the whole sweep.
  const varyDropped: Dropped = { hypotheses: [], params: [] };
  const resolveWith = (extra: string[]) => {
    const resolved = resolveScenario(file, [...sets, ...extra], { dropStale: true });
    if (resolved.ok) {
      for (const key of ['hypotheses', 'params'] as const) {
        for (const n of resolved.dropped[key]) {
          if (!loaded.dropped[key].includes(n) && !varyDropped[key].includes(n)) varyDropped[key].push(n);
        }
      }
    }
    return resolved;
  };

  const axes: VaryAxis[] = [];
  for (const text of varies) {
    const parsed = parseVaryText(text);
    const path = resolveVaryPath(raw.value, parsed.path);
    if (axes.some((a) => a.path === path))
      throw usageError(`--vary ${path} is given twice; give all its values in one --vary`);
    axes.push({ path, values: parsed.values });
  }

  const combinationsCount = countCombinations(axes);
  const sorted = [...seeds].sort((a, b) => a - b);
  if (combinationsCount * sorted.length > MAX_JOBS) {
    throw usageError(
      `${combinationsCount} combinations x ${sorted.length} seeds is more than ${MAX_JOBS} runs`,
    );
  }

  const validate = (extra: string[]): string[] => {
    const resolved = resolveWith(extra);
    return resolved.ok ? [] : resolved.errors.map((e) => formatErrors([e]));
  };

  // Each value alone first, so an error names the one flag and value that causes it.
  const lines: string[] = [];
  for (const axis of axes) {
    for (const value of axis.values) {
      for (const error of validate([setText(axis.path, value)])) {
        lines.push(`--vary ${axis.path}=${valueLabel(value)}: ${error}`);
      }
    }
  }
  if (lines.length > 0) throw invalidVary(lines);

  const combinations: Combination[] = [];
  for (const point of enumerateCombinations(axes)) {
    const parsed = resolveWith(axes.map((a) => setText(a.path, point.values[a.path])));
    if (!parsed.ok) {
      for (const e of parsed.errors) lines.push(`--vary ${point.label}: ${formatErrors([e])}`);
      continue;
    }
    combinations.push({ ...point, scenario: parsed.scenario });
  }
  if (lines.length > 0) throw invalidVary(lines);
  noteDropped(varyDropped, '--vary');

  return {
    base,
    scenarioHash: scenarioHash(base),
    set: [...sets],
    axes,
    seeds: sorted,
    combinations,
    totalJobs: combinations.length * sorted.length,
  };
}

function invalidVary(lines: string[]) {
  const shown =
    lines.length > MAX_LINES
      ? [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more`]
      : lines;
  return inputError(
    `--vary gives ${lines.length === 1 ? 'an invalid scenario' : 'invalid scenarios'}`,
    "Run 'faultline schema' for every field and what it allows.",
    shown.map((l) => `faultline: ${l}`),
  );
}
