import type { MetricsSink } from '../metrics/sink.ts';
import { ORIGIN_CLIENT } from './call.ts';
import { drawKey } from './keys.ts';
import { ARRIVAL, HERD, THINK_DONE } from './kinds.ts';
import type { CallerPort } from './ports.ts';
import type { ClientRuntime } from './runtime.ts';
import type { TimerService } from './timers.ts';
import type { World } from './world.ts';

/**
 * The workload: each client's user requests. Open-loop clients follow their arrival process;
 * closed-loop users think, send one request, wait for it to end and think again; a `once`
 * client's users all send at one instant (a herd). Each request is a call on the client's edge.
 */
export class Clients {
  /** Connected by the builder. */
  caller!: CallerPort;

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
  ) {}

  /** Schedules the client's first requests. */
  start(c: ClientRuntime): void {
    const a = c.spec.arrival;
    if (c.arrivals !== null) {
      this.scheduleArrival(c, c.arrivals.next(0, c.rng));
    } else if (a.kind === 'closed') {
      // Each user starts with a think, so a population does not fire all at once at t = 0.
      for (let u = 0; u < a.users; u++) this.think(c);
    } else if (a.kind === 'once') {
      this.timers.atTrue(a.atMs, HERD, c.node);
    }
  }

  private scheduleArrival(c: ClientRuntime, t: number): void {
    if (t < this.w.scenario.durationMs) this.timers.atTrue(t, ARRIVAL, c.node);
  }

  private think(c: ClientRuntime): void {
    const delay = this.timers.trueDelay(c.node, c.think!.sample(c.rng));
    if (this.w.engine.now + delay < this.w.scenario.durationMs)
      this.timers.afterTrue(delay, THINK_DONE, c.node);
  }

  onArrival(c: ClientRuntime): void {
    // scheduleArrival written out: as a call, V8 boxed the time it passes (one heap number per request).
    const t = c.arrivals!.next(this.w.engine.now, c.rng);
    if (t < this.w.scenario.durationMs) this.timers.atTrue(t, ARRIVAL, c.node);
    this.issue(c);
  }

  /** A synchronized herd: every user of a `once` client sends its request now. */
  onHerd(c: ClientRuntime): void {
    const a = c.spec.arrival;
    if (a.kind === 'once') this.burst(c, a.users);
  }

  /** `n` user requests at this instant (herds and client-burst faults). */
  burst(c: ClientRuntime, n: number): void {
    for (let i = 0; i < n; i++) this.issue(c);
  }

  /**
   * The client's node goes down with its zone (a zone outage in crash mode): its users send
   * nothing until it is back. Requests already sent run their course (answers or timeouts), so
   * every request still ends once; open-loop arrivals keep their schedule and are not issued,
   * closed-loop users keep thinking and send again once the node is back.
   */
  stop(c: ClientRuntime): void {
    c.stopped++;
  }

  resume(c: ClientRuntime): void {
    if (c.stopped > 0) c.stopped--;
  }

  /** A user request: the root call of a client. */
  issue(c: ClientRuntime): void {
    if (c.stopped > 0) {
      if (c.think !== null) this.think(c);
      return;
    }
    const w = this.w;
    // The memory guard: the run stops after this event (the requests already issued in it
    // still run their course now, so the result stays consistent).
    if (++w.userRequestsInFlight > w.scenario.budget.maxInFlight) w.engine.halt();
    this.metrics.clientOffered(c.index, this.w.engine.now);
    const key = c.keyCdf === null ? -1 : drawKey(c.keyCdf, c.keyRng);
    this.caller.startCall(
      ORIGIN_CLIENT,
      c.index,
      c.spec.tier,
      c.edge,
      null,
      0,
      key,
      Number.POSITIVE_INFINITY,
    );
  }

  /** A closed-loop user's request ended: the user thinks, then sends the next. */
  requestEnded(c: ClientRuntime): void {
    this.think(c);
  }
}
