/**
 * Runs a comparison's variants in parallel workers (each variant whole, with `run`), reporting
 * each result as it lands. Cancelling terminates the workers; each worker is terminated exactly
 * once, whether its lane finished or the comparison was cancelled (a second release of a comlink
 * proxy throws, and once broke every later action of the page).
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { RunRequest } from '../../workers/protocol.ts';
import type { WorkerHandle } from '../runner/worker-client.ts';

export interface CompareRun {
  /** Settles when every lane has stopped (finished or cancelled); never rejects. */
  done: Promise<void>;
  cancel(): void;
}

export function runVariants(
  requests: readonly RunRequest[],
  spawn: () => WorkerHandle,
  concurrency: number,
  onResult: (index: number, result: RunResult) => void,
  onError: (index: number, message: string) => void,
): CompareRun {
  const live = new Set<WorkerHandle>();
  let next = 0;
  let cancelled = false;
  let settleOnCancel: () => void = () => undefined;
  const cancelledEarly = new Promise<void>((resolve) => {
    settleOnCancel = resolve;
  });
  const stop = (handle: WorkerHandle) => {
    if (!live.delete(handle)) return;
    handle.terminate();
  };
  const lane = async () => {
    if (cancelled) return;
    const handle = spawn();
    live.add(handle);
    try {
      while (!cancelled && next < requests.length) {
        const i = next++;
        try {
          const result = await handle.api.run(requests[i]);
          if (!cancelled) onResult(i, result);
        } catch (error) {
          if (!cancelled) onError(i, error instanceof Error ? error.message : String(error));
        }
      }
    } finally {
      stop(handle);
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, requests.length)) }, lane);
  return {
    // A terminated worker never answers, so a cancelled lane would wait for ever: cancelling
    // settles `done` itself.
    done: Promise.race([Promise.allSettled(lanes).then(() => undefined), cancelledEarly]),
    cancel() {
      cancelled = true;
      for (const h of [...live]) stop(h);
      settleOnCancel();
    },
  };
}
