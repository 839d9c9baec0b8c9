/**
 * Circuit-breaker state over time: one band per guarded edge, each bucket coloured by how much
 * of it the breaker spent open (closed: pale, half-open: orange, open: vermillion), summed over
 * the caller's replicas.
 */
import { interpolateRgb, scaleLinear } from 'd3';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { type Chained, chain } from './accessor.ts';
import { drawBand, emptyNote } from './band-frame.ts';
import type { FaultWindow } from './fault-shading.ts';
import { formatTime } from './format.ts';
import { FONT, INK, ROLE } from './palette.ts';
import { type BreakerRow, breakerRows } from './signal-series.ts';
import type { Svg } from './stack.ts';
import { type TimeScale, timeScale } from './time-axis.ts';
import type { Tooltip } from './tooltip.ts';

interface BreakerBandProps {
  x: TimeScale;
  scenario: Scenario | null;
  result: RunResult | null;
  rowHeight: number;
  faults: readonly FaultWindow[];
  tooltip: Tooltip | null;
  onSeek: ((timeMs: number) => void) | null;
}

export interface BreakerBand extends Chained<BreakerBandProps, BreakerBand> {
  (svg: Svg): void;
}

const CLOSED = '#eef1f4';
/** Open fraction to colour: closed (pale) -> half-open (orange) -> open (vermillion). */
export const breakerColor = (open: number) =>
  open <= 0.5
    ? interpolateRgb(CLOSED, ROLE.breakerHalf)(open * 2)
    : interpolateRgb(ROLE.breakerHalf, ROLE.breakerOpen)((open - 0.5) * 2);

export function breakerBand(): BreakerBand {
  const p: BreakerBandProps = {
    x: timeScale(1000, 100),
    scenario: null,
    result: null,
    rowHeight: 20,
    faults: [],
    tooltip: null,
    onSeek: null,
  };
  return chain<BreakerBand, BreakerBandProps>((svg: Svg) => {
    const x = p.x;
    const plotWidth = x.range()[1];
    const rows = p.scenario === null ? [] : breakerRows(p.result, p.scenario);
    const gap = 6;
    const h = Math.max(1, rows.length) * (p.rowHeight + gap) - gap;
    const bucketMs = p.result?.series.bucketMs ?? 1000;
    const startMs = p.result?.series.startMs ?? [];
    drawBand(svg, {
      key: 'breakers',
      panelTitle: 'Circuit breakers',
      heading: 'Circuit breaker state',
      legendAt: 200,
      legend: [
        { label: 'closed', color: CLOSED, kind: 'area' },
        { label: 'half-open', color: ROLE.breakerHalf, kind: 'area' },
        { label: 'open', color: ROLE.breakerOpen, kind: 'area' },
      ],
      x,
      height: h,
      faults: p.faults,
      rows: (plot) => {
        const y = scaleLinear()
          .domain([0, Math.max(1, rows.length)])
          .range([0, h + gap]);
        const row = plot
          .selectAll('g.fl-breaker-row')
          .data(rows)
          .join('g')
          .attr('class', 'fl-breaker-row')
          .attr('data-edge', (r) => r.key)
          .attr('transform', (_, i) => `translate(0,${y(i)})`);
        row
          .selectAll('rect')
          // A zoomed axis ends before the data: buckets past its end are not drawn.
          .data((r) =>
            r.values
              .map((v, i) => ({ v, i }))
              .filter((d) => (startMs[d.i] ?? d.i * bucketMs) < x.domain()[1]),
          )
          .join('rect')
          .attr('x', (d) => x(startMs[d.i] ?? d.i * bucketMs))
          .attr(
            'width',
            (d) =>
              Math.max(
                0.5,
                x((startMs[d.i] ?? d.i * bucketMs) + bucketMs) - x(startMs[d.i] ?? d.i * bucketMs),
              ) + 0.3,
          )
          .attr('height', p.rowHeight)
          .attr('fill', (d) => breakerColor(d.v));
        row
          .append('text')
          .attr('x', 4)
          .attr('y', p.rowHeight / 2 + 4)
          .attr('font-family', FONT)
          .attr('font-size', 11)
          .attr('fill', INK)
          .attr('stroke', '#ffffff')
          .attr('stroke-width', 3)
          .attr('paint-order', 'stroke')
          .text((r: BreakerRow) => `${r.key} (opened ${r.opened}x)`);
        if (rows.length === 0) emptyNote(plot, plotWidth, h, 'no circuit breaker in this scenario');
      },
      onMove: (event, mx, my) => {
        const i = Math.floor(x.invert(mx) / bucketMs);
        const r = rows[Math.floor(my / (p.rowHeight + gap))];
        if (r === undefined || i < 0 || i >= r.values.length) {
          p.tooltip?.hide();
          return;
        }
        const v = r.values[i];
        const state =
          v <= 0 ? 'closed' : v >= 1 ? 'open' : `open ${Math.round(v * 100)}% of the bucket (callers x time)`;
        p.tooltip?.show(event.clientX, event.clientY, `${r.key} · ${formatTime(i * bucketMs)}`, [
          { color: breakerColor(v), label: 'breaker', value: state },
        ]);
      },
      onLeave: () => p.tooltip?.hide(),
      onClick: (t) => p.onSeek?.(t),
    });
  }, p);
}

/** Whether a scenario has any circuit breaker (so the band is worth showing). */
export function breakerRowsExist(scenario: Scenario): boolean {
  return (
    scenario.clients.some((c) => c.breaker !== null) ||
    scenario.services.some((s) => s.calls.some((c) => c.breaker !== null))
  );
}
