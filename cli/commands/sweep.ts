/**
 * `faultline sweep`: run a grid of parameter combinations (`--vary`) x seeds on a worker pool and
 * report, per combination, the mean and 95% confidence interval of every summary metric.
 *
 * The output is a pure function of the scenario, `--set`, `--vary`, `--seeds` and `--shard`:
 * byte-identical whatever `--workers` is. `--shard i/n` runs a deterministic part of the jobs and
 * writes its runs, for `faultline merge` to combine into the report an unsharded run gives.
 */
import { type Command, Option } from 'commander';
import { addSetOption, collect } from '../options.ts';
import { colourAllowed, type OutputWidth, outputWidth, writeStderr } from '../output.ts';
import { sweepCsv } from '../report/sweep-csv.ts';
import { renderSweepTable } from '../report/sweep-table.ts';
import { executeJobs, interruptedError } from '../sweep/execute.ts';
import { startJournal } from '../sweep/journal.ts';
import { parseSeeds, parseShard, parseWorkers, type Shard } from '../sweep/options.ts';
import { buildPlan } from '../sweep/plan.ts';
import {
  buildSweepReport,
  definitionOf,
  type RunRecord,
  reportJson,
  runRecord,
  shardJobs,
} from '../sweep/report.ts';
import { addJournalOptions, addOutputOptions, checkOutputs, writeOutputs } from '../sweep/write.ts';

interface SweepOptions {
  vary?: string[];
  set: string[];
  seeds: number[];
  workers?: number;
  shard?: Shard;
  json?: string;
  csv?: string;
  journal?: string;
  resume?: boolean;
}

/** Width for sweep, compare and merge tables: the terminal's (or COLUMNS), or 120 with nothing cut on a pipe. */
export function tableWidth(): OutputWidth {
  return outputWidth(120);
}

export function registerSweep(program: Command): Command {
  const command = program
    .command('sweep')
    .description(
      'run every combination of --vary values on many seeds, in parallel; mean and 95% CI per metric',
    )
    .argument('<scenario>', 'a built-in scenario id or a path to a .json file')
    .option(
      '--vary <path=values>',
      'a field and its values: services.api.replicas=2,3,4; JSON values, or a JSON list for values with commas: \'retry.jitter=["none","full"]\' (repeatable: every combination runs)',
      collect,
    )
    .addOption(
      new Option('--seeds <list>', 'seeds to run each combination on: 1..30, 1,5,9 or 1..10,42')
        .argParser(parseSeeds)
        .default(parseSeeds('1..30'), '1..30'),
    )
    .option('--workers <n>', 'worker threads (default: cores - 1, at least 1)', parseWorkers)
    .option(
      '--shard <i/n>',
      'run only shard i of n (jobs whose index % n = i - 1) and write its runs for faultline merge; auto: i - 1 from $JOB_COMPLETION_INDEX, n from $FAULTLINE_SHARD_COUNT',
      parseShard,
    );
  addSetOption(command);
  addOutputOptions(
    command,
    'the runs and the aggregates',
    'the aggregates (a row per combination and metric)',
  );
  addJournalOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  faultline sweep three-tier --vary services.api.replicas=2,3,4 --seeds 1..30
  faultline sweep retry-storm --vary retry.maxAttempts=1,2,4 --vary retry.jitter=none,full --json out.json --csv out.csv
  faultline sweep my.json --vary 'retry.jitter=["none","full"]' --shard 2/4 --json shard-2.json

Paths: like --set (services.api.replicas, elements by name or index), or a shorter path that fits one
place in the scenario (retry.jitter). Output is byte-identical whatever --workers is.
Ctrl-C stops the workers and writes what finished, marked "partial": true; exit code 130.
Every finished run is also kept in a journal (next to --json/--csv, or --journal FILE): after a
kill or a crash, the same command with --resume runs only what is missing.`,
  );
  return command.action(async (argument: string, options: SweepOptions) => {
    checkOutputs(options);
    const plan = buildPlan(argument, options.set, options.vary ?? [], options.seeds);
    const shard = options.shard ?? null;
    const jobs = shardJobs(plan.totalJobs, shard);
    const journal = startJournal<RunRecord>(options, 'sweep', { definition: definitionOf(plan), shard });
    const execution = await executeJobs(
      plan,
      jobs,
      { workers: options.workers, label: `sweep ${plan.base.id}` },
      runRecord,
      journal,
    );
    const runs = execution.records.filter((r): r is RunRecord => r !== undefined);
    const report = buildSweepReport(definitionOf(plan), runs, {
      shard,
      partial: execution.interrupted !== null,
    });
    const wrote = writeOutputs(options, {
      json: () => reportJson(report),
      csv: () => sweepCsv(report),
      terminal: () => renderSweepTable(report, { colour: colourAllowed(process.stdout), ...tableWidth() }),
    });
    const stopped = runs.filter((r) => r.stopReason !== 'completed').length;
    if (stopped > 0 && (options.json !== undefined || options.csv !== undefined)) {
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
