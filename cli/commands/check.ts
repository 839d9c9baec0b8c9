/**
 * `faultline check`: run scenarios and check their steady-state hypotheses (CI regressions), and
 * with `--baseline DIR` compare each run with its reviewed baseline file.
 *
 * Each scenario runs on its own seed (or `--seed`), its hypotheses are evaluated against the
 * result, and a table (or `--json`) reports each one. With `--baseline DIR`, the curated summary
 * metrics of each run are compared with `DIR/<id>.json` within their tolerances (a missing file
 * fails; a changed trace hash is a note, or a failure with `--strict`); `--update` rewrites the
 * files from the runs instead. `--junit FILE` writes JUnit XML. Exit code 0 when everything
 * passed, 1 when a hypothesis failed or a baseline did not match (and for the usual input
 * errors), 2 for usage errors.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { builtInScenarioIds } from '../../scenarios/index.ts';
import { evaluateHypotheses, type HypothesisOutcome } from '../../sim-core/hypotheses/index.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { checkWritable } from '../atomic-file.ts';
import {
  type BaselineCheck,
  type BaselineProblem,
  checkBaseline,
  compareMetrics,
} from '../baseline/compare.ts';
import {
  type BaselineFile,
  baselinePath,
  readBaseline,
  recordBaseline,
  serializeBaseline,
} from '../baseline/file.ts';
import { baselineMetrics } from '../baseline/metrics.ts';
import { CliError, ExitCode, inputError, messageOf, SIGNAL_EXIT, usageError } from '../errors.ts';
import { type LoadedScenario, loadScenario } from '../load-scenario.ts';
import { parseSeed } from '../options.ts';
import { colourAllowed, outputWidth, writeOutputFile, writeStderr, writeStdout } from '../output.ts';
import { baselineTotals, renderBaselineReport } from '../report/baseline-table.ts';
import { checkTotals, renderCheckReport, type ScenarioCheck } from '../report/check-table.ts';
import { junitXml } from '../report/junit.ts';
import { determinismVerdict, traceBothWays } from '../sweep/determinism.ts';
import { timedRun } from './run.ts';

interface CheckOptions {
  checkDeterminism?: boolean;
  seed?: number;
  json?: boolean;
  baseline?: string;
  update?: boolean;
  strict?: boolean;
  junit?: string;
}

/**
 * The `--json` output. Without `--baseline`, `baseline` fields are absent. `passed` of a
 * scenario is true when its hypotheses passed and (with `--baseline`) its baseline matched.
 */
export interface CheckJson {
  scenarios: {
    id: string;
    seed: number;
    traceHash: string;
    stopReason: 'completed' | 'max-events' | 'max-in-flight';
    passed: boolean;
    hypotheses: HypothesisOutcome[];
    /** With `--baseline`: how the run compares with `DIR/<id>.json` (see {@link BaselineCheck}). */
    baseline?: BaselineCheck;
  }[];
  /** With `--baseline`: the folder and the mode. */
  baseline?: { dir: string; update: boolean; strict: boolean };
  passed: boolean;
}

/** A checked scenario, its run, and (with `--baseline`) its baseline comparison. */
interface CheckedScenario {
  check: ScenarioCheck;
  result: RunResult;
  loaded: LoadedScenario;
  baseline: BaselineCheck | null;
}

/** The hypotheses of a scenario (none when the scenario says nothing about them). */
function hypothesesOf(scenario: Scenario): Scenario['hypotheses'] {
  return scenario.hypotheses ?? [];
}

/**
 * Runs `loaded` and evaluates its hypotheses: those without overrides on the scenario's own run,
 * the others on one run per distinct `set` list (the scenario with those overrides applied).
 */
export function checkScenario(
  loaded: LoadedScenario,
  seed: number | undefined,
  progress: boolean,
  argument: string = loaded.source,
): ScenarioCheck {
  return runCheck(loaded, seed, progress, argument).check;
}

