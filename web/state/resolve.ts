/**
 * A raw scenario plus `--set` overrides, validated: the same steps, in the same order, as
 * `faultline run <scenario> --set ...`, so the lab and the CLI run the identical scenario. Like
 * `run`, the lab drops the hypotheses and params the overrides left without a referent;
 * `dropped` says which, and the page says so.
 */
import { type Resolved, resolveScenario as resolve } from '../../scenarios/schema/resolve.ts';

export type { Resolved };

export function resolveScenario(raw: unknown, overrides: readonly string[]): Resolved {
  return resolve(raw, overrides, { dropStale: true });
}
