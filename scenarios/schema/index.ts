/**
 * Scenario validation: the zod schema, semantic rules, `--set` overrides and the JSON Schema.
 * Re-exports only.
 */
export { type PathSegment, showValue } from './errors.ts';
export { SCENARIO_SCHEMA_ID, scenarioJsonSchema } from './json-schema.ts';
export { applyOverrides, type OverrideResult, type ParsedSet, parseSet } from './overrides.ts';
export {
  AdaptiveLimitSchema,
  ArrivalSchema,
  BackoffSchema,
  BreakerSchema,
  BudgetSchema,
  BulkheadSchema,
  CacheSchema,
  CallPolicySchema,
  ClientSchema,
  ClockSchema,
  DistributionSchema,
  DownstreamCallSchema,
  defaultFaultName,
  FallbackSchema,
  FaultSchema,
  HealthCheckSchema,
  HedgeSchema,
  HypothesisSchema,
  ID_PATTERN,
  LessonSchema,
  LinkSchema,
  MessageQueueSchema,
  MetricsSchema,
  NAME_PATTERN,
  NetworkSchema,
  OutlierDetectionSchema,
  ParamSchema,
  RateLimitSchema,
  ReplicaOverrideSchema,
  RetryBudgetSchema,
  RetrySchema,
  type ScenarioInput,
  ScenarioSchema,
  ServicePolicySchema,
  ServiceSchema,
  SheddingSchema,
} from './scenario-schema.ts';
export { distributionErrors, MAX_BUCKETS, type SemanticOptions, semanticErrors, Z99 } from './semantic.ts';
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
