/**
 * The frame the time bands share (circuit breakers, control plane): a title with its legend
 * above the plot, fault shading under the rows, the time axis, the cursor layer and a
 * transparent overlay that takes the pointer. The band draws its rows between.
 */
import { pointer, type Selection } from 'd3';
import { CURSOR_LAYER } from './cursor.ts';
import { type FaultWindow, faultShading } from './fault-shading.ts';
import { type LegendItem, legend } from './legend.ts';
import { FONT, INK } from './palette.ts';
import { PLOT_MARGIN } from './panel.ts';
import { type Svg, stackParts } from './stack.ts';
import { type TimeScale, timeAxis } from './time-axis.ts';

type G = Selection<SVGGElement, unknown, null, undefined>;

export interface BandFrame {
  key: string;
  /** The panel's name for saving (`data-title`) and its heading. */
  panelTitle: string;
  heading: string;
  /** Where the legend starts, right of the heading. */
  legendAt: number;
  legend: readonly LegendItem[];
  x: TimeScale;
  /** Height of the rows. */
  height: number;
  faults: readonly FaultWindow[];
  /** Draws the rows into the plot group. */
  rows: (plot: G) => void;
  /** Pointer over the plot, in plot coordinates. */
  onMove: (event: MouseEvent, mx: number, my: number) => void;
  onLeave: () => void;
  onClick: (timeMs: number) => void;
}

export function drawBand(svg: Svg, f: BandFrame): void {
  const plotWidth = f.x.range()[1];
  const width = PLOT_MARGIN.left + plotWidth + PLOT_MARGIN.right;
  stackParts(svg, width, [
    {
      key: f.key,
      height: PLOT_MARGIN.top + f.height + PLOT_MARGIN.bottom,
      render: (root: G) => {
        root.classed('fl-panel', true).attr('data-title', f.panelTitle);
        root.selectAll('*').remove();
        root
          .append('text')
          .attr('x', 0)
          .attr('y', 14)
          .attr('font-family', FONT)
          .attr('font-size', 13)
          .attr('font-weight', 600)
          .attr('fill', INK)
          .text(f.heading);
        root
          .append('g')
          .attr('transform', `translate(${f.legendAt},14)`)
          .call(
            legend()
              .items(f.legend)
              .width(width - f.legendAt - 20),
          );
        const plot = root.append('g').attr('transform', `translate(${PLOT_MARGIN.left},${PLOT_MARGIN.top})`);
        plot.append('g').call(faultShading().x(f.x).height(f.height).faults(f.faults));
        f.rows(plot);
        plot
          .append('g')
          .attr('transform', `translate(0,${f.height})`)
          .call(
            timeAxis()
              .x(f.x)
              .ticks(Math.round(plotWidth / 80)),
          );
        plot
          .append('g')
          .attr('class', CURSOR_LAYER)
          .attr('data-width', plotWidth)
          .attr('data-height', f.height);
        plot
          .append('rect')
          .attr('width', plotWidth)
          .attr('height', f.height)
          .attr('fill', 'transparent')
          .on('mousemove', (event: MouseEvent) => {
            const [mx, my] = pointer(event, plot.node());
            f.onMove(event, mx, my);
          })
          .on('mouseleave', () => f.onLeave())
          .on('click', (event: MouseEvent) => {
            const [mx] = pointer(event, plot.node());
            f.onClick(f.x.invert(mx));
          });
      },
    },
  ]);
}

/** The centred note a band shows when it has no rows. */
export function emptyNote(plot: G, plotWidth: number, height: number, text: string): void {
  plot
    .append('text')
    .attr('x', plotWidth / 2)
    .attr('y', height / 2 + 4)
    .attr('text-anchor', 'middle')
    .attr('font-family', FONT)
    .attr('font-size', 12)
    .text(text);
}
