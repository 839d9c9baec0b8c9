/**
 * Rules of SLOs and alerts a schema can't express: unique names, an SLO that measures exactly one
 * existing client or service, an alert on an SLO that exists, windows that are whole multiples
 * of the evaluation period (the alert's windows end on evaluations, so their counts are exact),
 * the short window shorter than the long one, and an action whose target can take it.
 */
import { ALERT_ACTIONS, undoableActionKinds } from '../../sim-core/model/control/actions.ts';
import { ALERT_RULE_PRESETS } from '../../sim-core/patterns/presets.ts';
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import { type Names, refErrors } from './names.ts';
import { field, finite, isRecord, num, quotedList, wellFormedName } from './raw.ts';

/** Every rule of `slos` and `alerts`. */
export function sloErrors(slos: unknown[], alerts: unknown[], names: Names): ValidationError[] {
  const errors: ValidationError[] = [];
  const sloNames = uniqueNames('slos', slos, 'SLO', errors);
  uniqueNames('alerts', alerts, 'alert', errors);
  slos.forEach((slo, i) => {
    const at = (...rest: PathSegment[]): string => formatPath(['slos', i, ...rest]);
    const client = field(slo, 'client');
    const service = field(slo, 'service');
    const hasClient = client !== undefined && client !== null;
    const hasService = service !== undefined && service !== null;
    if (isRecord(slo) && hasClient === hasService) {
      const allowed = 'either client or service';
      errors.push({
        path: at(),
        message: `SLO has ${hasClient ? 'both client and service' : 'neither client nor service'}; allowed: ${allowed}`,
        found: hasClient ? 'both' : 'neither',
        allowed,
      });
    }
    errors.push(...refErrors(at('client'), client, ['clients'], names));
    errors.push(...refErrors(at('service'), service, ['services'], names));
  });
  alerts.forEach((alert, i) => {
    const at = (...rest: PathSegment[]): string => formatPath(['alerts', i, ...rest]);
    const slo = field(alert, 'slo');
    if (typeof slo === 'string' && slo !== '' && !sloNames.includes(slo)) {
      errors.push(foundAllowed(at('slo'), JSON.stringify(slo), `an SLO name: ${quotedList(sloNames)}`));
    }
    errors.push(...windowErrors(alert, at));
    errors.push(...actionErrors(field(alert, 'action'), at, names));
    errors.push(...untilErrors(field(alert, 'action'), at));
  });
  return errors;
}

/** The names of `items`, reporting each name used twice. */
function uniqueNames(key: string, items: unknown[], noun: string, errors: ValidationError[]): string[] {
  const seen = new Map<string, string>();
  items.forEach((item, i) => {
    const name = field(item, 'name');
    if (typeof name !== 'string' || name === '') return;
    const previous = seen.get(name);
    if (previous === undefined) {
      seen.set(name, formatPath([key, i]));
      return;
    }
    errors.push({
      path: formatPath([key, i, 'name']),
      message: `duplicate ${noun} name ${JSON.stringify(name)}, already used by ${previous}; give each ${noun} a unique name`,
      found: JSON.stringify(name),
      allowed: `a name no other ${noun} uses`,
    });
  });
  return [...seen.keys()];
}

/** The rule's windows: short < long, both whole multiples of the evaluation period. */
function windowErrors(alert: unknown, at: (...rest: PathSegment[]) => string): ValidationError[] {
  const raw = field(alert, 'rule');
  const preset = typeof raw === 'string' && Object.hasOwn(ALERT_RULE_PRESETS, raw);
  const rule = preset ? ALERT_RULE_PRESETS[raw as string] : raw;
  const where = (key: string): string => (preset ? at('rule') : at('rule', key));
  const long = finite(field(rule, 'longWindowMs'));
  const short = finite(field(rule, 'shortWindowMs'));
  const givenPeriod = field(alert, 'evaluationPeriodMs');
  const period = givenPeriod === undefined ? 10_000 : finite(givenPeriod);
  const errors: ValidationError[] = [];
  if (long !== undefined && short !== undefined && short >= long) {
    errors.push(foundAllowed(where('shortWindowMs'), num(short), `a window < longWindowMs (${num(long)})`));
  }
  if (period === undefined || !Number.isInteger(period) || period < 1) return errors;
  for (const [key, value] of [
    ['longWindowMs', long],
    ['shortWindowMs', short],
  ] as const) {
    if (value === undefined || !Number.isInteger(value) || value % period === 0) continue;
    const found = preset ? `${JSON.stringify(raw)} (${key} ${num(value)})` : num(value);
    const error = foundAllowed(where(key), found, `a multiple of evaluationPeriodMs (${num(period)})`);
    error.message += '; each window ends on an evaluation, so it spans whole evaluation periods';
    errors.push(error);
  }
  return errors;
}

