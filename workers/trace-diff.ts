/**
 * Where two recorded traces of the same run first differ: the determinism check of
 * `faultline run --check-determinism` (in-process against a worker) and of anything else that
 * holds two {@link TraceDigest}s. Platform-free.
 */
import type { TraceDigest } from './protocol.ts';

/** One event of a trace, with its kind and entity (node) by name. */
export interface TraceEvent {
  /** Position in the trace (0-based). */
  index: number;
  timeMs: number;
  kind: string;
  entity: string;
}

/** The first event at which two traces differ; an event is null where that trace has ended. */
export interface TraceDifference {
  index: number;
  left: TraceEvent | null;
  right: TraceEvent | null;
}

/** Event `index` of `digest`, or null past its end (or without a recorded trace). */
export function traceEvent(digest: TraceDigest, index: number): TraceEvent | null {
  const t = digest.trace;
  if (t === null || index * 3 + 2 >= t.length) return null;
  const kind = t[index * 3 + 1];
  const entity = t[index * 3 + 2];
  return {
    index,
    timeMs: t[index * 3],
    kind: digest.kinds[kind] ?? `kind#${kind}`,
    entity: digest.nodes[entity] ?? `entity#${entity}`,
  };
}

function same(a: TraceEvent | null, b: TraceEvent | null): boolean {
  if (a === null || b === null) return a === b;
  // Times must agree to the bit, as the trace hash requires.
  return Object.is(a.timeMs, b.timeMs) && a.kind === b.kind && a.entity === b.entity;
}

/**
 * The first differing event of two full traces (compared by time, kind name and entity name), or
 * null when they are the same event for event. Without recorded traces, only the hashes and
 * counts can be compared: a difference is then reported at the end of the shorter one (index -1
 * when the counts agree but the hashes don't).
 */
export function firstDifference(left: TraceDigest, right: TraceDigest): TraceDifference | null {
  if (left.trace === null || right.trace === null) {
    if (left.traceHash === right.traceHash && left.events === right.events) return null;
    const index = left.events === right.events ? -1 : Math.min(left.events, right.events);
    return { index, left: null, right: null };
  }
  const n = Math.max(left.trace.length, right.trace.length) / 3;
  for (let i = 0; i < n; i++) {
    const a = traceEvent(left, i);
    const b = traceEvent(right, i);
    if (!same(a, b)) return { index: i, left: a, right: b };
  }
  return null;
}
