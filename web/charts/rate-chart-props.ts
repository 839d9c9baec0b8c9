/**
 * The settings shared by the run-wide rate charts (amplification, pattern rates): the same time
 * axis, result, bucket width and interactions, so a page can configure them alike.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { Chained } from './accessor.ts';
import type { FaultWindow } from './fault-shading.ts';
import { type TimePanel, timePanel } from './panel.ts';
import type { Svg } from './stack.ts';
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

/** A chart configured by {@link RateChartProps} and drawn into an SVG. */
export type RateChart<C> = Chained<RateChartProps, C> & ((svg: Svg) => void);

/** A panel of a rate chart: its shared settings set, its title, unit and series still to give. */
export function ratePanel(p: RateChartProps, title: string): TimePanel {
  return timePanel()
    .x(p.x)
    .height(p.plotHeight)
    .title(title)
    .bucketMs(p.result?.series.bucketMs ?? p.bucketMs)
    .startMs(p.result?.series.startMs ?? [])
    .faults(p.faults)
    .tooltip(p.tooltip)
    .onSeek(p.onSeek);
}
