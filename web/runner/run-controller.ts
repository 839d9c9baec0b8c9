/**
 * Drives one streamed run in the simulation worker: play, pause, step, run to end, cancel, speed.
 *
 * The worker advances the run slice by slice (`advance(untilMs)`), so the page never waits on a
 * whole run and stays responsive; every slice reports progress and sampled events, and the
 * result so far is fetched a few times a second for the charts. Cancelling (or starting another
 * run) in the middle of a slice terminates the worker, so nothing ever has to run to completion.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { EventSample, RunProgress, RunRequest } from '../../workers/protocol.ts';
import { fullSlice, pacedSlice, type Speed } from './slicing.ts';
import type { WorkerHandle } from './worker-client.ts';

export type RunStatus = 'idle' | 'starting' | 'playing' | 'paused' | 'done' | 'cancelled' | 'error';

/** One slice's news. `result` is the result so far when it was fetched with this slice, else null. */
export interface RunUpdate {
  progress: RunProgress;
  durationMs: number;
  sliceFromMs: number;
  sample: EventSample | null;
  result: RunResult | null;
}

export interface RunStats {
  /** Wall time from start to the end of the run, pauses included. */
  wallMs: number;
  /** Wall time spent waiting on the worker (advance + result). */
  workerMs: number;
  slices: number;
}

export interface RunListener {
  status(status: RunStatus): void;
  update(update: RunUpdate): void;
  finished(result: RunResult, stats: RunStats): void;
  failed(message: string): void;
}

/** Events sampled per slice for the topology animation. */
export const SAMPLE_EVENTS = 240;
/** The charts' partial result is refreshed at most this often while running (wall ms). */
export const RESULT_EVERY_MS = 250;
/**
 * Slices queued in the worker at full speed: enough work (a few hundred ms) that the worker
 * never idles while the page paints.
 */
export const PIPELINE = 4;

