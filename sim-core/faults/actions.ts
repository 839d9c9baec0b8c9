/**
 * What one fault does on the timeline: the node its control events name in the trace, what
 * happens at its start, and what undoes it at its end (null: nothing to undo, e.g. a burst).
 */
export interface FaultActions {
  readonly node: number;
  readonly start: () => void;
  readonly end: (() => void) | null;
}

/** The union probability of independent events: 1 - (1 - base) * prod(1 - p), exact for one term on a base of 0. */
export function unionProbability(base: number, ps: readonly number[]): number {
  let r = base;
  for (const p of ps) r = r + p - r * p;
  return r;
}
