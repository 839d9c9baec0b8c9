/**
 * The settings shared by the run-wide rate charts (amplification, pattern rates): the same time
 * axis, result, bucket width and interactions, so a page can configure them alike.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { FaultWindow } from './fault-shading.ts';
import { type TimeScale, timeScale } from './time-axis.ts';
import type { Tooltip } from './tooltip.ts';

export interface RateChartProps {
  x: TimeScale;
  result: RunResult | null;
  /** Series bucket width when there is no result yet. */
  bucketMs: number;
  plotHeight: number;
  faults: readonly FaultWindow[];
  /** Shared axis maximum (compare mode); null: from the chart's own data. */
  yMax: number | null;
  tooltip: Tooltip | null;
  onSeek: ((timeMs: number) => void) | null;
}

/** A fresh set of defaults (each chart owns and mutates its own). */
export function defaultRateChartProps(): RateChartProps {
  return {
    x: timeScale(1000, 100),
    result: null,
    bucketMs: 1000,
    plotHeight: 90,
    faults: [],
    yMax: null,
    tooltip: null,
    onSeek: null,
  };
}
