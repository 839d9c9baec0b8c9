// `faultline --help` and `faultline --version` answered from texts the build stored (see
// help-text.ts and build.mjs), without loading the bundle, Commander or the freshness check of
// every source: those cost more than Node's own start-up. The stored texts are used only while
// the files they come from are the ones the build saw (same size and modification time), and
// only for an output width the build laid the help out for; otherwise the command answers as it
// answers anything else, so what it prints never differs from what Commander would print.
import { fstatSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The index of the stored answers, in the bundle's folder (written by build.mjs). */
export const ANSWERS_FILE = 'answers.json';

/** The file of the `i`th distinct help text, beside {@link ANSWERS_FILE}. */
export function helpFile(i) {
  return `help-${i}.txt`;
}

const HELP_ARGS = ['--help', '-h'];
const VERSION_ARGS = ['--version', '-V'];

/** Whether `args` (process.argv without node and the script) ask what the stored texts answer: the top level's help or version, alone. */
export function asksStoredAnswer(args) {
  return args.length === 1 && (HELP_ARGS.includes(args[0]) || VERSION_ARGS.includes(args[0]));
}

/** Size and modification time of a file, as the answers record them (null: unreadable). */
export function fileStamp(path) {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/**
 * The text to print for `args` on an output `width` columns wide, from the answers stored
 * under `bundleDir`, or null when they do not answer it (other arguments, no answers, a source
 * changed since the build, a width not stored).
 */
export function storedAnswer(root, bundleDir, args, width) {
  if (!asksStoredAnswer(args)) return null;
  try {
    const answers = JSON.parse(readFileSync(join(root, bundleDir, ANSWERS_FILE), 'utf8'));
    for (const [file, stamp] of Object.entries(answers.sources)) {
      if (fileStamp(join(root, file)) !== stamp) return null;
    }
    if (VERSION_ARGS.includes(args[0])) return answers.version;
    const { fromWidth, toWidth, byWidth } = answers.help;
    // Past the widest layout stored, the help no longer changes with the width.
    const w = Math.min(width, toWidth);
    if (!Number.isInteger(w) || w < fromWidth) return null;
    return readFileSync(join(root, bundleDir, helpFile(byWidth[w - fromWidth])), 'utf8');
  } catch {
    return null;
  }
}

/**
 * The width Commander lays the help out for: a terminal's, else 80 columns. A pipe or a file
 * (not character devices) is told apart without node:tty, which loads node:net with it.
 */
async function outputWidth() {
  if (!fstatSync(1).isCharacterDevice()) return 80;
  const { isatty } = await import('node:tty');
  return isatty(1) ? (process.stdout.columns ?? 80) : 80;
}

/**
 * Prints the stored answer to this process's arguments and returns true, or returns false
 * (nothing printed) when the command must answer through its bundle or its sources, as it
 * must with FAULTLINE_CLI=tsx.
 */
export async function answerFast(root, bundleDir) {
  const wanted = process.env.FAULTLINE_CLI;
  if (wanted !== undefined && wanted !== '' && wanted !== 'bundle') return false;
  const args = process.argv.slice(2);
  if (!asksStoredAnswer(args)) return false;
  const text = storedAnswer(root, bundleDir, args, await outputWidth());
  if (text === null) return false;
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    // A reader that stopped early is its choice (as for every command): quiet, exit 0.
    if (error.code === 'EPIPE') process.exit(0);
    // Nothing printed yet: the command answers as usual and reports the error in its own words.
    if (written === 0) return false;
    process.stderr.write(`faultline: cannot write to stdout (${error.code ?? error.message})\n`);
    process.exit(1);
  }
  return true;
}
