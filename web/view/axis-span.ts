/**
 * How much of the run the time axis shows. A run where everything is over in the first few
 * seconds of a long duration (jitter-comparison: 100 writers done in 2.5 s of 120 s) drew its
 * story into a sliver at the left of every chart. Once a run has finished, the axis ends a
 * little after the last activity instead, when that is less than half the run; the simulation
 * itself is untouched, and the page says what it did (one click shows the whole run).
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';

/** The axis is zoomed only when all activity ends before this fraction of the run. */
export const ZOOM_BELOW = 0.5;

const busy = (values: readonly (number | null)[] | undefined, i: number) => (values?.[i] ?? 0) > 0;

/** End of the last bucket in which anything happened (traffic, queues, busy workers), in ms. */
export function activityEndMs(result: RunResult): number {
  const s = result.series;
  for (let i = s.startMs.length - 1; i >= 0; i--) {
    const clients = Object.values(s.clients).some(
      (c) => busy(c.offeredPerSec, i) || busy(c.attemptsPerSec, i) || busy(c.goodputPerSec, i),
    );
    const services = Object.values(s.services).some(
      (v) => busy(v.attemptsPerSec, i) || busy(v.queueDepthMean, i) || busy(v.utilisation, i),
    );
    if (clients || services) return s.startMs[i] + s.bucketMs;
  }
  return 0;
}

/** A round end at or above `ms`: 1, 2, ... times the power of ten below it (seconds and up). */
export function roundEnd(ms: number): number {
  const step = Math.max(1000, 10 ** Math.floor(Math.log10(Math.max(1, ms))));
  return Math.ceil(ms / step) * step;
}

/**
 * The axis end for a run: its duration, unless the run is finished and all of it happened
 * (with the faults on its timeline) before `ZOOM_BELOW` of it.
 */
export function axisEndMs(
  durationMs: number,
  result: RunResult | null,
  partial: boolean,
  faultStartsMs: readonly number[],
): number {
  if (result === null || partial) return durationMs;
  const last = Math.max(activityEndMs(result), ...faultStartsMs.map((t) => t + result.series.bucketMs));
  const end = roundEnd(last + Math.max(result.series.bucketMs, last * 0.1));
  return end < durationMs * ZOOM_BELOW ? end : durationMs;
}
