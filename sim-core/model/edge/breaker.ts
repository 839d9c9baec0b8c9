import { type BreakerState, CircuitBreaker } from '../../patterns/circuit-breaker.ts';
import type { Call, Job } from '../call.ts';
import type { Edge } from '../edge.ts';
import { BREAKER_OPEN } from '../outcome.ts';
import { BREAKER_STATE_CLOSED, BREAKER_STATE_HALF_OPEN, BREAKER_STATE_OPEN } from './breaker-state.ts';
import { ADMIT, BaseGuard, type GuardContext, type GuardFactory } from './guard.ts';

/** The pattern's state names as the model's state numbers. */
const STATE: Record<BreakerState, number> = {
  CLOSED: BREAKER_STATE_CLOSED,
  OPEN: BREAKER_STATE_OPEN,
  HALF_OPEN: BREAKER_STATE_HALF_OPEN,
};

/**
 * The circuit breaker as a guard: an attempt needs the breaker's permission; every attempt it
 * permitted reports its result (a refusal by a later guard counts as a result of 0 ms), or gives
 * the permission back when cancelled. The state machine itself is Resilience4j's, in
 * `patterns/circuit-breaker.ts`; its transitions go to the metrics in true time.
 */
export class BreakerGuard extends BaseGuard {
  readonly breaker: CircuitBreaker;
  /** Transitions already reported. */
  private seen = 0;
  private readonly nodeName: string;

  constructor(
    private readonly edge: Edge,
    private readonly ctx: GuardContext,
  ) {
    super();
    this.breaker = new CircuitBreaker(edge.policy.breaker!);
    this.nodeName = ctx.nodeName(edge.callerNode);
    ctx.metrics.breakerDeclared(edge.group);
  }

  admit(_call: Call, local: number): number {
    const allowed = this.breaker.tryAcquirePermission(local);
    this.sync();
    return allowed ? ADMIT : BREAKER_OPEN;
  }

  override refusedLater(cause: number, local: number): void {
    this.breaker.onResult(local, 0, this.edge.countsAsBreakerFailure(cause));
    this.sync();
  }

  override ended(_job: Job, outcome: number, rttMs: number, local: number): void {
    this.breaker.onResult(local, rttMs, this.edge.countsAsBreakerFailure(outcome));
    this.sync();
  }

  override cancelled(_job: Job, _local: number): void {
    this.breaker.releasePermission();
    this.sync();
  }

  /** Reports the breaker's new transitions to the metrics (in true time). */
  private sync(): void {
    const transitions = this.breaker.transitions;
    while (this.seen < transitions.length) {
      const t = transitions[this.seen++];
      this.ctx.metrics.breakerTransition(
        this.edge.group,
        this.nodeName,
        STATE[t.from],
        STATE[t.to],
        this.ctx.now(),
      );
    }
  }
}

export const breakerGuard: GuardFactory = (edge, ctx) =>
  edge.policy.breaker === null ? null : new BreakerGuard(edge, ctx);
