/**
 * `npm run bench -- --case queue`: the event queue alone, in the hold model (pop the earliest
 * event, push one at its time plus an exponential increment), at several numbers of pending
 * events. Why: a scenario's cost per event mixes the queue with everything else; this shows how
 * the queue's pop + push grows with the events pending (a few in M/M/1, hundreds in `wide`).
 * The increments are drawn before the clock starts, so only the queue is timed; CPU time is
 * reported beside wall time, as a shared machine's load inflates the latter.
 */
import { EventQueue } from '../sim-core/engine/event-queue.ts';
import { RandomStreams } from '../sim-core/random/streams.ts';

/** Pop + push at one number of pending events. */
export interface QueueHoldResult {
  pending: number;
  operations: number;
  /** Nanoseconds per pop + push, wall clock. */
  nsPerOp: number;
  /** Nanoseconds of this process's CPU time per pop + push: on a shared machine, less of the other processes' load. */
  cpuNsPerOp: number;
}

/** The pending counts measured by default. */
export const QUEUE_PENDING = [10, 100, 1_000, 10_000] as const;

function hold(queue: EventQueue<undefined>, increments: Float64Array, operations: number): void {
  const n = increments.length;
  for (let i = 0; i < operations; i++) {
    const slot = queue.pop();
    queue.push(queue.time(slot) + increments[i % n], 0, 0, undefined);
  }
}

/**
 * Runs the hold model at each pending count: fills the queue, warms up, then times
 * `operations` pop + push pairs.
 */
export function benchQueueHold(
  pendings: readonly number[] = QUEUE_PENDING,
  operations = 4_000_000,
): QueueHoldResult[] {
  const rng = new RandomStreams(3).stream('bench/queue-hold');
  // 2^16 increments, reused cyclically: drawn once, so the timed loop does no random work.
  const increments = new Float64Array(1 << 16);
  for (let i = 0; i < increments.length; i++) increments[i] = -Math.log(1 - rng.next());
  return pendings.map((pending) => {
    const queue = new EventQueue<undefined>(16);
    for (let i = 0; i < pending; i++) queue.push(increments[i] * pending, 0, i, undefined);
    hold(queue, increments, Math.min(operations, 200_000));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    hold(queue, increments, operations);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return {
      pending,
      operations,
      nsPerOp: (ms * 1e6) / operations,
      cpuNsPerOp: ((cpu.user + cpu.system) * 1e3) / operations,
    };
  });
}
