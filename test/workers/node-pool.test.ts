import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { defaultPoolSize, WorkerPool } from '../../workers/node-pool.ts';
import type { RunRequest } from '../../workers/protocol.ts';
import { createSimulationApi } from '../../workers/simulation-api.ts';
import { firstDifference } from '../../workers/trace-diff.ts';
import { CONTROL_PLANE_LESSONS, STORE_LESSONS } from '../support/lesson-runs.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

const threeTier = loadBuiltIn('three-tier', [
  'durationMs=6000',
  'metrics.warmupMs=1000',
  'metrics.bucketMs=1000',
]);
const retryStorm = loadBuiltIn('retry-storm', ['durationMs=45000', 'hypotheses=[]']);
const mm1 = loadBuiltIn('mm1', ['durationMs=3000', 'metrics.warmupMs=500', 'metrics.bucketMs=500']);

describe('WorkerPool', () => {
  let pool: WorkerPool;
  beforeAll(async () => {
    pool = await WorkerPool.start({ size: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('has one worker per core less one by default, at least 1', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1);
    expect(pool.size).toBe(2);
  });

  it('gives the same traceHash and the same result in a worker as in-process', async () => {
    const requests: RunRequest[] = [threeTier, retryStorm, mm1].flatMap((scenario) =>
      [1, 2].map((seed) => ({ scenario, seed })),
    );
    const { results, completed, cancelled } = await pool.map(requests, (api, r) => api.run(r));
    expect(completed).toBe(requests.length);
    expect(cancelled).toBe(false);
    requests.forEach((r, i) => {
      const local = runScenario(r.scenario, { seed: r.seed });
      expect(results[i]!.traceHash).toBe(local.traceHash);
      expect(JSON.stringify(results[i])).toBe(JSON.stringify(local));
    });
  });

  // The lessons of the replicated stores and of the control plane, whose determinism in a worker
  // thread the issues that added them ask for (the lab's Web Worker is covered by the e2e tests).
  const lessonFamilies: Record<string, readonly string[]> = {
    'replicated-store': STORE_LESSONS,
    'control-plane': CONTROL_PLANE_LESSONS,
  };
  it.each(Object.entries(lessonFamilies))(
    'gives every %s lesson its baseline trace hash in a worker, as in-process',
    async (_family, lessons) => {
      const requests: RunRequest[] = lessons.map((id) => ({ scenario: loadBuiltIn(id), seed: 1 }));
      const { results } = await pool.map(requests, (api, r) => api.run(r));
      const baseline = (id: string) =>
        (
          JSON.parse(readFileSync(join(import.meta.dirname, '../../baselines', `${id}.json`), 'utf8')) as {
            traceHash: string;
          }
        ).traceHash;
      expect(results.map((r) => r!.traceHash)).toEqual(lessons.map(baseline));
      requests.forEach((r, i) => {
        expect(JSON.stringify(results[i])).toBe(JSON.stringify(runScenario(r.scenario, { seed: r.seed })));
      });
    },
    120_000,
  );

  it('records the same full trace in a worker as in-process', async () => {
    const request = { scenario: retryStorm, seed: 3 };
    const { results } = await pool.map([request], (api, r) => api.trace(r, true));
    const local = createSimulationApi().trace(request, true);
    expect(results[0]!.traceHash).toBe(local.traceHash);
    expect(results[0]!.events).toBeGreaterThan(1000);
    expect(results[0]!.trace).toBeInstanceOf(Float64Array);
    expect(firstDifference(local, results[0]!)).toBeNull();
  });

  it('keys results by job index, not by completion order', async () => {
    // Long and short jobs mixed: the short ones finish first on the other worker.
    const requests = [8, 1, 1, 1, 6, 1, 1].map((seconds, i) => ({
      scenario: loadBuiltIn('mm1', [
        `durationMs=${seconds * 1000}`,
        'metrics.warmupMs=0',
        'metrics.bucketMs=500',
      ]),
      seed: 100 + i,
    }));
    const order: number[] = [];
    const { results } = await pool.map(
      requests,
      (api, r) => api.run(r),
      (index) => order.push(index),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(requests.map((_, i) => i));
    results.forEach((r, i) => {
      expect(r!.seed).toBe(requests[i].seed);
      expect(r!.simTimeMs).toBe(requests[i].scenario.durationMs);
    });
  });

  it('rejects when a job fails in the worker, with the worker error', async () => {
    await expect(pool.map([0], (api) => api.advance(1000))).rejects.toThrow(/no open run/);
    // The pool still works afterwards.
    const { results } = await pool.map([{ scenario: mm1, seed: 1 }], (api, r) => api.run(r));
    expect(results[0]!.traceHash).toBe(runScenario(mm1, { seed: 1 }).traceHash);
  });
});

describe('WorkerPool.cancel', () => {
  it('stops starting jobs, returns what finished and terminates the workers', async () => {
    const pool = await WorkerPool.start({ size: 2 });
    const requests = Array.from({ length: 40 }, (_, i) => ({ scenario: threeTier, seed: i + 1 }));
    let cancelling: Promise<void> | null = null;
    const outcome = await pool.map(
      requests,
      (api, r) => api.run(r),
      (_, result: RunResult) => {
        expect(result.traceHash).toMatch(/^[0-9a-f]{16}$/);
        cancelling ??= pool.cancel();
      },
    );
    await cancelling;
    expect(outcome.cancelled).toBe(true);
    expect(outcome.completed).toBeGreaterThanOrEqual(1);
    expect(outcome.completed).toBeLessThan(requests.length);
    expect(outcome.results.filter((r) => r !== undefined)).toHaveLength(outcome.completed);
    // A map after the cancel (a Ctrl-C while the workers were starting) does nothing.
    const after = await pool.map(requests, (api, r) => api.run(r));
    expect(after).toMatchObject({ completed: 0, cancelled: true });
  });

  it('a closed pool runs nothing more', async () => {
    const pool = await WorkerPool.start({ size: 1 });
    await pool.close();
    await expect(pool.map([{ scenario: mm1, seed: 1 }], (api, r) => api.run(r))).rejects.toThrow(/closed/);
  });
});

describe('worker loaders', () => {
  it('the tsx bootstrap gives the same result as the bundled entry', async () => {
    const pool = await WorkerPool.start({ size: 1, loader: 'tsx' });
    try {
      const { results } = await pool.map([{ scenario: threeTier, seed: 9 }], (api, r) => api.run(r));
      expect(results[0]!.traceHash).toBe(runScenario(threeTier, { seed: 9 }).traceHash);
    } finally {
      await pool.close();
    }
  });
});
