/**
 * A pool of worker_threads workers, each exposing the {@link SimulationApi} over comlink, for the
 * CLI's sweeps, comparisons and determinism checks.
 *
 * Jobs are handed out dynamically (an idle worker takes the next one), but results are keyed by
 * job index, never by completion order: what a sweep writes cannot depend on which worker ran what
 * or how many there were.
 *
 * @example
 * const pool = await WorkerPool.start({ size: 2 });
 * try {
 *   const { results } = await pool.map(requests, (api, request) => api.run(request));
 * } finally {
 *   await pool.close();
 * }
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { SimulationApi } from './protocol.ts';

/**
 * How a worker loads its code: `bundle` builds the worker entry with Rolldown once per pool (in
 * memory: 232 ms to a first worker's answer, 39 ms once made, bench:sweep) and starts each worker on plain JavaScript; `tsx` starts each worker
 * through a bootstrap that registers tsx (about 3x slower to start); `js` runs the compiled
 * `node-worker.js` next to this file (a build of the CLI). `auto` picks `js` when this file is
 * compiled JavaScript, else `bundle`, falling back to `tsx` when Rolldown is not installed.
 */
export type WorkerLoader = 'auto' | 'bundle' | 'tsx' | 'js';

export interface PoolOptions {
  /** Number of workers; defaults to {@link defaultPoolSize}. */
  size?: number;
  loader?: WorkerLoader;
}

/** The default pool size: one worker per core, less one for the main thread, at least 1. */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** A job's outcome as the pool reports it to `onResult`. */
export type ResultListener<R> = (index: number, result: R) => void;

/** What {@link WorkerPool.map} gives back: results by job index (undefined: did not finish). */
export interface MapOutcome<R> {
  results: (R | undefined)[];
  /** How many jobs finished. */
  completed: number;
  /** True when {@link WorkerPool.cancel} stopped the map before every job finished. */
  cancelled: boolean;
}

/** A worker stopped on its own (it crashed or exited), with the job it was running. */
export class WorkerFailure extends Error {
  constructor(
    message: string,
    readonly jobIndex: number | null,
  ) {
    super(message);
    this.name = 'WorkerFailure';
  }
}

interface Slot {
  worker: Worker;
  api: Comlink.Remote<SimulationApi>;
  exited: Promise<void>;
  /** How the job this worker is running ends early: its worker failed, or the pool was cancelled. */
  running: { index: number; fail: (error: Error) => void; cancel: () => void } | null;
  /** Why the worker stopped on its own, once it did. */
  failure: string | null;
}

const CANCELLED = Symbol('cancelled');

let bundled: Promise<string | null> | null = null;

/**
 * The worker entry bundled into one CommonJS script (once per process), or null without Rolldown.
 * Rolldown, as the command's build (cli/build.mjs), because it keeps top-level `const`, which V8
 * folds into the simulation's code.
 */
function bundleWorkerEntry(): Promise<string | null> {
  bundled ??= (async () => {
    let rolldown: typeof import('rolldown');
    try {
      rolldown = await import('rolldown');
    } catch {
      return null;
    }
    const bundle = await rolldown.rolldown({
      input: fileURLToPath(new URL('./node-worker.ts', import.meta.url)),
      platform: 'node',
      transform: { target: 'node20' },
      logLevel: 'silent',
    });
    try {
      const { output } = await bundle.generate({ format: 'cjs', codeSplitting: false });
      return output[0].code;
    } finally {
      await bundle.close();
    }
  })();
  return bundled;
}

/**
 * Workers compile optimised code on their own thread, not on V8's background compiler thread.
 * Why: Node 20 unregisters a worker's isolate from its platform before disposing of it, and a
 * background compile job still running for that isolate in between aborts the whole process
 * ("Assertion failed: (data.first) != nullptr" in NodePlatform::ForIsolate). It happened once in
 * about 60 sweeps on this machine, under load. V8 decides this when it creates an isolate, so
 * setting it here, before the first worker starts, leaves the main thread's compiler as it was.
 */
function compileInWorkersOwnThread(): void {
  setFlagsFromString('--no-concurrent-recompilation');
}

