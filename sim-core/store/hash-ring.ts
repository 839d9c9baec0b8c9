/**
 * A consistent-hash ring of a store's replicas (Dynamo, DeCandia et al. SOSP 2007 §4.2-4.3;
 * Cassandra's `num_tokens`): each replica owns `tokensPerReplica` positions (virtual nodes) on a
 * 32-bit ring, a key hashes to a position, and its PREFERENCE LIST is the distinct replicas met
 * walking clockwise from there. The first N hold the key; the rest, in order, are the stand-ins a
 * sloppy quorum uses when one of the N is unreachable (§4.6).
 *
 * Tokens are hashes of the replicas' names (no random stream is drawn, so adding a ring shifts no
 * other component's numbers), with FNV-1a and `Math.imul` only: the same bits on every engine.
 *
 * @module
 */
import { finalize } from '../engine/trace-hash.ts';

/** FNV-1a 32-bit of a string, with a murmur3 finaliser so nearby names spread over the ring. */
export function ringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return finalize(h, 0);
}

/** The ring of one store: replica indices placed by their names' tokens. */
export class HashRing {
  /** Token positions ascending, with the replica owning each (ties: the lower replica first). */
  private readonly tokens: { readonly at: number; readonly replica: number }[] = [];
  private readonly lists = new Map<number, readonly number[]>();

  constructor(
    /** The replicas' stable names, by index (e.g. `kv/0`). */
    names: readonly string[],
    tokensPerReplica: number,
  ) {
    names.forEach((name, replica) => {
      for (let t = 0; t < tokensPerReplica; t++) this.tokens.push({ at: ringHash(`${name}#${t}`), replica });
    });
    this.tokens.sort((a, b) => a.at - b.at || a.replica - b.replica);
    this.replicas = names.length;
  }

  private readonly replicas: number;

  /** Every replica in `key`'s preference order: the first N hold it, the rest stand in. */
  preferenceList(key: number): readonly number[] {
    const cached = this.lists.get(key);
    if (cached !== undefined) return cached;
    const at = ringHash(`k${key}`);
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].at < at) lo = mid + 1;
      else hi = mid;
    }
    const list: number[] = [];
    const seen = new Array<boolean>(this.replicas).fill(false);
    for (let i = 0; i < this.tokens.length && list.length < this.replicas; i++) {
      const r = this.tokens[(lo + i) % this.tokens.length].replica;
      if (seen[r]) continue;
      seen[r] = true;
      list.push(r);
    }
    this.lists.set(key, list);
    return list;
  }
}
