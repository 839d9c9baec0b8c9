import type { FailoverSummary } from '../../metrics/result.ts';
import type { MetricsSink } from '../../metrics/sink.ts';
import type { FailoverSpec } from '../../scenario/failover-spec.ts';
import { FAILOVER_PROMOTION, FAILOVER_TICK, HEARTBEAT_MESSAGE, HEARTBEAT_TIMEOUT } from '../kinds.ts';
import type { Network } from '../network.ts';
import { SLOT_READY, SLOT_STANDBY } from '../replica-load.ts';
import type { ReplicaRuntime, ServiceRuntime } from '../runtime.ts';
import type { TimerService } from '../timers.ts';
import type { World } from '../world.ts';
import { reportReadyReplicas } from './ready-replicas.ts';

/** What failover needs of the callee side: fence a demoted replica (its work is lost). */
export interface FencingServer {
  /** Stops the replica's work at once (STONITH) and brings it back empty; returns nothing. */
  fence(replica: ReplicaRuntime): void;
}

/** One heartbeat from a monitor to one replica slot, and its answer. */
export interface Heartbeat {
  readonly monitor: FailoverMonitor;
  readonly slot: number;
  readonly sentAt: number;
  /** False while it travels to the replica, true once the replica answered (the answer travels back). */
  answered: boolean;
  /** The engine handle of its timeout. */
  timer: number;
}

/** One slot as the monitor sees it, and the truth the accounting keeps beside it. */
interface SlotState {
  /** Heartbeats missed in a row. */
  misses: number;
  /** When the current run of answered heartbeats began (its first one's send), -1: none. */
  answeredSince: number;
  pending: Heartbeat | null;
  /** A promotion involving this slot is under way (as the one leaving or the one coming). */
  reserved: boolean;
  /** Truth: since when the replica has been down or paused, -1 while it runs. */
  downSince: number;
  /** The open `standby` timeline entry, -1 when none. */
  entry: number;
  /** For an original active slot: the slot standing in for it, -1 when it is active itself. */
  standIn: number;
}

/**
 * Active-passive failover of one service (`services.<s>.failover`), run from its monitor node
 * `<service>~monitor`. The monitor is a node of its own, placed beside the standbys (in the first
 * standby's zone), not the prober: the prober stands where the callers stand, so a cut between
 * callers and the active would also cut the traffic it judges; the monitor judges the active from
 * the standby's side, as a standby database's own agent or a keepalived backup does, so a flapping
 * link between the two sites makes it miss heartbeats while the active still serves its callers.
 *
 * Detection is the "N intervals missed" rule of keepalived (a backup declares the master down after
 * 3 x advert_int without an advertisement), Corosync (a token not seen within its token timeout)
 * and Patroni (a leader key not renewed within ttl, checked every loop_wait): every `intervalMs`
 * the monitor sends every slot a heartbeat over the network (lost in a partition, delayed by the
 * link); one not answered within `timeoutMs` of its send is missed; `missedThreshold` misses in a
 * row judge the slot dead. A replica answers while it is up and not paused (heartbeats have their
 * own path: they never queue behind requests). A dead active with a live standby is failed over:
 * `failover-detected` now, then `promotionMs` later the standby joins the load balancer's set
 * (`failover-promoted`) and the active leaves it (`failover-demoted`): fenced (its work lost) or
 * not (it finishes what it holds; answers it gives count as `servedAfterDemotion`). A failover
 * while the active was up and not paused is a `false-failover`. With `failback`, an original
 * active that answers every heartbeat for `afterMs` after its demotion takes its place back (a
 * planned switchover: `failback`, then the same promotion, never fenced), as keepalived's preempt.
 */
