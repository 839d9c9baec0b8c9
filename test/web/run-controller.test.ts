import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunResultSchema } from '../../scenarios/schema/result-schema.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import {
  RunController,
  type RunListener,
  type RunStatus,
  type RunUpdate,
} from '../../web/runner/run-controller.ts';
import type { WorkerHandle } from '../../web/runner/worker-client.ts';
import { createSimulationApi } from '../../workers/simulation-api.ts';
import { overloadedMm1 } from '../support/big-scenarios.ts';
import { loadBuiltIn, parse } from '../support/scenarios.ts';

/** The worker's API in-process, every call answered asynchronously as over postMessage. */
function fakeWorker(log: string[]): WorkerHandle {
  const api = createSimulationApi();
  let alive = true;
  const later = <T>(f: () => T) =>
    new Promise<T>((resolve, reject) =>
      setTimeout(() => {
        if (!alive) return; // a terminated worker never answers
        try {
          resolve(f());
        } catch (e) {
          reject(e);
        }
      }, 0),
    );
  const remote = {
    run: (r: Parameters<typeof api.run>[0]) => later(() => api.run(r)),
    open: (r: Parameters<typeof api.open>[0], n: number) => later(() => api.open(r, n)),
    advance: (t: number) => {
      log.push(`advance ${t}`);
      return later(() => api.advance(t));
    },
    result: () => later(() => api.result()),
    close: () => later(() => api.close()),
    trace: (r: Parameters<typeof api.trace>[0], k: boolean) => later(() => api.trace(r, k)),
  };
  return {
    api: remote as unknown as WorkerHandle['api'],
    terminate() {
      alive = false;
      log.push('terminate');
    },
  };
}

function recorder() {
  const statuses: RunStatus[] = [];
  const updates: RunUpdate[] = [];
  let finished: RunResult | null = null;
  let done: () => void = () => undefined;
  const whenDone = new Promise<void>((r) => {
    done = r;
  });
  const listener: RunListener = {
    status: (s) => statuses.push(s),
    update: (u) => updates.push(u),
    finished: (r) => {
      finished = r;
      done();
    },
    failed: (m) => {
      throw new Error(m);
    },
  };
  return { listener, statuses, updates, whenDone, result: () => finished as RunResult | null };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
};

