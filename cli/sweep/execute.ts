/**
 * Runs a plan's jobs on the worker pool, with progress on stderr, and stops cleanly on Ctrl-C
 * (SIGINT) or SIGTERM: no run starts any more, the running ones are dropped with their workers,
 * and what finished is returned (marked interrupted) for the caller to write. A second signal
 * leaves at once.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { defaultPoolSize, WorkerPool } from '../../workers/node-pool.ts';
import { CliError, SIGNAL_EXIT } from '../errors.ts';
import { type Job, jobAt, type SweepPlan } from './plan.ts';
import { createProgress } from './progress.ts';

export { SIGNAL_EXIT };

export interface ExecuteOptions {
  /** Worker threads (capped at the number of jobs); defaults to cores - 1, at least 1. */
  workers?: number;
  /** What is running, for progress lines: `sweep three-tier`. */
  label: string;
}

/** Where finished runs are kept as they arrive (see `journal.ts`), and the ones kept earlier. */
export interface RunJournal<R> {
  /** Records of jobs that already ran (`--resume`), by job index: they do not run again. */
  done: ReadonlyMap<number, R>;
  append(job: number, record: R): void;
}

export interface Execution<R> {
  /** By position in the `jobs` given (undefined: did not finish). */
  records: (R | undefined)[];
  completed: number;
  /** The signal that stopped the runs, or null when every job finished. */
  interrupted: 'SIGINT' | 'SIGTERM' | null;
}

/**
 * Runs `jobs` (indices into `plan`'s jobs) and reduces each result with `keep` as it arrives, so
 * only what the report needs stays in memory.
 */
export async function executeJobs<R>(
  plan: SweepPlan,
  jobs: readonly number[],
  options: ExecuteOptions,
  keep: (job: Job, result: RunResult) => R,
  journal: RunJournal<R> | null = null,
): Promise<Execution<R>> {
  const records: (R | undefined)[] = new Array(jobs.length).fill(undefined);
  // Positions in `jobs` still to run; the others come from the journal.
  const todo: number[] = [];
  jobs.forEach((job, position) => {
    const kept = journal?.done.get(job);
    if (kept === undefined) todo.push(position);
    else records[position] = kept;
  });
  const already = jobs.length - todo.length;
  const size = Math.max(1, Math.min(options.workers ?? defaultPoolSize(), Math.max(1, todo.length)));
  let interrupted: 'SIGINT' | 'SIGTERM' | null = null;
  let pool: WorkerPool | null = null;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (interrupted !== null) process.exit(SIGNAL_EXIT[signal]);
    interrupted = signal;
    void pool?.cancel();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = createProgress({ label: options.label, total: jobs.length, workers: size });
  let completed = already;
  if (todo.length === 0) {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    return { records, completed, interrupted: null };
  }
  try {
    pool = await WorkerPool.start({ size });
    // Interrupted while the workers started: map returns at once, with nothing done.
    if (interrupted !== null) await pool.cancel();
    const requests = todo.map((position) => jobAt(plan, jobs[position]));
    const outcome = await pool.map(
      requests,
      (api, job) => api.run({ scenario: plan.combinations[job.combination].scenario, seed: job.seed }),
      (index, result) => {
        const record = keep(requests[index], result);
        records[todo[index]] = record;
        journal?.append(requests[index].index, record);
        completed++;
        progress.update(completed);
      },
    );
    completed = already + outcome.completed;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await (pool as WorkerPool | null)?.close();
  }
  return { records, completed, interrupted: completed < jobs.length ? interrupted : null };
}

/** The error that ends an interrupted command, after its partial output was written. */
export function interruptedError(
  signal: 'SIGINT' | 'SIGTERM',
  completed: number,
  total: number,
  wrote: string[],
  journal: { file: string } | null = null,
): CliError {
  const where = wrote.length > 0 ? `; wrote ${wrote.join(' and ')} (marked partial)` : '';
  return new CliError(
    `interrupted (${signal}) after ${completed} of ${total} runs${where}`,
    SIGNAL_EXIT[signal],
    journal === null
      ? undefined
      : `The finished runs are kept in ${journal.file}: run the same command with --resume to finish.`,
  );
}
