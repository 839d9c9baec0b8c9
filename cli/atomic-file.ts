/**
 * Output files that are either the old file or the whole new one, never a truncated mix: the
 * text goes to a temporary file in the same folder, which is then renamed over the target (a
 * rename within one folder is atomic on POSIX file systems). A full disk or an interrupted
 * write leaves the previous good file in place.
 *
 * A target that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is
 * written in place: renaming over it would replace the device or pipe.
 */
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inputError, messageOf } from './errors.ts';

/** An output being written: chunks in order, then `commit()` (or `abort()` to leave the old file). */
export interface AtomicOutput {
  write(text: string): void;
  /** Makes the new content the file's (renames the temporary file over it). */
  commit(): void;
  /** Drops what was written; the target stays as it was. */
  abort(): void;
}

/** Why a file cannot be written, in words (ENOENT: `its folder does not exist`, ...). */
export function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'its folder does not exist';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    default:
      return messageOf(error);
  }
}

function cannotWrite(file: string, error: unknown) {
  return inputError(`cannot write '${file}': ${writeProblem(error)}`);
}

/** True when `file` exists and is something other than a regular file (a device, a FIFO). */
function isSpecial(file: string): boolean {
  try {
    const stat = statSync(file);
    return !stat.isFile() && !stat.isDirectory();
  } catch {
    return false;
  }
}

/**
 * Fails (exit 1, naming the file and why) unless `file` could be written: its folder exists and
 * is writable, and it is not itself a folder. Called before long work, so a typo in a folder
 * name is found before a sweep runs, not after.
 */
export function checkWritable(file: string): void {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory() === true) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    if (stat !== undefined && !stat.isFile()) {
      accessSync(file, constants.W_OK);
      return;
    }
    const folder = dirname(file);
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(folder, constants.W_OK);
    if (stat !== undefined) accessSync(file, constants.W_OK);
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

/** The file `file` names, through symbolic links (itself when it does not exist yet). */
function realTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Starts writing `file` through a temporary file next to it. */
export function openAtomicOutput(file: string): AtomicOutput {
  const inPlace = isSpecial(file);
  // A symbolic link keeps pointing where it did: the file it names is the one replaced.
  const target = inPlace ? file : realTarget(file);
  const temporary = inPlace ? file : join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, 'w', 0o666);
  } catch (error) {
    throw cannotWrite(file, error);
  }
  let open = true;
  const close = () => {
    if (open) {
      open = false;
      closeSync(fd);
    }
  };
  const abort = () => {
    try {
      close();
    } catch {
      // Already failing: the temporary file is removed below either way.
    }
    if (!inPlace) {
      try {
        unlinkSync(temporary);
      } catch {
        // Nothing to remove.
      }
    }
  };
  return {
    write(text) {
      try {
        const bytes = Buffer.from(text, 'utf8');
        let at = 0;
        while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      } catch (error) {
        abort();
        throw cannotWrite(file, error);
      }
    },
    commit() {
      try {
        if (!inPlace) fsyncSync(fd);
        close();
        if (!inPlace) renameSync(temporary, target);
      } catch (error) {
        abort();
        throw cannotWrite(file, error);
      }
    },
    abort,
  };
}

/** Writes `text` to `file` atomically (see the module comment), or fails with a clear message (exit 1). */
export function writeFileAtomic(file: string, text: string): void {
  const output = openAtomicOutput(file);
  output.write(text);
  output.commit();
}
