/** Lays chart parts out top to bottom in one SVG (one SVG per chart, so it saves as one file). */
import { type Selection, select } from 'd3';

export interface StackPart {
  key: string;
  height: number;
  render: (g: Selection<SVGGElement, unknown, null, undefined>) => void;
}

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

export function stackParts(svg: Svg, width: number, parts: readonly StackPart[]): void {
  const height = parts.reduce((h, p) => h + p.height, 0);
  svg
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('height', Math.max(1, height))
    .attr('viewBox', `0 0 ${width} ${Math.max(1, height)}`);
  let bg = svg.select<SVGRectElement>(':scope > rect.fl-svg-bg');
  if (bg.empty()) bg = svg.insert('rect', ':first-child').attr('class', 'fl-svg-bg');
  bg.attr('width', width).attr('height', height).attr('fill', '#ffffff');
  let y = 0;
  const offsets = parts.map((p) => {
    const at = y;
    y += p.height;
    return at;
  });
  svg
    .selectAll<SVGGElement, StackPart>(':scope > g.fl-part')
    .data(parts, (p) => p.key)
    .join('g')
    .attr('class', 'fl-part')
    .attr('data-part', (p) => p.key)
    .attr('transform', (_, i) => `translate(0,${offsets[i]})`)
    .each(function (p) {
      p.render(selectThis(this));
    });
}

function selectThis(node: SVGGElement): Selection<SVGGElement, unknown, null, undefined> {
  return select(node) as unknown as Selection<SVGGElement, unknown, null, undefined>;
}
