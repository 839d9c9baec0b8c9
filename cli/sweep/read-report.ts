/**
 * Reading sweep reports back (for `faultline merge`): a shard file is checked as strictly as a
 * scenario (the contract's fields and ranges, a 16-hex-digit trace hash, whole event counts, every
 * run carrying exactly the report's metrics, no more jobs than `sweep` would run), so a wrong,
 * damaged or forged file is a clear error naming the file and the field. Its aggregates are never
 * read: merge derives them again from the runs.
 */
import { z } from 'zod';
import { inputError, messageOf } from '../errors.ts';
import { MAX_REPORT_BYTES, readInputFile, readProblem } from '../read-input.ts';
import { MAX_JOBS } from './options.ts';
import type { SweepReport } from './report.ts';

const Num = z.number().nullable();

/** A whole number a report can hold: >= 0 and exact in a double. */
const Whole = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The metric names of a run, in a canonical order: runs of one combination must have equal keys. */
export function metricSetKey(metrics: Record<string, unknown>): string {
  return Object.keys(metrics).sort().join('\n');
}

const listed = (names: string[]) =>
  `${names.slice(0, 5).join(', ')}${names.length > 5 ? `, … (${names.length} in all)` : ''}`;

const RunRecordSchema = z.strictObject({
  job: Whole.max(MAX_JOBS - 1),
  combination: Whole.max(MAX_JOBS - 1),
  seed: Whole,
  traceHash: z.string().regex(/^[0-9a-f]{16}$/, 'a trace hash is 16 lowercase hex digits'),
  events: Whole,
  stopReason: z.enum(['completed', 'max-events', 'max-in-flight']),
  metrics: z.record(z.string().min(1), Num),
});

/** The fields of a sweep report that merge reads (the aggregates are recomputed from the runs). */
export const SweepReportInputSchema = z
  .object({
    kind: z.literal('faultline-sweep'),
    format: z.literal(1),
    scenario: z.strictObject({
      id: z.string(),
      title: z.string(),
      hash: z.string().regex(/^[0-9a-f]{16}$/, 'a scenario hash is 16 lowercase hex digits'),
    }),
    set: z.array(z.string()).max(10_000),
    vary: z
      .array(z.strictObject({ path: z.string().min(1), values: z.array(z.unknown()).min(1).max(MAX_JOBS) }))
      .max(64),
    seeds: z.array(Whole).min(1).max(MAX_JOBS),
    shard: z
      .strictObject({ index: z.number().int().min(1), count: z.number().int().min(1).max(MAX_JOBS) })
      .nullable(),
    partial: z.boolean(),
    metrics: z.array(z.string().min(1)).max(100_000),
    runs: z.array(RunRecordSchema).max(MAX_JOBS),
  })
  .superRefine((report, context) => {
    const issue = (path: (string | number)[], message: string) =>
      context.addIssue({ code: 'custom', path, message });
    // Planned jobs, multiplied step by step so a huge declaration never overflows or allocates.
    let planned = report.seeds.length;
    for (const axis of report.vary) {
      planned *= axis.values.length;
      if (planned > MAX_JOBS) break;
    }
    if (planned > MAX_JOBS) {
      issue(
        ['vary'],
        `the sweep declares more than ${MAX_JOBS} jobs (combinations x seeds), more than sweep runs`,
      );
      return;
    }
    if (new Set(report.seeds).size !== report.seeds.length) issue(['seeds'], 'a seed is given twice');
    if (report.seeds.some((seed, i) => i > 0 && seed < report.seeds[i - 1])) {
      issue(['seeds'], 'seeds are not in ascending order');
    }
    if (report.shard !== null && report.shard.index > report.shard.count) {
      issue(['shard', 'index'], `shard ${report.shard.index} does not exist in ${report.shard.count} shards`);
    }
    if (new Set(report.metrics).size !== report.metrics.length) issue(['metrics'], 'a metric is named twice');
    // Runs of one combination (one scenario) carry the same metrics; together, the report's list.
    const known = new Set(report.metrics);
    const seen = new Set<string>();
    const byCombination = new Map<number, string>();
    report.runs.forEach((run, i) => {
      if (run.job >= planned)
        issue(['runs', i, 'job'], `job ${run.job} is past the ${planned} jobs of the sweep`);
      if (report.shard !== null && run.job % report.shard.count !== report.shard.index - 1) {
        issue(
          ['runs', i, 'job'],
          `job ${run.job} is not in shard ${report.shard.index}/${report.shard.count}`,
        );
      }
      const names = Object.keys(run.metrics);
      const extra = names.filter((m) => !known.has(m));
      if (extra.length > 0)
        issue(['runs', i, 'metrics'], `metrics not in the report's list: ${listed(extra)}`);
      for (const m of names) seen.add(m);
      const key = metricSetKey(run.metrics);
      const other = byCombination.get(run.combination);
      if (other === undefined) byCombination.set(run.combination, key);
      else if (other !== key) {
        issue(
          ['runs', i, 'metrics'],
          `the run's metrics differ from another run of combination ${run.combination}`,
        );
      }
    });
    const unused = report.metrics.filter((m) => !seen.has(m));
    if (report.runs.length > 0 && unused.length > 0) {
      issue(['metrics'], `metrics no run has: ${listed(unused)}`);
    }
  });

export type SweepReportInput = Pick<
  SweepReport,
  'kind' | 'format' | 'scenario' | 'set' | 'vary' | 'seeds' | 'shard' | 'partial' | 'metrics' | 'runs'
>;

/** Reads and checks one sweep report file. */
export function readSweepReport(file: string): SweepReportInput {
  let text: string;
  try {
    text = readInputFile(file, MAX_REPORT_BYTES);
  } catch (error) {
    throw inputError(`cannot read '${file}': ${readProblem(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw inputError(
      `${file} is not JSON: ${messageOf(error)}`,
      'merge reads the files written by faultline sweep --json.',
    );
  }
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind !== 'faultline-sweep') {
    throw inputError(
      `${file} is not a sweep report (its "kind" is ${JSON.stringify(kind ?? null)}, not "faultline-sweep")`,
      'merge reads the files written by faultline sweep --json (the JSON, not the CSV).',
    );
  }
  const parsed = SweepReportInputSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 10)
      .map((i) => `faultline: ${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw inputError(
      `${file} is not a valid sweep report`,
      'Was it written by another version of faultline?',
      lines,
    );
  }
  return parsed.data as SweepReportInput;
}
