/**
 * Reading an input file (a scenario, a baseline, a sweep report) with its size and type checked
 * before anything is read: `/dev/zero` would be read forever and a FIFO would block, so only a
 * regular file no bigger than a documented limit is read. The file is opened without blocking
 * and checked through its descriptor, so what is checked is what is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { messageOf } from './errors.ts';

/** The largest scenario file the command reads (16 MiB; the lab caps links at 256 KiB, 2 MiB inflated). */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

/** The largest baseline file `check --baseline` reads (16 MiB). */
export const MAX_BASELINE_BYTES = 16 * 1024 * 1024;

/** The largest sweep report `merge` reads (512 MiB, about the longest string Node can hold). */
export const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/** A refused input, with an errno-like code: ENOTREG (not a regular file) or EFBIG (too big). */
export class InputFileError extends Error {
  constructor(
    message: string,
    readonly code: 'ENOTREG' | 'EFBIG',
  ) {
    super(message);
    this.name = 'InputFileError';
  }
}

/** `12 MiB`, `300 KiB`, `17 bytes`. */
export function byteSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

/**
 * The UTF-8 text of `file`, or throws: an {@link InputFileError} when it is not a regular file or
 * is bigger than `maxBytes`, the system's error (ENOENT, EACCES, EISDIR, ...) otherwise.
 */
export function readInputFile(file: string, maxBytes: number): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' });
    if (!stat.isFile()) {
      throw new InputFileError('it is not a regular file (a device, a pipe or a socket)', 'ENOTREG');
    }
    if (stat.size > maxBytes) {
      throw new InputFileError(
        `it is ${byteSize(stat.size)}, more than the ${byteSize(maxBytes)} allowed`,
        'EFBIG',
      );
    }
    // Read at most one byte past the limit: a file that grows while it is read is still refused.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size, 0) + 64 * 1024));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) {
      throw new InputFileError(`it is more than the ${byteSize(maxBytes)} allowed`, 'EFBIG');
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Why an input file cannot be read, in words: `no such file`, `it is a folder`, `it is 17 MiB, ...`. */
export function readProblem(error: unknown): string {
  if (error instanceof InputFileError) return error.message;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return messageOf(error);
  }
}
