/**
 * What the resilience patterns are doing: retries, suppressed retries, refusals by caller-side
 * guards, fallbacks, and shedding / rate limiting at services (only those that happen), then
 * adaptive concurrency limits and message-queue depth when the scenario has them.
 */
import { type Chained, chain } from './accessor.ts';
import { PLOT_MARGIN, panelHeight } from './panel.ts';
import { defaultRateChartProps, type RateChartProps, ratePanel } from './rate-chart-props.ts';
import { patternSeries } from './signal-series.ts';
import { type StackPart, type Svg, stackParts } from './stack.ts';

export interface PatternRates extends Chained<RateChartProps, PatternRates> {
  (svg: Svg): void;
}

export function patternRates(): PatternRates {
  const p = defaultRateChartProps();
  return chain<PatternRates, RateChartProps>((svg: Svg) => {
    const width = PLOT_MARGIN.left + p.x.range()[1] + PLOT_MARGIN.right;
    const { rates, limits, queues } = patternSeries(p.result);
    const panel = (title: string) => ratePanel(p, title);
    const parts: StackPart[] = [
      {
        key: 'rates',
        height: panelHeight(p.plotHeight),
        render: (g) =>
          g.call(
            panel('Retries, shedding and guards')
              .unit('/s')
              .series(rates)
              .yMax(p.yMax)
              .faultLabels(true)
              .empty(p.result === null ? 'no data yet' : 'no retries, shedding or refusals in this run'),
          ),
      },
    ];
    if (limits.length > 0) {
      parts.push({
        key: 'limits',
        height: panelHeight(p.plotHeight),
        render: (g) => g.call(panel('Adaptive concurrency limit').unit('requests').series(limits)),
      });
    }
    if (queues.length > 0) {
      parts.push({
        key: 'queues',
        height: panelHeight(p.plotHeight),
        render: (g) => g.call(panel('Message queue depth').unit('requests').series(queues)),
      });
    }
    stackParts(svg, width, parts);
  }, p);
}
