/**
 * The control-plane band, on the charts' shared time axis: one row per service the control plane
 * touched. Each replica has a lane; an interval (a crash, a partition, a replica out of rotation,
 * a restart, provisioning, draining) is a bar on its lane, an instant (a probe flip, a scaling
 * decision, a rollout step, an alert) a tick above the lanes. When the service's replica set
 * changes, its total (dashed) and ready (solid) replica counts are drawn as steps over the row.
 */
import { scaleLinear, select } from 'd3';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import {
  type ControlFamily,
  type ControlRow,
  controlFamily,
  controlRows,
  describeEvent,
  eventsNear,
  intervalsAt,
} from '../view/control-rows.ts';
import { type Chained, chain } from './accessor.ts';
import { drawBand, emptyNote } from './band-frame.ts';
import type { FaultWindow } from './fault-shading.ts';
import { formatTime } from './format.ts';
import type { LegendItem } from './legend.ts';
import { FONT, INK, MUTED, OKABE_ITO } from './palette.ts';
import type { Svg } from './stack.ts';
import { type TimeScale, timeScale } from './time-axis.ts';
import type { Tooltip } from './tooltip.ts';

interface ControlBandProps {
  x: TimeScale;
  result: RunResult | null;
  faults: readonly FaultWindow[];
  tooltip: Tooltip | null;
  onSeek: ((timeMs: number) => void) | null;
}

export interface ControlBand extends Chained<ControlBandProps, ControlBand> {
  (svg: Svg): void;
}

/** Colour and legend label of each family (Okabe-Ito, as every chart). */
export const FAMILY_STYLE: Readonly<Record<ControlFamily, { color: string; label: string }>> = {
  down: { color: OKABE_ITO.vermillion, label: 'down / restarting' },
  'cut-off': { color: OKABE_ITO.orange, label: 'cut off' },
  'not-ready': { color: OKABE_ITO.purple, label: 'out of rotation' },
  starting: { color: OKABE_ITO.skyBlue, label: 'starting' },
  draining: { color: '#999999', label: 'draining' },
  change: { color: OKABE_ITO.blue, label: 'scaling' },
  rollout: { color: OKABE_ITO.green, label: 'rollout step / analysis' },
  rollback: { color: OKABE_ITO.yellow, label: 'analysis failed / rollback' },
  alert: { color: OKABE_ITO.black, label: 'alert' },
  // An alert's action taken back as it cleared (until: 'cleared'): Okabe-Ito's yellow darkened,
  // as no colour of the eight is free and a tick must stand out from the bars' greys.
  'alert-ended': { color: '#8a7d00', label: 'alert action ended' },
  standby: { color: '#b9c3cf', label: 'standby' },
  failover: { color: OKABE_ITO.green, label: 'failover / promotion' },
  'false-failover': { color: OKABE_ITO.vermillion, label: 'false failover' },
  leadership: { color: OKABE_ITO.blue, label: 'leader elected' },
  'stepped-down': { color: OKABE_ITO.purple, label: 'leader stepped down' },
  'semi-sync-fallback': { color: OKABE_ITO.yellow, label: 'semi-sync fell back to async' },
  'semi-sync-restored': { color: OKABE_ITO.skyBlue, label: 'semi-sync restored' },
  other: { color: MUTED, label: 'other' },
};

const TICKS = 10;
const LANE = 7;
const LANE_GAP = 2;
/** More replicas than this share lanes (replica index modulo the lane count). */
const MAX_LANES = 8;
const ROW_GAP = 10;

const lanesOf = (row: ControlRow) => Math.min(MAX_LANES, row.lanes);
const rowHeight = (row: ControlRow) =>
  TICKS + lanesOf(row) * (LANE + LANE_GAP) + (row.replicas === null ? 0 : 24);

