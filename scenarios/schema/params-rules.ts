/**
 * Every `params` value and every hypothesis' `set` overrides must give a valid scenario: each is
 * dry-run on a copy of the input and checked by the same rules (but not its params again).
 */
import { formatPath, type ValidationError } from './errors.ts';
import { ParamSchema } from './hypotheses.ts';
import { applyOverrides } from './overrides.ts';
import { field, list, type Rec } from './raw.ts';

/**
 * Checks a whole input as validation does (schema, then rules, but not params), keeping the two
 * kinds of errors apart: how a `params` value or a hypothesis variant is dry-run.
 */
export type DryRun = (input: unknown) => { schema: ValidationError[]; rules: ValidationError[] };

/**
 * Every `params` value must give a valid scenario: a dry run applies `--set path=value` to a
 * copy and validates it (schema and the rules above, not `params` again). Only errors the
 * document doesn't already have are blamed on the value; the caller runs this only when the
 * document itself passes the schema (otherwise every value would inherit its errors). A path that can't be set
 * (no such element, a new field) is reported once, at `path`.
 */
export function paramErrors(root: Rec, known: ValidationError[], dryRun: DryRun): ValidationError[] {
  const params = list(root['params']);
  if (params.length === 0) return [];
  const key = (e: ValidationError): string => `${e.path}\u0000${e.message}`;
  const before = new Set(known.map(key));
  const errors: ValidationError[] = [];
  params.forEach((p, i) => {
    const path = ParamSchema.shape.path.safeParse(field(p, 'path'));
    if (!path.success) return;
    const valueSchema = ParamSchema.shape.values.element;
    const values = list(field(p, 'values'));
    for (let j = 0; j < values.length; j++) {
      const value = values[j];
      if (!valueSchema.safeParse(value).success) continue;
      const set = `${path.data}=${JSON.stringify(value)}`;
      const applied = applyOverrides(root, [set]);
      if (!applied.ok) {
        errors.push(pathError(i, path.data, applied.errors[0]));
        return;
      }
      const checked = dryRun(applied.value);
      const found = [...checked.schema, ...checked.rules.filter((e) => !before.has(key(e)))];
      const unknownField = found.find((e) => e.message.startsWith('unknown field'));
      if (unknownField !== undefined) {
        errors.push(pathError(i, path.data, unknownField));
        return;
      }
      if (found.length === 0) continue;
      const first = found[0];
      const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
      errors.push({
        path: formatPath(['params', i, 'values', j]),
        message: `--set ${set} gives an invalid scenario: ${first.path === '' ? '(root)' : first.path}: ${first.message}${more}`,
        found: JSON.stringify(value),
        ...(first.allowed === undefined ? {} : { allowed: first.allowed }),
      });
    }
  });
  return errors;
}

/** Every hypothesis' `set` overrides must apply and give a valid scenario (checked once per distinct list). */
export function variantErrors(root: Rec, dryRun: DryRun): ValidationError[] {
  const hypotheses = list(root['hypotheses']);
  if (hypotheses.length === 0) return [];
  const errors: ValidationError[] = [];
  const seen = new Set<string>();
  hypotheses.forEach((h, i) => {
    const sets = list(field(h, 'set')).filter((x): x is string => typeof x === 'string');
    if (sets.length === 0) return;
    const key = JSON.stringify(sets);
    if (seen.has(key)) return;
    seen.add(key);
    const at = formatPath(['hypotheses', i, 'set']);
    const applied = applyOverrides(root, sets);
    if (!applied.ok) {
      for (const e of applied.errors) errors.push({ ...e, path: at, message: `${e.path}: ${e.message}` });
      return;
    }
    const checked = dryRun(applied.value);
    const found = [...checked.schema, ...checked.rules];
    if (found.length > 0) {
      const first = found[0];
      errors.push({
        path: at,
        message: `these overrides give an invalid scenario: ${first.path === '' ? '(root)' : first.path}: ${first.message}`,
        found: key,
      });
    }
  });
  return errors;
}

function pathError(i: number, path: string, cause: ValidationError): ValidationError {
  return {
    path: formatPath(['params', i, 'path']),
    message: `${JSON.stringify(path)} is not a settable path: ${cause.path}: ${cause.message}`,
    found: JSON.stringify(path),
    allowed: 'a --set path to an existing field, e.g. "services.api.replicas"',
  };
}
