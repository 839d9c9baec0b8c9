/**
 * The schema of service level objectives and burn-rate alerts (`sim-core/scenario/slo-spec.ts`).
 * Their rules (names that refer to a client, service or SLO; windows that are whole multiples of
 * the evaluation period; an action's target) are in `slos-rules.ts`.
 */
import { z } from 'zod';
import { ALERT_RULE_PRESETS } from '../../sim-core/patterns/presets.ts';
import { intAtLeast, name, nonNegative, positive, presetList, presetOr } from './fields.ts';

/** A target fraction in (0, 1): 1 would leave no error budget to burn. */
const target = () =>
  z
    .number()
    .gt(0)
    .lt(1)
    .describe('Fraction of requests that must be good (> 0, < 1), e.g. 0.999 for "three nines".');

/** What fraction of requests must be good, chosen by "kind". */
export const SloObjectiveSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('availability').describe('Good: the request ended with a good answer.'),
        target: target(),
      })
      .describe('Availability: the fraction of requests that end with a good answer (success, fallback).'),
    z
      .strictObject({
        kind: z.literal('latency').describe('Good: the request ended within thresholdMs.'),
        target: target(),
        thresholdMs: positive().describe('A request that ends within this time is good, in ms (> 0).'),
      })
      .describe(
        'Latency: the fraction of requests that end within thresholdMs, whatever their outcome (pair it with an availability SLO for errors).',
      ),
  ])
  .describe('The objective, chosen by "kind".');

/** A service level objective. */
export const SloSchema = z
  .strictObject({
    name: z.string().min(1).describe('The SLO’s name: summary.slos.<name>; unique among SLOs.'),
    client: name()
      .nullable()
      .default(null)
      .describe('The client whose user requests are measured (issue to end); give either this or service.'),
    service: name()
      .nullable()
      .default(null)
      .describe(
        'The service whose answered attempts are measured (arrival to answer, retries included); give either this or client.',
      ),
    objective: SloObjectiveSchema,
    windowMs: positive()
      .nullable()
      .default(null)
      .describe(
        'Compliance window for the summary: the last windowMs of the run, not before the warm-up’s end, in ms (> 0); null: the whole run after the warm-up.',
      ),
  })
  .describe('A service level objective over a client’s user requests or a service’s attempts.');

/** A burn-rate condition over two windows. */
export const AlertRuleSchema = z
  .strictObject({
    longWindowMs: intAtLeast(1).describe(
      'The long window, in ms (an integer >= 1, a multiple of evaluationPeriodMs): makes the alert significant.',
    ),
    shortWindowMs: intAtLeast(1).describe(
      'The short window, in ms (an integer >= 1, < longWindowMs, a multiple of evaluationPeriodMs): makes the alert clear soon after the errors stop.',
    ),
    burnRate: positive().describe(
      'Fire while the burn rate (error rate / (1 - target)) exceeds this over both windows (> 0).',
    ),
  })
  .describe('A multiwindow burn-rate condition (The Site Reliability Workbook, ch. 5).');

/** How long an action lasts; every action kind takes this field. */
const actionUntil = () =>
  z
    .enum(['forever', 'cleared'])
    .default('forever')
    .describe(
      '"forever" (the default): the action stays done; "cleared": it is undone when the alert clears (delayMs after the clearing), for kinds that can be undone.',
    );

/** What an alert does when it fires, chosen by "kind" (the registry: sim-core/model/control/actions.ts). */
export const AlertActionSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z
          .literal('enable-shedding')
          .describe('Turn on the load shedding a service declares with enabled: false.'),
        service: name().describe('The service whose shedding is turned on.'),
        delayMs: nonNegative()
          .default(0)
          .describe('Time from the firing to the action taking effect, in ms (>= 0): automation or a human.'),
        until: actionUntil(),
      })
      .describe('Turn on a service’s load shedding (declared with "enabled": false).'),
    z
      .strictObject({
        kind: z.literal('failover').describe('Fail a service with failover over to its standby.'),
        service: name().describe(
          'The service (it declares failover) whose first active replica is failed over.',
        ),
        delayMs: nonNegative()
          .default(0)
          .describe('Time from the firing to the decision, in ms (>= 0); the promotion time follows it.'),
        until: actionUntil(),
      })
      .describe('Force a failover of a service to its standby, once (a later firing does nothing).'),
    z
      .strictObject({
        kind: z.literal('rollback').describe('Abort a service’s rollout in progress (one-shot).'),
        service: name().describe('The service whose rollout is rolled back (it declares a deployment).'),
        delayMs: nonNegative()
          .default(0)
          .describe('Time from the firing to the action taking effect, in ms (>= 0): automation or a human.'),
        until: actionUntil(),
      })
      .describe('Roll back a service’s deployment in progress (Argo Rollouts abort).'),
  ])
  .describe('An action the alert takes when it fires, chosen by "kind".');

/** A burn-rate alert on an SLO. */
export const AlertSchema = z
  .strictObject({
    name: z.string().min(1).describe('The alert’s name: summary.alerts.<name>; unique among alerts.'),
    slo: z.string().min(1).describe('The name of the SLO it watches.'),
    rule: presetOr(ALERT_RULE_PRESETS, AlertRuleSchema, 'alert rule').describe(
      `The burn-rate condition: a preset name (${presetList(ALERT_RULE_PRESETS)}: The Site Reliability Workbook’s page alerts) or an object.`,
    ),
    evaluationPeriodMs: intAtLeast(1)
      .default(10_000)
      .describe(
        'Time between evaluations, in ms of simulated time (an integer >= 1; both windows are multiples of it).',
      ),
    action: AlertActionSchema.nullable()
      .default(null)
      .describe('What the alert does when it fires; null: it only reports.'),
  })
  .describe('A multiwindow, multi-burn-rate alert on an SLO, evaluated during the run.');
