/**
 * Scenario validation in one pass: the zod schema once, then every rule a schema can't express,
 * concept by concept, each from the `-rules.ts` file beside its schema (topology, run settings,
 * policies, faults, hypotheses, params).
 *
 * The rules read the raw input defensively instead of a parsed {@link Scenario}, so they can run
 * even when the schema rejected other parts: a user fixing a file sees every problem at once. A
 * rule is checked only where the values it needs are well-formed; a malformed value is the
 * schema's to report, and reporting it twice would only add noise.
 */
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import type { ValidationError } from './errors.ts';
import { faultErrors } from './faults-rules.ts';
import { hypothesisErrors } from './hypotheses-rules.ts';
import { issueErrors } from './issues.ts';
import { limitErrors } from './limits-rules.ts';
import { gatherNames } from './names.ts';
import { type DryRun, paramErrors, variantErrors } from './params-rules.ts';
import { patternErrors } from './policies-rules.ts';
import { isRecord, list } from './raw.ts';
import { runLengthErrors } from './run-settings-rules.ts';
import { ScenarioSchema } from './scenario.ts';
import { sloErrors } from './slos-rules.ts';
import { storeErrors } from './store-rules.ts';
import {
  cacheKeyErrors,
  onceArrivalErrors,
  referenceErrors,
  topologyDistributionErrors,
} from './topology-rules.ts';

/** Options of {@link semanticErrors}. */
export interface SemanticOptions {
  /** Dry-run every `params` value (default true); the dry runs themselves don't, or they would recurse. */
  params?: boolean;
}

/** What one pass over an input found: the parse, the schema's errors and the rules' errors, in order. */
export interface Checked {
  /** The resolved scenario when the schema accepts the input (the rules may still reject it). */
  scenario: Scenario | undefined;
  schema: ValidationError[];
  rules: ValidationError[];
}

/**
 * Validates an input once: the schema, then the rules. The rules learn whether the schema
 * accepted the input, so nothing is parsed twice.
 */
export function checkScenario(input: unknown, options: SemanticOptions = {}): Checked {
  const parsed = ScenarioSchema.safeParse(input);
  const schema = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueErrors(issue, input));
  const rules = ruleErrors(input, parsed.success, options);
  return { scenario: parsed.success ? parsed.data : undefined, schema, rules };
}

/**
 * Checks the rules a schema can't express, on any input (valid or not).
 *
 * Reports: duplicate client/service/queue names; unknown `target`, call `service` (a service or a
 * queue), queue `consumer`, link `from`/`to` and clock `node` names (a replica `service/index`
 * needs index < replicas); cycles of calls and queues; lognormal, empirical, hyperexponential
 * and uniform parameter rules; `warmupMs < durationMs`; at most `MAX_BUCKETS` metric buckets;
 * `once` arrivals, faults and hypothesis windows inside the run; pattern settings that
 * contradict each other; clients without keys that reach a cache; fault targets; SLO and alert
 * references, windows and actions; hypothesis
 * metrics; and `params` values that would not give a valid scenario. Each error names the field
 * it is in.
 */
export function semanticErrors(input: unknown, options: SemanticOptions = {}): ValidationError[] {
  return ruleErrors(input, ScenarioSchema.safeParse(input).success, options);
}

const dryRun: DryRun = (input) => {
  const checked = checkScenario(input, { params: false });
  return { schema: checked.schema, rules: checked.rules };
};

function ruleErrors(input: unknown, schemaValid: boolean, options: SemanticOptions): ValidationError[] {
  const errors: ValidationError[] = [];
  const root = isRecord(input) ? input : {};
  const clients = list(root['clients']);
  const services = list(root['services']);
  const names = gatherNames(clients, services, list(root['queues']), errors);
  errors.push(...referenceErrors(root, names));
  errors.push(...topologyDistributionErrors(root));
  errors.push(...runLengthErrors(root));
  const duration = ScenarioSchema.shape.durationMs.safeParse(root['durationMs']);
  const durationMs = duration.success ? duration.data : undefined;
  errors.push(...onceArrivalErrors(clients, durationMs));
  errors.push(...patternErrors(clients, services));
  errors.push(...cacheKeyErrors(clients, names));
  errors.push(...storeErrors(services));
  errors.push(...faultErrors(list(root['faults']), durationMs, names));
  errors.push(...sloErrors(list(root['slos']), list(root['alerts']), names));
  errors.push(...hypothesisErrors(root, durationMs, names));
  errors.push(...limitErrors(root));
  // Last, because the dry runs compare their errors with the ones found so far; a document the
  // schema rejects would pass its errors on to every value.
  if (options.params !== false && schemaValid) {
    errors.push(...paramErrors(root, errors, dryRun));
    errors.push(...variantErrors(root, dryRun));
  }
  return errors;
}
