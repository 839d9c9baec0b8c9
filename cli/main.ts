/**
 * Entry point of the `faultline` command (started by `bin.mjs`): runs the command line and sets
 * the exit code. It never calls process.exit on success, so output piped to another program is
 * flushed. Errors outside a command's own flow (a stream that cannot be written, an exception in
 * a callback) still end as the exit-code table says: never a raw Node stack.
 */
import { handleStreamErrors } from './output.ts';
import { main, reportInternalError } from './program.ts';

handleStreamErrors();
process.on('uncaughtException', (error) => process.exit(reportInternalError(error)));
process.on('unhandledRejection', (error) => process.exit(reportInternalError(error)));
process.exitCode = await main(process.argv);
