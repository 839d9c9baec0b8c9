/** Paths the CLI needs, resolved from this file's location (not from the working directory). */
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json), with a trailing separator. */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Where `faultline schema --write` puts the scenario JSON Schema. */
export const SCENARIO_SCHEMA_FILE = fileURLToPath(new URL('../scenario.schema.json', import.meta.url));

/** Where `faultline schema --write` puts the result JSON Schema. */
export const RESULT_SCHEMA_FILE = fileURLToPath(new URL('../result.schema.json', import.meta.url));
