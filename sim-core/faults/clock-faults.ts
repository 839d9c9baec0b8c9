import type { FaultSpec } from '../scenario/fault-spec.ts';
import type { FaultActions } from './actions.ts';
import type { FaultTargets } from './targets.ts';
import type { FaultView } from './view.ts';

/**
 * Clock faults, with their verbs: `step` (the clock jumps, forward or back) and `drift`/
 * `restoreDrift`. After each change the node's pending timers are rescheduled on the new clock
 * (a step forward fires due timeouts at once, a step back delays them), which needs the node to
 * be tracked by the timer service from the start: see {@link clockFaultedNodes}.
 *
 * Overlapping drift faults on one node: the newest active one is in force; when it ends the
 * previous one (or the configured drift) comes back.
 */
export class ClockFaults {
  private readonly drifts = new Map<number, number[]>();
  /** Configured drift of each node (before any fault). */
  private readonly baseDrift: number[];

  constructor(private readonly w: FaultView) {
    this.baseDrift = w.clocks.map((c) => c.drift);
  }

  step(node: number, stepMs: number): void {
    this.w.clocks[node].step(stepMs);
    this.w.clockChanged(node);
  }

  drift(node: number, drift: number): void {
    const list = this.drifts.get(node) ?? [];
    list.push(drift);
    this.drifts.set(node, list);
    this.setDrift(node, drift);
  }

  restoreDrift(node: number, drift: number): void {
    const list = this.drifts.get(node) ?? [];
    const i = list.lastIndexOf(drift);
    if (i >= 0) list.splice(i, 1);
    this.setDrift(node, list.length > 0 ? list[list.length - 1] : this.baseDrift[node]);
  }

  private setDrift(node: number, drift: number): void {
    this.w.clocks[node].setDrift(this.w.now(), drift);
    this.w.clockChanged(node);
  }
}

/**
 * The actions of a clock fault. A clock-step with a duration jumps back by the same amount at
 * its end (a skew that an operator or NTP later corrects); without one it stays.
 */
export function clockFaultActions(
  faults: ClockFaults,
  targets: FaultTargets,
  i: number,
  f: FaultSpec,
): FaultActions {
  switch (f.kind) {
    case 'clock-step': {
      const nodes = targets.clockNodes(i, f, f.node);
      return {
        node: nodes[0],
        start: () => {
          for (const n of nodes) faults.step(n, f.stepMs);
        },
        end: () => {
          for (const n of nodes) faults.step(n, -f.stepMs);
        },
      };
    }
    case 'clock-drift': {
      const nodes = targets.clockNodes(i, f, f.node);
      const drift = f.driftPpm / 1e6;
      return {
        node: nodes[0],
        start: () => {
          for (const n of nodes) faults.drift(n, drift);
        },
        end: () => {
          for (const n of nodes) faults.restoreDrift(n, drift);
        },
      };
    }
    default:
      throw targets.error(i, f, 'kind', `"${f.kind}" is not a clock fault`);
  }
}

/** Nodes whose clock a fault of `faults` steps or re-rates (their timers must be tracked from the start). */
export function clockFaultedNodes(targets: FaultTargets, faults: readonly FaultSpec[]): number[] {
  const nodes = new Set<number>();
  faults.forEach((f, i) => {
    if (f.kind === 'clock-step' || f.kind === 'clock-drift')
      for (const n of targets.clockNodes(i, f, f.node)) nodes.add(n);
  });
  return [...nodes].sort((a, b) => a - b);
}
