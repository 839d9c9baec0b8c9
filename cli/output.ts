/**
 * Writing results: to stdout or to a file (`--out`), and whether colour may be used.
 */
import { writeFileAtomic, writeProblem } from './atomic-file.ts';
import { ExitCode } from './errors.ts';
import { escapeControlsKeepingLines } from './terminal-text.ts';

/**
 * Colour is used only on a terminal, and never when `NO_COLOR` is set (https://no-color.org:
 * any value, even empty, turns it off here).
 */
export function colourAllowed(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true && process.env['NO_COLOR'] === undefined;
}

/** How wide the command's reports may be, and whether a table may cut text to fit. */
export interface OutputWidth {
  /** Columns for layout (tables, wrapped prose, charts). */
  width: number;
  /**
   * True on a terminal (or with COLUMNS set): tables cut their longest cells to fit `width`.
   * False on a pipe or in a file: nothing is cut (lines get as long as the text is).
   */
  cut: boolean;
}

/** The narrowest width reports are laid out for, whatever the terminal says. */
const NARROWEST = 40;

/**
 * The width of stdout: the terminal's columns, else the `COLUMNS` environment variable, else
 * (a pipe or a file) `fallback` columns for layout with nothing cut.
 */
export function outputWidth(
  fallback: number,
  stream: { isTTY?: boolean; columns?: number } = process.stdout,
): OutputWidth {
  if (stream.isTTY === true && stream.columns !== undefined && stream.columns > 0) {
    return { width: Math.max(NARROWEST, stream.columns), cut: true };
  }
  const env = process.env['COLUMNS']?.trim() ?? '';
  if (/^[0-9]+$/.test(env) && Number(env) > 0) return { width: Math.max(NARROWEST, Number(env)), cut: true };
  return { width: fallback, cut: false };
}

/** Writes `text` to stdout. */
export function writeStdout(text: string): void {
  process.stdout.write(text);
}

/**
 * Writes `text` to stderr, with control characters other than line feeds shown as `\xNN`:
 * messages echo scenario names and values, which must not reach the terminal as control
 * sequences (see `terminal-text.ts`).
 */
export function writeStderr(text: string): void {
  process.stderr.write(escapeControlsKeepingLines(text));
}

/** Writes `text` to stderr as it is: for the command's own progress line (`\r`, erase line). */
export function writeStderrRaw(text: string): void {
  process.stderr.write(text);
}

/** Writes `text` to `file` atomically (the old file or the whole new one), or fails with a clear message (exit 1). */
export function writeOutputFile(file: string, text: string): void {
  writeFileAtomic(file, text);
}

/** `ENOSPC` -> `no space left on the device (ENOSPC)`. */
function streamProblem(error: NodeJS.ErrnoException): string {
  const why = writeProblem(error);
  return error.code === undefined || why.includes(error.code) ? why : `${why} (${error.code})`;
}

/**
 * What happens when stdout or stderr cannot be written (the exit-code table in the README):
 * closed early by its reader (`faultline run --json | head`, EPIPE) is the reader's choice, so
 * the command stops quietly with the code it had; anything else (a full disk, `> /dev/full`) is
 * one line on stderr and exit 1. Never a stack trace.
 */
export function handleStreamErrors(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    try {
      process.stderr.write(`faultline: cannot write to stdout: ${streamProblem(error)}\n`);
    } catch {
      // stderr is gone too: the exit code says it.
    }
    process.exit(ExitCode.invalid);
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : ExitCode.invalid);
  });
}
