import type { BulkheadSpec } from '../../scenario/policy-spec.ts';
import { type Call, type Job, rehandleRetryTimer } from '../call.ts';
import type { Edge } from '../edge.ts';
import { BULKHEAD_TIMEOUT } from '../kinds.ts';
import { BULKHEAD_FULL } from '../outcome.ts';
import { FifoQueue } from '../queue-discipline.ts';
import { Resource } from '../resource.ts';
import { ADMIT, BaseGuard, type GuardContext, type GuardFactory, WAIT } from './guard.ts';

/**
 * A bulkhead (Resilience4j's semaphore bulkhead): at most `maxConcurrent` attempts of the edge
 * at once; a further one waits up to `maxWaitMs` on the caller's clock for a slot (longest
 * waiting first), or is refused at once when it may not wait.
 */
export class BulkheadGuard extends BaseGuard {
  /** Slots held by attempts, and the calls waiting for one (longest first). */
  readonly slots: Resource<Call, FifoQueue<Call>>;

  constructor(
    private readonly edge: Edge,
    private readonly spec: BulkheadSpec,
    private readonly ctx: GuardContext,
    private readonly index: number,
  ) {
    super();
    this.slots = new Resource(spec.maxConcurrent, new FifoQueue<Call>());
  }

  admit(call: Call, _local: number): number {
    const slots = this.slots;
    if (slots.hasFree()) {
      slots.take();
      return ADMIT;
    }
    if (this.spec.maxWaitMs <= 0) return BULKHEAD_FULL;
    slots.wait(call, 0);
    // The wait's timer uses the call's retry slot: a waiting call has no retry or hedge pending.
    call.retryTimer = this.ctx.timers.set(
      this.edge.callerNode,
      this.spec.maxWaitMs,
      BULKHEAD_TIMEOUT,
      call,
      rehandleRetryTimer,
    );
    return WAIT;
  }

  override waitTimedOut(call: Call): number {
    return this.slots.waiting.remove(call) ? BULKHEAD_FULL : ADMIT;
  }

  /** A slot was freed: the longest-waiting live call takes it. */
  override released(_job: Job): void {
    const slots = this.slots;
    slots.release();
    for (;;) {
      const next = slots.next();
      if (next === undefined) return;
      if (next.outcome !== -1) continue;
      if (next.retryTimer !== -1) {
        this.ctx.timers.cancel(this.edge.callerNode, next.retryTimer, next);
        next.retryTimer = -1;
      }
      slots.take();
      this.ctx.host.resume(next, this.index);
      return;
    }
  }
}

export const bulkheadGuard: GuardFactory = (edge, ctx, index) =>
  edge.policy.bulkhead === null ? null : new BulkheadGuard(edge, edge.policy.bulkhead, ctx, index);
