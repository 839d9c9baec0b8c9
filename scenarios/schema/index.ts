/**
 * Scenario validation: the zod schema and the rules beside it, part by part as in
 * `sim-core/scenario/` (topology, policies, faults, hypotheses, run settings), `--set` overrides
 * and the JSON Schema.
 * Re-exports only.
 */

export {
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
export { DistributionSchema } from './distributions.ts';
export { distributionErrors, Z99 } from './distributions-rules.ts';
export { type PathSegment, showValue } from './errors.ts';
export { defaultFaultName, FaultSchema } from './faults.ts';
export { ID_PATTERN, NAME_PATTERN } from './fields.ts';
export { HypothesisSchema, LessonSchema, ParamSchema } from './hypotheses.ts';
export { SCENARIO_SCHEMA_ID, scenarioJsonSchema } from './json-schema.ts';
export { applyOverrides, type OverrideResult, type ParsedSet, parseSet } from './overrides.ts';
export { BudgetSchema, MetricsSchema } from './run-settings.ts';
export { MAX_BUCKETS } from './run-settings-rules.ts';
export { type ScenarioInput, ScenarioSchema } from './scenario.ts';
export { type Checked, checkScenario, type SemanticOptions, semanticErrors } from './semantic.ts';
export {
  CacheSchema,
  HealthCheckSchema,
  OutlierDetectionSchema,
  ReplicaOverrideSchema,
  ServicePolicySchema,
  SheddingSchema,
} from './service-policies.ts';
export { AlertActionSchema, AlertRuleSchema, AlertSchema, SloObjectiveSchema, SloSchema } from './slos.ts';
export {
  ArrivalSchema,
  ClientSchema,
  ClockSchema,
  DownstreamCallSchema,
  LinkSchema,
  MessageQueueSchema,
  NetworkSchema,
  ServiceSchema,
} from './topology.ts';
export {
  formatErrors,
  type JsonResult,
  locateJsonError,
  type ParseResult,
  parseJson,
  parseScenario,
  parseScenarioJson,
  type ValidationError,
} from './validate.ts';
