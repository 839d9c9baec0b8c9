/**
 * One time-series panel: lines or stacked areas over the shared time axis, with fault shading,
 * axes, a legend, a hover tooltip with exact values and units, click-to-seek and a time-travel
 * cursor layer. The building block of the golden-signals, amplification and pattern charts.
 *
 * @example
 * select(svg).append('g').call(timePanel().x(x).title('Latency').unit('ms').series([...]));
 */
import { area, axisLeft, axisRight, line, pointer, type ScaleLinear, type Selection, scaleLinear } from 'd3';
import { type Chained, chain } from './accessor.ts';
import { CURSOR_LAYER } from './cursor.ts';
import { type FaultWindow, faultShading } from './fault-shading.ts';
import { formatTime, formatValue, tickFormat, type Unit } from './format.ts';
import { type LegendItem, legend } from './legend.ts';
import { FONT, GRID, INK, MUTED } from './palette.ts';
import { type TimeScale, timeAxis, timeScale } from './time-axis.ts';
import type { Tooltip } from './tooltip.ts';

export interface PanelSeries {
  key: string;
  label: string;
  color: string;
  dash?: string;
  values: readonly (number | null)[];
  /** A series on the right axis (in `rightUnit`). */
  right?: boolean;
  /** In a stacked panel: a line on the left axis, over the stack and not part of it. */
  overlay?: boolean;
  /** The legend's text for it; null: not in the legend (its tooltip row keeps `label`). */
  legend?: string | null;
}

/** Margins around every panel's plot: equal everywhere, so plots line up with each other and the scrubber. */
export const PLOT_MARGIN = { top: 34, right: 54, bottom: 24, left: 62 } as const;

/** Total height of a panel whose plot is `plotHeight` tall. */
export function panelHeight(plotHeight: number): number {
  return PLOT_MARGIN.top + plotHeight + PLOT_MARGIN.bottom;
}

interface TimePanelProps {
  x: TimeScale;
  /** Plot height in pixels (margins excluded). */
  height: number;
  title: string;
  unit: Unit;
  rightUnit: Unit | null;
  /** Left-axis series are stacked areas. */
  stacked: boolean;
  /** Forces the left axis maximum (compare mode shares axes); null: from the data. */
  yMax: number | null;
  bucketMs: number;
  startMs: readonly number[];
  series: readonly PanelSeries[];
  faults: readonly FaultWindow[];
  faultLabels: boolean;
  /** A dashed horizontal line at this left-axis value (e.g. 1x amplification). */
  reference: number | null;
  tooltip: Tooltip | null;
  onSeek: ((timeMs: number) => void) | null;
  /** Shown when there is nothing to plot. */
  empty: string;
  /** The tooltip's note for a bucket where no series has a value (null: none). */
  noValue: string | null;
  /** Legend entries that are not series (e.g. "dashed: busy"). */
  legendExtra: readonly LegendItem[];
  /**
   * The previous run's series, drawn faded under this run's on the same axes (a stacked panel
   * draws the previous total). Empty: no ghost.
   */
  ghost: readonly PanelSeries[];
}

export interface TimePanel extends Chained<TimePanelProps, TimePanel> {
  (g: Selection<SVGGElement, unknown, null, undefined>): void;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

function child(parent: G, cls: string, tag: 'g' | 'rect' | 'text' = 'g'): G {
  let sel = parent.select<SVGGElement>(`:scope > .${cls}`);
  if (sel.empty()) sel = parent.append(tag as 'g').attr('class', cls);
  return sel as G;
}

/** Largest left-axis value a panel would show (stacked: the largest bucket sum). */
export function panelExtent(series: readonly PanelSeries[], stacked: boolean): number {
  let max = 0;
  const left = series.filter((s) => !s.right && !(stacked && s.overlay));
  if (stacked) {
    for (const s of series)
      if (s.overlay && !s.right) for (const v of s.values) if (v !== null && v > max) max = v;
    const n = Math.max(0, ...left.map((s) => s.values.length));
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (const s of left) sum += s.values[i] ?? 0;
      max = Math.max(max, sum);
    }
  } else {
    for (const s of left) for (const v of s.values) if (v !== null && v > max) max = v;
  }
  return max;
}

