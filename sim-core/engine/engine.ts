import { EventQueue } from './event-queue.ts';
import { HI, LO, scramble, step, TraceHash, timeScratch, timeWords } from './trace-hash.ts';

/** Why a run (or a slice of it) stopped. */
export type StopReason =
  /** Simulated time reached the run's end. */
  | 'completed'
  /** No event was left to process before the end. */
  | 'drained'
  /** The event budget ran out: a runaway run was stopped. */
  | 'max-events'
  /** A handler called {@link Engine.halt}: the run stopped right after that event. */
  | 'halted';

/** Handles the events of one kind. `entity` is a stable integer id; `ref` is the event's payload. */
export type EventHandler<Ref> = (entity: number, ref: Ref | undefined) => void;

/**
 * Handles every event in one call: `kind` says which handler it is (see {@link Engine.dispatchWith}).
 */
export type EventDispatcher<Ref> = (kind: number, entity: number, ref: Ref | undefined) => void;

/** Sees every processed event, in order (for trace export and determinism checks). */
export type EventObserver = (time: number, kind: number, entity: number) => void;

/** How {@link Engine}'s batch of events ended. */
const REACHED_UNTIL = 0;
const BATCH_FULL = 1;
const OUT_OF_BUDGET = 2;
/** Events per batch: enough that the call per batch costs nothing measurable. */
const BATCH = 256;

/** Bands order events at the same instant: control (faults) before ordinary events. */
export const BAND_CONTROL = 0;
export const BAND_NORMAL = 1;

/**
 * The discrete-event kernel: virtual time, the pending events, dispatch by kind, the trace hash.
 *
 * It owns time: callers advance it with {@link runUntil}, in one call or in slices; the result
 * is the same either way because a slice stops between events, never inside one.
 */
export class Engine<Ref = unknown> {
  /** Current simulated time in milliseconds. */
  now = 0;
  /** Events processed so far. */
  processed = 0;
  private readonly queue = new EventQueue<Ref>();
  private readonly handlers: EventHandler<Ref>[] = [];
  private readonly kindNames: string[] = [];
  /** Hands each event to its handler: by default through the table of {@link defineKind}. */
  private dispatch: EventDispatcher<Ref> = (kind, entity, ref) => this.handlers[kind](entity, ref);
  private readonly hash = new TraceHash();
  private observer: EventObserver | undefined;
  /**
   * The loop stops once `processed` reaches this. A field, not a local, so that a handler's
   * {@link halt} takes effect after the very event that called it, whatever the slicing.
   */
  private limit = Number.POSITIVE_INFINITY;
  private halted = false;

  /** Declares an event kind; kinds are numbered in declaration order, which must be stable. */
  defineKind(name: string, handler: EventHandler<Ref>): number {
    this.handlers.push(handler);
    this.kindNames.push(name);
    return this.handlers.length - 1;
  }

  /**
   * Hands every event to `dispatcher` instead of the handler table (the handlers declared with
   * {@link defineKind} then only name the kinds). Why: the table's one call site sees a different
   * closure per kind, and once more than four kinds are live V8 treats it as megamorphic and
   * inlines none of them; a dispatcher that switches on the kind gives each handler a call site
   * of its own, monomorphic, that V8 can inline.
   */
  dispatchWith(dispatcher: EventDispatcher<Ref>): void {
    this.dispatch = dispatcher;
  }

  /** Number of kinds declared (kind numbers are 0 .. kindCount - 1). */
  get kindCount(): number {
    return this.kindNames.length;
  }

  /** The handler {@link defineKind} declared for `kind` (for a dispatcher's rarer kinds). */
  handlerOf(kind: number): EventHandler<Ref> {
    return this.handlers[kind];
  }

  kindName(kind: number): string {
    return this.kindNames[kind] ?? `kind#${kind}`;
  }

  /** Schedules an event at absolute time `time` (clamped to now: the past cannot be scheduled). */
  at(time: number, kind: number, entity: number, ref?: Ref, band = BAND_NORMAL): number {
    return this.queue.push(Math.max(time, this.now), kind, entity, ref, band);
  }

  /** Schedules an event `delay` ms from now. */
  after(delay: number, kind: number, entity: number, ref?: Ref, band = BAND_NORMAL): number {
    return this.queue.push(delay > 0 ? this.now + delay : this.now, kind, entity, ref, band);
  }

