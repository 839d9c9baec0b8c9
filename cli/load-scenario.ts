/**
 * Turns a scenario argument (a built-in id or a `.json` file) plus `--set` overrides into a
 * validated {@link Scenario}, or into a {@link CliError} that names every problem.
 *
 * Shared by `run`, `show` and `validate`, so they accept the same arguments and report problems
 * the same way: one line per error, `<source>: <field>: <what is wrong>`.
 */
import { builtInScenario, builtInScenarioIds } from '../scenarios/index.ts';
import { formatErrors, parseJson, type ValidationError } from '../scenarios/schema/index.ts';
import { type Dropped, droppedNote, resolveScenario } from '../scenarios/schema/resolve.ts';
import { closest } from '../scenarios/schema/suggest.ts';
import type { Scenario } from '../sim-core/scenario/spec.ts';
import { inputError, usageError } from './errors.ts';
import { writeStderr } from './output.ts';
import { byteSize, MAX_SCENARIO_BYTES, readInputFile, readProblem } from './read-input.ts';

export interface LoadedScenario {
  scenario: Scenario;
  /** How to name the scenario in messages: the file path as given, or the built-in id. */
  source: string;
  builtIn: boolean;
  /** The hypotheses and params the overrides left without a referent (only with `dropStale`). */
  dropped: Dropped;
}

/** Options of {@link loadScenario}. */
export interface LoadOptions {
  /**
   * Drop the hypotheses and params that `--set` left without what they refer to, and say so on
   * stderr (`run`, `sweep`, `compare`, `export`); `check` and `validate` keep insisting on them.
   */
  dropStale?: boolean;
}

/** An argument names a file when it contains a '/' (or '\') or ends in `.json`; otherwise an id. */
export function isFileArgument(argument: string): boolean {
  return argument.includes('/') || argument.includes('\\') || argument.toLowerCase().endsWith('.json');
}

/** The raw (unvalidated) data of a scenario argument and how to name it. */
export function readScenarioArgument(argument: string): { raw: unknown; source: string; builtIn: boolean } {
  if (!isFileArgument(argument)) {
    const raw = builtInScenario(argument);
    if (raw === undefined) {
      const hint = closest(argument, builtInScenarioIds());
      throw usageError(
        `unknown scenario '${argument}'${hint === undefined ? '' : ` (did you mean '${hint}'?)`}; built-in scenarios: ${builtInScenarioIds().join(', ')}`,
        "Run 'faultline list' to see what each one shows, or pass a path to a .json file.",
      );
    }
    return { raw, source: argument, builtIn: true };
  }
  const text = readScenarioFile(argument);
  const json = parseJson(text, argument);
  // A syntax error's path is already `file:line:column`.
  if (!json.ok)
    throw invalid(
      argument,
      json.errors.map((e) => formatErrors([e])),
    );
  return { raw: json.value, source: argument, builtIn: false };
}

/** Loads, overrides and validates a scenario; throws a {@link CliError} listing every problem. */
export function loadScenario(
  argument: string,
  sets: readonly string[] = [],
  options: LoadOptions = {},
): LoadedScenario {
  const { raw, source, builtIn } = readScenarioArgument(argument);
  const resolved = resolveScenario(raw, sets, { dropStale: options.dropStale === true });
  if (!resolved.ok) {
    // Override errors name the flag; errors of the resulting scenario name the source.
    const fromSet = resolved.stage === 'overrides';
    throw invalid(
      source,
      resolved.errors.map((e) => (fromSet ? formatSetError(e) : `${source}: ${formatErrors([e])}`)),
    );
  }
  if (options.dropStale === true) noteDropped(resolved.dropped);
  return { scenario: resolved.scenario, source, builtIn, dropped: resolved.dropped };
}

/** Says on stderr, in one line, which hypotheses and params an override left out. */
export function noteDropped(dropped: Dropped, context = '--set'): void {
  const note = droppedNote(dropped);
  if (note !== undefined) writeStderr(`faultline: note: after ${context}, ${note}\n`);
}

function readScenarioFile(file: string): string {
  try {
    return readInputFile(file, MAX_SCENARIO_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw inputError(
      `cannot read scenario file '${file}': ${readProblem(error)}`,
      code === 'ENOENT'
        ? "Check the path, or run 'faultline list' for the built-in scenarios."
        : code === 'EFBIG' || code === 'ENOTREG'
          ? `A scenario must be a regular .json file of at most ${byteSize(MAX_SCENARIO_BYTES)}.`
          : undefined,
    );
  }
}

/** `--set` problems name the flag: `--set services.nope: found "nope"; allowed: ...`. */
function formatSetError(error: ValidationError): string {
  return error.path === '--set' ? `--set: ${error.message}` : `--set ${error.path}: ${error.message}`;
}

function invalid(source: string, lines: string[]) {
  const count = lines.length === 1 ? '1 error' : `${lines.length} errors`;
  return inputError(
    `${source} is not a valid scenario (${count})`,
    "Run 'faultline schema' for every field and what it allows.",
    lines,
  );
}
