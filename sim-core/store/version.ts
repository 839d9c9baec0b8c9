/**
 * A stored value's version under last-writer-wins: the writer's clock reading when it issued
 * the write, with the writer's id and the write's id as tie-breaks.
 *
 * The timestamp is read on the WRITER's own clock (Cassandra's client/coordinator timestamps,
 * "the record with the most recent timestamp" wins: DataStax driver docs, consistency levels),
 * so a writer whose clock is behind issues versions that lose to older writes.
 *
 * @module
 */

/** One write's identity and its LWW order. */
export interface Version {
  /** The writer's local clock reading at invocation, in ms. */
  readonly timestampMs: number;
  /** The writing client's index (first tie-break). */
  readonly writer: number;
  /** The write's global id, unique per store (second tie-break, and the value written). */
  readonly writeId: number;
  /**
   * Siblings only: the write ids this version descends from (its client's causal context, see
   * `siblings.ts`); absent under last-writer-wins.
   */
  readonly past?: ReadonlySet<number>;
}

/** Negative when `a` loses to `b` under last-writer-wins, positive when it wins, 0 when equal. */
export function compareVersions(a: Version, b: Version): number {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs ? -1 : 1;
  if (a.writer !== b.writer) return a.writer < b.writer ? -1 : 1;
  return a.writeId === b.writeId ? 0 : a.writeId < b.writeId ? -1 : 1;
}

/** The LWW winner of two versions (either may be absent: no value yet). */
export function newerVersion(a: Version | undefined, b: Version | undefined): Version | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareVersions(a, b) >= 0 ? a : b;
}
