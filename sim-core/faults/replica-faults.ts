import type { ReplicaRuntime } from '../model/runtime.ts';
import type { FaultSpec } from '../scenario/fault-spec.ts';
import { type FaultActions, unionProbability } from './actions.ts';
import type { FaultTargets } from './targets.ts';
import type { FaultView } from './view.ts';

/** One fault's share of a replica's latency: service time x multiply + addMs. */
interface LatencyShare {
  addMs: number;
  multiply: number;
}

/** The faults acting on one replica now. Lists hold the active faults' shares, oldest first. */
interface ReplicaFaultState {
  /** Crash faults holding the replica down (it restarts when the last one ends). */
  down: number;
  /** Pause faults holding it stopped. */
  paused: number;
  readonly workers: number[];
  readonly latency: LatencyShare[];
  readonly errors: number[];
  readonly corrupt: number[];
}

/**
 * Faults that act on replicas, with their verbs: `crash`/`restart`, `pause`/`resume`, and shares
 * of capacity, latency, errors and corruption that are added and removed. Overlapping faults
 * compose: every active fault keeps its own share and the replica's value is recomputed from the
 * shares left, so ending one fault undoes exactly its part (and the last one restores the base).
 */
export class ReplicaFaults {
  private readonly state: ReplicaFaultState[];

  constructor(private readonly w: FaultView) {
    this.state = w.replicas.map(() => ({
      down: 0,
      paused: 0,
      workers: [],
      latency: [],
      errors: [],
      corrupt: [],
    }));
  }

  /** Fail-stop: queued and in-flight work is lost. Overlapping crashes keep it down until the last ends. */
  crash(r: number): void {
    if (this.state[r].down++ === 0) this.w.crash(this.w.replicas[r]);
  }

  restart(r: number): void {
    const s = this.state[r];
    if (s.down <= 0 || --s.down > 0) return;
    const replica = this.w.replicas[r];
    this.w.restart(replica);
    // A crash ends a stop-the-world pause; one still in force stops the new incarnation too.
    if (s.paused > 0) this.w.pause(replica);
  }

  /** Crash and restart at once (a leak's end): in-flight work is lost, the replica serves again. */
  bounce(r: number): void {
    if (this.state[r].down > 0) return;
    this.crash(r);
    this.restart(r);
  }

  pause(r: number): void {
    const s = this.state[r];
    if (s.paused++ === 0 && s.down === 0) this.w.pause(this.w.replicas[r]);
  }

  resume(r: number): void {
    const s = this.state[r];
    if (s.paused <= 0 || --s.paused > 0) return;
    this.w.resume(this.w.replicas[r]);
  }

  /** Workers drop to `workers` while the share is held; the lowest active share wins. */
  limitWorkers(r: number, workers: number): void {
    this.state[r].workers.push(workers);
    this.applyWorkers(r);
  }

  restoreWorkers(r: number, workers: number): void {
    remove(this.state[r].workers, workers);
    this.applyWorkers(r);
  }

  addLatency(r: number, share: LatencyShare): void {
    this.state[r].latency.push(share);
    this.applyLatency(r);
  }

  removeLatency(r: number, share: LatencyShare): void {
    remove(this.state[r].latency, share);
    this.applyLatency(r);
  }

  /** Recomputes the replica's latency after a share changed in place (a leak growing). */
  latencyChanged(r: number): void {
    this.applyLatency(r);
  }

  /** Requests fail with probability p, independently of the base error rate and other faults. */
  injectErrors(r: number, p: number): void {
    this.state[r].errors.push(p);
    this.applyErrors(r);
  }

  clearErrors(r: number, p: number): void {
    remove(this.state[r].errors, p);
    this.applyErrors(r);
  }

  corrupt(r: number, p: number): void {
    this.state[r].corrupt.push(p);
    this.w.replicas[r].corruptProbability = unionProbability(
      this.w.replicas[r].baseCorruptProbability,
      this.state[r].corrupt,
    );
  }

  uncorrupt(r: number, p: number): void {
    remove(this.state[r].corrupt, p);
    this.w.replicas[r].corruptProbability = unionProbability(
      this.w.replicas[r].baseCorruptProbability,
      this.state[r].corrupt,
    );
  }

  private applyWorkers(r: number): void {
    const replica = this.w.replicas[r];
    const workers = this.state[r].workers.reduce((m, x) => Math.min(m, x), replica.baseConcurrency);
    if (workers !== replica.workers.capacity) this.w.setConcurrency(replica, workers);
  }

  private applyLatency(r: number): void {
    const replica: ReplicaRuntime = this.w.replicas[r];
    let add = 0;
    let mul = 1;
    for (const s of this.state[r].latency) {
      add += s.addMs;
      mul *= s.multiply;
    }
    replica.latencyAdd = add;
    replica.latencyMul = mul;
  }