/** {@link checkScenario}, also returning the scenario's own run (the one baselines compare). */
function runCheck(
  loaded: LoadedScenario,
  seed: number | undefined,
  progress: boolean,
  argument: string = loaded.source,
): { check: ScenarioCheck; result: RunResult } {
  const { scenario } = loaded;
  const { result, wallMs: baseWallMs } = timedRun(scenario, seed, progress);
  let wallMs = baseWallMs;
  const groups = new Map<string, Scenario['hypotheses']>();
  for (const h of hypothesesOf(scenario)) {
    const key = JSON.stringify(h.set ?? []);
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  const byHypothesis = new Map<Scenario['hypotheses'][number], HypothesisOutcome>();
  for (const [key, group] of groups) {
    const sets = JSON.parse(key) as string[];
    if (sets.length === 0) {
      const outcomes = evaluateHypotheses({ ...scenario, hypotheses: group }, result);
      for (const [i, h] of group.entries()) byHypothesis.set(h, outcomes[i]);
      continue;
    }
    // The variant is only run: its own params and hypotheses (already checked on the base) are dropped.
    const variant = loadScenario(argument, [...sets, 'params=[]', 'hypotheses=[]']).scenario;
    const run = timedRun(variant, seed, progress);
    wallMs += run.wallMs;
    const outcomes = evaluateHypotheses({ ...variant, hypotheses: group }, run.result);
    for (const [i, h] of group.entries()) {
      byHypothesis.set(h, { ...outcomes[i], name: `${outcomes[i].name} [with ${sets.join(' ')}]` });
    }
  }
  const hypotheses = hypothesesOf(scenario).map((h) => byHypothesis.get(h)!);
  const check: ScenarioCheck = {
    id: scenario.id,
    source: loaded.source,
    seed: result.seed,
    traceHash: result.traceHash,
    stopReason: result.stopReason,
    stopMessage: result.stopMessage,
    passed: hypotheses.every((h) => h.passed),
    hypotheses,
    wallMs,
  };
  return { check, result };
}

/**
 * The `--json` document. `baselines` (one per check, in order) and `mode` are given with
 * `--baseline`.
 */
export function checkJson(
  checks: readonly ScenarioCheck[],
  baselines?: readonly (BaselineCheck | null)[],
  mode?: { dir: string; update: boolean; strict: boolean },
): CheckJson {
  const scenarios = checks.map((c, i) => {
    const baseline = baselines?.[i] ?? null;
    return {
      id: c.id,
      seed: c.seed,
      traceHash: c.traceHash,
      stopReason: c.stopReason,
      passed: c.passed && (baseline?.passed ?? true),
      hypotheses: c.hypotheses,
      ...(baseline === null ? {} : { baseline }),
    };
  });
  return {
    scenarios,
    ...(mode === undefined ? {} : { baseline: mode }),
    passed: scenarios.every((c) => c.passed),
  };
}

/** The command that re-records the baselines of `ids` (for messages). */
function updateCommand(dir: string, ids: readonly string[] | null): string {
  return `faultline check${ids === null ? '' : ` ${ids.join(' ')}`} --baseline ${dir} --update`;
}

/** Reads every baseline first, so an invalid file fails before any run. */
function readBaselines(dir: string, loaded: readonly LoadedScenario[]): (BaselineFile | null)[] {
  const seen = new Map<string, string>();
  for (const l of loaded) {
    const other = seen.get(l.scenario.id);
    if (other !== undefined && other !== l.source) {
      throw usageError(
        `${other} and ${l.source} both have the id '${l.scenario.id}': they would share the baseline ${baselinePath(dir, l.scenario.id)}`,
      );
    }
    seen.set(l.scenario.id, l.source);
  }
  return loaded.map((l) => readBaseline(dir, l.scenario.id));
}

/** Writes (or keeps) the baseline of a checked run; returns what it did, compared with the old file. */
function updateBaseline(
  dir: string,
  result: RunResult,
  bucketMs: number,
  previous: BaselineFile | null,
): BaselineCheck {
  const file = baselinePath(dir, result.scenario);
  const metrics = baselineMetrics(result);
  const next = recordBaseline(result.scenario, result.seed, result.traceHash, metrics, previous);
  const text = serializeBaseline(next);
  let old: string | null = null;
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    old = null;
  }
  if (old !== text) writeOutputFile(file, text);
  const sameSeed = previous !== null && previous.seed === result.seed;
  return {
    file,
    status: previous === null ? 'created' : old === text ? 'unchanged' : 'updated',
    passed: true,
    baselineSeed: result.seed,
    traceHash: {
      baseline: previous?.traceHash ?? null,
      measured: result.traceHash,
      changed: previous !== null && previous.traceHash !== result.traceHash,
    },
    metricCount: metrics.length,
    metrics: sameSeed ? compareMetrics(metrics, previous, bucketMs) : [],
    problems: [],
    notes:
      previous !== null && !sameSeed ? [`re-recorded on seed ${result.seed} (was ${previous.seed})`] : [],
  };
}

/** Baseline files in `dir` that no checked scenario owns (only looked for when checking every built-in). */
function strayBaselines(dir: string, ids: readonly string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json') && !ids.includes(n.slice(0, -'.json'.length)))
    .sort()
    .map((n) => baselinePath(dir, n.slice(0, -'.json'.length)));
}