async function spawnWorker(loader: WorkerLoader): Promise<Worker> {
  compileInWorkersOwnThread();
  const compiled = import.meta.url.endsWith('.js');
  if (loader === 'js' || (loader === 'auto' && compiled)) {
    return new Worker(new URL('./node-worker.js', import.meta.url));
  }
  if (loader === 'bundle' || loader === 'auto') {
    const code = await bundleWorkerEntry();
    if (code !== null) return new Worker(code, { eval: true });
    if (loader === 'bundle') throw new Error('cannot bundle the worker entry: rolldown is not installed');
  }
  return new Worker(new URL('./node-worker.mjs', import.meta.url));
}

export class WorkerPool {
  private cancelled = false;
  private closed = false;

  private constructor(private readonly slots: Slot[]) {}

  /** Starts `size` workers (they load their code in parallel; the first call waits for it). */
  static async start(options: PoolOptions = {}): Promise<WorkerPool> {
    const size = options.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`pool size must be a whole number >= 1, got ${size}`);
    const loader = options.loader ?? 'auto';
    const slots: Slot[] = [];
    const pool = new WorkerPool(slots);
    for (let i = 0; i < size; i++) {
      const worker = await spawnWorker(loader);
      const slot: Slot = {
        worker,
        api: Comlink.wrap<SimulationApi>(nodeEndpoint(worker)),
        exited: new Promise<void>((resolve) => worker.once('exit', () => resolve())),
        running: null,
        failure: null,
      };
      const stopped = (why: string) => {
        if (pool.closed || slot.failure !== null) return;
        slot.failure = `worker ${i + 1} ${why}`;
        slot.running?.fail(
          new WorkerFailure(`${slot.failure} while running job ${slot.running.index}`, slot.running.index),
        );
      };
      worker.on('error', (error) => stopped(`failed: ${error.message}`));
      worker.on('exit', (code) => stopped(`exited (code ${code})`));
      slots.push(slot);
    }
    return pool;
  }

  /** Number of workers. */
  get size(): number {
    return this.slots.length;
  }

  /**
   * Runs `call` once per job on the pool's workers, an idle worker taking the next job, and
   * returns the results by job index. `onResult` is told each result as it arrives (in
   * completion order: for progress, never for output). After {@link cancel}, no job starts and
   * the map resolves at once with what finished. A failing job rejects the map.
   */
  async map<J, R>(
    jobs: readonly J[],
    call: (api: Comlink.Remote<SimulationApi>, job: J, index: number) => Promise<R>,
    onResult?: ResultListener<R>,
  ): Promise<MapOutcome<R>> {
    const results: (R | undefined)[] = new Array(jobs.length).fill(undefined);
    if (this.cancelled) return { results, completed: 0, cancelled: jobs.length > 0 };
    if (this.closed) throw new Error('the pool is closed');
    let next = 0;
    let completed = 0;
    let failed = false;
    const drive = async (slot: Slot): Promise<void> => {
      while (!this.cancelled && !failed && next < jobs.length) {
        if (slot.failure !== null) throw new WorkerFailure(slot.failure, null);
        const index = next++;
        try {
          // Settles with the job's result, or early when the worker fails or the pool is cancelled.
          const outcome = await new Promise<R | typeof CANCELLED>((resolve, reject) => {
            slot.running = { index, fail: reject, cancel: () => resolve(CANCELLED) };
            call(slot.api, jobs[index], index).then(resolve, reject);
          }).finally(() => {
            slot.running = null;
          });
          if (outcome === CANCELLED) return;
          results[index] = outcome;
          completed++;
          onResult?.(index, outcome);
        } catch (error) {
          // The other workers start nothing more; the map rejects with the first error.
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(this.slots.map(drive));
    return { results, completed, cancelled: this.cancelled && completed < jobs.length };
  }

  /**
   * Stops: no job starts any more, running ones are abandoned and every worker is terminated. A
   * pending {@link map} resolves with what finished. Safe to call more than once, e.g. from a
   * SIGINT handler.
   */
  cancel(): Promise<void> {
    this.cancelled = true;
    // The jobs still running are abandoned with their workers.
    for (const slot of this.slots) slot.running?.cancel();
    return this.close();
  }

  /** Releases every proxy and terminates every worker, so the process can exit. */
  async close(): Promise<void> {
    if (this.closed) {
      await Promise.all(this.slots.map((s) => s.exited));
      return;
    }
    this.closed = true;
    for (const slot of this.slots) slot.api[Comlink.releaseProxy]();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
