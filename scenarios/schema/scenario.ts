/**
 * The zod schema of a whole scenario, assembled from the schemas of its parts, and the
 * compile-time checks that keep it in lock-step with sim-core's types.
 *
 * It lives here and not in `sim-core` because the engine must not depend on zod; the engine
 * trusts the resolved {@link Scenario} type, and the checks at the bottom of this file keep the
 * two in lock-step (a drift in either fails `tsc`).
 *
 * The `.describe()` texts become the JSON Schema `description`s shown by the README, the lab and
 * editors, so they are written for users, not for us. Each part has its schema in one file and
 * the rules a schema cannot express (names that refer to other parts, cycles, the
 * lognormal/empirical parameter combinations, orderings between fields) beside it in a
 * `-rules.ts` file; `semantic.ts` runs them all.
 *
 * Resilience patterns may be given as a preset name (`"retry": "grpc-default"`) from
 * `sim-core/patterns/presets.ts`; parsing expands the name into a fresh copy of the preset, so a
 * resolved scenario holds only objects. Where a pattern mirrors a reference library, the defaults
 * of its sub-fields are that library's.
 */
import { z } from 'zod';
import type {
  AdaptiveLimitSpec,
  AlertActionSpec,
  AlertRuleSpec,
  AlertSpec,
  ArrivalSpec,
  BackoffSpec,
  BreakerSpec,
  BudgetSpec,
  BulkheadSpec,
  CacheSpec,
  CallPolicySpec,
  ClientSpec,
  ClockSpec,
  DistributionSpec,
  DownstreamCallSpec,
  FallbackSpec,
  FaultSpec,
  HealthCheckSpec,
  HedgeSpec,
  HypothesisSpec,
  LessonSpec,
  LinkSpec,
  MessageQueueSpec,
  MetricsSpec,
  NetworkSpec,
  OutlierDetectionSpec,
  ParamSpec,
  RateLimitSpec,
  ReplicaOverrideSpec,
  RetryBudgetSpec,
  RetrySpec,
  Scenario,
  ServicePolicySpec,
  ServiceSpec,
  SheddingSpec,
  SloObjectiveSpec,
  SloSpec,
} from '../../sim-core/scenario/spec.ts';
import type {
  AdaptiveLimitSchema,
  BackoffSchema,
  BreakerSchema,
  BulkheadSchema,
  CallPolicySchema,
  FallbackSchema,
  HedgeSchema,
  RateLimitSchema,
  RetryBudgetSchema,
  RetrySchema,
} from './call-policies.ts';
import type { DistributionSchema } from './distributions.ts';
import { FaultSchema } from './faults.ts';
import { ID_PATTERN, positive } from './fields.ts';
import { HypothesisSchema, LessonSchema, ParamSchema } from './hypotheses.ts';
import { BudgetSchema, DEFAULT_MAX_IN_FLIGHT, MetricsSchema } from './run-settings.ts';
import type {
  CacheSchema,
  HealthCheckSchema,
  OutlierDetectionSchema,
  ReplicaOverrideSchema,
  ServicePolicySchema,
  SheddingSchema,
} from './service-policies.ts';
import {
  type AlertActionSchema,
  type AlertRuleSchema,
  AlertSchema,
  type SloObjectiveSchema,
  SloSchema,
} from './slos.ts';
import {
  type ArrivalSchema,
  ClientSchema,
  ClockSchema,
  type DownstreamCallSchema,
  type LinkSchema,
  MessageQueueSchema,
  NetworkSchema,
  ServiceSchema,
} from './topology.ts';

/** A whole scenario; parsing fills in every default and yields a {@link Scenario}. */
export const ScenarioSchema = z
  .strictObject({
    id: z
      .string()
      .regex(ID_PATTERN)
      .describe('Stable id: lower-case letters, digits and "-", starting with a letter or digit.'),
    title: z.string().min(1).describe('Short human title.'),
    description: z.string().default('').describe('What the scenario shows and what to look at.'),
    seed: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe('Default master seed (an integer >= 0); --seed overrides it. Same seed, same run.'),
    durationMs: positive().describe(
      'Simulated time to run, in ms (> 0): clients stop issuing requests then and the run stops.',
    ),
    metrics: MetricsSchema.default(() => ({ bucketMs: 1000, warmupMs: 0 })).describe(
      'How metrics are collected.',
    ),
    budget: BudgetSchema.default(() => ({
      maxEvents: 200_000_000,
      maxInFlight: DEFAULT_MAX_IN_FLIGHT,
    })).describe('Limits that stop a runaway run.'),
    clients: z
      .array(ClientSchema)
      .min(1)
      .describe('The clients: sources of user requests, open- or closed-loop (at least one).'),
    services: z
      .array(ServiceSchema)
      .min(1)
      .describe(
        'The services: replicas with workers and queues that handle requests and call each other (at least one).',
      ),
    network: NetworkSchema.default(() => ({
      latency: { kind: 'constant' as const, valueMs: 0 },
      loss: 0,
      links: [],
      crossZone: null,
    })).describe('The network: message latency and loss.'),
    clocks: z
      .array(ClockSchema)
      .default(() => [])
      .describe('Local clocks that differ from true time; every other node keeps perfect time.'),
    queues: z
      .array(MessageQueueSchema)
      .default(() => [])
      .describe('Message queues between producers (clients, calls) and consuming services.'),
    faults: z
      .array(FaultSchema)
      .default(() => [])
      .describe('Faults on the timeline: crashes, latency, errors, partitions, clock trouble and more.'),
    slos: z
      .array(SloSchema)
      .default(() => [])
      .describe('Service level objectives, reported in summary.slos.'),
    alerts: z
      .array(AlertSchema)
      .default(() => [])
      .describe(
        'Burn-rate alerts on the SLOs, evaluated during the run; an alert may act (turn on shedding).',
      ),
    hypotheses: z
      .array(HypothesisSchema)
      .default(() => [])
      .describe('Steady-state hypotheses checked after the run, as in a chaos experiment.'),
    lesson: LessonSchema.nullable().default(null).describe('The lesson text; null for none.'),
    params: z
      .array(ParamSchema)
      .default(() => [])
      .describe('Parameters a learner may change: the lab’s controls and the sweeps’ axes.'),
  })
  .describe(
    'A Faultline scenario: clients, services, queues, network, clocks, faults and hypotheses of a simulated distributed system.',
  );

