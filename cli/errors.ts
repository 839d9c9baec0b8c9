/**
 * Errors the CLI reports to its user, and the exit codes it uses.
 *
 * A {@link CliError} is an expected failure (bad flag, missing file, invalid scenario): it is
 * printed as `faultline: <message>` (or as the lines it carries) without a stack trace. Anything
 * else that escapes a command is a bug and is reported as an internal error.
 */

/** Exit codes of `faultline`. */
export const ExitCode = {
  /** Success. */
  ok: 0,
  /** The input is wrong: an invalid scenario or `--set`, a missing or unreadable file. */
  invalid: 1,
  /** The command line is wrong: unknown command or flag, bad flag value, unknown scenario id. */
  usage: 2,
  /** A bug in faultline (EX_SOFTWARE). */
  internal: 70,
  /** Interrupted by Ctrl-C (128 + SIGINT), what shells and CI expect; partial output was written. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15). */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code after an interrupt: 128 + the signal's number, as shells report it. */
export const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', ExitCodeValue> = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: ExitCode.terminated,
};

/** An expected failure, reported without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    /** A line after the message that says what to do about it. */
    readonly hint?: string,
    /**
     * Lines printed as they are instead of `faultline: <message>` (e.g. one per validation
     * error, already prefixed by the file they are about).
     */
    readonly lines?: readonly string[],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line is wrong (exit 2). */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, ExitCode.usage, hint);
}

/** The input is wrong (exit 1). */
export function inputError(message: string, hint?: string, lines?: readonly string[]): CliError {
  return new CliError(message, ExitCode.invalid, hint, lines);
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
