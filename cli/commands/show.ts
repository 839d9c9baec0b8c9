/** `faultline show`: a scenario with every default filled in, as JSON ready to edit and run. */
import type { Command } from 'commander';
import { loadScenario } from '../load-scenario.ts';
import { addSetOption } from '../options.ts';
import { writeStderr, writeStdout } from '../output.ts';

export function registerShow(program: Command): Command {
  const command = program
    .command('show')
    .description('print a scenario as JSON with every default filled in, ready to save, edit and run')
    .argument('<scenario>', 'a built-in scenario id or a path to a .json file')
    .option('--json', 'print only the JSON (no hint on stderr)');
  return addSetOption(command).action((argument: string, options: { json?: boolean; set: string[] }) => {
    const { scenario } = loadScenario(argument, options.set);
    writeStdout(`${JSON.stringify(scenario, null, 2)}\n`);
    if (options.json !== true) {
      writeStderr(`# save with: faultline show ${argument} > my-scenario.json\n`);
    }
  });
}
