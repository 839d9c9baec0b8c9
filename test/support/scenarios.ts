import { builtInScenario } from '../../scenarios/index.ts';
import { applyOverrides, formatErrors, parseScenario } from '../../scenarios/schema/index.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';

/** A built-in scenario with `path=value` overrides applied, validated; throws on any error. */
export function loadBuiltIn(id: string, sets: string[] = []): Scenario {
  const raw = builtInScenario(id);
  if (raw === undefined) throw new Error(`no built-in scenario "${id}"`);
  return parse(raw, sets);
}

/** Validates a raw scenario document (with overrides); throws with every error on failure. */
export function parse(raw: unknown, sets: string[] = []): Scenario {
  const o = applyOverrides(raw, sets);
  if (!o.ok) throw new Error(formatErrors(o.errors));
  const p = parseScenario(o.value);
  if (!p.ok) throw new Error(formatErrors(p.errors));
  return p.scenario;
}
