/**
 * The scenario JSON Schema, generated from the zod schema so the two never disagree.
 *
 * Editors use it to complete and check scenario files (a file may name it in `$schema`), the
 * README and the lab show its descriptions, and `validate.ts` reads its bounds to tell users
 * what a field allows.
 */
import { z } from 'zod';
import { ScenarioSchema } from './scenario.ts';

/** The `$id` of the scenario JSON Schema. */
// A URN, not a URL: we have no published home for the schema yet, and an $id need not be fetchable.
export const SCENARIO_SCHEMA_ID = 'urn:faultline:schema:scenario';

/**
 * The JSON Schema (draft 2020-12) of a scenario file.
 *
 * Generated in `input` mode: it describes what an author may write, so a field with a default
 * is optional and its `default` is shown. Returns a fresh object on every call, so callers may
 * change it.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ScenarioSchema, {
    target: 'draft-2020-12',
    io: 'input',
    // Inline every sub-schema: each use of a distribution has its own description, and an inline
    // schema is what the README and the lab show beside a field.
    reused: 'inline',
    // A schema we cannot represent faithfully must fail loudly, never become "anything goes".
    unrepresentable: 'throw',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  const properties = (rest['properties'] ?? {}) as Record<string, unknown>;
  return {
    $schema,
    $id: SCENARIO_SCHEMA_ID,
    title: 'Faultline scenario',
    ...rest,
    // A scenario file may name its schema for editor support; parseScenario drops this key.
    properties: {
      $schema: { type: 'string', description: 'URL or path of this JSON Schema, for editors; ignored.' },
      ...properties,
    },
  };
}
