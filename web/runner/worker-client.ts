/** Starts the lab's simulation worker and wraps it with comlink. */
import * as Comlink from 'comlink';
import type { SimulationApi } from '../../workers/protocol.ts';

export interface WorkerHandle {
  api: Comlink.Remote<SimulationApi>;
  /**
   * Stops the worker at once, even in the middle of a slice. Safe to call more than once: a
   * comlink proxy throws "Proxy has been released" when it is touched after its release, so the
   * release happens exactly once, here.
   */
  terminate(): void;
}

export function spawnSimulationWorker(): WorkerHandle {
  const worker = new Worker(new URL('../worker.ts', import.meta.url), {
    type: 'module',
    name: 'faultline-sim',
  });
  return comlinkHandle(Comlink.wrap<SimulationApi>(worker), () => worker.terminate());
}

/** A handle whose `terminate` releases the proxy and stops the worker once, whatever calls it. */
export function comlinkHandle(api: Comlink.Remote<SimulationApi>, stop: () => void): WorkerHandle {
  let alive = true;
  return {
    api,
    terminate() {
      if (!alive) return;
      alive = false;
      // The worker is stopped, not asked: a release message to a busy worker would wait.
      stop();
      try {
        api[Comlink.releaseProxy]();
      } catch {
        // Already released (by comlink itself); the worker is stopped either way.
      }
    },
  };
}
