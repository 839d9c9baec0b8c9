/**
 * The time-travel cursor: a vertical line at the viewed moment on every chart, and a veil over
 * what was computed after it. Charts leave a `g.fl-cursor-layer` with their plot size in
 * `data-width`/`data-height`; moving the cursor touches only those layers (no chart re-renders),
 * which is what makes scrubbing immediate.
 */
import { type BaseType, type Selection, select } from 'd3';
import { type Chained, chain } from './accessor.ts';
import { INK } from './palette.ts';

interface TimeCursorProps {
  durationMs: number;
  /** The viewed moment; null hides the cursor. */
  time: number | null;
  /** Simulated time computed so far (the veil ends there). */
  liveEnd: number;
}

export interface TimeCursor extends Chained<TimeCursorProps, TimeCursor> {
  (layers: Selection<SVGGElement, unknown, BaseType, unknown>): void;
}

export const CURSOR_LAYER = 'fl-cursor-layer';

export function timeCursor(): TimeCursor {
  const p: TimeCursorProps = { durationMs: 1, time: null, liveEnd: 0 };
  return chain<TimeCursor, TimeCursorProps>((layers: Selection<SVGGElement, unknown, BaseType, unknown>) => {
    layers.each(function () {
      const g = select(this);
      const width = Number(this.dataset.width ?? 0);
      const height = Number(this.dataset.height ?? 0);
      const x = (t: number) => (Math.max(0, Math.min(p.durationMs, t)) / p.durationMs) * width;
      const t = p.time ?? 0;
      g.selectAll('rect.fl-veil')
        .data(p.time !== null && p.liveEnd > t ? [t] : [])
        .join('rect')
        .attr('class', 'fl-veil')
        .attr('x', x(t))
        .attr('y', 0)
        .attr('width', Math.max(0, x(p.liveEnd) - x(t)))
        .attr('height', height)
        .attr('fill', '#ffffff')
        .attr('fill-opacity', 0.6)
        .attr('pointer-events', 'none');
      g.selectAll('line.fl-cursor')
        .data(p.time !== null ? [t] : [])
        .join('line')
        .attr('class', 'fl-cursor')
        .attr('x1', x(t))
        .attr('x2', x(t))
        .attr('y1', -4)
        .attr('y2', height)
        .attr('stroke', INK)
        .attr('stroke-width', 1.5)
        .attr('pointer-events', 'none');
    });
  }, p);
}