/** The one-line reason `check` exits 1, or null when it passed. */
function failureMessage(checked: readonly CheckedScenario[], withBaseline: boolean): string | null {
  const { passed, total } = checkTotals(checked.map((c) => c.check));
  const parts: string[] = [];
  if (passed < total) {
    parts.push(`${total - passed} of ${total} ${total === 1 ? 'hypothesis' : 'hypotheses'} failed`);
  }
  if (withBaseline) {
    const items = checked.flatMap((c) =>
      c.baseline === null ? [] : [{ id: c.check.id, baseline: c.baseline }],
    );
    const t = baselineTotals(items);
    const off = t.metrics - t.within;
    if (off > 0) parts.push(`${off} baseline ${off === 1 ? 'metric' : 'metrics'} outside tolerance`);
    if (t.missing > 0)
      parts.push(`${t.missing} ${t.missing === 1 ? 'scenario has' : 'scenarios have'} no baseline`);
    const having = (kind: BaselineProblem['kind']) =>
      items.filter((i) => i.baseline.problems.some((p) => p.kind === kind)).length;
    const seed = having('seed');
    if (seed > 0) parts.push(`${seed} ${seed === 1 ? 'baseline is' : 'baselines are'} for another seed`);
    const hash = having('trace-hash');
    if (hash > 0) parts.push(`${hash} trace ${hash === 1 ? 'hash' : 'hashes'} changed (--strict)`);
  }
  return parts.length === 0 ? null : parts.join('; ');
}

