import type { FaultSpec } from '../scenario/fault-spec.ts';
import type { FaultActions } from './actions.ts';
import { chaosActions } from './chaos.ts';
import { ClockFaults, clockFaultActions, clockFaultedNodes } from './clock-faults.ts';
import { NetworkFaults, networkFaultActions } from './network-faults.ts';
import { ReplicaFaults, replicaFaultActions } from './replica-faults.ts';
import { FaultTargets } from './targets.ts';
import { trafficFaultActions } from './traffic-faults.ts';
import type { FaultView } from './view.ts';
import { zoneOutageActions } from './zone-outage.ts';

/**
 * Puts a scenario's faults on the timeline. Each fault's start, and its end when it has a
 * duration, is a control event (it runs before ordinary events at the same instant) whose entity
 * is the fault's node: the replica, the client, the first replica of a service for service-wide
 * faults, the first node of the sending group for network faults.
 *
 * Events are scheduled in the scenario's fault order, start then end, so two faults at one
 * instant act in that order. Targets are resolved when the injector is built: a name that does
 * not resolve throws an error naming the fault's field.
 *
 * @example
 * const faults = new FaultInjector(faultView(model));
 * for (const node of faults.clockFaultedNodes()) model.timers.track(node);
 * faults.schedule();
 */
export class FaultInjector {
  private readonly targets: FaultTargets;
  private readonly replicas: ReplicaFaults;
  private readonly network: NetworkFaults;
  private readonly clocks: ClockFaults;
  private readonly actions: FaultActions[];

  constructor(private readonly w: FaultView) {
    this.targets = new FaultTargets(w);
    this.replicas = new ReplicaFaults(w);
    this.network = new NetworkFaults(w);
    this.clocks = new ClockFaults(w);
    this.actions = w.scenario.faults.map((f, i) => this.actionsOf(f, i));
  }

  /** Nodes whose clock a fault steps or re-rates: track their timers before any is set. */
  clockFaultedNodes(): number[] {
    return clockFaultedNodes(this.targets, this.w.scenario.faults);
  }

  /** Schedules every fault's start and end. Call once, at the world's construction. */
  schedule(): void {
    const w = this.w;
    w.scenario.faults.forEach((f, i) => {
      const a = this.actions[i];
      w.scheduleControl(f.atMs, a.node, { apply: a.start });
      if (f.durationMs !== null && a.end !== null)
        w.scheduleControl(f.atMs + f.durationMs, a.node, { apply: a.end });
    });
  }

  private actionsOf(f: FaultSpec, i: number): FaultActions {
    const w = this.w;
    switch (f.kind) {
      case 'crash':
      case 'pause':
      case 'disk-stall':
      case 'capacity':
      case 'errors':
      case 'corrupt':
      case 'leak':
        return replicaFaultActions(w, this.replicas, this.targets, i, f);
      case 'latency': {
        if (f.service === null) return networkFaultActions(w, this.network, this.targets, i, f);
        const atService = replicaFaultActions(w, this.replicas, this.targets, i, f);
        if (f.link === null) return atService;
        // Both given: the work and the link slow down together.
        const onLink = networkFaultActions(w, this.network, this.targets, i, f);
        return {
          node: atService.node,
          start: () => {
            atService.start();
            onLink.start();
          },
          end: () => {
            atService.end?.();
            onLink.end?.();
          },
        };
      }
      case 'partition':
      case 'link-flap':
      case 'packet-loss':
        return networkFaultActions(w, this.network, this.targets, i, f);
      case 'clock-step':
      case 'clock-drift':
        return clockFaultActions(this.clocks, this.targets, i, f);
      case 'client-burst':
      case 'load-step':
      case 'cache-flush':
        return trafficFaultActions(w, this.targets, i, f);
      case 'chaos-crash':
      case 'chaos-partition':
        return chaosActions(w, this.replicas, this.network, this.targets, i, f);
      case 'zone-outage':
        return zoneOutageActions(w, this.replicas, this.network, this.targets, i, f);
      default:
        throw this.targets.error(i, f, 'kind', `unknown fault kind "${(f as { kind: string }).kind}"`);
    }
  }
}
