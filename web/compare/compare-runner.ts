/**
 * Runs a comparison's variants in parallel workers (each variant whole, with `run`), reporting
 * each result as it lands. Cancelling terminates the workers.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { RunRequest } from '../../workers/protocol.ts';
import type { WorkerHandle } from '../runner/worker-client.ts';

export interface CompareRun {
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
  const handles: WorkerHandle[] = [];
  let next = 0;
  let cancelled = false;
  const lane = async () => {
    const handle = spawn();
    handles.push(handle);
    while (!cancelled && next < requests.length) {
      const i = next++;
      try {
        const result = await handle.api.run(requests[i]);
        if (!cancelled) onResult(i, result);
      } catch (error) {
        if (!cancelled) onError(i, error instanceof Error ? error.message : String(error));
      }
    }
    handle.terminate();
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, requests.length)) }, lane);
  return {
    done: Promise.all(lanes).then(() => undefined),
    cancel() {
      cancelled = true;
      for (const h of handles) h.terminate();
    },
  };
}
