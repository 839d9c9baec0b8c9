/**
 * `faultline run --check-determinism`: the same scenario and seed run in-process and in a
 * worker_threads worker (through the pool and the same {@link SimulationApi}), and the full
 * traces compared event by event.
 */

import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { WorkerPool } from '../../workers/node-pool.ts';
import type { TraceDigest } from '../../workers/protocol.ts';
import { createSimulationApi } from '../../workers/simulation-api.ts';
import { firstDifference, type TraceEvent } from '../../workers/trace-diff.ts';
import { inputError } from '../errors.ts';
import { count } from '../report/format.ts';
import { escapeControls } from '../terminal-text.ts';

export interface DeterminismCheck {
  inProcess: TraceDigest;
  worker: TraceDigest;
}

/** Records the trace of `scenario` on `seed` in-process and in a worker, at the same time. */
export async function traceBothWays(scenario: Scenario, seed: number): Promise<DeterminismCheck> {
  const request = { scenario, seed };
  const pool = await WorkerPool.start({ size: 1 });
  try {
    const inWorker = pool.map([request], (api, r) => api.trace(r, true));
    // The in-process run goes while the worker runs its own.
    const inProcess = createSimulationApi().trace(request, true);
    const { results } = await inWorker;
    return { inProcess, worker: results[0]! };
  } finally {
    await pool.close();
  }
}

function eventText(e: TraceEvent | null, events: number): string {
  if (e === null) return `(no such event: the trace ends after ${count(events)} events)`;
  return `t=${e.timeMs} ms  ${e.kind}  ${escapeControls(e.entity)}`;
}

/** The success line, or a {@link CliError} (exit 1) naming the first differing event. */
export function determinismVerdict(check: DeterminismCheck): string {
  const { inProcess, worker } = check;
  const diff = firstDifference(inProcess, worker);
  if (diff === null && inProcess.traceHash === worker.traceHash) {
    return `deterministic: ${inProcess.traceHash} (${count(inProcess.events)} events) in-process and in a worker\n`;
  }
  const head =
    diff === null || diff.index < 0
      ? `not deterministic: the trace hashes differ (${inProcess.traceHash} in-process, ${worker.traceHash} in a worker)`
      : `not deterministic: the traces differ at event ${count(diff.index)} (${count(inProcess.events)} events in-process, ${count(worker.events)} in a worker)`;
  const lines = [`faultline: ${head}`];
  if (diff !== null && diff.index >= 0) {
    lines.push(
      `  in-process:  event ${count(diff.index)}  ${eventText(diff.left, inProcess.events)}`,
      `  in a worker: event ${count(diff.index)}  ${eventText(diff.right, worker.events)}`,
    );
  }
  throw inputError(head, 'Something in the run depends on where it runs: that is a bug in faultline.', lines);
}
