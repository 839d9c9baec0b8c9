/**
 * Small multiples for the terminal: one block chart per series, several rows high (eight levels
 * per row: `▁▂▃▄▅▆▇█`), all on the same vertical scale so they can be compared by eye. Zero is
 * the floor (`▁`); a null value (no data in a bucket) is a blank column.
 *
 *     full      412 ┤      ▂▄▆███████
 *                   │  ▄▆████████████
 *                 0 ┤▆███████████████
 *                    0 s        120 s
 */
import { BARS, downsample } from './sparkline.ts';
import { padEnd, padStart, type Style, width as textWidth } from './style.ts';

export interface ChartSeries {
  label: string;
  values: readonly (number | null)[];
}

export interface ChartOptions {
  /** Rows per chart. */
  height: number;
  /** Total width in columns, labels included. */
  width: number;
  /** How the scale's ends are labelled. */
  format: (n: number) => string;
  /** Labels under the time axis (left and right ends). */
  from: string;
  to: string;
  style: Style;
}

/** The lines of one chart per series, sharing one scale; empty when no series has a value. */
export function renderCharts(series: readonly ChartSeries[], options: ChartOptions): string[] {
  const present = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (present.length === 0) return [];
  const lo = Math.min(0, ...present);
  const hi = Math.max(...present);
  const top = options.format(hi);
  const bottom = options.format(lo);
  const labelWidth = Math.max(...series.map((s) => textWidth(s.label)));
  const axisWidth = Math.max(textWidth(top), textWidth(bottom));
  const gutter = labelWidth + 1 + axisWidth + 2;
  const columns = Math.max(8, options.width - gutter);
  const h = Math.max(1, options.height);
  const s = options.style;

  const lines: string[] = [];
  let span = 0;
  for (const one of series) {
    const values = downsample(one.values, columns, 'mean');
    span = Math.max(span, values.length);
    const levels = values.map((v) => {
      if (v === null) return null;
      if (hi === lo) return 0;
      const level = Math.round(((v - lo) / (hi - lo)) * h * 8);
      // Anything above the floor shows at least a sliver.
      return v > lo ? Math.max(1, level) : 0;
    });
    for (let row = h - 1; row >= 0; row--) {
      const axis = row === h - 1 ? top : row === 0 ? bottom : '';
      const tick = row === h - 1 || row === 0 ? '┤' : '│';
      const cells = levels
        .map((level) => {
          if (level === null) return ' ';
          // Zero still draws the floor, so it doesn't look like a bucket without data.
          if (level === 0 && row === 0) return BARS[0];
          const fill = level - row * 8;
          if (fill >= 8) return BARS[7];
          return fill <= 0 ? ' ' : BARS[fill - 1];
        })
        .join('');
      const label = row === h - 1 ? s.bold(padEnd(one.label, labelWidth)) : ' '.repeat(labelWidth);
      lines.push(`${label} ${s.dim(padStart(axis, axisWidth))} ${s.dim(tick)}${s.cyan(cells)}`.trimEnd());
    }
  }
  const gap = Math.max(1, span - textWidth(options.from) - textWidth(options.to));
  lines.push(s.dim(`${' '.repeat(gutter)}${options.from}${' '.repeat(gap)}${options.to}`));
  return lines;
}
