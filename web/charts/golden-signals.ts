/**
 * The four golden signals of one client or service, stacked on the shared time axis: latency
 * (p50, p99), traffic (offered, attempts, goodput), errors stacked by cause, and saturation
 * (queue depth, utilisation).
 *
 * @example
 * select(svg).call(goldenSignals().x(x).scenario(s).result(r).focus({ kind: 'service', name: 'db' }));
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { type Chained, chain } from './accessor.ts';
import type { FaultWindow } from './fault-shading.ts';
import { PLOT_MARGIN, panelHeight, timePanel } from './panel.ts';
import { type Focus, goldenSignalSeries } from './signal-series.ts';
import { type StackPart, type Svg, stackParts } from './stack.ts';
import { type TimeScale, timeScale } from './time-axis.ts';
import type { Tooltip } from './tooltip.ts';

export type GoldenPanel = 'latency' | 'traffic' | 'errors' | 'saturation';

interface GoldenSignalsProps {
  x: TimeScale;
  scenario: Scenario | null;
  result: RunResult | null;
  /** The previous run, drawn faded on the same axes (null: none). */
  ghost: RunResult | null;
  focus: Focus | null;
  plotHeight: number;
  faults: readonly FaultWindow[];
  /** Shared axis maxima (compare mode); null: each panel from its own data. */
  yMax: Partial<Record<GoldenPanel, number>> | null;
  tooltip: Tooltip | null;
  onSeek: ((timeMs: number) => void) | null;
}

export interface GoldenSignals extends Chained<GoldenSignalsProps, GoldenSignals> {
  (svg: Svg): void;
}

export function goldenSignals(): GoldenSignals {
  const p: GoldenSignalsProps = {
    x: timeScale(1000, 100),
    scenario: null,
    result: null,
    ghost: null,
    focus: null,
    plotHeight: 80,
    faults: [],
    yMax: null,
    tooltip: null,
    onSeek: null,
  };
  return chain<GoldenSignals, GoldenSignalsProps>((svg: Svg) => {
    const width = PLOT_MARGIN.left + p.x.range()[1] + PLOT_MARGIN.right;
    const s = p.scenario === null || p.focus === null ? null : goldenSignalSeries(p.result, p.focus);
    const before =
      p.ghost === null || p.scenario === null || p.focus === null
        ? null
        : goldenSignalSeries(p.ghost, p.focus);
    const bucketMs = p.result?.series.bucketMs ?? p.scenario?.metrics.bucketMs ?? 1000;
    const startMs = p.result?.series.startMs ?? [];
    const base = (key: GoldenPanel, title: string) =>
      timePanel()
        .x(p.x)
        .height(p.plotHeight)
        .title(title)
        .bucketMs(bucketMs)
        .startMs(startMs)
        .faults(p.faults)
        .tooltip(p.tooltip)
        .onSeek(p.onSeek)
        .yMax(p.yMax?.[key] ?? null);
    const parts: StackPart[] = [
      {
        key: 'latency',
        height: panelHeight(p.plotHeight),
        render: (g) =>
          g.call(
            base('latency', 'Latency')
              .unit('ms')
              .series(s?.latency ?? [])
              .ghost(before?.latency ?? [])
              .faultLabels(true)
              .empty(p.result === null ? 'no data yet' : 'no successful requests')
              .noValue('no successful requests in this bucket'),
          ),
      },
      {
        key: 'traffic',
        height: panelHeight(p.plotHeight),
        render: (g) =>
          g.call(
            base('traffic', 'Traffic')
              .unit('req/s')
              .series(s?.traffic ?? [])
              .ghost(before?.traffic ?? []),
          ),
      },
      {
        key: 'errors',
        height: panelHeight(p.plotHeight),
        render: (g) =>
          g.call(
            base('errors', 'Errors by cause')
              .unit('req/s')
              .stacked(true)
              .series(s?.errors ?? [])
              .ghost(before?.errors ?? [])
              .empty(p.result === null ? 'no data yet' : 'no errors'),
          ),
      },
      {
        key: 'saturation',
        height: panelHeight(p.plotHeight),
        render: (g) =>
          g.call(
            base(
              'saturation',
              s?.saturationOf ? `Saturation of ${s.saturationOf}` : 'Saturation of every service',
            )
              .unit('requests')
              .rightUnit('%')
              .series(s?.saturation ?? [])
              .legendExtra(s?.saturationLegend ?? [])
              .ghost(before?.saturation ?? []),
          ),
      },
    ];
    stackParts(svg, width, parts);
  }, p);
}
