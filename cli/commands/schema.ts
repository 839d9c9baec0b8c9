/** `faultline schema`: the JSON Schemas of a scenario file and of `run --json`. */
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../scenarios/schema/index.ts';
import { resultJsonSchema } from '../../scenarios/schema/result-schema.ts';
import { writeOutputFile, writeStdout } from '../output.ts';
import { RESULT_SCHEMA_FILE, SCENARIO_SCHEMA_FILE } from '../paths.ts';

/** The text of a schema file: 2-space JSON and a final newline. */
export function schemaText(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function registerSchema(program: Command): Command {
  return program
    .command('schema')
    .description('print the JSON Schema of a scenario file (or, with --result, of run --json)')
    .option('--result', 'the schema of the run result (faultline run --json) instead')
    .option(
      '--write',
      'write both schemas to scenario.schema.json and result.schema.json at the repository root',
    )
    .action((options: { result?: boolean; write?: boolean }) => {
      if (options.write === true) {
        writeOutputFile(SCENARIO_SCHEMA_FILE, schemaText(scenarioJsonSchema()));
        writeOutputFile(RESULT_SCHEMA_FILE, schemaText(resultJsonSchema()));
        writeStdout(`wrote ${SCENARIO_SCHEMA_FILE}\nwrote ${RESULT_SCHEMA_FILE}\n`);
        return;
      }
      writeStdout(schemaText(options.result === true ? resultJsonSchema() : scenarioJsonSchema()));
    });
}
