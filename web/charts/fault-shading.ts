/**
 * Fault windows shaded behind a chart's data (an instant fault is a thin band), optionally
 * labelled, so cause and effect line up on every chart. A chaos fault's hits are shaded again
 * inside its window, one band per hit, so each replica's downtime shows.
 */
import type { Selection } from 'd3';
import { type Chained, chain } from './accessor.ts';
import { FAULT_FILL, FONT, MUTED } from './palette.ts';
import { type TimeScale, timeScale } from './time-axis.ts';

export interface FaultWindow {
  name: string;
  label: string;
  startMs: number;
  /** null: lasts to the end of the run. */
  endMs: number | null;
  instant: boolean;
  /** A chaos hit's window: the replica it hit and what it did ("db/1 down"); the fault's own window has none. */
  hit?: string;
}

/** Hits of one fault share its name: they are told apart by replica and start. */
const windowKey = (f: FaultWindow) => (f.hit === undefined ? f.name : `${f.name} ${f.hit} ${f.startMs}`);

interface FaultShadingProps {
  x: TimeScale;
  height: number;
  faults: readonly FaultWindow[];
  labels: boolean;
}

export interface FaultShading extends Chained<FaultShadingProps, FaultShading> {
  (g: Selection<SVGGElement, unknown, null, undefined>): void;
}

export function faultShading(): FaultShading {
  const p: FaultShadingProps = { x: timeScale(1000, 100), height: 100, faults: [], labels: false };
  return chain<FaultShading, FaultShadingProps>((g: Selection<SVGGElement, unknown, null, undefined>) => {
    const x = p.x;
    const [, end] = x.domain();
    const left = (f: FaultWindow) => x(Math.min(f.startMs, end));
    const width = (f: FaultWindow) =>
      f.instant ? 2 : Math.max(2, x(Math.min(f.endMs ?? end, end)) - x(Math.min(f.startMs, end)));
    g.selectAll<SVGRectElement, FaultWindow>('rect')
      .data(p.faults, windowKey)
      .join('rect')
      .attr('x', left)
      .attr('y', 0)
      .attr('width', width)
      .attr('height', p.height)
      .attr('fill', FAULT_FILL)
      .attr('fill-opacity', (f) => (f.instant ? 0.45 : f.hit !== undefined ? 0.2 : 0.16))
      .attr('data-fault', (f) => f.name)
      .attr('data-hit', (f) => f.hit ?? null);
    // Labels name the faults; a hit's replica is in the hover tooltip, not written over the chart.
    g.selectAll<SVGTextElement, FaultWindow>('text')
      .data(p.labels ? p.faults.filter((f) => f.hit === undefined) : [], windowKey)
      .join('text')
      .attr('x', (f) => left(f) + 3)
      .attr('y', 10)
      .attr('font-family', FONT)
      .attr('font-size', 10)
      .attr('fill', MUTED)
      .text((f) => `${f.name}: ${f.label}`);
  }, p);
}
