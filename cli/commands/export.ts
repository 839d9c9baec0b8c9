/**
 * `faultline export`: a run as a trace file for Perfetto (ui.perfetto.dev) or chrome://tracing:
 * every request attempt at every replica as spans, faults, breaker transitions, refusals,
 * timeouts and retries as instants (see `cli/export/perfetto.ts` for the layout); or, with
 * `--format history`, a store's operation history as JSON lines for Jepsen-family checkers
 * (see `cli/export/history.ts`).
 */
import { type Command, Option } from 'commander';
import { Simulation } from '../../sim-core/run/simulation.ts';
import { checkWritable, openAtomicOutput } from '../atomic-file.ts';
import { inputError } from '../errors.ts';
import { exportHistory } from '../export/history.ts';
import { parseSample, parseWindow } from '../export/options.ts';
import {
  type ExportedTrace,
  type ExportOptions,
  perfettoTrace,
  type TimeWindow,
} from '../export/perfetto.ts';
import { createRecording, sampleUnit } from '../export/recorder.ts';
import { loadScenario } from '../load-scenario.ts';
import { addSetOption, parseSeed } from '../options.ts';
import { writeStderr, writeStdout } from '../output.ts';
import { count } from '../report/format.ts';

interface ExportCommandOptions {
  seed?: number;
  set: string[];
  format: 'perfetto' | 'history';
  store?: string;
  out: string;
  window?: TimeWindow;
  sample: number;
}

/** Above this many events a trace gets slow to open: say how to make it smaller. */
const LARGE = 1_000_000;

/** Runs `argument` with the recording hooks and returns the trace (the run is the one `faultline run` makes). */
export function exportTrace(
  argument: string,
  sets: readonly string[],
  seed: number | undefined,
  options: ExportOptions,
): ExportedTrace & { stopMessage: string | null } {
  const { scenario } = loadScenario(argument, sets, { dropStale: true });
  const rate = options.sample;
  const recording = createRecording(rate >= 1 ? () => true : (root) => sampleUnit(root) < rate);
  const sim = new Simulation(scenario, { ...(seed === undefined ? {} : { seed }), probe: recording.probe });
  recording.attach(sim.world);
  const result = sim.run();
  const spans = recording.finish(result.simTimeMs);
  const trace = perfettoTrace(sim.world, result, spans, options);
  // Not spread: that would read `text` and build the whole trace as one string.
  return Object.assign(trace, { stopMessage: result.stopReason === 'completed' ? null : result.stopMessage });
}

export function registerExport(program: Command): Command {
  const command = program
    .command('export')
    .description(
      'run a scenario and write its trace for Perfetto or chrome://tracing (spans per request attempt), or a store history for Jepsen-family checkers',
    )
    .argument('<scenario>', 'a built-in scenario id or a path to a .json file')
    .option('--seed <n>', "master seed (a whole number >= 0); defaults to the scenario's own", parseSeed);
  addSetOption(command);
  return command
    .addOption(
      new Option(
        '--format <format>',
        'perfetto (Chrome Trace Event JSON) or history (a store’s operations as JSON lines: invoke/ok/fail/info)',
      )
        .choices(['perfetto', 'history'])
        .default('perfetto'),
    )
    .option('--store <service>', 'with --format history: the store service (needed when there are several)')
    .requiredOption('--out <file>', "the trace file to write ('-' for stdout)")
    .option(
      '--window <from..to>',
      'keep only events overlapping this window of simulated time, in ms (e.g. 30000..45000; 30s..45s)',
      parseWindow,
    )
    .option(
      '--sample <r>',
      'keep a deterministic fraction of user requests (0 < r <= 1), each with everything it caused',
      parseSample,
      1,
    )
    .addHelpText(
      'after',
      `
Examples:
  faultline export retry-storm --out storm.json                     then open it in ui.perfetto.dev
  faultline export retry-storm --window 28000..45000 --sample 0.1 --out storm.json
  faultline export three-tier --seed 7 --set durationMs=5000 --out short.json
  faultline export quorum-staleness --format history --out history.jsonl   for Knossos, Elle, Porcupine

Processes are the clients, each service and the faults; a service's threads are its replicas
(a replica busy with several attempts at once shows as several threads: api/0, api/0 (2), ...).
Timestamps are simulated time. A history has one line per invocation and per completion
({"process", "type", "f", "key", "value", "time", "index"}; time in integer nanoseconds).

Exit codes: 0 written, 1 invalid scenario or output file, 2 usage error.`,
    )
    .action((argument: string, options: ExportCommandOptions) => {
      if (options.out === '') throw inputError('--out needs a file name');
      if (options.out !== '-') checkWritable(options.out);
      if (options.format === 'history') {
        if (options.window !== undefined || options.sample !== 1)
          throw inputError('--window and --sample apply to perfetto traces; a history is always whole');
        writeHistory(argument, options);
        return;
      }
      if (options.store !== undefined) throw inputError('--store applies to --format history');
      const trace = exportTrace(argument, options.set, options.seed, {
        window: options.window ?? null,
        sample: options.sample,
      });
      // Streamed in pieces: to stdout, or to a temporary file renamed over --out at the end.
      if (options.out === '-') trace.write(writeStdout);
      else {
        const output = openAtomicOutput(options.out);
        try {
          trace.write((chunk) => output.write(chunk));
        } catch (error) {
          output.abort();
          throw error;
        }
        output.commit();
      }
      const { total, spans, instants } = trace.counts;
      const where = options.out === '-' ? 'stdout' : options.out;
      writeStderr(
        `faultline: wrote ${count(total)} trace events to ${where} (${count(spans)} spans, ${count(instants)} instants)\n`,
      );
      if (total > LARGE) {
        writeStderr(
          'faultline: note: a trace this big is slow to open; narrow it with --window from..to or --sample 0.1\n',
        );
      }
      if (trace.stopMessage !== null) writeStderr(`faultline: warning: ${trace.stopMessage}\n`);
    });
}

/** `--format history`: the store's history to --out (or stdout), and a line on stderr saying what. */
function writeHistory(argument: string, options: ExportCommandOptions): void {
  const history = exportHistory(argument, options.set, options.seed, options.store ?? null);
  if (options.out === '-') writeStdout(history.text);
  else {
    const output = openAtomicOutput(options.out);
    try {
      output.write(history.text);
    } catch (error) {
      output.abort();
      throw error;
    }
    output.commit();
  }
  const where = options.out === '-' ? 'stdout' : options.out;
  writeStderr(
    `faultline: wrote the history of store ${JSON.stringify(history.store)} to ${where} (${count(history.operations)} operations, ${count(history.entries)} entries)\n`,
  );
  if (history.stopMessage !== null) writeStderr(`faultline: warning: ${history.stopMessage}\n`);
}
