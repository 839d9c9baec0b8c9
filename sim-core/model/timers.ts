import type { Call, Job } from './call.ts';
import type { World } from './world.ts';

/** What a node timer carries: the attempt or the call it times. */
type TimerRef = Call | Job;

interface TrackedTimer {
  readonly kind: number;
  readonly localDeadline: number;
  handle: number;
  /** Stores the new handle where the owner keeps it (job.timer, call.deadlineTimer...). */
  readonly rehandle: (handle: number) => void;
}

/**
 * Timers set by nodes, on the node's own clock. A timer is a local duration: it fires when the
 * node's clock has advanced by it, so a fast clock fires early and a slow one late.
 *
 * For nodes whose clock a fault will step or re-rate, timers are also tracked by their local
 * deadline and rescheduled when the clock changes: a clock stepped forward fires pending
 * timeouts at once, one stepped back delays them (clocks do jump back). Other nodes pay nothing.
 */
export class TimerService {
  private readonly tracked = new Map<number, Map<TimerRef, TrackedTimer[]>>();

  constructor(private readonly w: World) {}

  /** Marks a node whose clock will change during the run. */
  track(node: number): void {
    if (!this.tracked.has(node)) this.tracked.set(node, new Map());
  }

  /** Sets a timer of `localMs` on `node`'s clock; returns the engine handle. */
  set(node: number, localMs: number, kind: number, ref: TimerRef, rehandle: (h: number) => void): number {
    const w = this.w;
    const handle = w.engine.after(w.clocks[node].trueDelay(localMs), kind, node, ref);
    const byRef = this.tracked.get(node);
    if (byRef !== undefined) {
      const list = byRef.get(ref) ?? [];
      list.push({ kind, localDeadline: w.localNow(node) + localMs, handle, rehandle });
      byRef.set(ref, list);
    }
    return handle;
  }

  cancel(node: number, handle: number, ref: TimerRef): void {
    this.w.engine.cancel(handle);
    this.forget(node, ref, handle);
  }

  /** A timer of `ref` fired: drops its tracking record (the one no longer pending). Call before acting. */
  fired(ref: TimerRef): void {
    if (this.tracked.size > 0) {
      const engine = this.w.engine;
      for (const byRef of this.tracked.values()) {
        const list = byRef.get(ref);
        if (list === undefined) continue;
        const live = list.filter((t) => engine.isPending(t.handle));
        if (live.length === 0) byRef.delete(ref);
        else byRef.set(ref, live);
      }
    }
  }

  /** Reschedules the node's pending timers after its clock stepped or changed rate. */
  clockChanged(node: number): void {
    const byRef = this.tracked.get(node);
    if (byRef === undefined) return;
    const w = this.w;
    const clock = w.clocks[node];
    const now = w.engine.now;
    for (const [ref, list] of byRef) {
      for (const t of list) {
        if (!w.engine.cancel(t.handle)) continue;
        const at = Math.max(now, clock.trueTimeAt(t.localDeadline));
        t.handle = w.engine.at(at, t.kind, node, ref);
        t.rehandle(t.handle);
      }
    }
  }

  private forget(node: number, ref: TimerRef, handle: number): void {
    const list = this.tracked.get(node)?.get(ref);
    if (list === undefined) return;
    const i = list.findIndex((t) => t.handle === handle);
    if (i >= 0) list.splice(i, 1);
  }
}