export function timePanel(): TimePanel {
  const p: TimePanelProps = {
    x: timeScale(1000, 100),
    height: 110,
    title: '',
    unit: '',
    rightUnit: null,
    stacked: false,
    yMax: null,
    bucketMs: 1000,
    startMs: [],
    series: [],
    faults: [],
    faultLabels: false,
    reference: null,
    tooltip: null,
    onSeek: null,
    empty: 'no data yet',
    noValue: null,
    legendExtra: [],
    ghost: [],
  };

  return chain<TimePanel, TimePanelProps>((root: G) => {
    const x = p.x;
    const width = x.range()[1];
    const h = p.height;
    const mid = (i: number) => x((p.startMs[i] ?? i * p.bucketMs) + p.bucketMs / 2);
    // A zoomed axis ends before the data does: nothing is drawn past the plot's right edge.
    const inView = (i: number) => mid(i) <= width + 0.5;
    const left = p.series.filter((s) => !s.right && !(p.stacked && s.overlay));
    const right = p.series.filter((s) => s.right);
    const ghost = ghostLines(p.ghost, p.stacked);
    const max = p.yMax ?? Math.max(panelExtent(p.series, p.stacked), panelExtent(ghost, false));
    const y: ScaleLinear<number, number> = scaleLinear()
      .domain([0, max > 0 ? max * 1.05 : 1])
      .range([h, 0])
      .nice(4);
    const yRight = scaleLinear().domain([0, 1]).range([h, 0]);

    root.classed('fl-panel', true).attr('data-title', p.title);
    const titleText = `${p.title}${p.unit === '' || p.unit === 'x' ? '' : ` (${p.unit})`}`;
    setText(
      child(root, 'fl-title', 'text')
        .attr('x', 0)
        .attr('y', 14)
        .attr('font-family', FONT)
        .attr('font-size', 13)
        .attr('font-weight', 600)
        .attr('fill', INK),
      titleText,
    );
    // 13px semibold averages under 7.6px a character; the legend starts after the title.
    const titleWidth = titleText.length * 7.6 + 18;
    child(root, 'fl-legend')
      .attr('transform', 'translate(0,14)')
      .call(
        legend()
          .indent(Math.max(PLOT_MARGIN.left, titleWidth))
          .width(width + PLOT_MARGIN.left + PLOT_MARGIN.right)
          .items([
            ...p.series
              .filter((s) => s.legend !== null)
              .map((s) => ({
                label: s.legend ?? s.label,
                color: s.color,
                dash: s.dash,
                kind: p.stacked && !s.right && !s.overlay ? ('area' as const) : ('line' as const),
              })),
            ...p.legendExtra,
            ...(ghost.length > 0
              ? [{ label: 'before', color: GHOST, dash: '3 2', kind: 'line' as const }]
              : []),
          ]),
      );

    const plot = child(root, 'fl-plot').attr(
      'transform',
      `translate(${PLOT_MARGIN.left},${PLOT_MARGIN.top})`,
    );
    child(plot, 'fl-bg', 'rect').attr('width', width).attr('height', h).attr('fill', '#ffffff');
    child(plot, 'fl-faults').call(faultShading().x(x).height(h).faults(p.faults).labels(p.faultLabels));

    const yAxis = child(plot, 'fl-yaxis');
    yAxis
      .call(
        axisLeft(y)
          .ticks(4)
          .tickFormat((v) => tickFormat(p.unit)(Number(v)))
          .tickSizeOuter(0),
      )
      .attr('font-family', FONT)
      .attr('font-size', 11)
      .attr('color', MUTED);
    yAxis.selectAll('.fl-grid').remove();
    yAxis
      .selectAll('.tick')
      .insert('line', ':first-child')
      .attr('class', 'fl-grid')
      .attr('x2', width)
      .attr('stroke', GRID);
    const yAxisRight = child(plot, 'fl-yaxis-right').attr('transform', `translate(${width},0)`);
    if (p.rightUnit !== null && right.length > 0) {
      yAxisRight
        .call(
          axisRight(yRight)
            .ticks(4)
            .tickFormat((v) => tickFormat(p.rightUnit ?? '')(Number(v)))
            .tickSizeOuter(0),
        )
        .attr('font-family', FONT)
        .attr('font-size', 11)
        .attr('color', MUTED);
    } else yAxisRight.selectAll('*').remove();

    const data = child(plot, 'fl-data');
    if (p.stacked) {
      const n = p.startMs.length;
      const stackedSeries = left.map((s, k) => {
        const lower = new Array<number>(n).fill(0);
        for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) lower[i] += left[j].values[i] ?? 0;
        return { s, lower };
      });
      data
        .selectAll<SVGPathElement, (typeof stackedSeries)[number]>('path.fl-area')
        .data(stackedSeries, (d) => d.s.key)
        .join('path')
        .attr('class', 'fl-area')
        .attr('data-key', (d) => d.s.key)
        .attr('fill', (d) => d.s.color)
        .attr('fill-opacity', 0.75)
        .attr('stroke', 'none')
        .attr('d', (d) =>
          area<number>()
            .defined(inView)
            .x((i) => mid(i))
            .y0((i) => y(d.lower[i]))
            .y1((i) => y(d.lower[i] + (d.s.values[i] ?? 0)))(range(n)),
        );
    } else data.selectAll('path.fl-area').remove();

    data
      .selectAll<SVGPathElement, PanelSeries>('path.fl-ghost')
      .data(ghost, (s) => s.key)
      .join((enter) => enter.insert('path', ':first-child'))
      .attr('class', 'fl-ghost')
      .attr('data-key', (s) => s.key)
      .attr('fill', 'none')
      .attr('stroke', (s) => s.color)
      .attr('stroke-opacity', 0.45)
      .attr('stroke-width', 1.5)
      .attr('stroke-dasharray', '3 2')
      .attr('d', (s) => {
        const scale = s.right ? yRight : y;
        return line<number>()
          .defined((i) => s.values[i] !== null && s.values[i] !== undefined && inView(i))
          .x((i) => mid(i))
          .y((i) => scale(s.values[i] as number))(range(s.values.length));
      });

    const lines = p.stacked ? p.series.filter((s) => s.right || s.overlay) : p.series;
    data
      .selectAll<SVGPathElement, PanelSeries>('path.fl-line')
      .data(lines, (s) => s.key)
      .join('path')
      .attr('class', 'fl-line')
      .attr('data-key', (s) => s.key)
      .attr('fill', 'none')
      .attr('stroke', (s) => s.color)
      .attr('stroke-width', 2)
      .attr('stroke-linejoin', 'round')
      .attr('stroke-dasharray', (s) => s.dash ?? null)
      .attr('d', (s) => {
        const scale = s.right ? yRight : y;
        return line<number>()
          .defined((i) => s.values[i] !== null && s.values[i] !== undefined && inView(i))
          .x((i) => mid(i))
          .y((i) => scale(s.values[i] as number))(range(s.values.length));
      });

    child(plot, 'fl-ref')
      .selectAll('line')
      .data(p.reference === null ? [] : [p.reference])
      .join('line')
      .attr('x1', 0)
      .attr('x2', width)
      .attr('y1', (v) => y(v))
      .attr('y2', (v) => y(v))
      .attr('stroke', MUTED)
      .attr('stroke-dasharray', '4 3');

    child(plot, 'fl-xaxis')
      .attr('transform', `translate(0,${h})`)
      .call(
        timeAxis()
          .x(x)
          .ticks(Math.round(width / 80)),
      );

    const hasData = p.series.some((s) => s.values.some((v) => v !== null));
    setText(
      child(plot, 'fl-empty', 'text')
        .attr('x', width / 2)
        .attr('y', h / 2)
        .attr('text-anchor', 'middle')
        .attr('font-family', FONT)
        .attr('font-size', 12)
        .attr('fill', MUTED),
      hasData ? '' : p.empty,
    );

    const hover = child(plot, 'fl-hover');
    child(plot, CURSOR_LAYER).attr('data-width', width).attr('data-height', h);

    const capture = child(plot, 'fl-capture', 'rect')
      .attr('width', width)
      .attr('height', h)
      .attr('fill', 'transparent')
      .style('cursor', p.onSeek === null ? 'default' : 'crosshair');
    const bucketOf = (event: MouseEvent) => {
      const [mx] = pointer(event, plot.node());
      const t = x.invert(Math.max(0, Math.min(width, mx)));
      return { t, i: Math.floor(t / p.bucketMs) };
    };
    capture
      .on('mousemove', (event: MouseEvent) => {
        const { i } = bucketOf(event);
        if (i < 0 || i >= p.startMs.length) {
          hover.selectAll('*').remove();
          p.tooltip?.hide();
          return;
        }
        const start = p.startMs[i];
        hover
          .selectAll('line')
          .data([mid(i)])
          .join('line')
          .attr('x1', (v) => v)
          .attr('x2', (v) => v)
          .attr('y1', 0)
          .attr('y2', h)
          .attr('stroke', MUTED)
          .attr('stroke-dasharray', '2 2')
          .attr('pointer-events', 'none');
        const rows = p.series.map((s) => ({
          color: s.color,
          label: s.label,
          value: formatValue(s.values[i], s.right ? (p.rightUnit ?? '') : p.unit),
        }));
        const active = p.faults
          .filter((f) => start + p.bucketMs > f.startMs && (f.endMs === null || start < f.endMs))
          .map((f) => `${f.name}: ${f.label}`);
        const blank =
          p.noValue !== null && p.series.every((s) => s.values[i] === null || s.values[i] === undefined);
        const notes = [
          ...(blank ? [p.noValue] : []),
          ...(active.length > 0 ? [`fault: ${active.join('; ')}`] : []),
        ];
        p.tooltip?.show(
          event.clientX,
          event.clientY,
          `${p.title} · ${formatTime(start)} – ${formatTime(start + p.bucketMs)}`,
          rows,
          notes.join(' · '),
        );
      })
      .on('mouseleave', () => {
        hover.selectAll('*').remove();
        p.tooltip?.hide();
      })
      .on('click', (event: MouseEvent) => {
        if (p.onSeek !== null) p.onSeek(bucketOf(event).t);
      });
  }, p);
}

/** The ghost's colour when it is one line (a stacked panel's total). */
const GHOST = '#7a8394';

/** The lines a ghost draws: its series as they are, or a stacked panel's total as one line. */
function ghostLines(ghost: readonly PanelSeries[], stacked: boolean): PanelSeries[] {
  if (!stacked) return [...ghost];
  const left = ghost.filter((s) => !s.right && !s.overlay);
  if (left.length === 0) return ghost.filter((s) => s.right || s.overlay);
  const n = Math.max(...left.map((s) => s.values.length));
  const total = Array.from({ length: n }, (_, i) => left.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  return [
    { key: 'ghost-total', label: 'before: total', color: GHOST, values: total },
    ...ghost.filter((s) => s.right || s.overlay),
  ];
}

/** Sets a text only when it differs: rewriting equal text still invalidates layout. */
function setText(sel: G, text: string): void {
  if (sel.text() !== text) sel.text(text);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
