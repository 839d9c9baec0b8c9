/**
 * Siblings: concurrent versions of one key kept side by side instead of resolved by timestamp
 * (Riak's `allow_mult = true`; Dynamo, DeCandia et al. SOSP 2007 §4.4, "the client must perform
 * the reconciliation"). A write carries the causal context its client read (Riak's vector clock
 * on the object it fetched); the new version SUPERSEDES every version in that context, and is
 * CONCURRENT with any version it did not see, which the replicas then keep beside it.
 *
 * The context is kept exact: each version records its whole causal past as the set of write ids
 * it descends from (what a dotted version vector set encodes, Preguiça et al. 2010 and Riak 2.0's
 * `dvv_enabled`, uncompressed). A compressed vector would cover dots it never saw when one actor
 * issues two concurrent writes; the set never does, so no concurrent write is ever dropped.
 *
 * @module
 */
import type { Version } from './version.ts';

/** The empty causal context: a write that read nothing (a blind write). */
export const NO_CONTEXT: ReadonlySet<number> = new Set<number>();

/** True when `a` is in `b`'s causal past (so `b` makes `a` obsolete). */
export function descendsFrom(b: Version, a: Version): boolean {
  return b.past?.has(a.writeId) === true;
}

/**
 * Adds `version` to the siblings of one key, in place: dropped if it is already there or an
 * existing sibling descends from it; otherwise it joins them, replacing those it descends from.
 * Returns true when the siblings changed.
 */
export function addSibling(siblings: Version[], version: Version): boolean {
  for (const s of siblings) if (s.writeId === version.writeId || descendsFrom(s, version)) return false;
  let kept = 0;
  for (const s of siblings) if (!descendsFrom(version, s)) siblings[kept++] = s;
  siblings.length = kept;
  siblings.push(version);
  return true;
}

/** The causal context a read of `siblings` hands its client: every version seen and its past. */
export function contextOf(siblings: readonly Version[]): ReadonlySet<number> {
  if (siblings.length === 0) return NO_CONTEXT;
  const context = new Set<number>();
  for (const s of siblings) {
    context.add(s.writeId);
    if (s.past !== undefined) for (const id of s.past) context.add(id);
  }
  return context;
}