  /**
   * Schedules an event `delay` ms from now in lane `lane` of the queue (see `EventQueue.pushInLane`):
   * for events that mostly come in order and are mostly cancelled, such as an edge group's
   * attempt timeouts. The same order of events and the same handle as {@link after}: only cheaper.
   */
  afterInLane(
    lane: number,
    delay: number,
    kind: number,
    entity: number,
    ref?: Ref,
    band = BAND_NORMAL,
  ): number {
    return this.queue.pushInLane(lane, delay > 0 ? this.now + delay : this.now, kind, entity, ref, band);
  }

  /** Cancels a scheduled event; false when it already ran or was cancelled. */
  cancel(handle: number): boolean {
    return this.queue.cancel(handle);
  }

  /** True while a scheduled event has neither run nor been cancelled. */
  isPending(handle: number): boolean {
    return this.queue.isPending(handle);
  }

  /** True when `handle` is the event being handled now (no longer pending, but not stale either). */
  isFiring(handle: number): boolean {
    return this.queue.isFiring(handle);
  }

  /** Time of the next pending event (Infinity when none). */
  peek(): number {
    return this.queue.peekTime();
  }

  get pending(): number {
    return this.queue.size;
  }

  observe(observer: EventObserver | undefined): void {
    this.observer = observer;
  }

  /**
   * Stops the run after the event being processed (a guard, e.g. too many requests in flight):
   * the current and every later {@link runUntil} return 'halted' without processing anything
   * more, and the clock stays at this event's time. Idempotent.
   */
  halt(): void {
    this.halted = true;
    this.limit = this.processed;
  }

  /** True once {@link halt} was called. */
  get isHalted(): boolean {
    return this.halted;
  }

  /**
   * Processes every event with time <= `until`, then sets the clock to `until`.
   * Stops early (returning 'max-events') once `processed` reaches `maxEvents`, or ('halted')
   * right after an event that called {@link halt}.
   * Returns null when it reached `until` with events still pending after it.
   */
  runUntil(until: number, maxEvents = Number.POSITIVE_INFINITY): StopReason | null {
    if (!this.halted) this.limit = maxEvents;
    let end: number;
    do end = this.runBatch(until);
    while (end === BATCH_FULL);
    if (this.halted) return 'halted';
    if (end === OUT_OF_BUDGET) return 'max-events';
    if (until > this.now && until !== Number.POSITIVE_INFINITY) this.now = until;
    return this.queue.size === 0 ? 'drained' : null;
  }

  /**
   * The event loop proper, at most {@link BATCH} events per call. Why batches: a slice can hold
   * millions of events, and V8 compiles a loop that long on-stack while it runs for the first
   * time, before the code after it has ever run; with no type feedback there, that compiled loop
   * deoptimised at the end of every later slice, for the whole run. Short calls get ordinary
   * optimised code instead, and their exits run thousands of times before it is compiled.
   */
  private runBatch(until: number): number {
    const q = this.queue;
    const dispatch = this.dispatch;
    const hash = this.hash;
    // The hash lanes live in locals for the loop (V8 keeps them in registers; as fields, every
    // event stored and reloaded them: about 5% of an M/M/1 run) and are written back after it.
    let a = hash.a;
    let b = hash.b;
    let end = REACHED_UNTIL;
    // Events folded so far in this batch: the hash's event count is added once, after the loop.
    let n = 0;
    for (; !q.isEmpty && q.peekTime() <= until; n++) {
      if (this.processed >= this.limit) {
        end = OUT_OF_BUDGET;
        break;
      }
      if (n === BATCH) {
        end = BATCH_FULL;
        break;
      }
      const slot = q.pop();
      const time = q.time(slot);
      const kind = q.kind(slot);
      const entity = q.entity(slot);
      const ref = q.takeRef(slot);
      this.now = time;
      this.processed++;
      timeScratch[0] = time;
      const lo = timeWords[LO];
      const hi = timeWords[HI];
      // TraceHash.add's folds, written out, with each word scrambled once for both lanes.
      const slo = scramble(lo);
      const shi = scramble(hi);
      const ske = scramble((kind << 20) ^ entity);
      a = step(step(step(a, slo), shi), ske);
      b = step(step(step(b, shi), ske), slo);
      if (this.observer !== undefined) this.observer(time, kind, entity);
      dispatch(kind, entity, ref);
    }
    hash.a = a;
    hash.b = b;
    hash.n += n;
    return end;
  }

  /** The hash of every event processed so far (16 hex digits). */
  traceHash(): string {
    return this.hash.hex();
  }
}