/** Wall time a paced run may fall behind its clock and still catch up (ms). */
export const PACING_DEBT_MS = 500;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export class RunController {
  private handle: WorkerHandle | null = null;
  private busy = false;
  private generation = 0;
  private current: RunStatus = 'idle';
  private speedValue: Speed;
  private toEnd = false;
  private stepping = false;
  private request: RunRequest | null = null;
  private nowMs = 0;
  private lastSliceWall = 0;
  private lastResultWall = 0;
  private startWall = 0;
  private workerMs = 0;
  private slices = 0;
  private sliceStart = 0;
  /** The generation whose slice loop is running, so one run never has two loops. */
  private loopGen = -1;

  constructor(
    private readonly spawn: () => WorkerHandle,
    private readonly listener: RunListener,
    speed: Speed = 'max',
  ) {
    this.speedValue = speed;
  }

  get status(): RunStatus {
    return this.current;
  }

  get speed(): Speed {
    return this.speedValue;
  }

  /** Starts a new run (dropping any other), playing at once unless `autoplay` is false. */
  async start(request: RunRequest, autoplay = true): Promise<void> {
    this.dropRun();
    const gen = this.generation;
    this.request = request;
    this.nowMs = 0;
    this.toEnd = false;
    this.stepping = false;
    this.workerMs = 0;
    this.slices = 0;
    this.setStatus('starting');
    const api = this.worker().api;
    try {
      this.busy = true;
      await api.open(request, SAMPLE_EVENTS);
      this.busy = false;
    } catch (error) {
      this.busy = false;
      if (gen === this.generation) this.fail(error);
      return;
    }
    if (gen !== this.generation) return;
    this.startWall = performance.now();
    this.lastSliceWall = this.startWall;
    this.lastResultWall = 0;
    this.setStatus(autoplay ? 'playing' : 'paused');
    if (autoplay) void this.loop(gen);
  }

  play(): void {
    if (this.current !== 'paused') return;
    this.lastSliceWall = performance.now();
    this.setStatus('playing');
    void this.loop(this.generation);
  }

  pause(): void {
    if (this.current !== 'playing') return;
    this.toEnd = false;
    this.setStatus('paused');
  }

  /** Advances one slice (1% of the run) and pauses. */
  step(): void {
    if (this.current !== 'paused' || this.stepping) return;
    this.stepping = true;
    void this.loop(this.generation);
  }

  /** Runs the rest as fast as the worker goes. */
  runToEnd(): void {
    if (this.current !== 'paused' && this.current !== 'playing') return;
    this.toEnd = true;
    if (this.current === 'paused') this.play();
  }

  setSpeed(speed: Speed): void {
    this.speedValue = speed;
    this.lastSliceWall = performance.now();
  }

  /** Stops the run; a slice in progress is abandoned by terminating the worker. */
  cancel(): void {
    if (this.current !== 'playing' && this.current !== 'paused' && this.current !== 'starting') return;
    this.dropRun();
    this.setStatus('cancelled');
  }

  /** Releases the worker. */
  dispose(): void {
    this.dropRun();
    this.handle?.terminate();
    this.handle = null;
  }

  private worker(): WorkerHandle {
    this.handle ??= this.spawn();
    return this.handle;
  }

  private dropRun(): void {
    this.generation++;
    if (this.busy && this.handle !== null) {
      this.handle.terminate();
      this.handle = null;
    } else if (this.handle !== null && this.request !== null) {
      void this.handle.api.close().catch(() => undefined);
    }
    this.busy = false;
    this.request = null;
  }

  private setStatus(status: RunStatus): void {
    this.current = status;
    this.listener.status(status);
  }

  private fail(error: unknown): void {
    this.dropRun();
    this.setStatus('error');
    this.listener.failed(error instanceof Error ? error.message : String(error));
  }

  private async loop(gen: number): Promise<void> {
    if (this.loopGen === gen) return;
    this.loopGen = gen;
    try {
      await this.runSlices(gen);
    } finally {
      if (this.loopGen === gen) this.loopGen = -1;
    }
  }

  private async runSlices(gen: number): Promise<void> {
    const request = this.request;
    if (request === null) return;
    const duration = request.scenario.durationMs;
    const minStep = Math.max(1, request.scenario.metrics.bucketMs / 20);
    const api = this.worker().api;
    // At full speed two slices are queued in the worker, so it never waits for the page to
    // handle the previous answer (slicing does not change the run, only how it is streamed).
    const inflight: { from: number; promise: Promise<RunProgress & { sample: EventSample | null }> }[] = [];
    let planned = this.nowMs;
    while (gen === this.generation) {
      const active = this.current === 'playing' || this.stepping;
      const full = this.stepping || this.toEnd || this.speedValue === 'max';
      const depth = full && !this.stepping ? PIPELINE : 1;
      if (active && inflight.length < depth && planned < duration) {
        const now = performance.now();
        const speed = this.speedValue as number;
        const until = full
          ? fullSlice(planned, duration)
          : pacedSlice(planned, duration, speed, now - this.lastSliceWall, minStep);
        if (until !== null) {
          // The pacing clock moves by the wall time this slice stands for, not to "now": the
          // time a slice spends in the worker and in the page's paint is then not lost (it was:
          // 30x reached about 9.5x). A backlog of more than PACING_DEBT_MS is forgiven.
          if (!full)
            this.lastSliceWall = Math.max(
              this.lastSliceWall + (until - planned) / speed,
              now - PACING_DEBT_MS,
            );
          if (inflight.length === 0) this.sliceStart = performance.now();
          inflight.push({ from: planned, promise: api.advance(until) });
          planned = until;
          this.busy = true;
          continue;
        }
      }
      if (inflight.length === 0) {
        this.busy = false;
        if (!active) return;
        await nextFrame();
        continue;
      }
      const slice = inflight.shift() as (typeof inflight)[number];
      let progress: RunProgress & { sample: EventSample | null };
      let result: RunResult | null = null;
      try {
        progress = await slice.promise;
        const wantResult =
          progress.done ||
          (this.stepping && inflight.length === 0) ||
          performance.now() - this.lastResultWall >= RESULT_EVERY_MS;
        if (wantResult) {
          this.lastResultWall = performance.now();
          result = await api.result();
        }
      } catch (error) {
        this.busy = false;
        if (gen === this.generation) this.fail(error);
        return;
      }
      if (gen !== this.generation) return;
      const t1 = performance.now();
      this.workerMs += t1 - this.sliceStart;
      this.sliceStart = t1;
      this.slices++;
      this.nowMs = progress.simTimeMs;
      const { sample, ...rest } = progress;
      this.listener.update({ progress: rest, durationMs: duration, sliceFromMs: slice.from, sample, result });
      if (progress.done && result !== null) {
        this.busy = false;
        const stats = { wallMs: t1 - this.startWall, workerMs: this.workerMs, slices: this.slices };
        this.request = null;
        void api.close().catch(() => undefined);
        this.stepping = false;
        this.setStatus('done');
        this.listener.finished(result, stats);
        return;
      }
      if (this.stepping && inflight.length === 0) {
        this.stepping = false;
        if (this.current !== 'playing') {
          this.busy = false;
          return;
        }
      }
    }
  }
}
