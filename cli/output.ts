/**
 * Writing results: to stdout or to a file (`--out`), and whether colour may be used.
 */
import { writeFileSync } from 'node:fs';
import { inputError, messageOf } from './errors.ts';

/**
 * Colour is used only on a terminal, and never when `NO_COLOR` is set (https://no-color.org:
 * any value, even empty, turns it off here).
 */
export function colourAllowed(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true && process.env['NO_COLOR'] === undefined;
}

/** Writes `text` to stdout. */
export function writeStdout(text: string): void {
  process.stdout.write(text);
}

/** Writes `text` to stderr. */
export function writeStderr(text: string): void {
  process.stderr.write(text);
}

/** Writes `text` to `file` (replacing it), or fails with a clear message (exit 1). */
export function writeOutputFile(file: string, text: string): void {
  try {
    writeFileSync(file, text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : messageOf(error);
    throw inputError(`cannot write '${file}': ${why}`);
  }
}

/**
 * Stops quietly when stdout is closed early (`faultline run --json | head`): that is the
 * reader's choice, not an error.
 */
export function ignoreBrokenPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
