/**
 * A raw scenario plus `--set` overrides, validated; with `dropStale`, what the overrides left
 * without a referent is dropped instead of refused.
 *
 * A lesson's hypotheses and `params` name its faults, windows and patterns; an override such as
 * `faults=[]`, `services.api.shedding=null` or `durationMs=60000` leaves some of them pointing at
 * nothing. Running the changed scenario is still what a user comparing strategies wants, so
 * `run`, `sweep`, `compare` and the lab drop those hypotheses and params (and say so), while
 * `check`, whose job is the hypotheses, and `validate` keep insisting on them.
 */
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import type { ValidationError } from './errors.ts';
import { nestingError } from './nesting.ts';
import { applyOverrides } from './overrides.ts';
import { isRecord, list } from './raw.ts';
import { parseScenario } from './validate.ts';

/** The names of the hypotheses and the labels of the params an override left out. */
export interface Dropped {
  hypotheses: string[];
  params: string[];
}

/**
 * A resolved scenario and what was dropped from it, or every error and the step that found
 * them: applying the overrides (their errors name the override) or validating the result.
 */
export type Resolved =
  | { ok: true; scenario: Scenario; dropped: Dropped }
  | { ok: false; errors: ValidationError[]; stage: 'overrides' | 'scenario' };

/** Options of {@link resolveScenario}. */
export interface ResolveOptions {
  /**
   * Drop the hypotheses and params that no longer apply after the overrides (default false).
   * Only what the overrides broke is dropped: a scenario invalid without them stays invalid.
   */
  dropStale?: boolean;
}

/** `hypotheses[3].metric` -> hypotheses, 3. */
const LESSON_PATH = /^(hypotheses|params)\[(\d+)\]/;
/**
 * A hypothesis' `set` variant is checked on the whole document, so it inherits the errors of
 * the other hypotheses: those are dropped first, and a variant only if it still fails.
 */
const VARIANT_PATH = /^hypotheses\[\d+\]\.set$/;
/**
 * Each round drops at least one entry and a lesson needs two (direct errors, then variants); a
 * document that still fails after this many is refused as it is.
 */
const MAX_ROUNDS = 100;

/** Applies `sets` to `raw` and validates the result, dropping stale lesson parts if asked. */
export function resolveScenario(
  raw: unknown,
  sets: readonly string[],
  options: ResolveOptions = {},
): Resolved {
  // Blamed on the input, not on the overrides, whose copy would overflow the stack first.
  const tooDeep = nestingError(raw);
  if (tooDeep !== undefined) return { ok: false, errors: [tooDeep], stage: 'scenario' };
  const overridden = applyOverrides(raw, [...sets]);
  if (!overridden.ok) return { ...overridden, stage: 'overrides' };
  const parsed = parseScenario(overridden.value);
  if (parsed.ok) return { ...parsed, dropped: { hypotheses: [], params: [] } };
  const refused: Resolved = { ...parsed, stage: 'scenario' };
  if (options.dropStale !== true || sets.length === 0 || !parseScenario(raw).ok) return refused;

  let doc = overridden.value;
  let errors = parsed.errors;
  const dropped: Dropped = { hypotheses: [], params: [] };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const stale = staleEntries(errors);
    if (stale === undefined || !isRecord(doc)) return refused;
    const hypotheses = list(doc['hypotheses']);
    const params = list(doc['params']);
    for (const i of stale.hypotheses) dropped.hypotheses.push(labelOf(hypotheses[i], 'name', i));
    for (const i of stale.params) dropped.params.push(labelOf(params[i], 'label', i));
    doc = {
      ...doc,
      ...(stale.hypotheses.size > 0
        ? { hypotheses: hypotheses.filter((_, i) => !stale.hypotheses.has(i)) }
        : {}),
      ...(stale.params.size > 0 ? { params: params.filter((_, i) => !stale.params.has(i)) } : {}),
    };
    const again = parseScenario(doc);
    if (again.ok) return { ...again, dropped };
    errors = again.errors;
  }
  return refused;
}

/**
 * The hypotheses and params the errors are in, or undefined when an error is elsewhere (then
 * dropping lesson parts cannot make the scenario valid). Variant errors wait for a later round.
 */
function staleEntries(
  errors: readonly ValidationError[],
): { hypotheses: Set<number>; params: Set<number> } | undefined {
  const direct = errors.filter((e) => !VARIANT_PATH.test(e.path));
  const stale = { hypotheses: new Set<number>(), params: new Set<number>() };
  for (const e of direct.length > 0 ? direct : errors) {
    const m = LESSON_PATH.exec(e.path);
    if (m === null) return undefined;
    stale[m[1] as 'hypotheses' | 'params'].add(Number(m[2]));
  }
  return stale;
}

function labelOf(entry: unknown, key: string, index: number): string {
  const value = isRecord(entry) ? entry[key] : undefined;
  return typeof value === 'string' ? value : `#${index}`;
}

/**
 * One line saying what was dropped, or undefined when nothing was:
 * `2 hypotheses and 1 parameter no longer apply to the changed scenario and are left out: ...`.
 */
export function droppedNote(dropped: Dropped): string | undefined {
  const { hypotheses, params } = dropped;
  if (hypotheses.length === 0 && params.length === 0) return undefined;
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const parts = [
    ...(hypotheses.length > 0 ? [count(hypotheses.length, 'hypothesis', 'hypotheses')] : []),
    ...(params.length > 0 ? [count(params.length, 'parameter', 'parameters')] : []),
  ];
  const names = [
    ...(hypotheses.length > 0
      ? [`${hypotheses.length === 1 ? 'hypothesis' : 'hypotheses'} ${quoted(hypotheses)}`]
      : []),
    ...(params.length > 0 ? [`${params.length === 1 ? 'parameter' : 'parameters'} ${quoted(params)}`] : []),
  ];
  const verb = hypotheses.length + params.length === 1 ? 'applies' : 'apply';
  return `${parts.join(' and ')} no longer ${verb} to the changed scenario and ${hypotheses.length + params.length === 1 ? 'is' : 'are'} left out: ${names.join('; ')}`;
}

function quoted(names: readonly string[]): string {
  return names.map((n) => JSON.stringify(n)).join(', ');
}