export class FailoverMonitor {
  readonly spec: FailoverSpec;
  readonly node: number;
  private readonly states: SlotState[];
  private readonly counts = {
    failovers: 0,
    falseFailovers: 0,
    forced: 0,
    failbacks: 0,
    detectionMs: [] as number[],
    unavailableMs: 0,
    requestsLost: 0,
    servedAfterDemotion: 0,
  };
  /** The action specs that forced a failover already (each forces one). */
  private readonly forcedBy = new Set<object>();
  /** Since when no replica serves (in the set, up, not paused), -1 while one does. */
  private unavailableSince = -1;

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly network: Network,
    private readonly metrics: MetricsSink,
    private readonly server: FencingServer,
    readonly svc: ServiceRuntime,
  ) {
    const spec = svc.spec.failover;
    if (spec === null) throw new Error(`failover: service "${svc.spec.name}" has no failover`);
    this.spec = spec;
    this.node = w.monitorNodes[svc.index];
    this.states = svc.replicas.map(() => ({
      misses: 0,
      answeredSince: -1,
      pending: null,
      reserved: false,
      downSince: -1,
      entry: -1,
      standIn: -1,
    }));
  }

  /** Opens the standbys' timeline entries and schedules the first heartbeats (one interval in). */
  start(): void {
    this.svc.replicas.forEach((_, slot) => {
      if (this.replica(slot).lifecycle === SLOT_STANDBY) this.openStandby(slot, 0);
    });
    this.timers.atTrue(this.spec.detector.intervalMs, FAILOVER_TICK, this.node, this);
  }

  private replica(slot: number): ReplicaRuntime {
    return this.w.replicas[this.svc.replicas[slot]];
  }

  /** The detector's tick: a heartbeat to every slot without one in flight, and the next tick. */
  onTick(): void {
    const now = this.w.engine.now;
    for (let slot = 0; slot < this.states.length; slot++) {
      const st = this.states[slot];
      if (st.pending !== null) continue;
      const hb: Heartbeat = { monitor: this, slot, sentAt: now, answered: false, timer: -1 };
      st.pending = hb;
      hb.timer = this.timers.afterTrue(this.spec.detector.timeoutMs, HEARTBEAT_TIMEOUT, this.node, hb);
      const rep = this.replica(slot);
      const delay = this.network.transit(this.node, rep.node);
      if (delay === 0) this.arrive(hb);
      else if (delay > 0) this.timers.afterTrue(delay, HEARTBEAT_MESSAGE, rep.node, hb);
    }
    this.timers.afterTrue(this.spec.detector.intervalMs, FAILOVER_TICK, this.node, this);
  }

  /** A heartbeat, or its answer, reached the other end. */
  onMessage(hb: Heartbeat): void {
    if (hb.answered) this.heard(hb, true);
    else this.arrive(hb);
  }

  private arrive(hb: Heartbeat): void {
    const rep = this.replica(hb.slot);
    if (!this.network.deliverable(this.node, rep.node)) return;
    // A crashed or stopped-the-world replica answers nothing.
    if (!rep.up || rep.pausedSince >= 0) return;
    hb.answered = true;
    const delay = this.network.transit(rep.node, this.node);
    if (delay === 0) this.heard(hb, false);
    else if (delay > 0) this.timers.afterTrue(delay, HEARTBEAT_MESSAGE, this.node, hb);
  }

  private heard(hb: Heartbeat, viaNetwork: boolean): void {
    const rep = this.replica(hb.slot);
    if (viaNetwork && !this.network.deliverable(rep.node, this.node)) return;
    const st = this.states[hb.slot];
    if (st.pending !== hb) return;
    st.pending = null;
    this.w.engine.cancel(hb.timer);
    st.misses = 0;
    if (st.answeredSince < 0) st.answeredSince = hb.sentAt;
    this.maybeFailBack(hb.slot);
  }

  /** A heartbeat's timeout fired: missed, unless its answer came first. */
  onTimeout(hb: Heartbeat): void {
    const st = this.states[hb.slot];
    if (st.pending !== hb) return;
    st.pending = null;
    st.answeredSince = -1;
    st.misses++;
    if (st.misses >= this.spec.detector.missedThreshold && this.replica(hb.slot).lifecycle === SLOT_READY)
      this.failOver(hb.slot, 'detector');
  }

  private alive(slot: number): boolean {
    return this.states[slot].misses < this.spec.detector.missedThreshold;
  }

  /** The first standby the monitor judges alive and no promotion holds, or -1. */
  private standbyFor(): number {
    for (let slot = 0; slot < this.states.length; slot++) {
      const st = this.states[slot];
      if (this.replica(slot).lifecycle === SLOT_STANDBY && !st.reserved && this.alive(slot)) return slot;
    }
    return -1;
  }

  /**
   * Fails the active `slot` over to a standby (none alive: nothing happens; the detector tries
   * again at its next miss). `source` is `detector` or what forced it (an alert's name).
   * Returns the standby's slot, or -1.
   */
  failOver(slot: number, source: string): number {
    const st = this.states[slot];
    if (st.reserved) return -1;
    const standby = this.standbyFor();
    if (standby < 0) return -1;
    const now = this.w.engine.now;
    const rep = this.replica(slot);
    const forced = source !== 'detector';
    const wasUp = rep.up && rep.pausedSince < 0;
    this.counts.failovers++;
    if (forced) this.counts.forced++;
    const detail: Record<string, number> = { standby, missed: st.misses, forced: forced ? 1 : 0 };
    if (!wasUp) {
      detail['detectionMs'] = now - st.downSince;
      if (!forced) this.counts.detectionMs.push(now - st.downSince);
    }
    this.event('failover-detected', slot, source, detail, now);
    if (wasUp && !forced) {
      this.counts.falseFailovers++;
      this.event('false-failover', slot, source, { standby, missed: st.misses }, now);
    }
    this.schedulePromotion(slot, standby, this.spec.fence, source);
    return standby;
  }

  /** Forces a failover once per `key` (an alert's action spec); the standby's slot, or -1. */
  forceOnce(key: object): number {
    if (this.forcedBy.has(key)) return -1;
    this.forcedBy.add(key);
    return this.force('alert');
  }

  /** Forces a failover of the service's first active slot; returns the standby's slot or -1. */
  force(source: string): number {
    for (let slot = 0; slot < this.states.length; slot++)
      if (this.replica(slot).lifecycle === SLOT_READY && !this.states[slot].reserved)
        return this.failOver(slot, source);
    return -1;
  }

  private maybeFailBack(slot: number): void {
    const back = this.spec.failback;
    const st = this.states[slot];
    if (back === null || st.standIn < 0 || st.reserved) return;
    const now = this.w.engine.now;
    if (now - st.answeredSince < back.afterMs) return;
    const active = st.standIn;
    if (this.states[active].reserved || this.replica(active).lifecycle !== SLOT_READY) return;
    this.counts.failbacks++;
    this.event('failback', slot, 'failback', { from: active, answeredMs: now - st.answeredSince }, now);
    this.schedulePromotion(active, slot, false, 'failback');
  }

  private schedulePromotion(leaving: number, coming: number, fence: boolean, source: string): void {
    this.states[leaving].reserved = true;
    this.states[coming].reserved = true;
    this.timers.atTrue(this.w.engine.now + this.spec.promotionMs, FAILOVER_PROMOTION, this.node, {
      apply: () => this.promote(leaving, coming, fence, source),
    });
  }

  /** The promotion time is over: `coming` joins the set, `leaving` leaves it (fenced or not). */
  private promote(leaving: number, coming: number, fence: boolean, source: string): void {
    const now = this.w.engine.now;
    const load = this.svc.load;
    const a = this.replica(leaving);
    const b = this.replica(coming);
    this.states[leaving].reserved = false;
    this.states[coming].reserved = false;
    this.closeStandby(coming, now);
    b.lifecycle = SLOT_READY;
    load.setInRotation(coming, true);
    this.event('failover-promoted', coming, source, { replaced: leaving }, now);
    a.lifecycle = SLOT_STANDBY;
    load.setInRotation(leaving, false);
    const held = a.inFlight;
    if (fence) this.server.fence(a);
    this.event('failover-demoted', leaving, source, { fenced: fence ? 1 : 0, held }, now);
    this.openStandby(leaving, now);
    reportReadyReplicas(this.w.replicas, this.svc, this.metrics, now);
    // Who stands in for whom: the original actives are slots below `replicas`.
    const original = this.svc.spec.replicas;
    if (coming < original) this.states[coming].standIn = -1;
    for (const st of this.states) if (st.standIn === leaving) st.standIn = coming;
    if (leaving < original) this.states[leaving].standIn = coming;
    // A demoted replica earns its failback with heartbeats answered from now on.
    this.states[leaving].answeredSince = -1;
    this.servingChanged(now);
  }

  /** A replica of this service crashed, (re)started, paused or resumed: the truth moved. */
  replicaChanged(replica: ReplicaRuntime): void {
    const now = this.w.engine.now;
    const st = this.states[replica.slot];
    const running = replica.up && replica.pausedSince < 0;
    if (running) st.downSince = -1;
    else if (st.downSince < 0) st.downSince = now;
    this.servingChanged(now);
  }

  /** Attempts the service lost at a replica that went down, or that reached one while down. */
  lost(n: number): void {
    this.counts.requestsLost += n;
  }

  /** A demoted (unfenced) replica answered an attempt it held: split-brain service. */
  servedAfterDemotion(): void {
    this.counts.servedAfterDemotion++;
  }

  private servingChanged(now: number): void {
    let serving = false;
    for (const r of this.svc.replicas) {
      const rep = this.w.replicas[r];
      if (rep.lifecycle === SLOT_READY && rep.up && rep.pausedSince < 0) serving = true;
    }
    if (!serving && this.unavailableSince < 0) this.unavailableSince = now;
    else if (serving && this.unavailableSince >= 0) {
      this.counts.unavailableMs += now - this.unavailableSince;
      this.unavailableSince = -1;
    }
  }

  /** The counts up to `end` (a time with no serving replica still open counts up to it). */
  summary(end: number): FailoverSummary {
    const c = this.counts;
    const open = this.unavailableSince >= 0 ? end - this.unavailableSince : 0;
    const n = c.detectionMs.length;
    return {
      failovers: c.failovers,
      falseFailovers: c.falseFailovers,
      forced: c.forced,
      failbacks: c.failbacks,
      detectionMs: [...c.detectionMs],
      meanDetectionMs: n === 0 ? null : c.detectionMs.reduce((x, y) => x + y, 0) / n,
      promotionMs: this.spec.promotionMs,
      unavailableMs: c.unavailableMs + open,
      requestsLost: c.requestsLost,
      servedAfterDemotion: c.servedAfterDemotion,
    };
  }

  private event(
    kind: string,
    slot: number,
    source: string,
    detail: Record<string, number>,
    now: number,
  ): void {
    this.metrics.controlEvent({ kind, service: this.svc.spec.name, replica: slot, source, detail }, now);
  }

  private openStandby(slot: number, now: number): void {
    const rep = this.replica(slot);
    this.states[slot].entry = this.metrics.timelineStarted(
      { kind: 'standby', source: 'failover', service: this.svc.spec.name, replica: slot, node: rep.name },
      now,
    );
  }

  private closeStandby(slot: number, now: number): void {
    const st = this.states[slot];
    if (st.entry < 0) return;
    this.metrics.timelineEnded(st.entry, now);
    st.entry = -1;
  }
}

/** The failover monitors of a run, one per service with `failover`. */
export class Failover {
  readonly monitors: FailoverMonitor[] = [];
  private readonly byService: (FailoverMonitor | null)[];

  constructor(w: World, timers: TimerService, metrics: MetricsSink, server: FencingServer) {
    this.byService = w.services.map((svc) => {
      if (svc.spec.failover === null) return null;
      const m = new FailoverMonitor(w, timers, w.network, metrics, server, svc);
      this.monitors.push(m);
      return m;
    });
  }

  start(): void {
    for (const m of this.monitors) m.start();
  }

  /** The monitor of service `s`, or null. */
  of(s: number): FailoverMonitor | null {
    return this.byService[s];
  }

  replicaChanged(replica: ReplicaRuntime): void {
    this.byService[replica.service]?.replicaChanged(replica);
  }

  lost(replica: ReplicaRuntime, n: number): void {
    if (n > 0) this.byService[replica.service]?.lost(n);
  }

  servedAfterDemotion(replica: ReplicaRuntime): void {
    this.byService[replica.service]?.servedAfterDemotion();
  }
}
