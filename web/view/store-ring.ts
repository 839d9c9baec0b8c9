/**
 * A leaderless store whose keys live on `ring.n` of its replicas (`store.ring`), as the lab shows
 * it: each replica's share of the keys, and the preference list of the hottest keys (Dynamo
 * §4.3: the first n distinct replicas clockwise from the key's point hold it; the rest stand in
 * under a sloppy quorum, §4.6). Computed from the scenario with the simulator's own ring, so the
 * lists are the ones the run used; nothing is read from the result.
 */
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { HashRing } from '../../sim-core/store/hash-ring.ts';

/** The keys whose lists are shown: the hottest first (key 0 is the most popular under Zipf). */
export const RING_KEYS_SHOWN = 8;

export interface RingReplicaShare {
  replica: number;
  /** Keys this replica holds (it is among the first n of their lists). */
  holds: number;
  /** Keys for which it is first on the list (the key's owner, its coordinator under Dynamo). */
  owns: number;
}

export interface RingKeyList {
  key: number;
  /** The n replicas that hold it, in list order. */
  holders: number[];
  /** The other replicas, in the order they would stand in for a holder. */
  standIns: number[];
}

export interface StoreRingView {
  store: string;
  n: number;
  replicas: number;
  tokensPerReplica: number;
  keys: number;
  shares: RingReplicaShare[];
  lists: RingKeyList[];
}

export function storeRingViews(scenario: Scenario | null): StoreRingView[] {
  if (scenario === null) return [];
  const views: StoreRingView[] = [];
  for (const s of scenario.services) {
    const store = s.store;
    if (store === null || store.family !== 'leaderless' || store.ring === null) continue;
    const replicas = s.replicas;
    const ring = new HashRing(
      Array.from({ length: replicas }, (_, i) => `${s.name}/${i}`),
      store.ring.tokensPerReplica,
    );
    const n = store.ring.n;
    const shares = Array.from({ length: replicas }, (_, replica) => ({ replica, holds: 0, owns: 0 }));
    const lists: RingKeyList[] = [];
    for (let key = 0; key < store.keys.count; key++) {
      const list = ring.preferenceList(key);
      shares[list[0]].owns++;
      for (const r of list.slice(0, n)) shares[r].holds++;
      if (key < RING_KEYS_SHOWN) lists.push({ key, holders: list.slice(0, n), standIns: list.slice(n) });
    }
    views.push({
      store: s.name,
      n,
      replicas,
      tokensPerReplica: store.ring.tokensPerReplica,
      keys: store.keys.count,
      shares,
      lists,
    });
  }
  return views;
}
