/** A horizontal legend (line or area swatches), wrapping within a width. */
import type { Selection } from 'd3';
import { type Chained, chain } from './accessor.ts';
import { FONT, INK } from './palette.ts';

export interface LegendItem {
  label: string;
  color: string;
  dash?: string;
  kind?: 'line' | 'area';
}

interface LegendProps {
  items: readonly LegendItem[];
  width: number;
  /** Where the first row starts (after a title on the same line); later rows start at 0. */
  indent: number;
}

export interface Legend extends Chained<LegendProps, Legend> {
  (g: Selection<SVGGElement, unknown, null, undefined>): void;
}

/** Approximate text width at 11px (layout without measuring, so it also works before paint). */
const textWidth = (s: string) => s.length * 6.1;

export function legend(): Legend {
  const p: LegendProps = { items: [], width: 400, indent: 0 };
  return chain<Legend, LegendProps>((g: Selection<SVGGElement, unknown, null, undefined>) => {
    let x = p.indent;
    let y = 0;
    const placed = p.items.map((item) => {
      const w = 20 + textWidth(item.label) + 12;
      // A row that cannot take the item wraps; wrapped rows use the whole width (they used to
      // stay right of the title, and on a narrow chart ran off its edge).
      if (x > 0 && x + w > p.width) {
        x = 0;
        y += 14;
      }
      const at = { item, x, y };
      x += w;
      return at;
    });
    const entries = g
      .selectAll<SVGGElement, (typeof placed)[number]>('g.fl-legend-item')
      .data(placed, (d) => d.item.label)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'fl-legend-item');
        e.append('line').attr('x1', 0).attr('x2', 16).attr('y1', -4).attr('y2', -4);
        e.append('rect').attr('x', 0).attr('y', -9).attr('width', 16).attr('height', 10);
        e.append('text').attr('x', 20).attr('font-family', FONT).attr('font-size', 11).attr('fill', INK);
        return e;
      })
      .attr('transform', (d) => `translate(${d.x},${d.y})`);
    entries
      .select('line')
      .attr('stroke', (d) => d.item.color)
      .attr('stroke-width', 2.5)
      .attr('stroke-dasharray', (d) => d.item.dash ?? null)
      .attr('display', (d) => (d.item.kind === 'area' ? 'none' : null));
    entries
      .select('rect')
      .attr('fill', (d) => d.item.color)
      .attr('fill-opacity', 0.8)
      .attr('display', (d) => (d.item.kind === 'area' ? null : 'none'));
    entries.select('text').text((d) => d.item.label);
  }, p);
}
