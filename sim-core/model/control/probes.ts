import type { MetricsSink } from '../../metrics/sink.ts';
import type { RandomStreams } from '../../random/streams.ts';
import { NO_CALL_POLICY } from '../../scenario/policy-spec.ts';
import type { ProbeSpec } from '../../scenario/spec.ts';
import { type Call, type Job, newCall, newJob, ORIGIN_PROBE } from '../call.ts';
import { Edge } from '../edge.ts';
import { HEALTH_CHECK, PROBE_TIMEOUT } from '../kinds.ts';
import { SUCCEEDED } from '../outcome.ts';
import type { ProberPort } from '../ports.ts';
import { SLOT_READY } from '../replica-load.ts';
import type { ReplicaRuntime } from '../runtime.ts';
import type { TimerService } from '../timers.ts';
import type { Transport } from '../transport.ts';
import type { World } from '../world.ts';
import { reportReadyReplicas } from './ready-replicas.ts';
import { StartupProbes } from './startup-probe.ts';

/** What a probe loop decides: Envoy's health (`health-check`), Kubernetes readiness, liveness or startup. */
export type ProbeRole = 'health-check' | 'readiness' | 'liveness' | 'startup';

/** How a probe ended, for the metrics (`MetricsSink.probeEnded`). */
export const PROBE_PASSED = 0;
/** The replica answered with an error (its queue was full). */
export const PROBE_FAILED = 1;
/** No answer within `timeoutMs`: lost in the network, queued too long, or the replica is down. */
export const PROBE_TIMED_OUT = 2;

/** The call every probe of one loop belongs to: the prober's edge to the service and the probe's work. */
export interface ProbeCall extends Call {
  /** Work the probe costs the replica's worker, ms. */
  readonly costMs: number;
  readonly loop: ProbeLoop;
}

/** One replica as one probe loop sees it (Kubernetes keeps these per container and probe). */
export interface ReplicaProbeState {
  fails: number;
  oks: number;
  passing: boolean;
  /** The probe in flight (at most one per replica and loop), or null. */
  pending: Job | null;
  /** Handle of the open `not-ready` timeline entry this loop holds, -1 when none. */
  notReady: number;
}

/** One probe of one service, run by the service's prober node for every replica. */
export interface ProbeLoop {
  readonly role: ProbeRole;
  readonly service: number;
  /** The prober's node: the probes' sender (its entity in the trace). */
  readonly node: number;
  readonly spec: ProbeSpec;
  readonly call: ProbeCall;
  /** By replica slot. */
  readonly states: ReplicaProbeState[];
}

/** The orchestrator's verb the probes use: restart a replica whose liveness failed. */
export interface RestartPort {
  restart(replica: ReplicaRuntime, source: string): void;
}

/**
 * Probes that are requests. Each service with `probes` or `healthCheck` has a prober node of its
 * own (its load balancer and orchestrator, named `<service>~prober`). Every period it sends each
 * replica a probe over the network: lost in a partition that cuts the prober off, queued behind
 * real work unless the service has an admin path (`Server.probeArrives`), failed when no answer
 * comes within `timeoutMs` (measured from the send, on the prober's timer). Thresholds count in a
 * row, as Kubernetes ("Configure Liveness, Readiness and Startup Probes") and Envoy ("Health
 * checking": unhealthy_threshold, healthy_threshold) do:
 *
 * - health check (Envoy): `unhealthyThreshold` failures take the replica out of the load balancer
 *   (`healthy`), `healthyThreshold` passes bring it back;
 * - readiness (Kubernetes): `failureThreshold` failures take it out (`ready`), `successThreshold`
 *   passes bring it back; a replica that (re)starts is not ready until its probe first passes;
 * - liveness (Kubernetes): `failureThreshold` failures restart the replica (the orchestrator);
 * - startup (Kubernetes startupProbe): after each (re)start, liveness and readiness are not run
 *   (and the replica is not ready) until it passes once; `failureThreshold` failures in a row
 *   restart the replica, so a replica whose probes time out is restarted at its first tick after
 *   the start + `initialDelayMs`, plus (failureThreshold - 1) x periodMs + timeoutMs: the
 *   documented allowance failureThreshold x periodMs when `timeoutMs` = `periodMs`. Replicas
 *   already warm at the run's start count as started. See `startup-probe.ts`.
 *
 * A loop ticks at `initialDelayMs + k x periodMs` on the prober's clock; a replica is probed at a
 * tick when it has no probe in flight and (Kubernetes probes only) it is running and started at
 * least `initialDelayMs` ago. Kubernetes' ticker likewise skips a tick while a probe runs.
 *
 * Probes never count as user requests or attempts: they have their own counts
 * (`summary.services.<s>.probes`). While a probe holds a worker or waits in a queue it does count
 * in saturation (queue depth, utilisation), because it occupies the replica like any job.
 */
