/**
 * A raw scenario plus `--set` overrides, validated: the same steps, in the same order, as
 * `faultline run <scenario> --set ...`, so the lab and the CLI run the identical scenario.
 */

import { applyOverrides, parseScenario, type ValidationError } from '../../scenarios/schema/index.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';

export type Resolved = { ok: true; scenario: Scenario } | { ok: false; errors: ValidationError[] };

export function resolveScenario(raw: unknown, overrides: readonly string[]): Resolved {
  const overridden = applyOverrides(raw, [...overrides]);
  if (!overridden.ok) return overridden;
  return parseScenario(overridden.value);
}
