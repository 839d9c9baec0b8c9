import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../sim-core/run/simulation.ts';
import { parse } from '../../support/scenarios.ts';

/** One key, a slow backend behind a cache: every miss costs 100 ms of backend work. */
function cached(coalesce: boolean, ttlMs: number, ratePerSec: number) {
  return parse({
    id: 'cache',
    title: 'cache',
    durationMs: 10_000,
    clients: [
      {
        name: 'users',
        target: 'db',
        arrival: { kind: 'constant', ratePerSec },
        keys: { count: 1, zipfS: 0 },
      },
    ],
    services: [
      {
        name: 'db',
        concurrency: 100,
        serviceTime: { kind: 'constant', valueMs: 100 },
        cache: { ttlMs, coalesce },
      },
    ],
  });
}

describe('a cache in front of a service', () => {
  it('serves hits without the backend, and hits do not extend an entry’s TTL', () => {
    // 10 requests/s for 10 s, TTL 1 s: the entry is refetched about once a second, never kept alive by hits.
    const r = runScenario(cached(true, 1000, 10));
    const db = r.summary.services.db;
    const cache = db.cache!;
    expect(cache.hits + cache.misses + cache.coalesced).toBe(100);
    expect(db.attempts).toBe(cache.misses);
    // One miss per expiry: at 0, then every ~1.1 s (1 s TTL + the 100 ms fetch + the next arrival).
    expect(cache.misses).toBeGreaterThanOrEqual(8);
    expect(cache.misses).toBeLessThanOrEqual(10);
    expect(r.summary.clients.users.succeeded).toBe(100);
  });

  it('coalesces concurrent misses on one key into a single fetch (single flight)', () => {
    // 100 requests/s: during each 100 ms fetch about 10 more requests arrive for the same key.
    const withCoalescing = runScenario(cached(true, 1000, 100)).summary.services.db;
    const without = runScenario(cached(false, 1000, 100)).summary.services.db;
    expect(withCoalescing.cache!.coalesced).toBeGreaterThan(50);
    expect(without.cache!.coalesced).toBe(0);
    // Without coalescing every request during a fetch goes to the backend too: a stampede.
    expect(without.attempts).toBeGreaterThan(withCoalescing.attempts * 5);
  });
});