export class Prober implements ProberPort {
  readonly loops: ProbeLoop[] = [];
  /** Loops by service index. */
  private readonly byService: ProbeLoop[][];
  /** Connected by the builder. */
  orchestrator!: RestartPort;
  /** The startup probes' gate over the other loops; null when no service declares one. */
  private readonly startup: StartupProbes | null;
  /** The rollouts, told when a replica's readiness flips (null: no deployment in the run). */
  rollouts: { readinessChanged(replica: ReplicaRuntime): void } | null = null;

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
    private readonly transport: Pick<Transport, 'probe' | 'deliverable'>,
    streams: RandomStreams,
  ) {
    this.byService = w.services.map(() => []);
    for (const svc of w.services) {
      const node = w.proberNodes[svc.index];
      if (node < 0) continue;
      const spec = svc.spec;
      const hc = spec.healthCheck;
      // The edge is the prober's identity on the network; it draws nothing (no retries, no jitter).
      const edge = new Edge(
        -1,
        `${w.nodeNames[node]}->${spec.name}`,
        -1,
        node,
        svc.index,
        false,
        NO_CALL_POLICY,
        streams.stream(`prober:${spec.name}/unused`),
        false,
      );
      if (hc !== null) {
        this.add(svc.index, node, edge, 'health-check', {
          periodMs: hc.intervalMs,
          timeoutMs: hc.timeoutMs,
          failureThreshold: hc.unhealthyThreshold,
          successThreshold: hc.healthyThreshold,
          initialDelayMs: 0,
          costMs: hc.costMs,
        });
      }
      if (spec.probes?.readiness) this.add(svc.index, node, edge, 'readiness', spec.probes.readiness);
      if (spec.probes?.liveness) this.add(svc.index, node, edge, 'liveness', spec.probes.liveness);
      // Added last, so the loops (and call ids) of services without one stay as they were.
      if (spec.probes?.startup) this.add(svc.index, node, edge, 'startup', spec.probes.startup);
      metrics.probesDeclared(svc.index);
    }
    this.startup = this.loops.some((l) => l.role === 'startup')
      ? new StartupProbes(
          this.byService,
          w.services.map((x) => x.spec.name),
          metrics,
          () => w.engine.now,
          {
            restart: (replica, source) => this.orchestrator.restart(replica, source),
            refresh: (replica) => this.refresh(replica),
          },
        )
      : null;
  }

  private add(service: number, node: number, edge: Edge, role: ProbeRole, spec: ProbeSpec): void {
    const svc = this.w.services[service];
    const loop: ProbeLoop = {
      role,
      service,
      node,
      spec,
      call: null as unknown as ProbeCall,
      states: svc.replicas.map(() => ({ fails: 0, oks: 0, passing: true, pending: null, notReady: -1 })),
    };
    const call: ProbeCall = {
      ...newCall(
        -1 - this.loops.length,
        ORIGIN_PROBE,
        -1,
        0,
        edge,
        null,
        this.loops.length,
        -1,
        0,
        Number.POSITIVE_INFINITY,
        0,
      ),
      costMs: spec.costMs,
      loop,
    };
    (loop as { call: ProbeCall }).call = call;
    this.loops.push(loop);
    this.byService[service].push(loop);
  }

  /** Schedules every loop's first tick (at its initial delay). */
  start(): void {
    for (const loop of this.loops)
      this.timers.atTrue(loop.spec.initialDelayMs, HEALTH_CHECK, loop.node, loop);
  }

  /** A loop's tick: a probe to each replica that may be probed now, and the next tick. */
  onTick(loop: ProbeLoop): void {
    const w = this.w;
    const now = w.engine.now;
    const svc = w.services[loop.service];
    const kubernetes = loop.role !== 'health-check';
    svc.replicas.forEach((r, slot) => {
      const replica = w.replicas[r];
      const st = loop.states[slot];
      if (st.pending !== null) return;
      // Only replicas in the set are probed: an absent or provisioning slot has no container
      // yet, and a draining one has left the rotation for good.
      if (replica.lifecycle !== SLOT_READY) return;
      // The kubelet probes a running container only, and not before its initial delay.
      if (kubernetes && (replica.restarting || now - replica.startedAt < loop.spec.initialDelayMs)) return;
      // A startup probe probes until the container has started; the others only after.
      if (kubernetes && this.startup !== null && !this.startup.mayProbe(loop, slot)) return;
      this.send(loop, replica, st);
    });
    this.timers.afterTrue(loop.spec.periodMs, HEALTH_CHECK, loop.node, loop);
  }

  private send(loop: ProbeLoop, replica: ReplicaRuntime, st: ReplicaProbeState): void {
    const now = this.w.engine.now;
    const job = newJob(loop.call, replica.index, now, false, Number.POSITIVE_INFINITY);
    st.pending = job;
    this.metrics.probeSent(loop.service, now);
    // The prober's node has no clock fault (no scenario can name it), so its timer is true time.
    job.timer = this.timers.afterTrue(loop.spec.timeoutMs, PROBE_TIMEOUT, loop.node, job);
    this.transport.probe(job, loop.node, replica.node);
  }

  /** A probe's timeout fired: a failure, unless its answer came first. */
  onTimeout(job: Job): void {
    const loop = (job.call as ProbeCall).loop;
    const replica = this.w.replicas[job.replica];
    const st = loop.states[replica.slot];
    if (st.pending !== job) return;
    st.pending = null;
    job.open = false;
    this.metrics.probeEnded(loop.service, PROBE_TIMED_OUT, job.sentAt);
    this.record(loop, replica, st, false);
  }

  onAnswer(job: Job, viaNetwork: boolean): void {
    const loop = (job.call as ProbeCall).loop;
    const replica = this.w.replicas[job.replica];
    if (viaNetwork && !this.transport.deliverable(replica.node, loop.node)) return;
    const st = loop.states[replica.slot];
    // A late answer is ignored, and so is one from an incarnation since restarted (its timeout ends it).
    if (st.pending !== job || job.epoch !== replica.epoch) return;
    st.pending = null;
    job.open = false;
    this.w.engine.cancel(job.timer);
    const ok = job.outcome === SUCCEEDED;
    this.metrics.probeEnded(loop.service, ok ? PROBE_PASSED : PROBE_FAILED, job.sentAt);
    this.record(loop, replica, st, ok);
  }

  /** Counts a result in a row and flips the verdict at its threshold. */
  private record(loop: ProbeLoop, replica: ReplicaRuntime, st: ReplicaProbeState, ok: boolean): void {
    if (loop.role === 'startup') {
      this.startup?.record(loop, replica, st, ok);
      return;
    }
    if (ok) {
      st.fails = 0;
      st.oks++;
      if (!st.passing && st.oks >= loop.spec.successThreshold) {
        st.passing = true;
        this.flipped(loop, replica, st);
      }
    } else {
      st.oks = 0;
      st.fails++;
      if (st.passing && st.fails >= loop.spec.failureThreshold) {
        st.passing = false;
        this.flipped(loop, replica, st);
      }
    }
  }

  /**
   * A verdict changed. Control events: `readiness-failed` / `readiness-passed` (source
   * `readiness` or `health-check`: the replica leaves or rejoins the load balancer) and
   * `liveness-failed` (the orchestrator restarts it); detail: the results in a row that decided.
   */
  private flipped(loop: ProbeLoop, replica: ReplicaRuntime, st: ReplicaProbeState): void {
    const svc = this.w.services[loop.service];
    const now = this.w.engine.now;
    const event = (kind: string, detail: Record<string, number>) =>
      this.metrics.controlEvent(
        { kind, service: svc.spec.name, replica: replica.slot, source: loop.role, detail },
        now,
      );
    if (loop.role === 'liveness') {
      event('liveness-failed', { failures: st.fails });
      this.orchestrator.restart(replica, loop.role);
      return;
    }
    if (st.passing) event('readiness-passed', { successes: st.oks });
    else event('readiness-failed', { failures: st.fails });
    if (loop.role === 'health-check') replica.healthy = st.passing;
    this.refresh(replica);
  }

  /**
   * Recomputes the replica's readiness (not restarting, and every readiness probe passing) and
   * its `not-ready` timeline entries: one per loop that holds it out (`readiness` or `health-check`).
   */
  refresh(replica: ReplicaRuntime): void {
    let ready = !replica.restarting && (this.startup === null || this.startup.started(replica));
    for (const loop of this.byService[replica.service]) {
      if (loop.role === 'liveness' || loop.role === 'startup') continue;
      const st = loop.states[replica.slot];
      if (loop.role === 'readiness' && !st.passing) ready = false;
      const out = !st.passing;
      if (out && st.notReady < 0) {
        st.notReady = this.metrics.timelineStarted(
          {
            kind: 'not-ready',
            source: loop.role,
            service: this.w.services[replica.service].spec.name,
            replica: replica.slot,
            node: replica.name,
          },
          this.w.engine.now,
        );
      } else if (!out && st.notReady >= 0) {
        this.metrics.timelineEnded(st.notReady, this.w.engine.now);
        st.notReady = -1;
      }
    }
    const changed = replica.ready !== ready;
    replica.ready = ready;
    if (!changed) return;
    reportReadyReplicas(this.w.replicas, this.w.services[replica.service], this.metrics, this.w.engine.now);
    if (this.rollouts !== null) this.rollouts.readinessChanged(replica);
  }

  /**
   * The replica (re)started: Kubernetes probes start over for the new container (readiness
   * failing until it passes, liveness passing, counts at zero). A probe still in flight to the
   * old one ends by its timeout. Envoy's health checker does not see restarts: its state carries on.
   */
  replicaStarted(replica: ReplicaRuntime): void {
    for (const loop of this.byService[replica.service]) {
      if (loop.role === 'health-check') continue;
      const st = loop.states[replica.slot];
      st.fails = 0;
      st.oks = 0;
      // A new container has not started (startup) and is not ready (readiness) until its probe passes.
      st.passing = loop.role === 'liveness';
    }
    this.refresh(replica);
  }
}
