import type { CacheSpec } from '../scenario/policy-spec.ts';
import type { Call } from './call.ts';

interface Entry {
  /** Local time (on the cache's clock) the value expires; -Infinity when there is none. */
  expiresAt: number;
  /** A fetch for this key is in flight (single flight). */
  fetching: boolean;
  /** Calls waiting for that fetch. */
  waiters: Call[];
}

/**
 * A cache in front of a service, used cache-aside by its callers: a hit is answered by the
 * cache; a miss goes to the service and its answer fills the entry for a (jittered) TTL. With
 * coalescing, concurrent misses on one key wait for one fetch instead of all going through:
 * that is what stops a stampede when a hot key expires.
 *
 * Expiry is read on the cache's own clock, so a clock that jumps forward expires entries early.
 */
export class KeyCache {
  private readonly entries = new Map<number, Entry>();
  hits = 0;
  misses = 0;
  coalesced = 0;

  constructor(readonly spec: CacheSpec) {}

  /** 'hit', 'miss' (the caller must fetch), or 'wait' (a fetch is in flight: join it). */
  lookup(key: number, localNow: number): 'hit' | 'miss' | 'wait' {
    const e = this.entries.get(key);
    if (e !== undefined && e.expiresAt > localNow) {
      this.hits++;
      return 'hit';
    }
    if (e?.fetching && this.spec.coalesce) {
      this.coalesced++;
      return 'wait';
    }
    this.misses++;
    return 'miss';
  }

  /** Marks a fetch in flight for `key`. */
  startFetch(key: number): void {
    const e = this.entries.get(key);
    if (e === undefined)
      this.entries.set(key, { expiresAt: Number.NEGATIVE_INFINITY, fetching: true, waiters: [] });
    else e.fetching = true;
  }

  wait(key: number, call: Call): void {
    this.entries.get(key)?.waiters.push(call);
  }

  /**
   * The fetch for `key` ended; on success the entry lives `ttlMs`. Returns the calls that
   * waited for it (they end like the fetch did).
   */
  endFetch(key: number, ok: boolean, localNow: number, ttlMs: number): Call[] {
    const e = this.entries.get(key);
    if (e === undefined) return [];
    e.fetching = false;
    if (ok) e.expiresAt = localNow + ttlMs;
    const waiters = e.waiters;
    e.waiters = [];
    return waiters;
  }

  /** Expires every entry, or only keys 0..hottest-1 (the most popular keys). */
  flush(hottest: number | null): void {
    for (const [key, e] of this.entries) {
      if (hottest === null || key < hottest) e.expiresAt = Number.NEGATIVE_INFINITY;
    }
  }
}
