/**
 * Baseline files: `DIR/<scenario id>.json`, one per scenario, written by
 * `faultline check --baseline DIR --update` and reviewed like code.
 *
 * ```json
 * {
 *   "format": 1,
 *   "scenario": "retry-storm",
 *   "seed": 1,
 *   "traceHash": "9f0c2a51d3e4b687",
 *   "tolerances": {
 *     "*": { "relative": 0.1 },
 *     "clients.users.latencyMs.p99": { "relative": 0.2, "absolute": 5 }
 *   },
 *   "metrics": {
 *     "clients.users.goodputPerSec": 287.512,
 *     "clients.users.errorRate": 0.0416,
 *     "clients.users.latencyMs.p50": 13.2,
 *     "clients.users.latencyMs.p99": null
 *   }
 * }
 * ```
 *
 * `tolerances` is written by people (`--update` keeps it as it is): per metric, or `*` for every
 * metric of the file, a `relative` and/or `absolute` allowance; what it leaves out comes from the
 * defaults (`metrics.ts`). `metrics` and `traceHash` are written by `--update` only.
 */
import { join } from 'node:path';
import { inputError, messageOf } from '../errors.ts';
import { MAX_BASELINE_BYTES, readInputFile, readProblem } from '../read-input.ts';
import { type BaselineMetric, storedValue } from './metrics.ts';

/** A per-metric override: either field may be left out (then the default applies). */
export interface ToleranceOverride {
  relative?: number;
  absolute?: number;
}

/** The contents of a baseline file. */
export interface BaselineFile {
  format: 1;
  /** The scenario's id; the file is `<id>.json`. */
  scenario: string;
  /** The seed the baseline was recorded on (a check on another seed fails). */
  seed: number;
  /** The run's trace hash: any change in the event sequence changes it. */
  traceHash: string;
  /** Reviewed allowances: by metric path, or `*` for every metric of the file. */
  tolerances: Record<string, ToleranceOverride>;
  /** The curated metrics, in their fixed order; null where the run had no value. */
  metrics: Record<string, number | null>;
}

/** Where the baseline of scenario `id` lives in `dir`. */
export function baselinePath(dir: string, id: string): string {
  return join(dir, `${id}.json`);
}

/** The file's text: 2-space JSON, keys in a fixed order, a trailing newline (reviews diff well). */
export function serializeBaseline(file: BaselineFile): string {
  const ordered: BaselineFile = {
    format: 1,
    scenario: file.scenario,
    seed: file.seed,
    traceHash: file.traceHash,
    tolerances: Object.fromEntries(
      Object.entries(file.tolerances).map(([metric, t]) => [
        metric,
        {
          ...(t.relative === undefined ? {} : { relative: t.relative }),
          ...(t.absolute === undefined ? {} : { absolute: t.absolute }),
        },
      ]),
    ),
    metrics: file.metrics,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** A baseline recorded from a run, keeping the reviewed tolerances of `previous`. */
export function recordBaseline(
  scenario: string,
  seed: number,
  traceHash: string,
  metrics: readonly BaselineMetric[],
  previous: BaselineFile | null,
): BaselineFile {
  return {
    format: 1,
    scenario,
    seed,
    traceHash,
    tolerances: previous?.tolerances ?? {},
    metrics: Object.fromEntries(metrics.map((m) => [m.metric, storedValue(m.value)])),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isAllowance = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Every problem of a parsed baseline document, as `<field>: <what is wrong>`; empty when valid. */
export function baselineProblems(doc: unknown, expectedId: string): string[] {
  if (!isRecord(doc)) return ['expected a JSON object'];
  const problems: string[] = [];
  const known = ['format', 'scenario', 'seed', 'traceHash', 'tolerances', 'metrics'];
  for (const key of Object.keys(doc)) {
    if (!known.includes(key)) problems.push(`${key}: unknown field; allowed: ${known.join(', ')}`);
  }
  if (doc['format'] !== 1) problems.push(`format: expected 1, found ${JSON.stringify(doc['format'])}`);
  if (doc['scenario'] !== expectedId) {
    problems.push(
      `scenario: expected "${expectedId}" (the file's name), found ${JSON.stringify(doc['scenario'])}`,
    );
  }
  const seed = doc['seed'];
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    problems.push(`seed: expected a whole number >= 0, found ${JSON.stringify(seed)}`);
  }
  if (typeof doc['traceHash'] !== 'string' || !/^[0-9a-f]{16}$/.test(doc['traceHash'])) {
    problems.push(`traceHash: expected 16 hex digits, found ${JSON.stringify(doc['traceHash'])}`);
  }
  const tolerances = doc['tolerances'];
  if (!isRecord(tolerances)) {
    problems.push('tolerances: expected an object ({} when there are none)');
  } else {
    for (const [metric, t] of Object.entries(tolerances)) {
      if (!isRecord(t)) {
        problems.push(`tolerances.${metric}: expected { "relative"?: number, "absolute"?: number }`);
        continue;
      }
      for (const [k, v] of Object.entries(t)) {
        if (k !== 'relative' && k !== 'absolute') {
          problems.push(`tolerances.${metric}.${k}: unknown field; allowed: relative, absolute`);
        } else if (!isAllowance(v)) {
          problems.push(`tolerances.${metric}.${k}: expected a number >= 0, found ${JSON.stringify(v)}`);
        }
      }
    }
  }
  const metrics = doc['metrics'];
  if (!isRecord(metrics)) {
    problems.push('metrics: expected an object of metric values');
  } else {
    for (const [metric, v] of Object.entries(metrics)) {
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) {
        problems.push(`metrics.${metric}: expected a number or null, found ${JSON.stringify(v)}`);
      }
    }
  }
  return problems;
}

/**
 * Reads the baseline of scenario `id` from `dir`: null when there is none; a {@link CliError}
 * (exit 1) naming every problem when the file is unreadable or invalid.
 */
export function readBaseline(dir: string, id: string): BaselineFile | null {
  const file = baselinePath(dir, id);
  let text: string;
  try {
    text = readInputFile(file, MAX_BASELINE_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw inputError(`cannot read baseline '${file}': ${readProblem(error)}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw inputError(
      `baseline '${file}' is not valid JSON: ${messageOf(error)}`,
      `Fix it, or rewrite it with 'faultline check ${id} --baseline ${dir} --update'.`,
    );
  }
  const problems = baselineProblems(doc, id);
  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 error' : `${problems.length} errors`;
    throw inputError(
      `baseline '${file}' is not valid (${count})`,
      `Fix it, or rewrite it with 'faultline check ${id} --baseline ${dir} --update' (custom tolerances need a valid file to be kept).`,
      [`faultline: baseline '${file}' is not valid (${count}):`, ...problems.map((p) => `${file}: ${p}`)],
    );
  }
  return doc as BaselineFile;
}
