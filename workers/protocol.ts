/**
 * The one message protocol for running a scenario off the main thread: the browser lab's Web
 * Worker and the CLI's worker_threads pool both expose this API (through comlink), and the
 * in-process runner implements it too, so a run gives the same result wherever it runs.
 *
 * Everything that crosses it is structured-clone data: a resolved scenario (validated before it
 * is sent), numbers, strings, plain objects, typed arrays. Never functions.
 */
import type { RunResult } from '../sim-core/metrics/result.ts';
import type { Scenario } from '../sim-core/scenario/spec.ts';

export interface RunRequest {
  /** A resolved, validated scenario (the output of `parseScenario`). */
  scenario: Scenario;
  seed: number;
}

/** Where a sliced run stands. */
export interface RunProgress {
  simTimeMs: number;
  events: number;
  done: boolean;
}

/** Sampled events for animation: flat triples (time, kind, entity), at most `max` per slice. */
export interface EventSample {
  /** Kind names by kind number (fixed per engine). */
  kinds: string[];
  /** Node names by entity number. */
  nodes: string[];
  /** [time0, kind0, entity0, time1, kind1, entity1, ...]. */
  events: Float64Array;
}

/** A recorded trace, for determinism checks: the first differing event is reported. */
export interface TraceDigest {
  traceHash: string;
  events: number;
  /** The full (time, kind, entity) sequence when requested (small runs only). */
  trace: Float64Array | null;
  kinds: string[];
  nodes: string[];
}

/** What a simulation worker offers. Sliced runs: `open`, then `advance` until done, then `result`. */
export interface SimulationApi {
  /** Runs to the end and returns the result. */
  run(request: RunRequest): RunResult;
  /** Starts a sliced run (replacing any open one). `sampleEvents`: how many events per slice to sample for animation (0: none). */
  open(request: RunRequest, sampleEvents: number): RunProgress;
  /** Advances the open run to `untilMs` of simulated time. */
  advance(untilMs: number): RunProgress & { sample: EventSample | null };
  /** The open run's result so far (complete once `done`). */
  result(): RunResult;
  /** Drops the open run. */
  close(): void;
  /** Runs to the end recording the trace (hash always; the full sequence if `keepTrace`). */
  trace(request: RunRequest, keepTrace: boolean): TraceDigest;
}
