import { describe, expect, it } from 'vitest';
import { HashRing } from '../../sim-core/store/hash-ring.ts';
import { RING_KEYS_SHOWN, storeRingViews } from '../../web/view/store-ring.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

const ringed = loadBuiltIn('lww-clock-skew', [
  'services.kv.replicas=5',
  'services.kv.store.ring={"n":3,"tokensPerReplica":16}',
]);

describe('the ring view of a store with store.ring', () => {
  it('has nothing for a store without a ring, a leader store, or no scenario', () => {
    expect(storeRingViews(loadBuiltIn('lww-clock-skew'))).toEqual([]);
    expect(storeRingViews(loadBuiltIn('lease-split-brain'))).toEqual([]);
    expect(storeRingViews(null)).toEqual([]);
  });

  it('gives each replica its keys held and owned, and the hottest keys’ preference lists', () => {
    const [view] = storeRingViews(ringed);
    expect(view).toMatchObject({ store: 'kv', n: 3, replicas: 5, tokensPerReplica: 16, keys: 10 });
    // Ten keys on 16 tokens per replica fall unevenly: kv/0 holds 3 and is first for none.
    expect(view.shares.map((s) => [s.holds, s.owns])).toEqual([
      [3, 0],
      [3, 2],
      [8, 4],
      [7, 1],
      [9, 3],
    ]);
    expect(view.shares.reduce((n, s) => n + s.holds, 0)).toBe(3 * 10);
    expect(view.shares.reduce((n, s) => n + s.owns, 0)).toBe(10);
    expect(view.lists).toHaveLength(RING_KEYS_SHOWN);
    expect(view.lists[0]).toEqual({ key: 0, holders: [1, 4, 2], standIns: [0, 3] });
    expect(view.lists[6]).toEqual({ key: 6, holders: [4, 0, 1], standIns: [2, 3] });
  });

  it('uses the lists the simulator uses: the same ring of the replicas’ names', () => {
    const [view] = storeRingViews(ringed);
    const ring = new HashRing(['kv/0', 'kv/1', 'kv/2', 'kv/3', 'kv/4'], 16);
    for (const l of view.lists) expect([...l.holders, ...l.standIns]).toEqual(ring.preferenceList(l.key));
  });
});
