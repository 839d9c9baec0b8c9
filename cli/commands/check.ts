/**
 * `faultline check`: run scenarios and check their steady-state hypotheses (CI regressions).
 *
 * Each scenario runs on its own seed (or `--seed`), its hypotheses are evaluated against the
 * result, and a table (or `--json`) reports each one. Exit code 0 when every hypothesis passed,
 * 1 when any failed (and for the usual input errors), 2 for usage errors.
 */
import type { Command } from 'commander';
import { builtInScenarioIds } from '../../scenarios/index.ts';
import { evaluateHypotheses, type HypothesisOutcome } from '../../sim-core/hypotheses/index.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { CliError, ExitCode } from '../errors.ts';
import { type LoadedScenario, loadScenario } from '../load-scenario.ts';
import { parseSeed } from '../options.ts';
import { colourAllowed, writeStderr, writeStdout } from '../output.ts';
import { checkTotals, renderCheckReport, type ScenarioCheck } from '../report/check-table.ts';
import { timedRun } from './run.ts';

interface CheckOptions {
  seed?: number;
  json?: boolean;
}

/** The `--json` output. */
export interface CheckJson {
  scenarios: {
    id: string;
    seed: number;
    traceHash: string;
    stopReason: 'completed' | 'max-events';
    passed: boolean;
    hypotheses: HypothesisOutcome[];
  }[];
  passed: boolean;
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
      group.forEach((h, i) => byHypothesis.set(h, outcomes[i]));
      continue;
    }
    // The variant is only run: its own params and hypotheses (already checked on the base) are dropped.
    const variant = loadScenario(argument, [...sets, 'params=[]', 'hypotheses=[]']).scenario;
    const run = timedRun(variant, seed, progress);
    wallMs += run.wallMs;
    const outcomes = evaluateHypotheses({ ...variant, hypotheses: group }, run.result);
    group.forEach((h, i) =>
      byHypothesis.set(h, { ...outcomes[i], name: `${outcomes[i].name} [with ${sets.join(' ')}]` }),
    );
  }
  const hypotheses = hypothesesOf(scenario).map((h) => byHypothesis.get(h)!);
  return {
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
}

export function checkJson(checks: readonly ScenarioCheck[]): CheckJson {
  return {
    scenarios: checks.map((c) => ({
      id: c.id,
      seed: c.seed,
      traceHash: c.traceHash,
      stopReason: c.stopReason,
      passed: c.passed,
      hypotheses: c.hypotheses,
    })),
    passed: checks.every((c) => c.passed),
  };
}

export function registerCheck(program: Command): Command {
  return program
    .command('check')
    .description(
      'run scenarios and check their hypotheses: a table of pass/fail per hypothesis; exits 1 if any fails',
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
    .option('--json', 'print { scenarios: [{ id, seed, traceHash, passed, hypotheses }], passed } as JSON')
    .addHelpText(
      'after',
      `
Examples:
  faultline check                         every built-in scenario that states hypotheses
  faultline check my.json --seed 7        one scenario file on another seed
  faultline check my.json --json > check.json

Exit codes: 0 every hypothesis passed, 1 a hypothesis failed (or invalid input), 2 usage error.`,
    )
    .action((argumentsGiven: string[], options: CheckOptions) => {
      // Load (and validate) everything first, so a bad argument fails before any run.
      let loaded: LoadedScenario[];
      if (argumentsGiven.length > 0) {
        loaded = argumentsGiven.map((a) => loadScenario(a));
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

      const progress = process.stderr.isTTY === true;
      const checks = loaded.map((l) => checkScenario(l, options.seed, progress));

      if (options.json === true) {
        writeStdout(`${JSON.stringify(checkJson(checks), null, 2)}\n`);
      } else {
        const columns = process.stdout.isTTY === true ? (process.stdout.columns ?? 100) : 100;
        writeStdout(
          renderCheckReport(checks, { colour: colourAllowed(process.stdout), width: Math.max(100, columns) }),
        );
      }
      for (const c of checks) {
        if (c.stopReason !== 'completed' && options.json === true) {
          writeStderr(`faultline: warning: ${c.id}: ${c.stopMessage}\n`);
        }
        if (c.hypotheses.length === 0 && argumentsGiven.length > 0) {
          writeStderr(`faultline: note: ${c.source} has no hypotheses\n`);
        }
      }
      const { passed, total } = checkTotals(checks);
      if (passed < total) {
        const failed = total - passed;
        throw new CliError(
          `${failed} of ${total} ${total === 1 ? 'hypothesis' : 'hypotheses'} failed`,
          ExitCode.invalid,
        );
      }
    });
}
