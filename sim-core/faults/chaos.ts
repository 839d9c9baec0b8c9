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
  const rng = w.streams.stream(`chaos:${f.name}`);
  const next = (from: number) => {
    const at = from + exponentialDraw(rng, f.meanIntervalMs);
    if (at >= windowEnd) return;
    const r = svc.replicas[uniformInt(rng, svc.replicas.length)];
    const node = w.replicas[r].node;
    w.scheduleControl(at, node, {
      apply: () => {
        hit.start(r);
        w.scheduleControl(at + f.downMs, node, { apply: () => hit.end(r) });
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
