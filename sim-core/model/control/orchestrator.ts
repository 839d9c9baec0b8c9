import type { MetricsSink } from '../../metrics/sink.ts';
import { RESTARTED } from '../kinds.ts';
import type { ReplicaRuntime } from '../runtime.ts';
import type { Server } from '../server.ts';
import type { TimerService } from '../timers.ts';
import type { World } from '../world.ts';
import type { Prober, RestartPort } from './probes.ts';

/**
 * The orchestrator's restarts (the kubelet's, for a container whose liveness probe failed): the
 * replica's process is killed, so its queue and in-flight work are lost as in a crash; it is down
 * for `restartDelayMs` plus the back-off, then starts again, cold (`Server.markStarted`).
 *
 * Back-off as Kubernetes' CrashLoopBackOff (kubernetes.io, "Pod Lifecycle": "an exponential
 * back-off delay (10s, 20s, 40s, …), that is capped at five minutes", reset once the container
 * "has executed for 10 minutes without any problems"): the n-th restart in a row waits
 * min(initialMs x multiplier^(n-1), maxMs) on top of `restartDelayMs`, and n starts over when the
 * replica had run `resetAfterMs` since its last start.
 *
 * Control events: `restart` when the process is killed (detail: `restartsInRow`, `backoffMs`,
 * `downMs`) and `restarted` when it is up again; the timeline holds a `restart` entry between them.
 */
export class Orchestrator implements RestartPort {
  /** Open `restart` timeline entries by replica index (-1: none). */
  private readonly restartEntry: Int32Array;
  /** Connected by the builder. */
  prober!: Prober;

  constructor(
    private readonly w: World,
    private readonly timers: TimerService,
    private readonly metrics: MetricsSink,
    private readonly server: Server,
  ) {
    this.restartEntry = new Int32Array(w.replicas.length).fill(-1);
  }

  restart(replica: ReplicaRuntime, source: string): void {
    if (replica.restarting) return;
    const w = this.w;
    const now = w.engine.now;
    const spec = w.services[replica.service].spec;
    const policy = spec.restartPolicy;
    if (policy === null || now - replica.startedAt >= policy.resetAfterMs) replica.restartsInRow = 0;
    const n = ++replica.restartsInRow;
    const backoff = policy === null ? 0 : backoffMs(policy.initialMs, policy.multiplier, policy.maxMs, n);
    const down = spec.restartDelayMs + backoff;
    this.server.kill(replica);
    this.prober.refresh(replica);
    const service = spec.name;
    this.restartEntry[replica.index] = this.metrics.timelineStarted(
      { kind: 'restart', source, service, replica: replica.slot, node: replica.name },
      now,
    );
    this.metrics.controlEvent(
      {
        kind: 'restart',
        service,
        replica: replica.slot,
        source,
        detail: { restartsInRow: n, backoffMs: backoff, downMs: down },
      },
      now,
    );
    this.metrics.serviceRestart(replica.service, now);
    this.timers.afterTrue(down, RESTARTED, replica.node, replica);
  }

  /** The restart delay and back-off are over: the process runs again (unless a crash fault holds its node down). */
  onRestarted(replica: ReplicaRuntime): void {
    const now = this.w.engine.now;
    this.server.started(replica);
    this.prober.refresh(replica);
    const entry = this.restartEntry[replica.index];
    if (entry >= 0) this.metrics.timelineEnded(entry, now);
    this.restartEntry[replica.index] = -1;
    this.metrics.controlEvent(
      {
        kind: 'restarted',
        service: this.w.services[replica.service].spec.name,
        replica: replica.slot,
        source: 'orchestrator',
        detail: { restartsInRow: replica.restartsInRow, up: replica.up ? 1 : 0 },
      },
      now,
    );
  }
}

/**
 * min(initial x multiplier^(n-1), max), by repeated multiplication: `Math.pow` may differ in its
 * last bit between engines, and a restart time must be identical everywhere.
 */
export function backoffMs(initial: number, multiplier: number, max: number, n: number): number {
  let delay = initial;
  for (let k = 1; k < n && delay < max; k++) delay *= multiplier;
  return Math.min(delay, max);
}
