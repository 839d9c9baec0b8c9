/**
 * The journal of a sweep or comparison: an append-only file of JSON lines, one per finished run,
 * so that a sweep stopped by SIGHUP, SIGKILL or a crash loses nothing it computed. `--resume`
 * reads it back and runs only the jobs it lacks; the output is then byte-identical to an
 * uninterrupted run's (the records are the same values, and reports sort runs by job).
 *
 * ```text
 * {"kind":"faultline-journal","format":1,"command":"sweep","plan":"3f9a0c21d4e5b687"}
 * {"job":0,"record":{...}}
 * {"job":3,"record":{...}}
 * ```
 *
 * The first line names the plan (a hash of the command, the sweep's definition and the shard):
 * a journal of another sweep is refused. A last line cut short by a kill is ignored. The journal
 * is removed once every output was written.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { checkWritable, writeFileAtomic } from '../atomic-file.ts';
import { inputError, usageError } from '../errors.ts';
import { MAX_REPORT_BYTES, readInputFile, readProblem } from '../read-input.ts';

interface JournalHeader {
  kind: 'faultline-journal';
  format: 1;
  command: string;
  plan: string;
}

/** A journal being written: the runs it already holds, and where new ones go. */
export interface Journal<R> {
  file: string;
  /** Records read back with `--resume`, by job index. */
  done: ReadonlyMap<number, R>;
  /** Appends a finished run (one line, written before the next run is reported). */
  append(job: number, record: R): void;
  /** Removes the journal: every output was written. */
  remove(): void;
}

/** The hash naming a plan exactly: what runs (command, definition, shard), not how (workers). */
export function planHash(command: string, plan: unknown): string {
  return createHash('sha256').update(JSON.stringify({ command, plan })).digest('hex').slice(0, 16);
}

/** Where the journal goes: `--journal FILE`, else next to the first output file (`out.json.journal`), else nowhere. */
export function journalPath(options: { journal?: string; json?: string; csv?: string }): string | null {
  if (options.journal !== undefined) return options.journal;
  const output = [options.json, options.csv].find((f) => f !== undefined && f !== '-');
  return output === undefined ? null : `${output}.journal`;
}

function readJournal<R>(file: string, command: string, plan: string): Map<number, R> {
  let text: string;
  try {
    text = readInputFile(file, MAX_REPORT_BYTES);
  } catch (error) {
    throw inputError(
      `--resume: cannot read the journal '${file}': ${readProblem(error)}`,
      'A journal is written next to --json/--csv (FILE.journal) or at --journal FILE while a sweep runs.',
    );
  }
  const lines = text.split('\n');
  let header: Partial<JournalHeader> | null = null;
  try {
    header = JSON.parse(lines[0]) as Partial<JournalHeader>;
  } catch {
    header = null;
  }
  if (header?.kind !== 'faultline-journal' || header.format !== 1) {
    throw inputError(`--resume: '${file}' is not a faultline journal`);
  }
  if (header.command !== command || header.plan !== plan) {
    throw inputError(
      `--resume: the journal '${file}' is of another ${header.command ?? 'sweep'} (plan ${String(header.plan)}; this ${command}'s plan is ${plan})`,
      'Resume with the same scenario, --set, --vary, --seeds and --shard, or remove the journal to start again.',
    );
  }
  const done = new Map<number, R>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    let entry: { job?: unknown; record?: unknown };
    try {
      entry = JSON.parse(lines[i]) as { job?: unknown; record?: unknown };
    } catch {
      // Only the last line can be cut short (killed mid-write); anything else is damage.
      if (i === lines.length - 1) break;
      throw inputError(`--resume: the journal '${file}' is damaged at line ${i + 1}`);
    }
    if (typeof entry.job !== 'number' || !Number.isSafeInteger(entry.job) || entry.record === undefined) {
      throw inputError(`--resume: the journal '${file}' is damaged at line ${i + 1}`);
    }
    done.set(entry.job, entry.record as R);
  }
  return done;
}

/** Whether `file` exists and holds a finished run (a header alone, left by a failed start, holds none). */
function holdsRuns(file: string): boolean {
  try {
    return (
      readInputFile(file, MAX_REPORT_BYTES)
        .split('\n')
        .filter((l) => l !== '').length > 1
    );
  } catch (error) {
    // Missing: nothing to keep. Unreadable or not a file: 'wx' then says what is in the way.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/**
 * Opens the journal at `file` for the plan `plan` of `command`: with `resume`, reads the runs it
 * holds (refusing another plan's journal); without, starts a new one, refusing to overwrite a
 * journal left by an unfinished run (that would throw its runs away).
 */
export function openJournal<R>(file: string, command: string, plan: string, resume: boolean): Journal<R> {
  let done = new Map<number, R>();
  const header: JournalHeader = { kind: 'faultline-journal', format: 1, command, plan };
  if (resume) {
    done = readJournal<R>(file, command, plan);
    // Rewritten whole, so a last line cut short by a kill is not continued by the next append.
    writeFileAtomic(
      file,
      [header, ...[...done].map(([job, record]) => ({ job, record }))]
        .map((l) => `${JSON.stringify(l)}\n`)
        .join(''),
    );
  } else {
    checkWritable(file);
    let fd: number;
    try {
      fd = openSync(file, holdsRuns(file) ? 'wx' : 'w');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw inputError(
          `the journal '${file}' of an unfinished run is in the way`,
          'Add --resume to continue that run (only the missing jobs run), or remove the file to start again.',
        );
      }
      throw inputError(`cannot write the journal '${file}': ${readProblem(error)}`);
    }
    writeSync(fd, `${JSON.stringify(header)}\n`);
    closeSync(fd);
  }
  return {
    file,
    done,
    append(job, record) {
      appendFileSync(file, `${JSON.stringify({ job, record })}\n`);
    },
    remove() {
      try {
        unlinkSync(file);
      } catch {
        // Already gone.
      }
    },
  };
}

/**
 * The journal of a command's run from its options (`--journal`, `--resume`, the outputs), or null
 * when it has nowhere to go (no file output and no `--journal`; `--resume` then fails).
 */
export function startJournal<R>(
  options: { journal?: string; resume?: boolean; json?: string; csv?: string },
  command: string,
  plan: unknown,
): Journal<R> | null {
  const file = journalPath(options);
  if (file === null) {
    if (options.resume === true) {
      throw usageError(
        '--resume needs the journal: give --journal FILE (or the --json/--csv file it is next to)',
      );
    }
    return null;
  }
  return openJournal<R>(file, command, planHash(command, plan), options.resume === true);
}
