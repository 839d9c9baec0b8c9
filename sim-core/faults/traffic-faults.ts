import { exponentialDraw } from '../random/distributions.ts';
import type { FaultSpec } from '../scenario/fault-spec.ts';
import type { FaultActions } from './actions.ts';
import type { FaultTargets } from './targets.ts';
import type { FaultView } from './view.ts';

/**
 * Traffic faults, instantaneous (nothing to undo at their end): `burst` (a client sends extra
 * user requests at one instant: a reconnect storm, a cron job) and `flushCache` (a service's
 * cache entries expire at once: the next lookups miss and go to the service, a stampede).
 */
export function trafficFaultActions(
  w: FaultView,
  targets: FaultTargets,
  i: number,
  f: FaultSpec,
): FaultActions {
  switch (f.kind) {
    case 'client-burst': {
      const client = w.clients[targets.client(i, f, f.client)];
      return { node: client.node, start: () => w.burst(client, f.requests), end: null };
    }
    case 'load-step':
      return loadStep(w, targets.client(i, f, f.client), f);
    case 'cache-flush': {
      const svc = w.services[targets.service(i, f, f.service)];
      const cache = svc.cache;
      if (cache === null)
        throw targets.error(i, f, 'service', `service "${f.service}" has no cache to flush`);
      return { node: w.replicas[svc.replicas[0]].node, start: () => cache.flush(f.keys), end: null };
    }
    default:
      throw targets.error(i, f, 'kind', `"${f.kind}" is not a traffic fault`);
  }
}

/**
 * A step in load: from the fault's start to its end, extra user requests of the client at the
 * events of a Poisson process of rate `extraPerSec` (superposed on the client's own arrivals, a
 * Poisson client's rate steps from r to r + extraPerSec). Gaps come from the stream
 * `fault:<name>/arrivals` alone, so the client's own arrivals do not shift.
 */
function loadStep(w: FaultView, client: number, f: Extract<FaultSpec, { kind: 'load-step' }>): FaultActions {
  const c = w.clients[client];
  const rng = w.streams.stream(`fault:${f.name}/arrivals`);
  const meanGapMs = 1000 / f.extraPerSec;
  const endMs = f.durationMs === null ? w.scenario.durationMs : f.atMs + f.durationMs;
  const next = (from: number) => {
    const at = from + exponentialDraw(rng, meanGapMs);
    if (at >= endMs) return;
    w.scheduleControl(at, c.node, {
      apply: () => {
        w.burst(c, 1);
        next(at);
      },
    });
  };
  return { node: c.node, start: () => next(f.atMs), end: null };
}
