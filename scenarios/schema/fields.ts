/**
 * The building blocks every part of the scenario schema uses: name patterns, number helpers,
 * preset helpers and the failure causes a caller may see.
 */
import { z } from 'zod';

/** A scenario id: lower-case, digits and '-', so it is safe in file names, URLs and CLI args. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** A client, service or queue name. No '/': a replica node is named `service/index`. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

// Number helpers. zod 4's z.number() already rejects NaN and ±Infinity, so every number is finite.
/** A number >= 0. */
export const nonNegative = () => z.number().min(0);
/** A number > 0. */
export const positive = () => z.number().positive();
/** A number in [0, 1]. */
export const probability = () => z.number().min(0).max(1);
/** z.number().int() also bounds to the safe-integer range, so counts never lose precision. */
export const intAtLeast = (min: number) => z.number().int().min(min);
/** A client, service or queue name. */
export const name = () => z.string().regex(NAME_PATTERN);
/** Above -1e6 ppm a local clock still moves forward; a stopped clock would never fire a timer. */
export const driftPpm = () => z.number().gt(-1_000_000).lte(1_000_000);

// Preset helpers. The tables are imported, never copied: presets.ts is their one home.

/** A preset by name; fails when this module loads (not in a user's face) if presets.ts renamed it. */
export function presetNamed<T>(table: Record<string, T>, presetName: string): T {
  const value = table[presetName];
  if (value === undefined) {
    throw new Error(
      `scenario schema: no preset ${JSON.stringify(presetName)} in sim-core/patterns/presets.ts`,
    );
  }
  return value;
}

/** `"a", "b"`: the preset names of a table, for descriptions. */
export function presetList(table: Record<string, unknown>): string {
  return Object.keys(table)
    .map((n) => JSON.stringify(n))
    .join(', ');
}

/**
 * `schema`, or the name of a preset of `table` that parses to a deep copy of the preset, so no
 * run can change the table or another run's copy. In the JSON Schema the name is an `enum`
 * whose `title` (`what` + " preset") names it in "allowed" texts.
 */
export function presetOr<T extends z.ZodType>(table: Record<string, z.output<T>>, schema: T, what: string) {
  const names = Object.keys(table) as [string, ...string[]];
  const preset = z
    .enum(names)
    .transform((n): z.output<T> => structuredClone(table[n]))
    .meta({ title: `${what} preset` })
    .describe(`A named ${what} preset (${presetList(table)}): its values are filled in when parsed.`);
  return z.union([preset, schema]);
}

/** A list of causes a caller may see for a failed attempt. */
export const FailureCauseSchema = z
  .enum(['failed', 'timedOut', 'rejected', 'shed', 'rateLimited', 'breakerOpen', 'bulkheadFull', 'limited'])
  .describe(
    'A cause of a failed attempt: failed (error answer), timedOut, rejected (full queue), shed (load shedding), rateLimited, breakerOpen, bulkheadFull, limited (adaptive limit).',
  );
