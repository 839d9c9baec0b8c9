/**
 * `faultline merge`: combine the JSON reports of a sharded sweep (`faultline sweep --shard i/n
 * --json`) into exactly the report the unsharded sweep gives, byte for byte.
 *
 * The files must come from the same sweep (scenario, `--set`, `--vary`, seeds) and cover every
 * job exactly once; otherwise it fails naming the missing or duplicated jobs.
 */
import type { Command } from 'commander';
import { inputError, usageError } from '../errors.ts';
import { colourAllowed } from '../output.ts';
import { sweepCsv } from '../report/sweep-csv.ts';
import { renderSweepTable } from '../report/sweep-table.ts';
import { enumerateCombinations, jobAt } from '../sweep/plan.ts';
import { metricSetKey, readSweepReport, type SweepReportInput } from '../sweep/read-report.ts';
import { buildSweepReport, type RunRecord, reportJson, type SweepDefinition } from '../sweep/report.ts';
import { addOutputOptions, checkOutputs, type OutputOptions, writeOutputs } from '../sweep/write.ts';
import { tableWidth } from './sweep.ts';

const DEFINITION_FIELDS = ['scenario', 'set', 'vary', 'seeds'] as const;

const MAX_LISTED = 10;

function listed(items: string[]): string {
  return items.length <= MAX_LISTED
    ? items.join('; ')
    : `${items.slice(0, MAX_LISTED).join('; ')}; … (${items.length} in all)`;
}

/** Merges shard reports into the whole sweep's runs, or fails naming what doesn't fit. */
export function mergeReports(inputs: readonly { file: string; report: SweepReportInput }[]): {
  definition: SweepDefinition;
  runs: RunRecord[];
} {
  const first = inputs[0];
  for (const { file, report } of inputs.slice(1)) {
    for (const field of DEFINITION_FIELDS) {
      if (JSON.stringify(report[field]) !== JSON.stringify(first.report[field])) {
        throw inputError(
          `${file} is from another sweep than ${first.file}: its ${field} differs (${JSON.stringify(report[field])} vs ${JSON.stringify(first.report[field])})`,
          'Merge the shards of one sweep: the same scenario, --set, --vary and --seeds on every machine.',
        );
      }
    }
  }
  const definition: SweepDefinition = {
    scenario: first.report.scenario,
    set: first.report.set,
    vary: first.report.vary,
    seeds: first.report.seeds,
  };
  const combinations = enumerateCombinations(definition.vary);
  const total = combinations.length * definition.seeds.length;
  const name = (job: number) => {
    const { combination, seed } = jobAt(definition, job);
    return `${combinations[combination].label} seed ${seed}`;
  };

  const owner = new Map<number, { file: string; run: RunRecord }>();
  const duplicates: string[] = [];
  // Runs of one combination carry the same metrics in every shard (one scenario, one version).
  const metricsOf = new Map<number, { file: string; key: string }>();
  for (const { file, report } of inputs) {
    for (const run of report.runs) {
      const key = metricSetKey(run.metrics);
      const had = metricsOf.get(run.combination);
      if (had === undefined) metricsOf.set(run.combination, { file, key });
      else if (had.key !== key) {
        throw inputError(
          `${file}: run ${run.job} has other metrics than the runs of combination ${run.combination} in ${had.file}`,
          'Merge shards written by the same version of faultline, unedited.',
        );
      }
      const expected = run.job < total ? jobAt(definition, run.job) : null;
      if (expected === null || expected.combination !== run.combination || expected.seed !== run.seed) {
        throw inputError(
          `${file}: run ${run.job} (combination ${run.combination}, seed ${run.seed}) is not a job of this sweep`,
        );
      }
      const taken = owner.get(run.job);
      if (taken !== undefined) duplicates.push(`${name(run.job)} (in ${taken.file} and ${file})`);
      else owner.set(run.job, { file, run });
    }
  }
  if (duplicates.length > 0) {
    throw inputError(
      `${duplicates.length} ${duplicates.length === 1 ? 'job is' : 'jobs are'} in more than one file: ${listed(duplicates)}`,
      'Each shard must be given once, and shards must not overlap (the same n in every --shard i/n).',
    );
  }
  const missing: string[] = [];
  for (let j = 0; j < total; j++) if (!owner.has(j)) missing.push(name(j));
  if (missing.length > 0) {
    const partial = inputs.filter((i) => i.report.partial).map((i) => i.file);
    throw inputError(
      `${missing.length} of ${total} jobs are missing: ${listed(missing)}`,
      partial.length > 0
        ? `These files are partial (interrupted): ${partial.join(', ')}. Run those shards again.`
        : 'Give every shard of the sweep (e.g. shard-1.json .. shard-4.json for --shard i/4).',
    );
  }
  const runs = [...owner.values()].map((o) => o.run).sort((a, b) => a.job - b.job);
  return { definition, runs };
}

export function registerMerge(program: Command): Command {
  const command = program
    .command('merge')
    .description('combine the --json reports of a sharded sweep into the report of the whole sweep')
    .argument('<files...>', 'sweep reports written by faultline sweep --shard i/n --json FILE');
  addOutputOptions(command, 'the merged report', 'its aggregates');
  command.addHelpText(
    'after',
    `
Example:
  faultline sweep three-tier --vary services.api.replicas=2,3 --shard 1/2 --json shard-1.json
  faultline sweep three-tier --vary services.api.replicas=2,3 --shard 2/2 --json shard-2.json
  faultline merge shard-1.json shard-2.json --json sweep.json --csv sweep.csv

The result is byte-identical to the unsharded sweep's output.`,
  );
  return command.action((files: string[], options: OutputOptions) => {
    checkOutputs(options);
    if (files.length === 0) throw usageError('name the sweep reports to merge');
    const inputs = files.map((file) => ({ file, report: readSweepReport(file) }));
    const { definition, runs } = mergeReports(inputs);
    const report = buildSweepReport(definition, runs, { shard: null, partial: false });
    writeOutputs(options, {
      json: () => reportJson(report),
      csv: () => sweepCsv(report),
      terminal: () => renderSweepTable(report, { colour: colourAllowed(process.stdout), ...tableWidth() }),
    });
  });
}
