import type { Engine } from '../engine/engine.ts';
import type { Call, Job } from './call.ts';
import type { NodeClock } from './clock.ts';
import type { Payload } from './kinds.ts';
import type { LeaderTimerRef } from './leader-stores.ts';

/** What a node timer carries: the attempt or the call it times. */
type TimerRef = Call | Job | LeaderTimerRef;

/**
 * Stores a rescheduled timer's new handle where `ref`'s owner keeps it (`job.timer`,
 * `call.deadlineTimer`...). One function per kind of timer, not a closure per timer: setting a
 * timer allocates nothing.
 */
export type Rehandle<R> = (ref: R, handle: number) => void;

interface TrackedTimer {
  readonly kind: number;
  readonly localDeadline: number;
  handle: number;
  readonly rehandle: Rehandle<TimerRef>;
}

/**
 * Time as the model's nodes see it, and the one way a node sets a timer.
 *
 * A node timer ({@link set}) is a local duration: it fires when the node's clock has advanced by
 * it, so a fast clock fires early and a slow one late. For nodes whose clock a fault will step or
 * re-rate, timers are also tracked by their local deadline and rescheduled when the clock changes:
 * a clock stepped forward fires pending timeouts at once, one stepped back delays them (clocks do
 * jump back). Other nodes pay nothing.
 *
 * The true-time exceptions, all scheduled through {@link afterTrue} / {@link atTrue} and no other
 * way, are delays that no node's clock measures:
 * - network transit of a request or an answer (the link's latency);
 * - a worker's service time, and the rest of it after a pause;
 * - a cache hit's latency;
 * - probe and health-check periods and timeouts, and the orchestrator's restart delays: the prober
 *   node (`control/probes.ts`) has no clock fault, since no scenario can name it;
 * - an autoscaler's period, provisioning delays and drain timeouts (the control plane's);
 * - arrival processes and herds (the workload's schedule is in true time);
 * - a queue message's visibility timeout (the queue is the clock);
 * - an inherited (propagated) deadline, fixed in true time when it was handed down;
 * - a closed-loop user's think time: drawn on the user's clock and converted once with
 *   {@link trueDelay}, not rescheduled if that clock later changes.
 */
export class TimerService {
  private readonly tracked = new Map<number, Map<TimerRef, TrackedTimer[]>>();

  constructor(
    private readonly engine: Engine<Payload>,
    private readonly clocks: readonly NodeClock[],
  ) {}

  /** The node's local clock reading now. */
  localNow(node: number): number {
    return this.clocks[node].localTime(this.engine.now);
  }

  /** True time that passes while `node`'s clock advances by `localMs` (at its current rate). */
  trueDelay(node: number, localMs: number): number {
    return this.clocks[node].trueDelay(localMs);
  }

  /** Marks a node whose clock will change during the run. */
  track(node: number): void {
    if (!this.tracked.has(node)) this.tracked.set(node, new Map());
  }

  /**
   * Sets a timer of `localMs` on `node`'s clock; returns the engine handle. `lane` (an edge
   * group's index, for its attempt timeouts: one duration, so they come in order) puts it in that lane of the event queue (`Engine.afterInLane`):
   * the same order of events, cheaper for timers that are set in order and mostly cancelled.
   */
  set<R extends TimerRef>(
    node: number,
    localMs: number,
    kind: number,
    ref: R,
    rehandle: Rehandle<R>,
    lane = -1,
  ): number {
    const delay = this.clocks[node].trueDelay(localMs);
    const handle =
      lane < 0
        ? this.engine.after(delay, kind, node, ref)
        : this.engine.afterInLane(lane, delay, kind, node, ref);
    const byRef = this.tracked.get(node);
    if (byRef !== undefined) {
      const list = byRef.get(ref) ?? [];
      list.push({
        kind,
        localDeadline: this.localNow(node) + localMs,
        handle,
        rehandle: rehandle as Rehandle<TimerRef>,
      });
      byRef.set(ref, list);
    }
    return handle;
  }

  cancel(node: number, handle: number, ref: TimerRef): void {
    this.engine.cancel(handle);
    this.forget(node, ref, handle);
  }

  /** A timer of `ref` fired: drops its tracking record (the one no longer pending). Call before acting. */
  fired(ref: TimerRef): void {
    if (this.tracked.size > 0) {
      const engine = this.engine;
      for (const byRef of this.tracked.values()) {
        const list = byRef.get(ref);
        if (list === undefined) continue;
        // The timer firing now is asked apart: the others are pending, and a handle is never
        // used once its event is gone (the queue's handles wrap: see event-queue.ts).
        const live = list.filter((t) => !engine.isFiring(t.handle) && engine.isPending(t.handle));
        if (live.length === 0) byRef.delete(ref);
        else byRef.set(ref, live);
      }
    }
  }

  /** Reschedules the node's pending timers after its clock stepped or changed rate. */
  clockChanged(node: number): void {
    const byRef = this.tracked.get(node);
    if (byRef === undefined) return;
    const engine = this.engine;
    const clock = this.clocks[node];
    const now = engine.now;
    for (const [ref, list] of byRef) {
      for (const t of list) {
        if (!engine.cancel(t.handle)) continue;
        const at = Math.max(now, clock.trueTimeAt(t.localDeadline));
        t.handle = engine.at(at, t.kind, node, ref);
        t.rehandle(ref, t.handle);
      }
    }
  }

  /** One of the true-time delays listed above, `delayMs` from now; returns the engine handle. */
  afterTrue(delayMs: number, kind: number, node: number, ref?: Payload): number {
    return this.engine.after(delayMs, kind, node, ref);
  }

  /** One of the true-time delays listed above, at true time `atMs`; returns the engine handle. */
  atTrue(atMs: number, kind: number, node: number, ref?: Payload): number {
    return this.engine.at(atMs, kind, node, ref);
  }

  private forget(node: number, ref: TimerRef, handle: number): void {
    const list = this.tracked.get(node)?.get(ref);
    if (list === undefined) return;
    const i = list.findIndex((t) => t.handle === handle);
    if (i >= 0) list.splice(i, 1);
  }
}