export function registerCheck(program: Command): Command {
  return program
    .command('check')
    .description(
      'run scenarios and check their hypotheses (and, with --baseline, their reviewed baselines); exits 1 if any fails',
    )
    .argument(
      '[scenario...]',
      'built-in scenario ids or paths to .json files (default: every built-in scenario with hypotheses)',
    )
    .option(
      '--seed <n>',
      "master seed for every scenario (a whole number >= 0); defaults to each scenario's own",
      parseSeed,
    )
    .option(
      '--json',
      'print { scenarios: [{ id, seed, traceHash, passed, hypotheses, baseline? }], baseline?, passed } as JSON',
    )
    .option(
      '--baseline <dir>',
      'also compare each run with its reviewed baseline DIR/<id>.json (default scenarios: every built-in)',
    )
    .option(
      '--update',
      'with --baseline: rewrite the baseline files from these runs (keeps custom tolerances)',
    )
    .option('--strict', 'with --baseline: fail when a trace hash differs from its baseline (else a note)')
    .option(
      '--check-determinism',
      'also run each scenario in-process and in a worker thread and compare the full event traces',
    )
    .option(
      '--junit <file>',
      'write JUnit XML: a testsuite per scenario, a testcase per hypothesis and baseline metric',
    )
    .addHelpText(
      'after',
      `
Examples:
  faultline check                         every built-in scenario that states hypotheses
  faultline check my.json --seed 7        one scenario file on another seed
  faultline check my.json --json > check.json
  faultline check --baseline baselines    every built-in scenario against baselines/<id>.json
  faultline check --baseline baselines --update     re-record them (then review the diff)
  faultline check --baseline baselines --strict --junit check.xml

Exit codes: 0 everything passed, 1 a hypothesis failed or a baseline did not match (or invalid
input), 2 usage error.`,
    )
    .action(async (argumentsGiven: string[], options: CheckOptions) => {
      const dir = options.baseline;
      if (dir === undefined && (options.update === true || options.strict === true)) {
        throw usageError(`--${options.update === true ? 'update' : 'strict'} needs --baseline <dir>`);
      }
      if (options.update === true && options.strict === true) {
        throw usageError('--update and --strict do not go together: --update records the trace hash');
      }
      // Load (and validate) everything first, so a bad argument fails before any run.
      let loaded: LoadedScenario[];
      if (argumentsGiven.length > 0) {
        loaded = argumentsGiven.map((a) => loadScenario(a));
      } else if (dir !== undefined) {
        // Baselines cover the whole library, with or without hypotheses.
        loaded = builtInScenarioIds().map((id) => loadScenario(id));
      } else {
        loaded = builtInScenarioIds()
          .map((id) => loadScenario(id))
          .filter((l) => hypothesesOf(l.scenario).length > 0);
        if (loaded.length === 0) {
          const message =
            "No built-in scenario has hypotheses yet: nothing to check.\nName a scenario file that has some: 'faultline check my.json'.\n";
          if (options.json === true) {
            writeStdout(`${JSON.stringify(checkJson([]), null, 2)}\n`);
            writeStderr(`faultline: ${message}`);
          } else {
            writeStdout(message);
          }
          return;
        }
      }

      if (options.junit !== undefined) checkWritable(options.junit);
      const previous = dir === undefined ? [] : readBaselines(dir, loaded);
      if (dir !== undefined && options.update === true) {
        try {
          mkdirSync(dir, { recursive: true });
        } catch (error) {
          throw inputError(`cannot create the baseline folder '${dir}': ${messageOf(error)}`);
        }
        // Every file --update may write, checked now: not after the runs.
        for (const l of loaded) checkWritable(baselinePath(dir, l.scenario.id));
      }

      const progress = process.stderr.isTTY === true;
      // Ctrl-C (or SIGTERM) stops between scenarios: what ran is reported and written to --junit,
      // the rest is listed as not run; a second signal leaves at once.
      let interrupted: 'SIGINT' | 'SIGTERM' | null = null;
      const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
        if (interrupted !== null) process.exit(SIGNAL_EXIT[signal]);
        interrupted = signal;
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const checked: CheckedScenario[] = [];
      try {
        for (const [i, l] of loaded.entries()) {
          // A turn of the event loop, so a signal that came during the last run is heard.
          await new Promise((resolve) => setImmediate(resolve));
          if (interrupted !== null) break;
          checked.push(checkOne(l, i));
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const signal = interrupted as 'SIGINT' | 'SIGTERM' | null;
      const notRun = loaded
        .slice(checked.length)
        .map((l) => (argumentsGiven.length > 0 ? l.source : l.scenario.id));

      function checkOne(l: LoadedScenario, i: number): CheckedScenario {
        const { check, result } = runCheck(l, options.seed, progress);
        let baseline: BaselineCheck | null = null;
        if (dir !== undefined) {
          baseline =
            options.update === true
              ? updateBaseline(dir, result, l.scenario.metrics.bucketMs, previous[i])
              : checkBaseline(result, previous[i], {
                  file: baselinePath(dir, result.scenario),
                  strict: options.strict === true,
                  bucketMs: l.scenario.metrics.bucketMs,
                  updateHint: updateCommand(dir, [argumentsGiven.length > 0 ? l.source : result.scenario]),
                });
        }
        return { check, result, loaded: l, baseline };
      }
      const checks = checked.map((c) => c.check);
      const baselines = checked.map((c) => c.baseline);
      const mode =
        dir === undefined
          ? undefined
          : { dir, update: options.update === true, strict: options.strict === true };

      if (options.json === true) {
        writeStdout(`${JSON.stringify(checkJson(checks, baselines, mode), null, 2)}\n`);
      } else {
        const colour = colourAllowed(process.stdout);
        const { width, cut } = outputWidth(100);
        let text = renderCheckReport(checks, { colour, width, cut });
        if (dir !== undefined) {
          const items = checked.map((c) => ({ id: c.check.id, baseline: c.baseline! }));
          text += `\n${renderBaselineReport(items, { dir, colour, width, cut })}`;
        }
        writeStdout(text);
      }
      if (options.junit !== undefined) {
        writeOutputFile(
          options.junit,
          junitXml(
            checked.map((c) => ({ check: c.check, baseline: c.baseline })),
            signal === null ? null : { signal, notRun },
          ),
        );
      }
      if (signal !== null) {
        const wrote =
          options.junit === undefined ? '' : `; wrote ${options.junit} (not-run scenarios as skipped)`;
        throw new CliError(
          `interrupted (${signal}) after ${checked.length} of ${loaded.length} scenarios${wrote}`,
          SIGNAL_EXIT[signal],
          notRun.length > 0 ? `Not run: ${notRun.join(', ')}.` : undefined,
        );
      }
      for (const c of checks) {
        if (c.stopReason !== 'completed' && options.json === true) {
          writeStderr(`faultline: warning: ${c.id}: ${c.stopMessage}\n`);
        }
        if (c.hypotheses.length === 0 && argumentsGiven.length > 0 && dir === undefined) {
          writeStderr(`faultline: note: ${c.source} has no hypotheses\n`);
        }
      }
      if (dir !== undefined && argumentsGiven.length === 0) {
        for (const stray of strayBaselines(
          dir,
          loaded.map((l) => l.scenario.id),
        )) {
          writeStderr(`faultline: note: ${stray} belongs to no built-in scenario (renamed or removed?)\n`);
        }
      }
      if (options.checkDeterminism === true) {
        // Same scenario and seed in-process and in a worker: any difference is a bug in faultline.
        for (const c of checked) {
          const seed = options.seed ?? c.loaded.scenario.seed;
          const verdict = determinismVerdict(await traceBothWays(c.loaded.scenario, seed));
          writeStderr(`${c.check.id}: ${verdict}`);
        }
      }
      const message = failureMessage(checked, dir !== undefined && options.update !== true);
      if (message !== null) {
        const missing = checked
          .filter((c) => c.baseline?.status === 'missing')
          .map((c) => (argumentsGiven.length > 0 ? c.loaded.source : c.check.id));
        throw new CliError(
          message,
          ExitCode.invalid,
          missing.length > 0 && dir !== undefined
            ? `Record the missing ${missing.length === 1 ? 'baseline' : 'baselines'} with '${updateCommand(dir, missing)}', then review and commit the new ${missing.length === 1 ? 'file' : 'files'}.`
            : undefined,
        );
      }
    });
}
