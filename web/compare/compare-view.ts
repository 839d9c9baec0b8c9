/**
 * Compare mode's view: the variants side by side, every chart on the same time axis and, per
 * chart, the same value axis (the largest value of any variant), so heights compare directly;
 * then a table of the key numbers per variant.
 */
import { select } from 'd3';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { amplificationChart } from '../charts/amplification-chart.ts';
import type { GoldenPanel } from '../charts/golden-signals.ts';
import { goldenSignals } from '../charts/golden-signals.ts';
import { PLOT_MARGIN, panelExtent } from '../charts/panel.ts';
import {
  amplificationSeries,
  type Focus,
  faultWindowsOf,
  goldenSignalSeries,
} from '../charts/signal-series.ts';
import { timeScale } from '../charts/time-axis.ts';
import type { Tooltip } from '../charts/tooltip.ts';
import { renderTable } from '../summary/summary-table.ts';
import { axisEndMs } from '../view/axis-span.ts';
import { comparisonRows, type Variant } from './variants.ts';

export interface CompareViewInput {
  scenarios: readonly Scenario[];
  variants: readonly Variant[];
  results: readonly (RunResult | null)[];
  errors: readonly (string | null)[];
  focus: Focus;
  width: number;
  tooltip: Tooltip;
}

export function renderCompare(container: HTMLElement, input: CompareViewInput): void {
  container.replaceChildren();
  if (input.variants.length === 0) return;
  const columns = input.width >= 880 ? 2 : 1;
  const cellWidth = Math.floor((input.width - (columns - 1) * 12) / columns);
  const plotWidth = Math.max(120, cellWidth - PLOT_MARGIN.left - PLOT_MARGIN.right - 2);
  const durationMs = Math.max(...input.scenarios.map((s) => s.durationMs));
  // Zoomed like the run view once every variant is in, to where any of them still acts.
  const axisEnd = input.results.every((r) => r !== null)
    ? Math.max(
        ...input.results.map((r, i) =>
          axisEndMs(
            durationMs,
            r,
            false,
            input.scenarios[i].faults.map((f) => f.atMs),
          ),
        ),
      )
    : durationMs;
  const x = timeScale(axisEnd, plotWidth);

  const yMax: Partial<Record<GoldenPanel, number>> = {};
  let ampMax = 1;
  for (const r of input.results) {
    if (r === null) continue;
    const g = goldenSignalSeries(r, input.focus);
    const grow = (key: GoldenPanel, v: number) => {
      yMax[key] = Math.max(yMax[key] ?? 0, v);
    };
    grow('latency', panelExtent(g.latency, false));
    grow('traffic', panelExtent(g.traffic, false));
    grow('errors', panelExtent(g.errors, true));
    grow('saturation', panelExtent(g.saturation, false));
    ampMax = Math.max(ampMax, panelExtent(amplificationSeries(r), false));
  }

  const grid = document.createElement('div');
  grid.className = 'fl-compare-grid';
  grid.style.gridTemplateColumns = `repeat(${columns}, ${cellWidth}px)`;
  container.append(grid);
  input.variants.forEach((v, i) => {
    const figure = document.createElement('figure');
    figure.className = 'fl-card fl-compare-cell';
    figure.dataset.variant = String(i);
    const caption = document.createElement('figcaption');
    const r = input.results[i];
    caption.textContent = v.label;
    const status = document.createElement('span');
    status.className = 'fl-note';
    status.dataset.testid = 'compare-hash';
    status.textContent = input.errors[i] ?? (r === null ? ' running…' : ` trace ${r.traceHash}`);
    caption.append(status);
    figure.append(caption);
    const golden = select(figure).append('svg').attr('class', 'fl-chart').node() as SVGSVGElement;
    const amp = select(figure).append('svg').attr('class', 'fl-chart').node() as SVGSVGElement;
    grid.append(figure);
    const faults = faultWindowsOf(input.scenarios[i]);
    select(golden).call(
      goldenSignals()
        .x(x)
        .scenario(input.scenarios[i])
        .result(r)
        .focus(input.focus)
        .plotHeight(70)
        .faults(faults)
        .yMax(yMax)
        .tooltip(input.tooltip),
    );
    select(amp).call(
      amplificationChart().x(x).result(r).plotHeight(70).faults(faults).yMax(ampMax).tooltip(input.tooltip),
    );
  });

  const rows = comparisonRows(input.results);
  container.append(
    renderTable({
      id: 'compare',
      caption: `Key numbers per variant (same seed: common random numbers; ${input.focus.kind} view: ${input.focus.name})`,
      head: ['', ...input.variants.map((v) => v.label)],
      rows: rows.map((r) => [r.metric, ...r.values]),
    }),
  );
}
