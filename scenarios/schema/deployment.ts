/**
 * The schema of a service's versions and deployment (`VersionSpec` and `DeploymentSpec` in
 * `sim-core/scenario/deployment-spec.ts`). Rules across fields (the version exists, maxSurge and
 * maxUnavailable not both 0, no store beside a deployment) are in `deployment-rules.ts`.
 */
import { z } from 'zod';
import { ROLLOUT_STRATEGY_PRESETS } from '../../sim-core/patterns/presets.ts';
import { intAtLeast, name, nonNegative, positive, presetList, presetOr, probability } from './fields.ts';

/** A count (an integer >= 0) or a percentage of the replicas ("25%"), as Kubernetes' IntOrString. */
const IntOrPercent = z
  .union([intAtLeast(0), z.string().regex(/^(100|[1-9]?[0-9])%$/)])
  .describe('A count (an integer >= 0) or a percentage of replicas written "25%" (0% to 100%).');

export const VersionSchema = z
  .strictObject({
    name: name().describe('The version’s name (letters, digits, "_" or "-"; not "stable").'),
    serviceTimeFactor: positive()
      .nullable()
      .default(null)
      .describe('Factor on the service times of its replicas (> 0); null: the service’s own (1).'),
    errorProbability: probability()
      .nullable()
      .default(null)
      .describe('Probability that a request fails at its replicas, in [0, 1]; null: the service’s own.'),
    concurrency: intAtLeast(1)
      .nullable()
      .default(null)
      .describe('Workers per replica (an integer >= 1); null: the service’s own.'),
    corruptProbability: probability()
      .nullable()
      .default(null)
      .describe('Probability that an answer of its replicas is corrupt, in [0, 1]; null: none.'),
  })
  .describe('A version of the service: the settings its replicas run with (as a replica override).');

export const AnalysisSchema = z
  .strictObject({
    metric: z
      .enum(['error-rate', 'p99-latency'])
      .describe(
        'error-rate: failed / answered attempts of the new version over the interval; p99-latency: their p99 in ms.',
      ),
    threshold: nonNegative().describe(
      'A measurement succeeds while the value is <= this (>= 0; a fraction for error-rate, ms for p99-latency).',
    ),
    intervalMs: positive().default(10_000).describe('Time between measurements, in ms (> 0).'),
    count: intAtLeast(1).default(3).describe('Measurements taken (an integer >= 1); all taken: passed.'),
    failureLimit: intAtLeast(0)
      .default(0)
      .describe('Failed measurements allowed (an integer >= 0); one more fails the analysis.'),
  })
  .describe('An Argo AnalysisRun with one metric on the new version’s signals.');

const CanaryStepSchema = z
  .union([
    z.strictObject({
      setWeight: z
        .number()
        .min(0)
        .max(100)
        .describe('Percent of the traffic sent to the canary, in [0, 100].'),
    }),
    z.strictObject({
      pause: z
        .strictObject({ durationMs: positive().describe('How long to pause, in ms (> 0).') })
        .describe('Wait before the next step.'),
    }),
    z.strictObject({ analysis: AnalysisSchema }),
  ])
  .describe('One canary step: { setWeight }, { pause: { durationMs } } or { analysis }.');

export const RolloutStrategySchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('rolling').describe('Kubernetes RollingUpdate.'),
      maxSurge: IntOrPercent.default('25%').describe(
        'Replicas above `replicas` allowed during the update: a count or a percentage (rounded up); Kubernetes: 25%.',
      ),
      maxUnavailable: IntOrPercent.default('25%').describe(
        'Replicas below `replicas` allowed unavailable: a count or a percentage (rounded down); Kubernetes: 25%.',
      ),
    }),
    z.strictObject({
      kind: z.literal('canary').describe('Argo Rollouts canary with traffic routing.'),
      steps: z.array(CanaryStepSchema).min(1).describe('The steps, in order; after the last: promotion.'),
    }),
    z.strictObject({
      kind: z.literal('blue-green').describe('Argo Rollouts blueGreen.'),
      prePromotionAnalysis: AnalysisSchema.nullable()
        .default(null)
        .describe('An analysis before the switch (the green set gets no traffic yet); null: none.'),
      postPromotionAnalysis: AnalysisSchema.nullable()
        .default(null)
        .describe('An analysis after the switch; failure switches back to blue; null: none.'),
      scaleDownDelayMs: nonNegative()
        .default(30_000)
        .describe('How long the blue set is kept after the switch, in ms (>= 0; Argo: 30 s).'),
    }),
  ])
  .describe('How the new version replaces the old: rolling, canary or blue-green.');

export const DeploymentSchema = z
  .strictObject({
    version: name().describe('The version rolled out: a name in the service’s versions.'),
    atMs: nonNegative().describe('When the rollout starts, in ms (>= 0).'),
    strategy: presetOr(ROLLOUT_STRATEGY_PRESETS, RolloutStrategySchema, 'rollout strategy').describe(
      `How the new version replaces the old: a preset (${presetList(ROLLOUT_STRATEGY_PRESETS)}) or a rolling, canary or blue-green object.`,
    ),
    provisioningDelayMs: nonNegative()
      .default(10_000)
      .describe('From creating a replica until it serves, in ms (>= 0).'),
    drainTimeoutMs: nonNegative()
      .default(30_000)
      .describe(
        'A draining replica still holding work after this long is stopped and its work lost, in ms (>= 0; Kubernetes terminationGracePeriodSeconds: 30 s).',
      ),
    rollbackMs: nonNegative()
      .default(0)
      .describe('From an abort until every request goes to the stable set again, in ms (>= 0).'),
  })
  .describe('A rollout of the service to one of its versions.');
