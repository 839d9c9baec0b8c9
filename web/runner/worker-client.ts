/** Starts the lab's simulation worker and wraps it with comlink. */
import * as Comlink from 'comlink';
import type { SimulationApi } from '../../workers/protocol.ts';

export interface WorkerHandle {
  api: Comlink.Remote<SimulationApi>;
  /** Stops the worker at once, even in the middle of a slice. */
  terminate(): void;
}

export function spawnSimulationWorker(): WorkerHandle {
  const worker = new Worker(new URL('../worker.ts', import.meta.url), {
    type: 'module',
    name: 'faultline-sim',
  });
  const api = Comlink.wrap<SimulationApi>(worker);
  return {
    api,
    terminate() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
