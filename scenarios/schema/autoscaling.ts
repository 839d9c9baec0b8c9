/**
 * The schema of a service's autoscaling (`AutoscalingSpec` in
 * `sim-core/scenario/autoscaling-spec.ts`). Rules across fields (min <= replicas <= max, bands
 * that do not overlap, a target for the HPA) are in `autoscaling-rules.ts`.
 */
import { z } from 'zod';
import { AUTOSCALING_POLICY_PRESETS } from '../../sim-core/patterns/presets.ts';
import type { HpaPolicySpec } from '../../sim-core/scenario/autoscaling-spec.ts';
import { intAtLeast, nonNegative, positive, presetList, presetNamed, presetOr } from './fields.ts';

function hpaPreset(): HpaPolicySpec {
  const preset = presetNamed(AUTOSCALING_POLICY_PRESETS, 'kubernetes-hpa');
  if (preset.kind !== 'hpa')
    throw new Error('scenario schema: the kubernetes-hpa preset must be an hpa policy');
  return preset;
}
const hpa = hpaPreset();

const HpaRatePolicySchema = z
  .strictObject({
    type: z
      .enum(['Pods', 'Percent'])
      .describe('Pods: a number of replicas; Percent: a percentage of the replicas at the period’s start.'),
    value: positive().describe('Replicas (Pods) or percent (Percent) of change allowed per period (> 0).'),
    periodMs: positive().describe('The trailing period the change is counted over, in ms (> 0).'),
  })
  .describe('A rate policy of the HPA (behavior.scaleUp/scaleDown.policies[]).');

function rulesSchema(direction: 'up' | 'down') {
  const preset = direction === 'up' ? hpa.scaleUp : hpa.scaleDown;
  return z
    .strictObject({
      stabilizationWindowMs: nonNegative()
        .default(preset.stabilizationWindowMs)
        .describe(
          direction === 'up'
            ? 'Scale up only to the smallest recommendation of this trailing window, in ms (>= 0; Kubernetes: 0).'
            : 'Scale down only to the largest recommendation of this trailing window, in ms (>= 0; Kubernetes: 300000).',
        ),
      selectPolicy: z
        .enum(['Max', 'Min', 'Disabled'])
        .default(preset.selectPolicy)
        .describe(
          'Max: the policy allowing the largest change wins; Min: the smallest; Disabled: never scale this way.',
        ),
      policies: z
        .array(HpaRatePolicySchema)
        .min(1)
        .default(() => structuredClone(preset.policies))
        .describe(`Rate policies (Kubernetes: ${JSON.stringify(preset.policies)}).`),
    })
    .describe(
      `The HPA's behavior.scale${direction === 'up' ? 'Up' : 'Down'}; unset fields take Kubernetes defaults.`,
    );
}

export const HpaPolicySchema = z
  .strictObject({
    kind: z.literal('hpa').describe('The Kubernetes HPA rule: desired = ceil(current × metric / target).'),
    tolerance: z
      .number()
      .min(0)
      .lt(1)
      .default(hpa.tolerance)
      .describe('No change while |metric / target - 1| is at most this (>= 0, < 1; Kubernetes: 0.1).'),
    scaleUp: rulesSchema('up').default(() => structuredClone(hpa.scaleUp)),
    scaleDown: rulesSchema('down').default(() => structuredClone(hpa.scaleDown)),
  })
  .describe('The Kubernetes HPA rule with its behavior; unset fields take the kubernetes-hpa preset.');

const ScalingStepSchema = z
  .strictObject({
    lowerBound: z
      .number()
      .nullable()
      .default(null)
      .describe('Lowest metric value of the band (inclusive); null: none.'),
    upperBound: z
      .number()
      .nullable()
      .default(null)
      .describe('Metric value where the band ends (exclusive); null: none.'),
    adjustment: z
      .number()
      .int()
      .describe('Replicas added while the metric is in the band (negative: removed; an integer).'),
  })
  .describe('A band of step scaling.');

export const StepPolicySchema = z
  .strictObject({
    kind: z.literal('step').describe('AWS step scaling: the band the metric is in adds or removes replicas.'),
    steps: z.array(ScalingStepSchema).min(1).describe('Bands of the metric, none overlapping.'),
    cooldownMs: nonNegative()
      .default(300_000)
      .describe('After a change, no other change for this long, in ms (>= 0; AWS default cooldown 300 s).'),
  })
  .describe('Step scaling (AWS Auto Scaling step policies, ChangeInCapacity).');

export const AutoscalingMetricSchema = z
  .strictObject({
    kind: z
      .enum(['utilisation', 'queue-depth', 'requests-per-second'])
      .describe(
        'utilisation: busy / workers of the serving replicas (0..1); queue-depth: requests waiting per serving replica; requests-per-second: arrivals per second per serving replica.',
      ),
    target: positive()
      .nullable()
      .default(null)
      .describe('The per-replica value the HPA aims at (> 0; required by the hpa policy, unused by step).'),
    windowMs: positive()
      .default(30_000)
      .describe('The trailing window the metric is averaged over, in ms (> 0, a whole number of periodMs).'),
  })
  .describe('The metric the autoscaler follows, as the controller sees it: a trailing mean.');

export const AutoscalingSchema = z
  .strictObject({
    minReplicas: intAtLeast(1).describe(
      'Fewest replicas (an integer >= 1); a smaller replicas starts at this many.',
    ),
    maxReplicas: intAtLeast(1).describe(
      'Most replicas (an integer >= minReplicas, <= 10000); a larger replicas starts at this many.',
    ),
    periodMs: positive()
      .default(15_000)
      .describe('Time between evaluations, in ms (> 0; the HPA sync period: 15000).'),
    provisioningDelayMs: nonNegative()
      .default(30_000)
      .describe('From the decision until a new replica serves, in ms (>= 0).'),
    drainTimeoutMs: nonNegative()
      .default(30_000)
      .describe(
        'A draining replica still holding work after this long is stopped and its work lost, in ms (>= 0; Kubernetes terminationGracePeriodSeconds: 30 s).',
      ),
    metric: AutoscalingMetricSchema,
    policy: presetOr(
      AUTOSCALING_POLICY_PRESETS,
      z.discriminatedUnion('kind', [HpaPolicySchema, StepPolicySchema]),
      'autoscaling policy',
    )
      .default(() => structuredClone(hpa))
      .describe(
        `How decisions are made: a preset (${presetList(AUTOSCALING_POLICY_PRESETS)}), an hpa object or a step object.`,
      ),
  })
  .describe('Autoscaling: the replica count follows a metric between minReplicas and maxReplicas.');
