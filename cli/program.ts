/**
 * The `faultline` command line: its commands, and how errors become messages and exit codes.
 *
 * Exit codes: 0 success; 1 invalid input (scenario, `--set`, missing file); 2 usage error
 * (unknown command or flag, bad flag value, unknown scenario id); 70 internal error (a bug).
 * User errors print `faultline: <message>` and a hint line, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerCheck } from './commands/check.ts';
import { registerCompare } from './commands/compare.ts';
import { registerExport } from './commands/export.ts';
import { registerList } from './commands/list.ts';
import { registerMerge } from './commands/merge.ts';
import { registerRun } from './commands/run.ts';
import { registerSchema } from './commands/schema.ts';
import { registerShow } from './commands/show.ts';
import { registerSweep } from './commands/sweep.ts';
import { registerValidate } from './commands/validate.ts';
import { CliError, ExitCode, messageOf } from './errors.ts';
import { writeStderr, writeStdout } from './output.ts';

/** Commander writes `error: <message>`; we write `faultline: <message>`. */
function rewriteCommanderError(text: string): string {
  return `faultline: ${text.replace(/^error: /, '')}`;
}

/** Every command reports its errors the same way, with a hint naming its own help. */
function configure(command: Command, path: string): Command {
  return command
    .exitOverride()
    .configureOutput({
      writeOut: writeStdout,
      writeErr: writeStderr,
      outputError: (text, write) => write(rewriteCommanderError(text)),
    })
    .showHelpAfterError(`Run '${path} --help' for usage.`);
}

export function buildProgram(): Command {
  const program = new Command('faultline')
    .description('Faultline: a deterministic, seeded simulator of distributed systems and their failures.')
    .version(packageJson.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpCommand(false)
    .addHelpText(
      'after',
      `
Examples:
  faultline list                                   the built-in scenarios
  faultline run three-tier                         run one and read the report
  faultline run mm1 --seed 7 --json > run.json     the full result as JSON
  faultline run my.json --set services.api.replicas=4 --csv --out series.csv
  faultline show three-tier > my.json              a scenario to edit, then: faultline validate my.json

Exit codes: 0 ok, 1 invalid scenario or input file, 2 usage error, 70 internal error.`,
    );
  configure(program, 'faultline');
  for (const register of [registerList, registerRun, registerShow, registerValidate, registerSchema]) {
    const command = register(program);
    configure(command, `faultline ${command.name()}`);
  }
  configure(registerCheck(program), 'faultline check');
  configure(registerExport(program), 'faultline export');
  for (const register of [registerSweep, registerCompare, registerMerge]) {
    const command = register(program);
    configure(command, `faultline ${command.name()}`);
  }
  return program;
}

function printCliError(error: CliError): void {
  if (error.lines !== undefined) {
    for (const line of error.lines) writeStderr(`${line}\n`);
  } else {
    writeStderr(`faultline: ${error.message}\n`);
  }
  if (error.hint !== undefined) writeStderr(`${error.hint}\n`);
}

/** Runs the command line `argv` (as in `process.argv`) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0; the message was already printed.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof CliError) {
      printCliError(error);
      return error.exitCode;
    }
    return reportInternalError(error);
  }
}

/** Reports a bug (anything but a {@link CliError}) in two lines, the stack only with FAULTLINE_DEBUG; returns 70. */
export function reportInternalError(error: unknown): number {
  writeStderr(`faultline: internal error: ${messageOf(error)}\n`);
  if (process.env['FAULTLINE_DEBUG'] !== undefined && error instanceof Error && error.stack !== undefined) {
    writeStderr(`${error.stack}\n`);
  } else {
    writeStderr('This is a bug in faultline; set FAULTLINE_DEBUG=1 to see where it happened.\n');
  }
  return ExitCode.internal;
}
