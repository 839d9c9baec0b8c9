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