// ---------------------------------------------------------------- lock-step with sim-core's types

/** True when A and B are the same type (not merely mutually assignable). */
type IsEqual<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** Each member of a union as one object type: `{ a } & ({ b } | { c })` becomes `{ a; b } | { a; c }`. */
type Flat<T> = T extends unknown ? { [K in keyof T]: T[K] } : never;

// One check per part, so a drift points at the part that drifted, not just at "Scenario".
// Unused on purpose: the checks run when tsc resolves these aliases.
type _Checks = [
  Assert<IsEqual<z.output<typeof DistributionSchema>, DistributionSpec>>,
  Assert<IsEqual<z.output<typeof ArrivalSchema>, ArrivalSpec>>,
  Assert<IsEqual<z.output<typeof BackoffSchema>, BackoffSpec>>,
  Assert<IsEqual<z.output<typeof RetryBudgetSchema>, RetryBudgetSpec>>,
  Assert<IsEqual<z.output<typeof RetrySchema>, RetrySpec>>,
  Assert<IsEqual<z.output<typeof BreakerSchema>, BreakerSpec>>,
  Assert<IsEqual<z.output<typeof BulkheadSchema>, BulkheadSpec>>,
  Assert<IsEqual<z.output<typeof RateLimitSchema>, RateLimitSpec>>,
  Assert<IsEqual<z.output<typeof HedgeSchema>, HedgeSpec>>,
  Assert<IsEqual<z.output<typeof FallbackSchema>, FallbackSpec>>,
  Assert<IsEqual<z.output<typeof AdaptiveLimitSchema>, AdaptiveLimitSpec>>,
  Assert<IsEqual<z.output<typeof CallPolicySchema>, CallPolicySpec>>,
  Assert<IsEqual<z.output<typeof SheddingSchema>, SheddingSpec>>,
  Assert<IsEqual<z.output<typeof OutlierDetectionSchema>, OutlierDetectionSpec>>,
  Assert<IsEqual<z.output<typeof HealthCheckSchema>, HealthCheckSpec>>,
  Assert<IsEqual<z.output<typeof CacheSchema>, CacheSpec>>,
  Assert<IsEqual<z.output<typeof ReplicaOverrideSchema>, ReplicaOverrideSpec>>,
  Assert<IsEqual<z.output<typeof ServicePolicySchema>, ServicePolicySpec>>,
  Assert<IsEqual<z.output<typeof DownstreamCallSchema>, DownstreamCallSpec>>,
  Assert<IsEqual<z.output<typeof ServiceSchema>, ServiceSpec>>,
  Assert<IsEqual<z.output<typeof ClientSchema>, ClientSpec>>,
  Assert<IsEqual<z.output<typeof MessageQueueSchema>, MessageQueueSpec>>,
  Assert<IsEqual<z.output<typeof LinkSchema>, LinkSpec>>,
  Assert<IsEqual<z.output<typeof NetworkSchema>, NetworkSpec>>,
  Assert<IsEqual<z.output<typeof ClockSchema>, ClockSpec>>,
  Assert<IsEqual<z.output<typeof MetricsSchema>, MetricsSpec>>,
  Assert<IsEqual<z.output<typeof BudgetSchema>, BudgetSpec>>,
  // FaultSpec is an intersection; compare member by member.
  Assert<IsEqual<Flat<z.output<typeof FaultSchema>>, Flat<FaultSpec>>>,
  Assert<IsEqual<z.output<typeof SloObjectiveSchema>, SloObjectiveSpec>>,
  Assert<IsEqual<z.output<typeof SloSchema>, SloSpec>>,
  Assert<IsEqual<z.output<typeof AlertRuleSchema>, AlertRuleSpec>>,
  Assert<IsEqual<z.output<typeof AlertActionSchema>, AlertActionSpec>>,
  Assert<IsEqual<z.output<typeof AlertSchema>, AlertSpec>>,
  Assert<IsEqual<z.output<typeof HypothesisSchema>, HypothesisSpec>>,
  Assert<IsEqual<z.output<typeof LessonSchema>, LessonSpec>>,
  Assert<IsEqual<z.output<typeof ParamSchema>, ParamSpec>>,
  Assert<IsEqual<Flat<z.output<typeof ScenarioSchema>['faults'][number]>, Flat<Scenario['faults'][number]>>>,
  Assert<IsEqual<Omit<z.output<typeof ScenarioSchema>, 'faults'>, Omit<Scenario, 'faults'>>>,
];

/** What a scenario author may write: every defaulted field optional. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
