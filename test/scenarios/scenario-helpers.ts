/** Builders and assertions shared by the scenario schema tests. */
import { formatErrors, parseScenario, type ValidationError } from '../../scenarios/schema/index.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';

/** The smallest valid scenario: only required fields. */
export function minimal(): Record<string, unknown> {
  return {
    id: 'minimal',
    title: 'Minimal',
    durationMs: 10_000,
    clients: [{ name: 'users', target: 'api', arrival: { kind: 'poisson', ratePerSec: 50 } }],
    services: [{ name: 'api', serviceTime: { kind: 'exponential', meanMs: 10 } }],
  };
}

/** Every caller-side pattern at its default: what a client or call without any gets. */
export const CALL_POLICY_DEFAULTS = {
  timeoutMs: null,
  deadlineMs: null,
  propagateDeadline: false,
  retry: null,
  breaker: null,
  bulkhead: null,
  rateLimit: null,
  hedge: null,
  fallback: null,
  adaptiveLimit: null,
  idempotencyKeys: false,
  validateResponses: false,
} as const;

/** `minimal()` with extra fields merged in; arrays are replaced, not merged. */
export function withFields(fields: Record<string, unknown>): Record<string, unknown> {
  return { ...minimal(), ...fields };
}

export function errorsOf(input: unknown): ValidationError[] {
  const result = parseScenario(input);
  if (result.ok) throw new Error('expected the scenario to be rejected');
  return result.errors;
}

/** The errors of `input` as `path: message` lines, the way a user sees them. */
export function linesOf(input: unknown): string[] {
  return errorsOf(input).map((e) => `${e.path}: ${e.message}`);
}

export function scenarioOf(input: unknown): Scenario {
  const result = parseScenario(input);
  if (!result.ok) throw new Error(`expected a valid scenario:\n${formatErrors(result.errors)}`);
  return result.scenario;
}

/** A valid scenario with the given fields, resolved. */
export function resolved(fields: Record<string, unknown>): Scenario {
  return scenarioOf(withFields(fields));
}

/** A service with the given name, calls and extra fields. */
export function service(
  name: string,
  calls: string[] = [],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    serviceTime: { kind: 'constant', valueMs: 1 },
    calls: calls.map((s) => ({ service: s })),
    ...extra,
  };
}

/** A Poisson client with the given name, target and extra fields. */
export function client(
  name: string,
  target: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { name, target, arrival: { kind: 'poisson', ratePerSec: 10 }, ...extra };
}
