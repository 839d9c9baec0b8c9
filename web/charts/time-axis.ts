/**
 * The shared time axis: every chart of a run (and every column of a comparison) uses one
 * `scaleLinear` from simulated ms to pixels, so a moment lines up vertically across charts.
 */
import { axisBottom, type ScaleLinear, type Selection, scaleLinear } from 'd3';
import { type Chained, chain } from './accessor.ts';
import { FONT, GRID, MUTED } from './palette.ts';

export type TimeScale = ScaleLinear<number, number>;

/** Simulated time [0, durationMs] onto [0, width] pixels. */
export function timeScale(durationMs: number, width: number): TimeScale {
  return scaleLinear().domain([0, durationMs]).range([0, width]);
}

/** Tick text for simulated time: seconds for short runs, min:s from 10 minutes on. */
export function timeTickFormat(durationMs: number): (ms: number) => string {
  if (durationMs < 600_000) return (ms) => `${Math.round(ms / 100) / 10} s`;
  return (ms) => {
    const s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  };
}

/** Steps a time axis may use (ms): whole seconds and minutes, never 50-second ticks. */
const STEPS = [
  100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000,
];

/** Tick positions for [0, durationMs]: the smallest round step giving at most `count` ticks. */
export function timeTicks(durationMs: number, count: number): number[] {
  const step = STEPS.find((s) => durationMs / s <= Math.max(1, count)) ?? STEPS[STEPS.length - 1];
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs + 1e-9; t += step) ticks.push(t);
  return ticks;
}

interface TimeAxisProps {
  x: TimeScale;
  ticks: number;
  /** Faint vertical grid lines this many pixels up from the axis (0: none). */
  gridHeight: number;
}

export interface TimeAxis extends Chained<TimeAxisProps, TimeAxis> {
  (g: Selection<SVGGElement, unknown, null, undefined>): void;
}

export function timeAxis(): TimeAxis {
  const p: TimeAxisProps = { x: timeScale(1000, 100), ticks: 8, gridHeight: 0 };
  return chain<TimeAxis, TimeAxisProps>((g: Selection<SVGGElement, unknown, null, undefined>) => {
    const [, end] = p.x.domain();
    g.call(
      axisBottom<number>(p.x)
        .tickValues(timeTicks(end, Math.max(2, p.ticks)))
        .tickFormat(timeTickFormat(end))
        .tickSizeOuter(0),
    );
    g.attr('font-family', FONT).attr('font-size', 11).attr('color', MUTED);
    g.selectAll('.fl-grid').remove();
    if (p.gridHeight > 0) {
      g.selectAll('.tick')
        .insert('line', ':first-child')
        .attr('class', 'fl-grid')
        .attr('y1', -p.gridHeight)
        .attr('y2', 0)
        .attr('stroke', GRID);
    }
  }, p);
}