/** An action's target exists and can take it (its shedding is declared and off). */
function actionErrors(
  action: unknown,
  at: (...rest: PathSegment[]) => string,
  names: Names,
): ValidationError[] {
  const kind = field(action, 'kind');
  if (kind === 'failover') return failoverActionErrors(action, at, names);
  if (kind === 'rollback') return rollbackErrors(field(action, 'service'), at, names);
  if (kind !== 'enable-shedding') return [];
  const service = field(action, 'service');
  const errors = refErrors(at('action', 'service'), service, ['services'], names);
  const target = wellFormedName(service);
  if (errors.length > 0 || target === undefined || !names.services.has(target)) return errors;
  const off = [...names.serviceByName].filter(
    ([, s]) => field(field(s.raw, 'shedding'), 'enabled') === false,
  );
  if (off.some(([n]) => n === target)) return errors;
  const shedding = field(names.serviceByName.get(target)?.raw, 'shedding');
  const why = isRecord(shedding) ? 'its shedding is on from the start' : 'it declares no shedding';
  const error = foundAllowed(
    at('action', 'service'),
    JSON.stringify(target),
    `a service whose shedding is declared with "enabled": false: ${quotedList(off.map(([n]) => n))}`,
  );
  error.message += ` (${JSON.stringify(target)}: ${why})`;
  errors.push(error);
  return errors;
}

/**
 * `until: "cleared"` needs an undo: a one-shot action (a rollback, a failover) cannot be taken
 * back when the alert clears. `registry` is the action registry (a parameter for tests).
 */
export function untilErrors(
  action: unknown,
  at: (...rest: PathSegment[]) => string,
  registry: Readonly<Record<string, { readonly undo?: unknown }>> = ALERT_ACTIONS,
): ValidationError[] {
  const kind = field(action, 'kind');
  if (field(action, 'until') !== 'cleared' || typeof kind !== 'string' || !Object.hasOwn(registry, kind))
    return [];
  if (registry[kind].undo !== undefined) return [];
  const undoable = undoableActionKinds(registry);
  const error = foundAllowed(
    at('action', 'until'),
    JSON.stringify('cleared'),
    `"forever" (${JSON.stringify(kind)} cannot be undone; "cleared" is allowed for ${undoable.length === 0 ? 'no kind' : quotedList(undoable)})`,
  );
  return [error];
}

/** A `failover` action's service exists and declares failover. */
function failoverActionErrors(
  action: unknown,
  at: (...rest: PathSegment[]) => string,
  names: Names,
): ValidationError[] {
  const service = field(action, 'service');
  const errors = refErrors(at('action', 'service'), service, ['services'], names);
  const target = wellFormedName(service);
  if (errors.length > 0 || target === undefined || !names.services.has(target)) return errors;
  const withFailover = [...names.serviceByName]
    .filter(([, s]) => isRecord(field(s.raw, 'failover')))
    .map(([n]) => n);
  if (withFailover.includes(target)) return errors;
  const error = foundAllowed(
    at('action', 'service'),
    JSON.stringify(target),
    `a service that declares failover: ${quotedList(withFailover)}`,
  );
  error.message += ` (${JSON.stringify(target)} has no standby to fail over to)`;
  errors.push(error);
  return errors;
}

/** A rollback's target exists and declares a deployment. */
function rollbackErrors(
  service: unknown,
  at: (...rest: PathSegment[]) => string,
  names: Names,
): ValidationError[] {
  const errors = refErrors(at('action', 'service'), service, ['services'], names);
  const target = wellFormedName(service);
  if (errors.length > 0 || target === undefined || !names.services.has(target)) return errors;
  const deployed = [...names.serviceByName].filter(([, s]) => isRecord(field(s.raw, 'deployment')));
  if (deployed.some(([n]) => n === target)) return errors;
  const error = foundAllowed(
    at('action', 'service'),
    JSON.stringify(target),
    `a service that declares a deployment: ${quotedList(deployed.map(([n]) => n))}`,
  );
  errors.push(error);
  return errors;
}
