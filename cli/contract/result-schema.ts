/**
 * The `faultline run --json` contract: a zod schema of {@link RunResult}, one `.describe()` per
 * field. It is the documentation of the JSON output (it becomes `result.schema.json` through
 * `faultline schema --write`), and tests validate real runs against it.
 *
 * The types live in `sim-core/metrics/result.ts`; the compile-time checks at the bottom of this
 * file keep the two in lock-step, so a field added, removed or retyped on one side fails `tsc`.
 */
import { z } from 'zod';
import type {
  ClientSeries,
  ClientSummary,
  LatencySummary,
  RunResult,
  RunSeries,
  RunSummary,
  ServiceSeries,
  ServiceSummary,
} from '../../sim-core/metrics/result.ts';

/** The `$id` of the result JSON Schema. */
export const RESULT_SCHEMA_ID = 'urn:faultline:schema:result';

const count = (text: string) => z.number().int().min(0).describe(text);
const rate = (text: string) => z.number().min(0).describe(text);
const ms = (text: string) => z.number().min(0).nullable().describe(text);
const perBucket = <T extends z.ZodType>(item: T, text: string) => z.array(item).describe(text);

// ---------------------------------------------------------------- summary

export const LatencySummarySchema = z
  .object({
    mean: ms('Mean, in ms; null when no request succeeded.'),
    p50: ms('Median (50th percentile), in ms; null when no request succeeded.'),
    p90: ms('90th percentile, in ms; null when no request succeeded.'),
    p99: ms('99th percentile, in ms; null when no request succeeded.'),
    p999: ms('99.9th percentile, in ms; null when no request succeeded.'),
    max: ms('Largest value, in ms; null when no request succeeded.'),
  })
  .describe('Latency of successful requests, in ms, from mergeable histograms (relative error <= 0.4%).');

export const ClientSummarySchema = z
  .object({
    offered: count('User requests issued in the summary window.'),
    offeredPerSec: rate('User requests issued per simulated second.'),
    attempts: count('Attempts sent: first tries and retries.'),
    attemptsPerSec: rate('Attempts sent per simulated second.'),
    succeeded: count('User requests that ended in success.'),
    goodputPerSec: rate('Successful user requests per simulated second.'),
    errors: z
      .object({
        failed: count('Ended with an error answer from the service.'),
        timedOut: count("Ended because the client's own timeout fired first."),
        rejected: count('Ended because a full queue refused the request.'),
        dropped: count('Ended because the network lost a message and nothing else ended the request.'),
      })
      .describe('User requests that ended in failure, by cause.'),
    errorRate: z
      .number()
      .min(0)
      .max(1)
      .describe('Failed user requests / ended user requests, in [0, 1]; 0 when none ended.'),
    inFlight: count('Requests issued in the window but not ended when the run stopped.'),
    latencyMs: LatencySummarySchema.describe(
      'End-to-end latency of successful user requests, as the client saw it.',
    ),
  })
  .describe('What one client offered and what it got back, over the summary window.');

export const ServiceSummarySchema = z
  .object({
    replicas: count('Number of replicas.'),
    workers: count('Workers in total: replicas x concurrency.'),
    attempts: count('Attempts that arrived at the service (at any replica) in the window.'),
    attemptsPerSec: rate('Attempts arriving per simulated second (traffic).'),
    succeeded: count('Attempts answered with success.'),
    goodputPerSec: rate('Attempts answered with success per simulated second.'),
    errors: z
      .object({
        failed: count('Answered with an error (e.g. a downstream call failed or timed out).'),
        rejected: count('Refused because the queue was full.'),
      })
      .describe('Attempts answered with an error, by cause.'),
    late: count('Responses sent after the caller had already given up: wasted work.'),
    latencyMs: LatencySummarySchema.describe(
      'Response time at the service (queueing + work + downstream calls) of successful attempts.',
    ),
    queueWaitMs: z
      .object({
        mean: ms('Mean wait, in ms; null when no attempt got a worker.'),
        p99: ms('99th percentile wait, in ms; null when no attempt got a worker.'),
      })
      .describe('Time attempts waited in a queue before a worker took them (of those that got one).'),
    waitedFraction: z
      .number()
      .min(0)
      .max(1)
      .describe('Fraction of the attempts that got a worker which had to wait for it first, in [0, 1].'),
    queueDepth: z
      .object({
        mean: z.number().min(0).describe('Time-weighted mean of waiting requests, summed over replicas.'),
        max: z.number().min(0).describe('Most requests waiting at once, summed over replicas.'),
      })
      .describe('Waiting requests (saturation).'),
    utilisation: z
      .number()
      .min(0)
      .describe('Time-weighted mean of busy workers / workers, in [0, 1] (saturation).'),
    inSystemMean: z
      .number()
      .min(0)
      .describe('Time-weighted mean number of attempts in the service: waiting + being served.'),
    amplification: z
      .number()
      .min(0)
      .nullable()
      .describe(
        'Failure amplification: attempts at this service / user requests offered by all clients; null when no user request was offered.',
      ),
  })
  .describe('The golden signals of one service (all its replicas), over the summary window.');

export const RunSummarySchema = z
  .object({
    window: z
      .object({
        fromMs: z.number().min(0).describe('Start of the window: the end of the warm-up, in ms.'),
        toMs: z.number().min(0).describe('End of the window: the end of the run, in ms.'),
      })
      .describe('The simulated time the summary covers: requests issued in [fromMs, toMs].'),
    userRequests: count('User requests offered by all clients in the window.'),
    clients: z.record(z.string(), ClientSummarySchema).describe('Per client, by client name.'),
    services: z.record(z.string(), ServiceSummarySchema).describe('Per service, by service name.'),
    network: z
      .object({
        sent: count('Messages sent over the network during the run.'),
        lost: count('Messages the network lost.'),
      })
      .describe('Network totals.'),
  })
  .describe('Totals and rates over the summary window (the run after its warm-up).');

