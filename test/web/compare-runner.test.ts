import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { runVariants } from '../../web/compare/compare-runner.ts';
import type { WorkerHandle } from '../../web/runner/worker-client.ts';
import type { RunRequest } from '../../workers/protocol.ts';

/** A worker like comlink's: touching it after its release throws, as the real proxy does. */
function strictWorker(log: string[], name: string, answerMs = 1): WorkerHandle {
  let released = false;
  const check = () => {
    if (released) throw new Error('Proxy has been released and is not useable');
  };
  const api = {
    run: (r: RunRequest) => {
      check();
      return new Promise<RunResult>((resolve) =>
        setTimeout(() => {
          if (!released) resolve({ traceHash: `${name}:${r.seed}` } as RunResult);
        }, answerMs),
      );
    },
  };
  return {
    api: api as unknown as WorkerHandle['api'],
    terminate() {
      check();
      released = true;
      log.push(`terminate ${name}`);
    },
  };
}

const requests = (n: number) => Array.from({ length: n }, (_, i) => ({ seed: i }) as unknown as RunRequest);

describe('the compare runner', () => {
  it('runs every variant and terminates each worker exactly once when its lane is done', async () => {
    const log: string[] = [];
    let n = 0;
    const got: string[] = [];
    const run = runVariants(
      requests(5),
      () => strictWorker(log, `w${n++}`),
      2,
      (i, r) => got.push(`${i}=${r.traceHash}`),
      (i, m) => got.push(`${i} failed ${m}`),
    );
    await run.done;
    expect(got.map((g) => g.split('=')[0]).sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(log.sort()).toEqual(['terminate w0', 'terminate w1']);
  });

  it('cancelling after the comparison finished does not touch the released workers again', async () => {
    const log: string[] = [];
    const run = runVariants(
      requests(2),
      () => strictWorker(log, 'w'),
      1,
      () => undefined,
      () => undefined,
    );
    await run.done;
    // The page cancels the previous comparison on every later action: this used to throw.
    expect(() => run.cancel()).not.toThrow();
    expect(() => run.cancel()).not.toThrow();
    expect(log).toEqual(['terminate w']);
  });

  it('cancelling mid-run stops every worker once, settles `done` and reports nothing more', async () => {
    const log: string[] = [];
    let n = 0;
    const got: number[] = [];
    const run = runVariants(
      requests(4),
      () => strictWorker(log, `w${n++}`, 50),
      2,
      (i) => got.push(i),
      (i) => got.push(-i),
    );
    run.cancel();
    await run.done;
    await new Promise((r) => setTimeout(r, 80));
    expect(got).toEqual([]);
    expect(log.sort()).toEqual(['terminate w0', 'terminate w1']);
  });
});
