/** `faultline validate`: check a scenario file and report every problem in it. */
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import { loadScenario } from '../load-scenario.ts';
import { addSetOption } from '../options.ts';
import { writeStdout } from '../output.ts';

export function registerValidate(program: Command): Command {
  const command = program
    .command('validate')
    .description('check a scenario file: prints "ok", or every error (one per line) and exits 1')
    .argument('<file.json>', 'the scenario file (a built-in id works too)');
  return addSetOption(command).action((argument: string, options: { set: string[] }) => {
    try {
      loadScenario(argument, options.set);
    } catch (error) {
      // Every error, one per line, each prefixed by the file: grep- and editor-friendly.
      if (error instanceof CliError && error.lines !== undefined) {
        throw new CliError(error.message, error.exitCode, undefined, error.lines);
      }
      throw error;
    }
    writeStdout('ok\n');
  });
}
