/**
 * The texts `faultline --help` and `faultline --version` print, for the build to store (see
 * `build.mjs` and `fast-answer.mjs`): `bin.mjs` answers those two from the stored texts without
 * loading the bundle, Commander or the freshness check of every source. The texts come from the
 * same program the command builds, so they are the command's own, byte for byte.
 */
import packageJson from '../package.json' with { type: 'json' };
import { buildProgram } from './program.ts';

/**
 * The top-level help as Commander prints it on an output `width` columns wide (a terminal's
 * width; 80 when the output is not a terminal).
 */
export function helpText(width: number): string {
  const program = buildProgram();
  const written: string[] = [];
  program.configureHelp({ ...program.configureHelp(), helpWidth: width });
  // Everything --help writes (the help and the text added after it), caught instead of printed.
  program.configureOutput({ ...program.configureOutput(), writeOut: (text) => written.push(text) });
  program.outputHelp();
  return written.join('');
}

/** What `--version` prints. */
export function versionText(): string {
  return `${packageJson.version}\n`;
}

/**
 * The files whose content decides those texts: the program (commands, descriptions, examples),
 * the version, and Commander, which lays the help out. An edit to any of them makes the stored
 * texts stale (the command then answers through the bundle or the sources, as for any command).
 */
export const HELP_SOURCES = [
  'cli/program.ts',
  'cli/help-text.ts',
  'package.json',
  'node_modules/commander/package.json',
];
