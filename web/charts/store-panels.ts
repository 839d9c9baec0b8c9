/**
 * Replicated stores on the shared time axis: per store, what consistency cost over time (stale
 * reads, lost writes, split-brain writes, operations refused, per second) and each replica's
 * replication lag, with the lesson's moments (the first stale read, the first lost write, the
 * first split-brain write, a new leader, the first read with siblings) marked by a vertical rule on
 * every panel; a siblings store (`conflicts: "siblings"`) gets a third panel, the most siblings one
 * read returned per bucket, and its sibling reads per second on the first.
 */
import type { Selection } from 'd3';
import { STORE_RATES, type StoreMoment, storeViews } from '../view/store-view.ts';
import { type Chained, chain } from './accessor.ts';
import { CATEGORICAL, FONT, INK, OKABE_ITO } from './palette.ts';
import { type PanelSeries, PLOT_MARGIN, panelHeight } from './panel.ts';
import { defaultRateChartProps, type RateChartProps, ratePanel } from './rate-chart-props.ts';
import { type StackPart, type Svg, stackParts } from './stack.ts';

export interface StorePanels extends Chained<RateChartProps, StorePanels> {
  (svg: Svg): void;
}

const RATE_COLOR: readonly string[] = [
  OKABE_ITO.orange,
  OKABE_ITO.vermillion,
  OKABE_ITO.purple,
  OKABE_ITO.black,
];

export function storePanels(): StorePanels {
  const p = defaultRateChartProps();
  return chain<StorePanels, RateChartProps>((svg: Svg) => {
    const width = PLOT_MARGIN.left + p.x.range()[1] + PLOT_MARGIN.right;
    const panel = (title: string) => ratePanel(p, title);
    const parts: StackPart[] = [];
    for (const view of storeViews(p.result)) {
      const rates: PanelSeries[] = STORE_RATES.map((r, i) => ({
        key: r.key,
        label: r.label,
        color: RATE_COLOR[i],
        values: view.series[r.key],
      }));
      const conflicts = view.series.conflictsPerSec;
      const siblings = view.series.siblingsMax;
      // Conflicts (absent from results saved before them): for a siblings store, the reads that
      // returned more than one sibling; otherwise versions a replica discarded or truncated.
      if (conflicts !== undefined)
        rates.push({
          key: 'conflictsPerSec',
          label: siblings === undefined ? 'conflicts' : 'reads with siblings',
          color: OKABE_ITO.skyBlue,
          dash: '4 3',
          values: conflicts,
        });
      const lags: PanelSeries[] = view.series.replicas.map((r, i) => ({
        key: `lag-${i}`,
        label: `replica ${i}`,
        color: CATEGORICAL[i % CATEGORICAL.length],
        dash: i >= CATEGORICAL.length ? '4 3' : undefined,
        values: r.lagMs,
      }));
      parts.push(
        {
          key: `store-${view.name}-rates`,
          height: panelHeight(p.plotHeight),
          render: (g) => {
            g.attr('data-store', view.name).call(
              panel(`${view.name}: consistency paid`)
                .unit('/s')
                .series(rates)
                .faultLabels(true)
                .empty('no stale read, lost write, split brain or refusal in this run'),
            );
            markMoments(g, view.moments, p, true);
          },
        },
        {
          key: `store-${view.name}-lag`,
          height: panelHeight(p.plotHeight),
          render: (g) => {
            g.call(panel(`${view.name}: replication lag per replica`).unit('ms').series(lags));
            markMoments(g, view.moments, p, false);
          },
        },
      );
      if (siblings !== undefined)
        parts.push({
          key: `store-${view.name}-siblings`,
          height: panelHeight(p.plotHeight),
          render: (g) => {
            g.attr('data-siblings', view.name).call(
              panel(`${view.name}: siblings per read (the most one read returned)`)
                .unit('')
                .series([
                  {
                    key: 'siblingsMax',
                    label: 'most siblings in one read',
                    color: OKABE_ITO.blue,
                    values: siblings,
                  },
                ]),
            );
            markMoments(g, view.moments, p, false);
          },
        });
    }
    stackParts(svg, width, parts);
  }, p);
}

/** A vertical rule at each moment, over the plot, labelled on the first panel only. */
function markMoments(
  g: Selection<SVGGElement, unknown, null, undefined>,
  moments: readonly StoreMoment[],
  p: RateChartProps,
  labels: boolean,
): void {
  const end = p.x.domain()[1];
  const layer = g
    .append('g')
    .attr('class', 'fl-store-moments')
    .attr('transform', `translate(${PLOT_MARGIN.left},${PLOT_MARGIN.top})`)
    .attr('pointer-events', 'none');
  const m = layer
    .selectAll('g')
    .data(moments.filter((d) => d.atMs <= end))
    .join('g')
    .attr('class', 'fl-store-moment')
    .attr('data-label', (d) => d.label)
    .attr('transform', (d) => `translate(${p.x(d.atMs)},0)`);
  m.append('line').attr('y1', 0).attr('y2', p.plotHeight).attr('stroke', INK).attr('stroke-dasharray', '2 2');
  if (labels)
    m.append('text')
      .attr('x', 3)
      .attr('y', (_, i) => 10 + 12 * i)
      .attr('font-family', FONT)
      .attr('font-size', 10)
      .attr('fill', INK)
      .attr('stroke', '#ffffff')
      .attr('stroke-width', 3)
      .attr('paint-order', 'stroke')
      .text((d) => d.label);
}
