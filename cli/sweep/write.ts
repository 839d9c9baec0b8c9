/**
 * Where `sweep`, `compare` and `merge` put their output: `--json FILE` and `--csv FILE` (`-` is
 * stdout, for one of them), and the terminal report on stdout unless one of them took it.
 */

import { type Command, Option } from 'commander';
import { checkWritable } from '../atomic-file.ts';
import { CliError, inputError, usageError } from '../errors.ts';
import { writeOutputFile, writeStderr, writeStdout } from '../output.ts';
import { escapeControlsKeepingLines } from '../terminal-text.ts';

export interface OutputOptions {
  json?: string;
  csv?: string;
}

/** `--journal` and `--resume`, for sweep and compare. */
export interface JournalOptions {
  journal?: string;
  resume?: boolean;
}

/** Adds `--json FILE` and `--csv FILE`, saying what each holds. */
export function addOutputOptions(command: Command, json: string, csv: string): Command {
  return command
    .addOption(new Option('--json <file>', `write ${json} as JSON to this file ('-': stdout)`))
    .addOption(new Option('--csv <file>', `write ${csv} as CSV to this file ('-': stdout)`));
}

/** Adds `--journal FILE` and `--resume` (see `journal.ts`). */
export function addJournalOptions(command: Command): Command {
  return command
    .option(
      '--journal <file>',
      'keep every finished run in this append-only file (default: next to --json/--csv, FILE.journal), removed once the outputs are written',
    )
    .option(
      '--resume',
      'continue an interrupted run from its journal: only the missing jobs run (same plan, else refused)',
    );
}

/**
 * Fails before any work when both outputs ask for stdout, or when a file could not be written
 * (its folder is missing or read-only, it is a folder): a long sweep must not be computed and
 * then thrown away for a typo in a path.
 */
export function checkOutputs(options: OutputOptions): void {
  if (options.json === '-' && options.csv === '-') {
    throw usageError('--json - and --csv - both want stdout; write one of them to a file');
  }
  for (const target of [options.json, options.csv]) {
    if (target !== undefined && target !== '-') checkWritable(target);
  }
}

/**
 * Writes the outputs asked for, and the terminal report when stdout is still free; returns what
 * was written (files, or `JSON on stdout`). Each file is written atomically, and one that fails
 * does not stop the others: every output that can be written is, then the first failure is
 * thrown (naming every file that failed).
 */
export function writeOutputs(
  options: OutputOptions,
  texts: { json: () => string; csv: () => string; terminal: () => string },
): string[] {
  const wrote: string[] = [];
  const failed: CliError[] = [];
  for (const kind of ['json', 'csv'] as const) {
    const target = options[kind];
    if (target === undefined) continue;
    const text = texts[kind]();
    if (target === '-') {
      // CSV on a terminal is read by a person: its names must not act as control sequences.
      writeStdout(kind === 'csv' && process.stdout.isTTY === true ? escapeControlsKeepingLines(text) : text);
      wrote.push(`${kind.toUpperCase()} on stdout`);
      continue;
    }
    try {
      writeOutputFile(target, text);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      failed.push(error);
      continue;
    }
    writeStderr(`faultline: wrote ${target}\n`);
    wrote.push(target);
  }
  if (options.json !== '-' && options.csv !== '-') writeStdout(texts.terminal());
  if (failed.length === 1) throw failed[0];
  if (failed.length > 1) {
    throw inputError(
      failed.map((f) => f.message).join('; '),
      wrote.length > 0 ? `Written: ${wrote.join(', ')}.` : undefined,
    );
  }
  return wrote;
}
