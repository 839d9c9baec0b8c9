/**
 * What the page may say about "the run on screen". Every run the page asks for gets an identity
 * (a number, the seed and the share link it was asked with); its trace hash is shown only when
 * that very run finished, and a failure is shown where the result would be. A late answer from
 * a run that was replaced is dropped, so the seed field, the share link and the trace hash on
 * screen always belong to one run: the page never shows a state it did not run.
 */

/** The inputs a run was asked with. */
export interface RunIdentity {
  /** Increases with every run the page asks for. */
  id: number;
  seed: number;
  /** The share-link fragment of the inputs (`#v=1&...`). */
  link: string;
}

export type ShownRun =
  | { kind: 'idle' }
  | { kind: 'running'; run: RunIdentity }
  | { kind: 'done'; run: RunIdentity; traceHash: string }
  | { kind: 'cancelled'; run: RunIdentity }
  /** `run` null: nothing was started (the inputs were refused before a run could begin). */
  | { kind: 'failed'; run: RunIdentity | null; message: string };

export type RunEvent =
  | { type: 'start'; run: RunIdentity }
  | { type: 'finished'; runId: number; seed: number; traceHash: string }
  | { type: 'failed'; runId: number; message: string }
  | { type: 'cancelled'; runId: number }
  /** The inputs now on screen could not be run (invalid, or the page failed to start the run). */
  | { type: 'refused'; message: string };

export const IDLE: ShownRun = { kind: 'idle' };

/** The next state; an answer about any run other than the one running is ignored. */
export function nextShownRun(state: ShownRun, event: RunEvent): ShownRun {
  switch (event.type) {
    case 'start':
      return { kind: 'running', run: event.run };
    case 'refused':
      return { kind: 'failed', run: null, message: event.message };
    case 'finished':
      if (state.kind !== 'running' || state.run.id !== event.runId) return state;
      if (state.run.seed !== event.seed)
        return {
          kind: 'failed',
          run: state.run,
          message: `the result is for seed ${event.seed}, not the seed asked for (${state.run.seed})`,
        };
      return { kind: 'done', run: state.run, traceHash: event.traceHash };
    case 'failed':
      if (state.kind !== 'running' || state.run.id !== event.runId) return state;
      return { kind: 'failed', run: state.run, message: event.message };
    case 'cancelled':
      if (state.kind !== 'running' || state.run.id !== event.runId) return state;
      return { kind: 'cancelled', run: state.run };
  }
}

/** The text of the trace-hash field. */
export function traceHashText(state: ShownRun): string {
  switch (state.kind) {
    case 'done':
      return state.traceHash;
    case 'failed':
      return 'not run';
    case 'cancelled':
      return 'cancelled';
    default:
      return '…';
  }
}

/** The sentence shown where the result would be, or null when there is a result (or one coming). */
export function failureText(state: ShownRun): string | null {
  if (state.kind !== 'failed') return null;
  return state.run === null
    ? `Not run: ${state.message}. The charts show no run of these settings.`
    : `The run failed: ${state.message}. The charts show no complete run of these settings.`;
}
