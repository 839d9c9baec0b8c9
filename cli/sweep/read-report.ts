/**
 * Reading sweep reports back (for `faultline merge`): the JSON is checked against the contract's
 * schema, so a wrong or damaged file is a clear error naming the file and the field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { inputError, messageOf } from '../errors.ts';
import type { SweepReport } from './report.ts';

const Num = z.number().nullable();

const RunRecordSchema = z.object({
  job: z.number().int().min(0),
  combination: z.number().int().min(0),
  seed: z.number().int().min(0),
  traceHash: z.string(),
  events: z.number(),
  stopReason: z.enum(['completed', 'max-events', 'max-in-flight']),
  metrics: z.record(z.string(), Num),
});

/** The fields of a sweep report that merge reads (the aggregates are recomputed). */
export const SweepReportInputSchema = z.object({
  kind: z.literal('faultline-sweep'),
  format: z.literal(1),
  scenario: z.object({ id: z.string(), title: z.string(), hash: z.string() }),
  set: z.array(z.string()),
  vary: z.array(z.object({ path: z.string(), values: z.array(z.unknown()).min(1) })),
  seeds: z.array(z.number().int().min(0)).min(1),
  shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).nullable(),
  partial: z.boolean(),
  runs: z.array(RunRecordSchema),
});

export type SweepReportInput = Pick<
  SweepReport,
  'kind' | 'format' | 'scenario' | 'set' | 'vary' | 'seeds' | 'shard' | 'partial' | 'runs'
>;

/** Reads and checks one sweep report file. */
export function readSweepReport(file: string): SweepReportInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw inputError(
      `cannot read '${file}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : messageOf(error)}`,
    );
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
