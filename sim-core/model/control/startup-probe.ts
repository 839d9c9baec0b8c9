import type { MetricsSink } from '../../metrics/sink.ts';
import type { ReplicaRuntime } from '../runtime.ts';
import type { ProbeLoop, ReplicaProbeState, RestartPort } from './probes.ts';

/** What the startup gate needs of the prober: restart a replica, recompute its readiness. */
export interface StartupHost extends RestartPort {
  refresh(replica: ReplicaRuntime): void;
}

/**
 * Kubernetes' startup probe (kubernetes.io, "Configure Liveness, Readiness and Startup Probes":
 * "all other probes are disabled if a startup probe is provided, until it succeeds"; "If the
 * startup probe fails, the kubelet kills the container"; the application has "a maximum of
 * failureThreshold * periodSeconds to finish its startup"; successThreshold "must be 1").
 *
 * The startup loop's per-replica verdict (`passing`) is the container's `started` flag: false from
 * each (re)start until one probe passes, true for replicas warm at the run's start. While it is
 * false the replica's liveness and readiness loops skip it and it is not ready; `failureThreshold`
 * failures in a row restart it (source `startup`), and the restart starts the count over.
 *
 * Control events: `startup-passed` (detail `successes`) and `startup-failed` (detail `failures`,
 * followed by the orchestrator's `restart`).
 */
export class StartupProbes {
  constructor(
    private readonly byService: readonly (readonly ProbeLoop[])[],
    private readonly serviceNames: readonly string[],
    private readonly metrics: MetricsSink,
    private readonly now: () => number,
    private readonly host: StartupHost,
  ) {}

  private loopOf(service: number): ProbeLoop | null {
    for (const loop of this.byService[service]) if (loop.role === 'startup') return loop;
    return null;
  }

  /** The replica's container has started: its startup probe passed (or it has none). */
  started(replica: ReplicaRuntime): boolean {
    const loop = this.loopOf(replica.service);
    return loop === null || loop.states[replica.slot].passing;
  }

  /** Whether a Kubernetes loop may probe the replica in `slot` now: startup before the start, the others after. */
  mayProbe(loop: ProbeLoop, slot: number): boolean {
    const startup = this.loopOf(loop.service);
    if (startup === null) return true;
    const started = startup.states[slot].passing;
    return loop.role === 'startup' ? !started : started;
  }

  /** One startup probe's result, counted in a row. */
  record(loop: ProbeLoop, replica: ReplicaRuntime, st: ReplicaProbeState, ok: boolean): void {
    if (st.passing) return;
    const event = (kind: string, detail: Record<string, number>) =>
      this.metrics.controlEvent(
        {
          kind,
          service: this.serviceNames[replica.service],
          replica: replica.slot,
          source: 'startup',
          detail,
        },
        this.now(),
      );
    if (ok) {
      st.fails = 0;
      st.oks++;
      if (st.oks < loop.spec.successThreshold) return;
      st.passing = true;
      event('startup-passed', { successes: st.oks });
      this.host.refresh(replica);
      return;
    }
    st.oks = 0;
    st.fails++;
    if (st.fails < loop.spec.failureThreshold) return;
    event('startup-failed', { failures: st.fails });
    this.host.restart(replica, 'startup');
  }
}