describe('the run controller', () => {
  const scenario = loadBuiltIn('retry-storm', ['durationMs=40000', 'hypotheses=[]']);
  const expected = runScenario(scenario, { seed: 9 });
  beforeEach(() => {
    globalThis.requestAnimationFrame ??= ((f: FrameRequestCallback) =>
      setTimeout(() => f(performance.now()), 4) as unknown as number) as typeof requestAnimationFrame;
  });
  afterEach(() => undefined);

  it('streams a run in 1% slices and ends with the same trace hash as one flat run', async () => {
    const log: string[] = [];
    const rec = recorder();
    const c = new RunController(() => fakeWorker(log), rec.listener, 'max');
    await c.start({ scenario, seed: 9 });
    await rec.whenDone;
    expect(rec.result()?.traceHash).toBe(expected.traceHash);
    expect(rec.updates).toHaveLength(100);
    expect(rec.updates.at(-1)?.progress.done).toBe(true);
    expect(rec.updates.some((u) => u.sample !== null && u.sample.events.length > 0)).toBe(true);
    expect(rec.statuses).toEqual(['starting', 'playing', 'done']);
    expect(log.filter((l) => l.startsWith('advance'))).toHaveLength(100);
  });

  it("an overloaded run the memory guard stops ends as done, with the flat run's result", async () => {
    // 20,000/s into one 1 ms worker for an hour: without budget.maxInFlight (1,000,000 by
    // default) the worker's heap grew until the tab crashed.
    const overloaded = parse(overloadedMm1());
    const flat = runScenario(overloaded, { seed: 1 });
    const rec = recorder();
    const c = new RunController(() => fakeWorker([]), rec.listener, 'max');
    await c.start({ scenario: overloaded, seed: 1 });
    await rec.whenDone;
    const r = rec.result() as RunResult;
    expect(r.stopReason).toBe('max-in-flight');
    expect(r.stopMessage).toBe(flat.stopMessage);
    expect(r.traceHash).toBe(flat.traceHash);
    expect(r.summary.clients.users.inFlight).toBe(1_000_001);
    expect(RunResultSchema.safeParse(r).success).toBe(true);
    expect(rec.statuses).toEqual(['starting', 'playing', 'done']);
    // The halt came in the second 1% slice (at about 53 s of 3,600 s); no slice ran after it.
    expect(rec.updates.at(-1)?.progress).toEqual({ simTimeMs: r.simTimeMs, events: r.events, done: true });
    expect(process.memoryUsage().rss).toBeLessThan(1.5 * 1024 ** 3);
  }, 60_000);

  it('steps one slice at a time while paused, then plays to the end', async () => {
    const rec = recorder();
    const c = new RunController(() => fakeWorker([]), rec.listener, 'max');
    await c.start({ scenario, seed: 9 }, false);
    expect(c.status).toBe('paused');
    c.step();
    await until(() => rec.updates.length === 1);
    c.step();
    await until(() => rec.updates.length === 2);
    expect(rec.updates.map((u) => u.progress.simTimeMs)).toEqual([400, 800]);
    expect(rec.updates[1].result).not.toBeNull();
    expect(c.status).toBe('paused');
    c.runToEnd();
    await rec.whenDone;
    expect(rec.result()?.traceHash).toBe(expected.traceHash);
  });

  it('pauses and resumes without changing the outcome', async () => {
    const rec = recorder();
    const c = new RunController(() => fakeWorker([]), rec.listener, 'max');
    await c.start({ scenario, seed: 9 });
    await until(() => rec.updates.length >= 10);
    c.pause();
    const at = rec.updates.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(rec.updates.length - at).toBeLessThanOrEqual(4);
    expect(c.status).toBe('paused');
    c.play();
    await rec.whenDone;
    expect(rec.result()?.traceHash).toBe(expected.traceHash);
  });

  it('cancels mid-slice by terminating the worker, and a new run gets a new worker', async () => {
    const log: string[] = [];
    const rec = recorder();
    const c = new RunController(() => fakeWorker(log), rec.listener, 'max');
    await c.start({ scenario, seed: 9 });
    await until(() => rec.updates.length >= 3);
    c.cancel();
    expect(c.status).toBe('cancelled');
    expect(log).toContain('terminate');
    const count = rec.updates.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(rec.updates.length).toBe(count);
    await c.start({ scenario, seed: 9 });
    await rec.whenDone;
    expect(rec.result()?.traceHash).toBe(expected.traceHash);
  });

  it('plays at a paced speed: slices follow wall time', async () => {
    const short = loadBuiltIn('mm1', ['durationMs=2000', 'metrics.warmupMs=0', 'hypotheses=[]']);
    const rec = recorder();
    const c = new RunController(() => fakeWorker([]), rec.listener, 100);
    const t0 = performance.now();
    await c.start({ scenario: short, seed: 1 });
    await rec.whenDone;
    // 2 s simulated at 100x: about 20 ms of wall time, never instantly in one slice.
    expect(rec.updates.length).toBeGreaterThan(1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
    expect(rec.result()?.traceHash).toBe(runScenario(short, { seed: 1 }).traceHash);
  });
});

describe('a paced run keeps the speed asked for', () => {
  const scenario = loadBuiltIn('retry-storm', ['durationMs=40000', 'hypotheses=[]']);

  /**
   * On a virtual wall clock: a frame is 16 ms, a slice costs the worker 8 ms. The speed reached is
   * then decided by the controller's pacing alone, not by how busy this machine is.
   */
  async function pacedRun(speed: 10 | 30): Promise<number> {
    let now = 0;
    const realRaf = globalThis.requestAnimationFrame;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    globalThis.requestAnimationFrame = ((f: FrameRequestCallback) =>
      setTimeout(() => {
        now += 16;
        f(now);
      }, 0) as unknown as number) as typeof requestAnimationFrame;
    try {
      const worker = fakeWorker([]);
      const advance = worker.api.advance;
      (worker.api as unknown as { advance: (t: number) => unknown }).advance = (t: number) => {
        now += 8;
        return advance(t);
      };
      const rec = recorder();
      let wallMs = 0;
      const listener = {
        ...rec.listener,
        finished: (r: RunResult, stats: { wallMs: number }) => {
          wallMs = stats.wallMs;
          rec.listener.finished(r, stats as never);
        },
      };
      const c = new RunController(() => worker, listener, speed);
      await c.start({ scenario, seed: 9 });
      await rec.whenDone;
      return scenario.durationMs / wallMs;
    } finally {
      clock.mockRestore();
      globalThis.requestAnimationFrame = realRaf;
    }
  }

  it('reaches 30x at "30x" (the time a slice takes is not lost: here it reached 20x, 10x reached 6.7x)', async () => {
    const reached = await pacedRun(30);
    expect(reached).toBeGreaterThan(28.5);
    expect(reached).toBeLessThanOrEqual(30.5);
  });

  it('reaches 10x at "10x"', async () => {
    const reached = await pacedRun(10);
    expect(reached).toBeGreaterThan(9.5);
    expect(reached).toBeLessThanOrEqual(10.2);
  });
});
