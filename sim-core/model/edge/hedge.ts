import type { MetricsSink } from '../../metrics/sink.ts';
import { type Call, type Job, rehandleRetryTimer } from '../call.ts';
import { HEDGE } from '../kinds.ts';
import type { RunProbe } from '../probe.ts';
import type { TimerService } from '../timers.ts';

/**
 * Hedged requests: while a call's attempt is out, another is sent after the hedge delay (on the
 * caller's clock), up to `maxHedges` more; the first good answer wins and the others are
 * cancelled. A hedging call keeps its open attempts here.
 */
export class Hedging {
  /** Per call, its attempts still open (kept only for calls that hedge). */
  private readonly open = new Map<Call, Job[]>();

  constructor(
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
    private readonly clock: { readonly now: number },
    private readonly probe: RunProbe | null,
  ) {}

  /** A hedging call sent `job`: it is kept open, and the next hedge is due after the hedge delay. */
  sent(call: Call, job: Job): void {
    const edge = call.edge;
    const hedge = edge.policy.hedge!;
    let open = this.open.get(call);
    if (open === undefined) {
      open = [];
      this.open.set(call, open);
    }
    open.push(job);
    if (call.attempts <= hedge.maxHedges && call.retryTimer === -1) {
      call.retryTimer = this.timers.set(edge.callerNode, hedge.delayMs, HEDGE, call, rehandleRetryTimer);
    }
  }

  /** The attempt is over for its caller. */
  closed(call: Call, job: Job): void {
    const open = this.open.get(call);
    if (open === undefined) return;
    const i = open.indexOf(job);
    if (i >= 0) open.splice(i, 1);
  }

  /** The hedge delay passed: true when another attempt goes now. */
  due(call: Call): boolean {
    call.retryTimer = -1;
    const hedge = call.edge.policy.hedge;
    if (call.outcome !== -1 || call.inFlight === 0 || hedge === null || call.attempts > hedge.maxHedges)
      return false;
    this.metrics.edgeHedge(call.edge.group, this.clock.now);
    this.probe?.callerMoment?.('hedge', call, null);
    return true;
  }

  /** The call ended: its attempts still open, to cancel (undefined: none kept). */
  ended(call: Call): Job[] | undefined {
    const open = this.open.get(call);
    if (open !== undefined) this.open.delete(call);
    return open;
  }
}
