/** `faultline run`: run a scenario and report the golden signals (a report, JSON or CSV). */
import { type Command, Option } from 'commander';
import { DEFAULT_SCENARIO_ID } from '../../scenarios/index.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { seriesCsv } from '../../sim-core/metrics/series-csv.ts';
import { Simulation } from '../../sim-core/run/simulation.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { checkWritable } from '../atomic-file.ts';
import { loadScenario } from '../load-scenario.ts';
import { addSetOption, parseSeed } from '../options.ts';
import {
  colourAllowed,
  outputWidth,
  writeOutputFile,
  writeStderr,
  writeStderrRaw,
  writeStdout,
} from '../output.ts';
import { count } from '../report/format.ts';
import { renderReport } from '../report/terminal.ts';
import { determinismVerdict, traceBothWays } from '../sweep/determinism.ts';
import { escapeControls, escapeControlsKeepingLines } from '../terminal-text.ts';

interface RunOptions {
  seed?: number;
  set: string[];
  json?: boolean;
  csv?: boolean;
  out?: string;
  checkDeterminism?: boolean;
}

/** A run and the wall-clock time it took (the CLI's measurement; sim-core reads no clock). */
export interface TimedRun {
  result: RunResult;
  wallMs: number;
}

/**
 * Runs `scenario` to its end. On a terminal, shows progress on stderr; the run is advanced in
 * slices for that, which never changes its result.
 */
export function timedRun(scenario: Scenario, seed: number | undefined, progress: boolean): TimedRun {
  const started = performance.now();
  const sim = new Simulation(scenario, seed === undefined ? {} : { seed });
  if (!progress) {
    const result = sim.run();
    return { result, wallMs: performance.now() - started };
  }
  const end = scenario.durationMs;
  const slice = end / 200;
  let shownAt = started;
  let shown = false;
  while (!sim.done) {
    sim.advance(sim.now + slice);
    const now = performance.now();
    if (now - shownAt >= 100) {
      shownAt = now;
      shown = true;
      const pct = Math.min(100, Math.floor((sim.now / end) * 100));
      writeStderrRaw(
        `\r\u001b[2Krunning ${escapeControls(scenario.id)}: ${pct}% of simulated time, ${count(sim.eventsProcessed)} events`,
      );
    }
  }
  if (shown) writeStderrRaw('\r\u001b[2K');
  const result = sim.result();
  return { result, wallMs: performance.now() - started };
}

export function registerRun(program: Command): Command {
  const command = program
    .command('run')
    .description('run a scenario and report the golden signals per client and per service')
    .argument('[scenario]', 'a built-in scenario id or a path to a .json file', DEFAULT_SCENARIO_ID)
    .option('--seed <n>', "master seed (a whole number >= 0); defaults to the scenario's own", parseSeed);
  addSetOption(command);
  command
    .addOption(
      new Option('--json', 'print the result as one JSON object (see result.schema.json)').conflicts('csv'),
    )
    .addOption(
      new Option(
        '--csv',
        'print the time series as CSV: one row per bucket and client, service, edge or queue',
      ),
    )
    .option('--out <file>', 'write the output (report, JSON or CSV) to this file instead of stdout')
    .addOption(
      new Option(
        '--check-determinism',
        'instead of reporting, run twice (in-process and in a worker thread) and compare the full traces; exit 1 at the first differing event',
      ).conflicts(['json', 'csv', 'out']),
    );
  return command.action(async (argument: string, options: RunOptions) => {
    const { scenario } = loadScenario(argument, options.set, { dropStale: true });
    if (options.out !== undefined) checkWritable(options.out);
    if (options.checkDeterminism === true) {
      writeStdout(determinismVerdict(await traceBothWays(scenario, options.seed ?? scenario.seed)));
      return;
    }
    const machineReadable = options.json === true || options.csv === true;
    const { result, wallMs } = timedRun(scenario, options.seed, process.stderr.isTTY === true);

    let text: string;
    if (options.json === true) text = `${JSON.stringify(result)}\n`;
    else if (options.csv === true) text = seriesCsv(result);
    else
      text = renderReport(result, {
        colour: options.out === undefined && colourAllowed(process.stdout),
        // A file gets the 100-column layout; stdout gets the terminal's width (COLUMNS).
        ...(options.out === undefined ? outputWidth(100) : { width: 100, cut: true }),
        wallMs,
        scenario,
      });

    if (options.out !== undefined) {
      writeOutputFile(options.out, text);
      writeStderr(`faultline: wrote ${options.out}\n`);
    } else {
      // CSV on a terminal is read by a person: its names must not act as control sequences.
      writeStdout(
        options.csv === true && process.stdout.isTTY === true ? escapeControlsKeepingLines(text) : text,
      );
    }
    // The report shows this itself; JSON and CSV readers get it on stderr.
    if (result.stopReason !== 'completed' && (machineReadable || options.out !== undefined)) {
      writeStderr(`faultline: warning: ${result.stopMessage}\n`);
    }
  });
}
