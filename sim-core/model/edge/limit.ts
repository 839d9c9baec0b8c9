import { type ConcurrencyLimit, createAdaptiveLimit } from '../../patterns/adaptive-limit.ts';
import type { Call, Job } from '../call.ts';
import type { Edge } from '../edge.ts';
import { LIMITED, TIMED_OUT } from '../outcome.ts';
import { ADMIT, BaseGuard, type GuardContext, type GuardFactory } from './guard.ts';

/**
 * An adaptive concurrency limit (AIMD, Vegas, gradient) as a guard: an attempt is refused while
 * the edge has as many in flight as the limit allows; every result is a sample that moves it
 * (timeouts and limited answers count as drops).
 */
export class LimitGuard extends BaseGuard {
  constructor(
    private readonly edge: Edge,
    private readonly ctx: GuardContext,
    readonly limit: ConcurrencyLimit,
  ) {
    super();
    ctx.metrics.limitChanged(edge.group, limit.limit, limit.limit, 0, true);
  }

  admit(_call: Call, _local: number): number {
    return this.edge.inFlight >= Math.floor(this.limit.limit) ? LIMITED : ADMIT;
  }

  override ended(_job: Job, outcome: number, rttMs: number, local: number): void {
    const limit = this.limit;
    const before = limit.limit;
    limit.onSample(local, rttMs, this.edge.inFlight + 1, outcome === TIMED_OUT || outcome === LIMITED);
    const after = limit.limit;
    if (after !== before)
      this.ctx.metrics.limitChanged(this.edge.group, after - before, after, this.ctx.now(), false);
  }
}

export const limitGuard: GuardFactory = (edge, ctx) => {
  const spec = edge.policy.adaptiveLimit;
  if (spec === null) return null;
  return new LimitGuard(edge, ctx, createAdaptiveLimit(spec, ctx.streams.stream(`edge:${edge.name}/limit`)));
};