// ---------------------------------------------------------------- series

const rates = (text: string) => perBucket(z.number().min(0), `${text}, one value per bucket.`);
const latencies = (text: string) =>
  perBucket(z.number().min(0).nullable(), `${text}, in ms, one value per bucket; null when none succeeded.`);

export const ClientSeriesSchema = z
  .object({
    offeredPerSec: rates('User requests issued per second'),
    attemptsPerSec: rates('Attempts sent per second'),
    goodputPerSec: rates('Successful user requests per second'),
    errorsPerSec: z
      .object({
        failed: rates('User requests failed by an error answer, per second'),
        timedOut: rates('User requests ended by the client timeout, per second'),
        rejected: rates('User requests refused by a full queue, per second'),
        dropped: rates('User requests lost to the network, per second'),
      })
      .describe('Failed user requests per second, by cause.'),
    latencyP50Ms: latencies('Median latency of successful user requests'),
    latencyP99Ms: latencies('99th percentile latency of successful user requests'),
  })
  .describe('One client over time.');

export const ServiceSeriesSchema = z
  .object({
    attemptsPerSec: rates('Attempts arriving per second'),
    goodputPerSec: rates('Attempts answered with success per second'),
    errorsPerSec: z
      .object({
        failed: rates('Attempts answered with an error per second'),
        rejected: rates('Attempts refused by a full queue per second'),
      })
      .describe('Attempts answered with an error per second, by cause.'),
    latencyP50Ms: latencies('Median response time at the service'),
    latencyP99Ms: latencies('99th percentile response time at the service'),
    queueDepthMean: rates('Time-weighted mean of waiting requests (summed over replicas)'),
    queueDepthMax: rates('Most requests waiting at once (summed over replicas)'),
    utilisation: rates('Time-weighted busy workers / workers, in [0, 1]'),
    amplification: perBucket(
      z.number().min(0).nullable(),
      'Attempts at this service / user requests offered, one value per bucket; null when no user request was offered.',
    ),
  })
  .describe('One service over time.');

export const RunSeriesSchema = z
  .object({
    bucketMs: z.number().positive().describe('Width of a bucket, in ms.'),
    startMs: perBucket(
      z.number().min(0),
      'Start of each bucket, in ms: bucket i covers [startMs[i], startMs[i] + bucketMs). Every other array has one entry per bucket.',
    ),
    clients: z.record(z.string(), ClientSeriesSchema).describe('Per client, by client name.'),
    services: z.record(z.string(), ServiceSeriesSchema).describe('Per service, by service name.'),
  })
  .describe('Metrics over time in fixed buckets of simulated time, over the whole run (warm-up included).');

// ---------------------------------------------------------------- the result

export const RunResultSchema = z
  .object({
    format: z.literal(1).describe('Version of this result format; bumped on any incompatible change.'),
    scenario: z.string().describe('Id of the scenario that ran.'),
    title: z.string().describe('Title of the scenario that ran.'),
    seed: z
      .number()
      .int()
      .min(0)
      .describe('The master seed of the run. Same scenario + same seed = same run.'),
    traceHash: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .describe(
        '16 hex digits: a hash of every processed event (time, kind, entity). Same inputs give the same hash on every platform.',
      ),
    events: count('Events processed.'),
    simTimeMs: z.number().min(0).describe('Simulated time reached, in ms.'),
    stopReason: z
      .enum(['completed', 'max-events'])
      .describe(
        "Why the run stopped: 'completed' ran to the scenario's duration; 'max-events' means the event budget stopped a runaway run.",
      ),
    stopMessage: z.string().describe('A sentence explaining the stop.'),
    summary: RunSummarySchema,
    series: RunSeriesSchema,
  })
  .describe('The result of one Faultline run: the output of `faultline run --json`.');

/**
 * The JSON Schema (draft 2020-12) of `faultline run --json`.
 *
 * Generated in `output` mode: it describes what a run produces. Objects are left open (no
 * `additionalProperties: false`): a new field is a compatible change that does not bump
 * `format`, so a consumer validating against this schema must not reject it. Returns a fresh
 * object on every call.
 */
export function resultJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(RunResultSchema, {
    target: 'draft-2020-12',
    io: 'output',
    reused: 'inline',
    unrepresentable: 'throw',
    override: ({ jsonSchema }) => {
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: RESULT_SCHEMA_ID, title: 'Faultline run result', ...rest };
}

// ---------------------------------------------------------------- lock-step with sim-core's types

/** True when A and B are the same type (not merely mutually assignable). */
type IsEqual<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

// One check per part, so a drift points at the part that drifted. Unused on purpose: the checks
// run when tsc resolves these aliases.
type _Checks = [
  Assert<IsEqual<z.output<typeof LatencySummarySchema>, LatencySummary>>,
  Assert<IsEqual<z.output<typeof ClientSummarySchema>, ClientSummary>>,
  Assert<IsEqual<z.output<typeof ServiceSummarySchema>, ServiceSummary>>,
  Assert<IsEqual<z.output<typeof RunSummarySchema>, RunSummary>>,
  Assert<IsEqual<z.output<typeof ClientSeriesSchema>, ClientSeries>>,
  Assert<IsEqual<z.output<typeof ServiceSeriesSchema>, ServiceSeries>>,
  Assert<IsEqual<z.output<typeof RunSeriesSchema>, RunSeries>>,
  Assert<IsEqual<z.output<typeof RunResultSchema>, RunResult>>,
];
