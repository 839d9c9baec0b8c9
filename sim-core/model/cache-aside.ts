import type { Call } from './call.ts';
import { CACHE_HIT } from './kinds.ts';
import type { ReplicaRuntime, ServiceRuntime } from './runtime.ts';
import type { TimerService } from './timers.ts';

/**
 * The cache in front of a service, used by its callers (cache-aside with request coalescing).
 * A call with a key looks it up first: a hit answers after the hit latency (a CACHE_HIT event),
 * a fetch in progress makes it wait for that fetch, a miss makes it the key's one fetch. The
 * cache's clock is the service's first replica's.
 */
export class CacheAside {
  constructor(
    private readonly timers: TimerService,
    private readonly replicas: readonly ReplicaRuntime[],
  ) {}

  /** True when the cache answers the call (a hit, or a wait for a fetch in progress); false: the call fetches. */
  answers(call: Call, svc: ServiceRuntime): boolean {
    const cache = svc.cache!;
    const key = call.key;
    const found = cache.lookup(key, this.timers.localNow(this.replicas[svc.replicas[0]].node));
    if (found === 'hit') {
      this.timers.afterTrue(cache.spec.hitLatency.valueMs, CACHE_HIT, call.edge.callerNode, call);
      return true;
    }
    if (found === 'wait') {
      cache.wait(key, call);
      return true;
    }
    cache.startFetch(key);
    call.fetch = true;
    return false;
  }

  /** The key's fetch ended (`good` or not): the entry is filled; returns the calls that waited for it. */
  fetched(svc: ServiceRuntime, call: Call, good: boolean): readonly Call[] {
    const cache = svc.cache!;
    const spec = cache.spec;
    const ttl = spec.ttlMs * (1 - spec.ttlJitter * svc.faultRng.next());
    const local = this.timers.localNow(this.replicas[svc.replicas[0]].node);
    return cache.endFetch(call.key, good, local, ttl);
  }
}
