import { SLOT_ABSENT } from '../model/replica-load.ts';
import { exponentialDraw, uniformInt } from '../random/distributions.ts';
import type { FaultSpec } from '../scenario/fault-spec.ts';
import type { FaultActions } from './actions.ts';
import type { NetworkFaults } from './network-faults.ts';
import type { ReplicaFaults } from './replica-faults.ts';
import type { FaultTargets } from './targets.ts';
import type { FaultView } from './view.ts';

type ChaosSpec = Extract<FaultSpec, { kind: 'chaos-crash' | 'chaos-partition' }>;

/**
 * Chaos mode: while the fault is active, [atMs, atMs + durationMs) or to the run's end, a random
 * replica of the service is hit at the events of a Poisson process (exponential gaps of mean
 * `meanIntervalMs`, the first one counted from `atMs`), each hit lasting `downMs`: a crash
 * (chaos-crash) or a symmetric partition from every node that calls the service
 * (chaos-partition). A hit that starts in the window lasts its full `downMs`.
 *
 * Each hit goes on the run's control timeline (`summary.timeline`): which replica, from when to
 * when (through the metrics, not as events of its own, so the trace is the same with or without).
 *
 * Gaps and replica picks come from the stream `chaos:<fault name>` alone (gap, then pick, for
 * each hit in turn), so a seed fixes the hits and nothing else in the run shifts them.
 */
export function chaosActions(
  w: FaultView,
  replicaFaults: ReplicaFaults,
  networkFaults: NetworkFaults,
  targets: FaultTargets,
  i: number,
  f: ChaosSpec,
): FaultActions {
  const svc = w.services[targets.service(i, f, f.service)];
  const windowEnd = f.durationMs === null ? w.scenario.durationMs : f.atMs + f.durationMs;
  const callers = targets.callersOf(svc.index);
  const hit =
    f.kind === 'chaos-crash'
      ? { start: (r: number) => replicaFaults.crash(r), end: (r: number) => replicaFaults.restart(r) }
      : {
          start: (r: number) => networkFaults.partition([w.replicas[r].node], callers),
          end: (r: number) => networkFaults.heal([w.replicas[r].node], callers),
        };
  const kind = f.kind === 'chaos-crash' ? 'crash' : 'partition';
  const rng = w.streams.stream(`chaos:${f.name}`);
  const next = (from: number) => {
    const at = from + exponentialDraw(rng, f.meanIntervalMs);
    if (at >= windowEnd) return;
    // Only replicas that exist now (an autoscaled service's absent slots are no target).
    const present = svc.load.all
      ? svc.replicas
      : svc.replicas.filter((x) => w.replicas[x].lifecycle !== SLOT_ABSENT);
    const r = present[uniformInt(rng, present.length)];
    const replica = w.replicas[r];
    const node = replica.node;
    w.scheduleControl(at, node, {
      apply: () => {
        hit.start(r);
        const entry = w.timelineStarted({
          kind,
          source: f.name,
          service: svc.spec.name,
          replica: replica.slot,
          node: replica.name,
        });
        w.scheduleControl(at + f.downMs, node, {
          apply: () => {
            hit.end(r);
            w.timelineEnded(entry);
          },
        });
        next(at);
      },
    });
  };
  return {
    node: w.replicas[svc.replicas[0]].node,
    start: () => next(f.atMs),
    end: null,
  };
}
