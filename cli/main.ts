/**
 * Entry point of the `faultline` command (started by `bin.mjs`): runs the command line and sets
 * the exit code. It never calls process.exit, so output piped to another program is flushed.
 */
import { ignoreBrokenPipe } from './output.ts';
import { main } from './program.ts';

ignoreBrokenPipe();
process.exitCode = await main(process.argv);
