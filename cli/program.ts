/**
 * The `faultline` command line: its commands, and how errors become messages and exit codes.
 *
 * Exit codes: 0 success; 1 invalid input (scenario, `--set`, missing file); 2 usage error
 * (unknown command or flag, bad flag value, unknown scenario id); 70 internal error (a bug).
 * User errors print `faultline: <message>` and a hint line, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { CliError, ExitCode, messageOf } from './errors.ts';
import { writeStderr, writeStdout } from './output.ts';

/** Adds one command (its options, help and action) to the program and returns it. */
type Register = (program: Command) => Command;

/**
 * Every command, in the order `faultline --help` lists them, with what that list shows. A
 * command's module (and the simulator, the schema, the worker pool it needs) is imported only
 * when that command runs, so `--help`, `list` or `validate` do not load what `run` needs. A test
 * checks that `usage` and `description` are the command's own.
 */
export const COMMANDS: readonly {
  name: string;
  usage: string;
  description: string;
  load: () => Promise<Register>;
}[] = [
  {
    name: 'list',
    usage: '[options]',
    description: 'list the built-in scenarios',
    load: async () => (await import('./commands/list.ts')).registerList,
  },
  {
    name: 'run',
    usage: '[options] [scenario]',
    description: 'run a scenario and report the golden signals per client and per service',
    load: async () => (await import('./commands/run.ts')).registerRun,
  },
  {
    name: 'show',
    usage: '[options] <scenario>',
    description: 'print a scenario as JSON with every default filled in, ready to save, edit and run',
    load: async () => (await import('./commands/show.ts')).registerShow,
  },
  {
    name: 'validate',
    usage: '[options] <file.json>',
    description: 'check a scenario file: prints "ok", or every error (one per line) and exits 1',
    load: async () => (await import('./commands/validate.ts')).registerValidate,
  },
  {
    name: 'schema',
    usage: '[options]',
    description: 'print the JSON Schema of a scenario file (or, with --result, of run --json)',
    load: async () => (await import('./commands/schema.ts')).registerSchema,
  },
  {
    name: 'check',
    usage: '[options] [scenario...]',
    description:
      'run scenarios and check their hypotheses (and, with --baseline, their reviewed baselines); exits 1 if any fails',
    load: async () => (await import('./commands/check.ts')).registerCheck,
  },
  {
    name: 'export',
    usage: '[options] <scenario>',
    description:
      'run a scenario and write its trace for Perfetto or chrome://tracing (spans per request attempt), or a store history for Jepsen-family checkers',
    load: async () => (await import('./commands/export.ts')).registerExport,
  },
  {
    name: 'sweep',
    usage: '[options] <scenario>',
    description:
      'run every combination of --vary values on many seeds, in parallel; mean and 95% CI per metric',
    load: async () => (await import('./commands/sweep.ts')).registerSweep,
  },
  {
    name: 'compare',
    usage: '[options] <scenario>',
    description:
      'run variants on the same seeds and compare each with the first: paired differences, 95% CIs, verdicts, charts',
    load: async () => (await import('./commands/compare.ts')).registerCompare,
  },
  {
    name: 'merge',
    usage: '[options] <files...>',
    description: 'combine the --json reports of a sharded sweep into the report of the whole sweep',
    load: async () => (await import('./commands/merge.ts')).registerMerge,
  },
];

/** The command `argv` names (its first word that is not an option), or null. */
export function commandNamed(argv: readonly string[]): string | null {
  const word = argv.slice(2).find((a) => !a.startsWith('-'));
  return COMMANDS.some((c) => c.name === word) ? (word as string) : null;
}

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

/**
 * The program, with the commands in `registers` complete (options, help, action) and the others
 * only listed. {@link main} loads just the command it runs.
 */
export function buildProgram(registers: ReadonlyMap<string, Register> = new Map()): Command {
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
  // Listed as `name usage`: the same for a loaded command and for one only listed.
  program.configureHelp({ subcommandTerm: (command) => `${command.name()} ${command.usage()}` });
  for (const spec of COMMANDS) {
    const loaded = registers.get(spec.name);
    // A command that will not run is only listed: its name, usage and description.
    const command =
      loaded === undefined
        ? program.command(spec.name).usage(spec.usage).description(spec.description)
        : loaded(program);
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
  const name = commandNamed(argv);
  const spec = COMMANDS.find((c) => c.name === name);
  try {
    const program = buildProgram(spec === undefined ? new Map() : new Map([[spec.name, await spec.load()]]));
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
