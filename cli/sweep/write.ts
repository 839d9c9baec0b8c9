/**
 * Where `sweep`, `compare` and `merge` put their output: `--json FILE` and `--csv FILE` (`-` is
 * stdout, for one of them), and the terminal report on stdout unless one of them took it.
 */
import { type Command, Option } from 'commander';
import { usageError } from '../errors.ts';
import { writeOutputFile, writeStderr, writeStdout } from '../output.ts';

export interface OutputOptions {
  json?: string;
  csv?: string;
}

/** Adds `--json FILE` and `--csv FILE`, saying what each holds. */
export function addOutputOptions(command: Command, json: string, csv: string): Command {
  return command
    .addOption(new Option('--json <file>', `write ${json} as JSON to this file ('-': stdout)`))
    .addOption(new Option('--csv <file>', `write ${csv} as CSV to this file ('-': stdout)`));
}

/** Fails before any work when both outputs ask for stdout. */
export function checkOutputs(options: OutputOptions): void {
  if (options.json === '-' && options.csv === '-') {
    throw usageError('--json - and --csv - both want stdout; write one of them to a file');
  }
}

/** Writes the outputs asked for, and the terminal report when stdout is still free; returns what was written (files, or `JSON on stdout`). */
export function writeOutputs(
  options: OutputOptions,
  texts: { json: () => string; csv: () => string; terminal: () => string },
): string[] {
  const wrote: string[] = [];
  for (const kind of ['json', 'csv'] as const) {
    const target = options[kind];
    if (target === undefined) continue;
    const text = texts[kind]();
    if (target === '-') {
      writeStdout(text);
      wrote.push(`${kind.toUpperCase()} on stdout`);
    } else {
      writeOutputFile(target, text);
      writeStderr(`faultline: wrote ${target}\n`);
      wrote.push(target);
    }
  }
  if (options.json !== '-' && options.csv !== '-') writeStdout(texts.terminal());
  return wrote;
}
