import type { HistoryLog } from '../store/history.ts';
import type { Job } from './call.ts';
import { FAILED, SUCCEEDED } from './outcome.ts';

/** An operation whose client has not heard its end yet. */
interface Pending {
  readonly process: number;
  readonly f: 'read' | 'write';
  readonly key: number;
  readonly writeId: number;
  /** How the store ended it (null: not yet), and a read's value (siblings: every one). */
  outcome: 'ok' | 'fail' | 'info' | null;
  value: number | null | readonly number[];
}

/**
 * A scenario store's history as its CLIENTS see it, the view Jepsen-family checkers assume
 * (Knossos and Porcupine: an operation takes effect somewhere between the client's invocation
 * and the client's receipt of its result): each operation is invoked when the caller SENT the
 * attempt it serves, and completes when the caller got the answer (`ok` or `fail`, as the store
 * ended it) or stopped waiting for it (timeout, loss: `info`, indeterminate, even for a read).
 * An attempt whose caller gave up before the coordinator started its operation is invoked at
 * its send and `info` at that give-up; one still awaited at the end stays open.
 */
export class ClientHistory {
  private readonly pending = new Map<Job, Pending>();
  /** When callers stopped waiting for attempts whose operation had not started. */
  private readonly gaveUp = new WeakMap<Job, number>();

  constructor(private readonly history: HistoryLog) {}

  /** The coordinator started the operation `process` that attempt `job` asks for. */
  invoked(job: Job, process: number, f: 'read' | 'write', key: number, writeId: number): void {
    const written = f === 'write' ? writeId : null;
    this.history.add(process, 'invoke', f, key, written, job.sentAt);
    const endedAt = this.gaveUp.get(job);
    if (endedAt !== undefined) {
      this.history.add(process, 'info', f, key, written, endedAt);
      return;
    }
    this.pending.set(job, { process, f, key, writeId, outcome: null, value: null });
  }

  /** The store ended the operation of `job` (its caller hears it later, or never). */
  completed(job: Job, outcome: 'ok' | 'fail' | 'info', value: number | null | readonly number[]): void {
    const p = this.pending.get(job);
    if (p === undefined) return;
    p.outcome = outcome;
    p.value = value;
  }

  /** The caller's attempt `job` ended at `nowMs`, with the answer `answered` (or a timeout, a loss). */
  attemptEnded(job: Job, answered: number, nowMs: number): void {
    const p = this.pending.get(job);
    if (p === undefined) {
      this.gaveUp.set(job, nowMs);
      return;
    }
    this.pending.delete(job);
    const type =
      answered === SUCCEEDED && p.outcome === 'ok'
        ? 'ok'
        : answered === FAILED && p.outcome === 'fail'
          ? 'fail'
          : 'info';
    const value = p.f === 'write' ? p.writeId : type === 'ok' ? p.value : null;
    this.history.add(p.process, type, p.f, p.key, value, nowMs);
  }
}