export function controlBand(): ControlBand {
  const p: ControlBandProps = {
    x: timeScale(1000, 100),
    result: null,
    faults: [],
    tooltip: null,
    onSeek: null,
  };
  return chain<ControlBand, ControlBandProps>((svg: Svg) => {
    const x = p.x;
    const plotWidth = x.range()[1];
    const end = x.domain()[1];
    const rows = controlRows(p.result);
    const offsets: number[] = [];
    let h = 0;
    for (const r of rows) {
      offsets.push(h);
      h += rowHeight(r) + ROW_GAP;
    }
    h = Math.max(24, h - ROW_GAP);
    const bucketMs = p.result?.series.bucketMs ?? 1000;
    const startMs = p.result?.series.startMs ?? [];
    const families = new Set<ControlFamily>();
    for (const r of rows) {
      for (const e of r.intervals) families.add(controlFamily(e.kind));
      for (const e of r.events) families.add(controlFamily(e.kind));
    }
    const items: LegendItem[] = [...families].map((f) => ({ ...FAMILY_STYLE[f], kind: 'area' }));
    if (rows.some((r) => r.replicas !== null))
      items.push({ label: 'replicas', color: INK, dash: '4 3' }, { label: 'ready', color: OKABE_ITO.green });
    drawBand(svg, {
      key: 'control',
      panelTitle: 'Control plane',
      heading: 'Control plane',
      legendAt: 120,
      legend: items,
      x,
      height: h,
      faults: p.faults,
      rows: (plot) => {
        const xAt = (t: number) => x(Math.min(t, end));
        const row = plot
          .selectAll('g.fl-control-row')
          .data(rows)
          .join('g')
          .attr('class', 'fl-control-row')
          .attr('data-row', (r) => r.key)
          .attr('data-intervals', (r) => r.intervals.length)
          .attr('data-events', (r) => r.events.length)
          .attr('transform', (_, i) => `translate(0,${offsets[i]})`);
        row
          .append('rect')
          .attr('width', plotWidth)
          .attr('height', (r) => rowHeight(r))
          .attr('fill', '#f6f7f9');
        row
          .selectAll('rect.fl-control-interval')
          .data((r) =>
            r.intervals.filter((e) => e.startMs < end).map((e) => ({ e, lane: e.replica % lanesOf(r) })),
          )
          .join('rect')
          .attr('class', 'fl-control-interval')
          .attr('data-kind', (d) => d.e.kind)
          .attr('x', (d) => xAt(d.e.startMs))
          .attr('y', (d) => TICKS + d.lane * (LANE + LANE_GAP))
          .attr('width', (d) => Math.max(1.5, xAt(d.e.endMs ?? end) - xAt(d.e.startMs)))
          .attr('height', LANE)
          .attr('fill', (d) => FAMILY_STYLE[controlFamily(d.e.kind)].color)
          .attr('fill-opacity', 0.85);
        row
          .selectAll('path.fl-control-event')
          .data((r) => r.events.filter((e) => e.atMs <= end))
          .join('path')
          .attr('class', 'fl-control-event')
          .attr('data-kind', (e) => e.kind)
          .attr('transform', (e) => `translate(${xAt(e.atMs)},0)`)
          // A small downward triangle whose tip touches the lanes.
          .attr('d', `M-4,1L4,1L0,${TICKS - 1}Z`)
          .attr('fill', (e) => FAMILY_STYLE[controlFamily(e.kind)].color);
        row.each(function (r) {
          if (r.replicas === null) return;
          const g = select(this).append('g');
          const top = TICKS + lanesOf(r) * (LANE + LANE_GAP) + 2;
          const peak = Math.max(1, ...r.replicas.map((v) => v ?? 0));
          const y = scaleLinear()
            .domain([0, peak])
            .range([top + 20, top]);
          g.append('path')
            .attr('class', 'fl-control-replicas')
            .attr('d', stepPath(r.replicas, startMs, bucketMs, end, x, y))
            .attr('fill', 'none')
            .attr('stroke', INK)
            .attr('stroke-dasharray', '4 3');
          if (r.ready !== null)
            g.append('path')
              .attr('class', 'fl-control-ready')
              .attr('d', stepPath(r.ready, startMs, bucketMs, end, x, y))
              .attr('fill', 'none')
              .attr('stroke', OKABE_ITO.green)
              .attr('stroke-width', 1.8);
          g.append('text')
            .attr('x', plotWidth + 4)
            .attr('y', top + 8)
            .attr('font-family', FONT)
            .attr('font-size', 10)
            .attr('fill', MUTED)
            .text(`max ${peak}`);
        });
        row
          .append('text')
          .attr('x', -6)
          .attr('y', 12)
          .attr('text-anchor', 'end')
          .attr('font-family', FONT)
          .attr('font-size', 11)
          .attr('fill', INK)
          .text((r) => r.key);
        if (rows.length === 0) emptyNote(plot, plotWidth, h, 'no control-plane activity in this run');
      },
      onMove: (event, mx, my) => {
        const t = x.invert(mx);
        const i = offsets.findIndex((o, k) => my >= o && my < o + rowHeight(rows[k]) + ROW_GAP);
        const r = rows[i];
        if (r === undefined) {
          p.tooltip?.hide();
          return;
        }
        // Half the width of a tick, in time: events under the pointer.
        const near = eventsNear(r, t, Math.abs(x.invert(mx + 5) - t));
        const tooltipRows = [
          ...intervalsAt(r, t).map((e) => ({
            color: FAMILY_STYLE[controlFamily(e.kind)].color,
            label: `${e.kind} #${e.replica}`,
            value: `${formatTime(e.startMs)} – ${e.endMs === null ? 'end' : formatTime(e.endMs)} (${e.source})`,
          })),
          ...near.slice(0, 6).map((e) => ({
            color: FAMILY_STYLE[controlFamily(e.kind)].color,
            label: formatTime(e.atMs),
            value: describeEvent(e),
          })),
        ];
        const b = Math.floor(t / bucketMs);
        if (r.replicas !== null && r.replicas[b] !== undefined) {
          tooltipRows.push({
            color: INK,
            label: 'replicas',
            value: `${r.replicas[b] ?? '–'}${r.ready === null ? '' : ` (${r.ready[b] ?? '–'} ready)`}`,
          });
        }
        if (tooltipRows.length === 0) {
          p.tooltip?.hide();
          return;
        }
        p.tooltip?.show(event.clientX, event.clientY, `${r.key} · ${formatTime(t)}`, tooltipRows);
      },
      onLeave: () => p.tooltip?.hide(),
      onClick: (t) => p.onSeek?.(t),
    });
  }, p);
}

/** A step path of per-bucket values: flat across each bucket, vertical between buckets. */
function stepPath(
  values: readonly (number | null)[],
  startMs: readonly number[],
  bucketMs: number,
  end: number,
  x: TimeScale,
  y: (v: number) => number,
): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < values.length; i++) {
    const from = startMs[i] ?? i * bucketMs;
    if (from >= end) break;
    const v = values[i];
    if (v === null) {
      pen = false;
      continue;
    }
    const x0 = x(from);
    const x1 = x(Math.min(end, from + bucketMs));
    d += `${pen ? 'L' : 'M'}${x0},${y(v)}L${x1},${y(v)}`;
    pen = true;
  }
  return d;
}

/** Whether a run has anything for the band to show. */
export function controlBandHasRows(result: RunResult | null): boolean {
  return controlRows(result).length > 0;
}