  private applyErrors(r: number): void {
    const replica = this.w.replicas[r];
    replica.errorProbability = unionProbability(replica.baseErrorProbability, this.state[r].errors);
  }
}

/** Removes one occurrence of `x` (by identity), the oldest. */
function remove<T>(list: T[], x: T): void {
  const i = list.indexOf(x);
  if (i >= 0) list.splice(i, 1);
}

const LEAK_TICK_MS = 1000;

/** The actions of a replica fault: crash, latency (at a service), errors, capacity, pause, disk stall, corrupt and leak. */
export function replicaFaultActions(
  w: FaultView,
  faults: ReplicaFaults,
  targets: FaultTargets,
  i: number,
  f: FaultSpec,
): FaultActions {
  const each = (replicas: number[], verb: (r: number) => void) => () => {
    for (const r of replicas) verb(r);
  };
  const nodeOf = (replicas: number[]) => w.replicas[replicas[0]].node;
  switch (f.kind) {
    case 'crash': {
      const rs = targets.replicas(i, f, f.service, f.replica);
      return {
        node: nodeOf(rs),
        start: each(rs, (r) => faults.crash(r)),
        end: each(rs, (r) => faults.restart(r)),
      };
    }
    case 'pause': {
      const rs = targets.replicas(i, f, f.service, f.replica);
      return {
        node: nodeOf(rs),
        start: each(rs, (r) => faults.pause(r)),
        end: each(rs, (r) => faults.resume(r)),
      };
    }
    case 'disk-stall': {
      const rs = targets.replicas(i, f, f.service, f.replica);
      const until = f.durationMs === null ? Number.POSITIVE_INFINITY : f.atMs + f.durationMs;
      return {
        node: nodeOf(rs),
        start: each(rs, (r) => w.diskStall(w.replicas[r], until)),
        end: each(rs, (r) => w.diskStallEnd(w.replicas[r])),
      };
    }
    case 'capacity': {
      const rs = targets.replicas(i, f, f.service, f.replica);
      return {
        node: nodeOf(rs),
        start: each(rs, (r) => faults.limitWorkers(r, f.workers)),
        end: each(rs, (r) => faults.restoreWorkers(r, f.workers)),
      };
    }
    case 'errors': {
      const rs = targets.replicas(i, f, f.service, f.replica);
      return {
        node: nodeOf(rs),
        start: each(rs, (r) => faults.injectErrors(r, f.probability)),
        end: each(rs, (r) => faults.clearErrors(r, f.probability)),
      };
    }
    case 'corrupt': {
      const rs = targets.replicas(i, f, f.service, f.replica);
      return {
        node: nodeOf(rs),
        start: each(rs, (r) => faults.corrupt(r, f.probability)),
        end: each(rs, (r) => faults.uncorrupt(r, f.probability)),
      };
    }
    case 'latency': {
      if (f.service === null)
        throw targets.error(i, f, 'service', 'a latency fault needs a service or a link');
      const rs = targets.replicas(i, f, f.service, null);
      // One share object per replica, so removing it never takes another fault's equal share.
      const shares = rs.map(() => ({ addMs: f.addMs, multiply: f.multiply }));
      return {
        node: nodeOf(rs),
        start: () => {
          rs.forEach((r, k) => {
            faults.addLatency(r, shares[k]);
          });
        },
        end: () => {
          rs.forEach((r, k) => {
            faults.removeLatency(r, shares[k]);
          });
        },
      };
    }
    case 'leak':
      return leakActions(w, faults, targets, i, f);
    default:
      throw targets.error(i, f, 'kind', `"${f.kind}" is not a replica fault`);
  }
}

/**
 * A leak: the replica's latency factor grows by `latencyGrowthPerSec` each simulated second
 * since the start (1 + g x k after k whole seconds, updated by a control event every second),
 * and at the end the replica restarts (in-flight work lost) with its factor back to 1.
 */
function leakActions(
  w: FaultView,
  faults: ReplicaFaults,
  targets: FaultTargets,
  i: number,
  f: Extract<FaultSpec, { kind: 'leak' }>,
): FaultActions {
  const [r] = targets.replicas(i, f, f.service, f.replica);
  const node = w.replicas[r].node;
  const share = { addMs: 0, multiply: 1 };
  const stopAt = Math.min(
    f.durationMs === null ? Number.POSITIVE_INFINITY : f.atMs + f.durationMs,
    w.scenario.durationMs,
  );
  const tick = (k: number) => {
    const at = f.atMs + k * LEAK_TICK_MS;
    if (at >= stopAt) return;
    w.scheduleControl(at, node, {
      apply: () => {
        share.multiply = 1 + f.latencyGrowthPerSec * k;
        faults.latencyChanged(r);
        tick(k + 1);
      },
    });
  };
  return {
    node,
    start: () => {
      share.multiply = 1;
      faults.addLatency(r, share);
      tick(1);
    },
    end: () => {
      faults.removeLatency(r, share);
      faults.bounce(r);
    },
  };
}
