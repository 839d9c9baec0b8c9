import type { ReplicaRuntime } from './runtime.ts';

/**
 * What reached a paused store replica and waits for its resume: a stop-the-world pause (GC, a
 * VM freeze: the `pause` fault) stops the process, not the machine, so messages still arrive
 * (the kernel buffers them) and timers still come due, but nothing handles them until the
 * process runs again, and then it handles them in the order they came, as it finishes a request's
 * parked work (`server.ts`). A paused replica therefore sends nothing either: every send is a
 * reaction to a message or a timer. Work parked before a crash dies with that incarnation.
 */
export class PausedWork {
  private readonly parked = new Map<number, { readonly epoch: number; readonly run: () => void }[]>();

  /** True when `replica` is paused now: hand its work to {@link park} instead of running it. */
  static paused(replica: ReplicaRuntime): boolean {
    return replica.pausedSince >= 0;
  }

  /** Keeps `run` until `replica` resumes. */
  park(replica: ReplicaRuntime, run: () => void): void {
    let list = this.parked.get(replica.node);
    if (list === undefined) {
      list = [];
      this.parked.set(replica.node, list);
    }
    list.push({ epoch: replica.epoch, run });
  }

  /** `replica` runs again: what it was sent or came due meanwhile, in order (its current incarnation's only). */
  resumed(replica: ReplicaRuntime): void {
    const list = this.parked.get(replica.node);
    if (list === undefined || list.length === 0) return;
    this.parked.delete(replica.node);
    for (const w of list) {
      if (w.epoch !== replica.epoch || !replica.up) continue;
      w.run();
    }
  }
}
