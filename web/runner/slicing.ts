/**
 * How far the next slice of a streamed run goes. Slicing never changes a run's outcome (the engine
 * stops between events), so these choices only trade smoothness against overhead.
 */

/** Playback speeds: simulated seconds per wall-clock second; `max` runs as fast as the worker can. */
export const SPEEDS = [1, 2, 5, 10, 30, 100, 'max'] as const;
export type Speed = (typeof SPEEDS)[number];

/** A slice at full speed: this fraction of the run's duration. */
export const MAX_SLICE_FRACTION = 0.01;
/** A paced slice never covers more than this fraction, however long the frame took. */
export const PACED_SLICE_CAP = 0.02;

export function speedLabel(speed: Speed): string {
  return speed === 'max' ? 'max' : `${speed}x`;
}

export function parseSpeed(text: string): Speed {
  const found = SPEEDS.find((s) => String(s) === text);
  return found ?? 'max';
}

/** The end of a full-speed slice (or a step). */
export function fullSlice(nowMs: number, durationMs: number): number {
  return Math.min(durationMs, nowMs + Math.max(1, durationMs * MAX_SLICE_FRACTION));
}

/**
 * The end of a paced slice: `speed` simulated ms per wall ms elapsed since the last slice ended,
 * capped; null when less than `minStepMs` of simulated time is due (wait for another frame).
 */
export function pacedSlice(
  nowMs: number,
  durationMs: number,
  speed: number,
  wallElapsedMs: number,
  minStepMs: number,
): number | null {
  const cap = durationMs * PACED_SLICE_CAP;
  const due = Math.min(speed * wallElapsedMs, cap);
  if (due < Math.min(minStepMs, cap) && nowMs + due < durationMs) return null;
  return Math.min(durationMs, nowMs + due);
}
