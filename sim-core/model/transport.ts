import type { Job } from './call.ts';
import { PROBE_ANSWERED, PROBE_ARRIVES, REQUEST_ARRIVES, RESPONSE_ARRIVES } from './kinds.ts';
import type { Network } from './network.ts';
import type { CallerPort, ProberPort, ServerPort } from './ports.ts';
import type { TimerService } from './timers.ts';

/**
 * The one network send of the model: an attempt to its replica or queue, an answer back to its
 * caller. The network decides the message's fate at send time: lost (the caller hears of it
 * through {@link CallerPort.lost}), delivered at once (a zero delay needs no event), or
 * delivered by an event after the link's delay.
 */
export class Transport {
  /** Connected by the builder. */
  caller!: CallerPort;
  server!: ServerPort;
  prober: ProberPort | null = null;

  constructor(
    private readonly network: Network,
    private readonly timers: TimerService,
  ) {}

  /** A message in flight reaches node `to`: false when a partition now stands between them (it is lost). */
  deliverable(from: number, to: number): boolean {
    return this.network.deliverable(from, to);
  }

  /** Sends attempt `job` from node `from` to node `to` (its replica's or queue's). */
  request(job: Job, from: number, to: number): void {
    const delay = this.network.transit(from, to);
    if (delay < 0) this.caller.lost(job);
    else if (delay === 0) this.server.arrive(job, false);
    else {
      // The message holds its job until it arrives (see `RecordPool.delivered`).
      job.holds++;
      this.timers.afterTrue(delay, REQUEST_ARRIVES, to, job);
    }
  }

  /** Sends `job`'s answer from node `from` back to its caller. */
  answer(job: Job, from: number): void {
    const to = job.call.edge.callerNode;
    const delay = this.network.transit(from, to);
    if (delay < 0) this.caller.lost(job);
    else if (delay === 0) this.caller.onAnswer(job, false);
    else {
      job.holds++;
      this.timers.afterTrue(delay, RESPONSE_ARRIVES, to, job);
    }
  }

  /** Sends probe `job` from its prober's node to its replica's; a lost probe is noticed only by the prober's timeout. */
  probe(job: Job, from: number, to: number): void {
    const delay = this.network.transit(from, to);
    if (delay < 0) return;
    if (delay === 0) this.server.probeArrives(job, false);
    else this.timers.afterTrue(delay, PROBE_ARRIVES, to, job);
  }

  /** Sends probe `job`'s answer from its replica's node back to its prober. */
  probeAnswer(job: Job, from: number): void {
    const to = job.call.edge.callerNode;
    const delay = this.network.transit(from, to);
    if (delay < 0 || this.prober === null) return;
    if (delay === 0) this.prober.onAnswer(job, false);
    else this.timers.afterTrue(delay, PROBE_ANSWERED, to, job);
  }
}
