/**
 * Failure amplification per tier over time: attempts arriving at each service divided by the
 * requests users made, with a dashed line at 1x (no amplification). Layered retries show as a
 * product: 3 attempts at each of two tiers put up to 9x on the bottom one.
 */
import { type Chained, chain } from './accessor.ts';
import { PLOT_MARGIN, panelHeight, timePanel } from './panel.ts';
import { defaultRateChartProps, type RateChartProps } from './rate-chart-props.ts';
import { amplificationSeries } from './signal-series.ts';
import { type Svg, stackParts } from './stack.ts';

export interface AmplificationChart extends Chained<RateChartProps, AmplificationChart> {
  (svg: Svg): void;
}

export function amplificationChart(): AmplificationChart {
  const p = defaultRateChartProps();
  return chain<AmplificationChart, RateChartProps>((svg: Svg) => {
    const width = PLOT_MARGIN.left + p.x.range()[1] + PLOT_MARGIN.right;
    stackParts(svg, width, [
      {
        key: 'amplification',
        height: panelHeight(p.plotHeight),
        render: (g) =>
          g.call(
            timePanel()
              .x(p.x)
              .height(p.plotHeight)
              .title('Amplification per tier (attempts / user requests)')
              .unit('x')
              .bucketMs(p.result?.series.bucketMs ?? p.bucketMs)
              .startMs(p.result?.series.startMs ?? [])
              .series(amplificationSeries(p.result))
              .reference(1)
              .yMax(p.yMax)
              .faults(p.faults)
              .faultLabels(true)
              .tooltip(p.tooltip)
              .onSeek(p.onSeek),
          ),
      },
    ]);
  }, p);
}
