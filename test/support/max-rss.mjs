// Runs the `faultline` command in this process and, on exit, writes the process's peak resident
// set size (kB, from process.resourceUsage) to the file named by the first argument:
//   node test/support/max-rss.mjs OUT_FILE run scenario.json --json
import { writeFileSync } from 'node:fs';

const out = process.argv.splice(2, 1)[0];
process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
await import('../../cli/bin.mjs');
