/**
 * Scenario validation: the zod schema, semantic rules, `--set` overrides and the JSON Schema.
 * Re-exports only.
 */
export { type PathSegment, showValue } from './errors.ts';
export { SCENARIO_SCHEMA_ID, scenarioJsonSchema } from './json-schema.ts';
export { applyOverrides, type OverrideResult, type ParsedSet, parseSet } from './overrides.ts';
export {
  ArrivalSchema,
  BudgetSchema,
  ClientSchema,
  ClockSchema,
  DistributionSchema,
  DownstreamCallSchema,
  ID_PATTERN,
  LinkSchema,
  MetricsSchema,
  NAME_PATTERN,
  NetworkSchema,
  type ScenarioInput,
  ScenarioSchema,
  ServiceSchema,
} from './scenario-schema.ts';
export { distributionErrors, MAX_BUCKETS, semanticErrors, Z99 } from './semantic.ts';
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
