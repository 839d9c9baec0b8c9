/**
 * `faultline compare`: run variants of a scenario (the values of `--vary`) on the same seeds and
 * report, per metric, the paired difference of each variant with the first one (the baseline),
 * its 95% confidence interval and a verdict; then charts of goodput and p99 latency over time.
 */
import { type Command, Option } from 'commander';
import { usageError } from '../errors.ts';
import { addSetOption, collect } from '../options.ts';
import { colourAllowed, writeStderr } from '../output.ts';
import { compareCsv } from '../report/compare-csv.ts';
import { renderCompareReport } from '../report/compare-table.ts';
import { buildCompareReport, type CompareRun, compareRun } from '../sweep/compare.ts';
import { executeJobs, interruptedError } from '../sweep/execute.ts';
import { startJournal } from '../sweep/journal.ts';
import { parseSeeds, parseWorkers } from '../sweep/options.ts';
import { buildPlan } from '../sweep/plan.ts';
import { definitionOf, reportJson, shardJobs } from '../sweep/report.ts';
import { addJournalOptions, addOutputOptions, checkOutputs, writeOutputs } from '../sweep/write.ts';
import { tableWidth } from './sweep.ts';

interface CompareOptions {
  vary?: string[];
  set: string[];
  seeds: number[];
  workers?: number;
  json?: string;
  csv?: string;
  journal?: string;
  resume?: boolean;
}

export function registerCompare(program: Command): Command {
  const command = program
    .command('compare')
    .description(
      'run variants on the same seeds and compare each with the first: paired differences, 95% CIs, verdicts, charts',
    )
    .argument('<scenario>', 'a built-in scenario id or a path to a .json file')
    .option(
      '--vary <path=values>',
      'the variants: a field and its values, the first value being the baseline, e.g. clients.users.retry.jitter=none,full (repeatable: every combination is a variant)',
      collect,
    )
    .addOption(
      new Option('--seeds <list>', 'seeds every variant runs on: 1..30, 1,5,9 or 1..10,42')
        .argParser(parseSeeds)
        .default(parseSeeds('1..30'), '1..30'),
    )
    .option('--workers <n>', 'worker threads (default: cores - 1, at least 1)', parseWorkers);
  addSetOption(command);
  addOutputOptions(
    command,
    'the comparison (runs, aggregates, differences, series)',
    'the aggregates and differences (a row per variant and metric)',
  );
  addJournalOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  faultline compare thundering-herd --vary retry.jitter=none,full,equal,decorrelated
  faultline compare three-tier --vary clients.users.timeoutMs=200,1000 --seeds 1..10 --json cmp.json

Each seed gives every variant the same arrivals and fault timing (common random numbers), so the
difference per seed shows the variant's effect, not noise. Verdicts: better / worse (the 95% CI of
the difference excludes 0, in the metric's good or bad direction), higher / lower (for a metric with
no good direction), no significant difference.`,
  );
  return command.action(async (argument: string, options: CompareOptions) => {
    checkOutputs(options);
    if (options.vary === undefined || options.vary.length === 0) {
      throw usageError(
        'compare needs variants: give --vary path=baseline,other',
        'e.g. --vary clients.users.timeoutMs=200,1000',
      );
    }
    const plan = buildPlan(argument, options.set, options.vary ?? [], options.seeds);
    if (plan.combinations.length < 2) {
      throw usageError(
        `--vary gives only one variant (${plan.combinations[0].label}); compare needs two or more`,
        'e.g. --vary clients.users.timeoutMs=200,1000',
      );
    }
    const latencyClient = plan.base.clients[0]?.name ?? null;
    const jobs = shardJobs(plan.totalJobs, null);
    const journal = startJournal<CompareRun>(options, 'compare', {
      definition: definitionOf(plan),
      latencyClient,
    });
    const execution = await executeJobs(
      plan,
      jobs,
      { workers: options.workers, label: `compare ${plan.base.id}` },
      compareRun(latencyClient),
      journal,
    );
    const runs = execution.records.filter((r): r is CompareRun => r !== undefined);
    const report = buildCompareReport(definitionOf(plan), runs, {
      partial: execution.interrupted !== null,
      latencyClient,
    });
    const wrote = writeOutputs(options, {
      json: () => reportJson(report),
      csv: () => compareCsv(report),
      terminal: () => renderCompareReport(report, { colour: colourAllowed(process.stdout), ...tableWidth() }),
    });
    const stopped = report.variants.reduce((n, v) => n + v.stoppedByBudget, 0);
    if (stopped > 0) {
      writeStderr(
        `faultline: warning: a budget stopped ${stopped} runs before the end (budget.maxEvents or budget.maxInFlight)\n`,
      );
    }
    if (execution.interrupted !== null) {
      throw interruptedError(execution.interrupted, execution.completed, jobs.length, wrote, journal);
    }
    journal?.remove();
  });
}
