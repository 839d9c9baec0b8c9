/**
 * The run view: topology, scrubber, charts, counters and summary of one run, rendered at most
 * once per animation frame. Data (a new partial result) re-renders the charts; moving in time
 * only moves cursors and recomputes the topology state and counters from the result's buckets,
 * which is why scrubbing is immediate.
 */
import { type BaseType, type Selection, select, selectAll } from 'd3';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import type { EventSample } from '../../workers/protocol.ts';
import { amplificationChart } from '../charts/amplification-chart.ts';
import { breakerBand, breakerRowsExist } from '../charts/breaker-band.ts';
import { controlBand, controlBandHasRows } from '../charts/control-band.ts';
import { CURSOR_LAYER, timeCursor } from '../charts/cursor.ts';
import { formatCount, formatTime, formatValue } from '../charts/format.ts';
import { goldenSignals } from '../charts/golden-signals.ts';
import { PLOT_MARGIN } from '../charts/panel.ts';
import { patternRates } from '../charts/pattern-rates.ts';
import type { RateChart } from '../charts/rate-chart-props.ts';
import { requestFlow } from '../charts/request-flow.ts';
import { type Focus, faultWindowsOf } from '../charts/signal-series.ts';
import { storePanels } from '../charts/store-panels.ts';
import { timeScale } from '../charts/time-axis.ts';
import type { Tooltip } from '../charts/tooltip.ts';
import { topology } from '../charts/topology.ts';
import { mountScrubber, type Scrubber } from '../controls/scrubber.ts';
import { renderSummary } from '../summary/summary-table.ts';
import { countersAsOf, topologyStateAt } from '../view/as-of.ts';
import { axisEndMs } from '../view/axis-span.ts';
import { type CallGraph, callGraph } from '../view/graph.ts';
import { storeViews } from '../view/store-view.ts';
import { renderStoreReplicas } from './store-replicas.ts';

export interface RunViewElements {
  topology: SVGSVGElement;
  flow: HTMLCanvasElement;
  golden: SVGSVGElement;
  amplification: SVGSVGElement;
  breakers: SVGSVGElement;
  breakerCard: HTMLElement;
  control: SVGSVGElement;
  controlCard: HTMLElement;
  stores: SVGSVGElement;
  storeCard: HTMLElement;
  storeReplicas: HTMLElement;
  patterns: SVGSVGElement;
  summary: HTMLElement;
  counters: HTMLElement;
  scrubberBox: HTMLElement;
  focus: HTMLSelectElement;
  axisNote: HTMLElement;
  axisText: HTMLElement;
  axisToggle: HTMLButtonElement;
}

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** While a run streams, the summary tables refresh at most this often (wall ms). */
const SUMMARY_EVERY_MS = 1000;

export class RunView {
  private scenario: Scenario | null = null;
  private graph: CallGraph | null = null;
  private result: RunResult | null = null;
  private ghost: RunResult | null = null;
  private partial = true;
  private liveEnd = 0;
  private viewTime: number | null = null;
  private focus: Focus | null = null;
  private animate = false;
  private dirtyCharts = false;
  private dirtyView = false;
  private dirtySummary = false;
  private frame = 0;
  private lastSliceWall = 0;
  private sliceGap = 200;
  private readonly topo = topology();
  private readonly flow = requestFlow();
  private readonly cursor = timeCursor();
  private readonly scrubber: Scrubber;
  private plotWidth = 600;
  private topologyWidth = 800;
  private measured = false;
  private flowDrawn = false;
  private summaryAt = 0;
  private flowSize = '';
  /** The learner asked for the whole run on the axis, zoomed or not. */
  private wholeAxis = false;

  constructor(
    private readonly el: RunViewElements,
    private readonly tooltip: Tooltip,
  ) {
    this.scrubber = mountScrubber(el.scrubberBox, (t) => this.seek(t));
    el.axisToggle.addEventListener('click', () => {
      this.wholeAxis = !this.wholeAxis;
      this.dirtyCharts = this.dirtyView = true;
      this.schedule();
    });
    this.topo.tooltip(tooltip);
    el.focus.addEventListener('change', () => {
      const [kind, ...name] = el.focus.value.split(':');
      this.focus = { kind: kind === 'client' ? 'client' : 'service', name: name.join(':') };
      this.dirtyCharts = true;
      this.schedule();
    });
    let resizeTimer = 0;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(() => {
        this.measured = false;
        this.dirtyCharts = true;
        this.dirtyView = true;
        this.schedule();
      }, 100);
    });
  }

  /** A new scenario: the graph, the focus choices; clears the previous run. */
  setScenario(scenario: Scenario): void {
    this.scenario = scenario;
    this.graph = callGraph(scenario);
    this.result = null;
    this.partial = true;
    this.liveEnd = 0;
    this.viewTime = null;
    this.wholeAxis = false;
    this.flow.clear();
    const options = [
      ...scenario.clients.map((c) => ({ value: `client:${c.name}`, text: `client ${c.name}` })),
      ...scenario.services.map((s) => ({ value: `service:${s.name}`, text: `service ${s.name}` })),
    ];
    const keep =
      this.focus !== null && options.some((o) => o.value === `${this.focus?.kind}:${this.focus?.name}`);
    if (!keep) {
      const first = scenario.clients[0];
      this.focus =
        first !== undefined
          ? { kind: 'client', name: first.name }
          : { kind: 'service', name: scenario.services[0].name };
    }
    this.el.focus.replaceChildren(
      ...options.map(
        (o) => new Option(o.text, o.value, false, o.value === `${this.focus?.kind}:${this.focus?.name}`),
      ),
    );
    this.dirtyCharts = this.dirtyView = this.dirtySummary = true;
    this.schedule();
  }

  /** The previous run, kept faded on the golden signals (null: none). */
  setGhost(result: RunResult | null): void {
    this.ghost = result;
    this.dirtyCharts = true;
    this.schedule();
  }

  /** A (partial or final) result. */
  setResult(result: RunResult, partial: boolean): void {
    this.result = result;
    this.partial = partial;
    this.liveEnd = Math.max(this.liveEnd, result.simTimeMs);
    this.dirtyCharts = this.dirtyView = true;
    // The tables are the slowest thing to lay out: while running, refresh them about once a second.
    const now = performance.now();
    if (!partial || now - this.summaryAt > SUMMARY_EVERY_MS) {
      this.summaryAt = now;
      this.dirtySummary = true;
    }
    this.schedule();
  }

  setProgress(simTimeMs: number): void {
    this.liveEnd = Math.max(this.liveEnd, simTimeMs);
    this.dirtyView = true;
    this.schedule();
  }

  /** A slice's sampled events, animated while following the live edge. */
  pushSample(sample: EventSample, fromMs: number, toMs: number): void {
    const now = performance.now();
    if (this.lastSliceWall > 0) this.sliceGap = Math.min(600, Math.max(60, now - this.lastSliceWall));
    this.lastSliceWall = now;
    if (!this.animate || this.viewTime !== null) return;
    this.flow.push(sample, fromMs, toMs, now, this.sliceGap);
    this.schedule();
  }

  /** Whether the run is playing (the animation runs only then). */
  setAnimating(on: boolean): void {
    this.animate = on;
    if (!on) this.lastSliceWall = 0;
    this.schedule();
  }

  /** Moves the view to `timeMs` (null: follow the live edge). */
  seek(timeMs: number | null): void {
    this.viewTime = timeMs === null ? null : Math.max(0, Math.min(timeMs, this.liveEnd));
    if (this.viewTime !== null) this.flow.clear();
    this.dirtyView = true;
    this.schedule();
  }

  get viewedTime(): number | null {
    return this.viewTime;
  }

  /** Re-renders everything on the next frame. */
  refresh(): void {
    this.measured = false;
    this.dirtyCharts = this.dirtyView = this.dirtySummary = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame((now) => {
      this.frame = 0;
      this.draw(now);
    });
  }

  /** The animation canvas, sized to the topology (in device pixels). */
  private flowContext(): CanvasRenderingContext2D | null {
    const canvas = this.el.flow;
    const ratio = window.devicePixelRatio || 1;
    const w = this.topo.width();
    const h = this.topo.height();
    const size = `${w}x${h}@${ratio}`;
    if (size !== this.flowSize) {
      this.flowSize = size;
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
    }
    const context = canvas.getContext('2d');
    context?.setTransform(ratio, 0, 0, ratio, 0, 0);
    return context;
  }

  /**
   * Reads the cards' widths. Only here, and only when the layout may have changed (a new
   * scenario, a resize, the tab shown again): reading sizes after the charts changed the DOM
   * would force a synchronous layout on every frame.
   */
  private measure(): void {
    const card = this.el.golden.parentElement as HTMLElement;
    const topoCard = this.el.topology.parentElement as HTMLElement;
    if (card.clientWidth === 0) return;
    this.plotWidth = Math.max(200, card.clientWidth - 22 - PLOT_MARGIN.left - PLOT_MARGIN.right);
    this.topologyWidth = Math.max(280, topoCard.clientWidth - 22);
    this.measured = true;
  }

  private draw(now: number): void {
    const s = this.scenario;
    if (s === null) return;
    if (!this.measured) this.measure();
    const plotWidth = this.plotWidth;
    const zoomed = axisEndMs(
      s.durationMs,
      this.result,
      this.partial,
      s.faults.map((f) => f.atMs),
    );
    const axisEnd = this.wholeAxis ? s.durationMs : zoomed;
    this.el.axisNote.hidden = zoomed === s.durationMs;
    this.el.axisText.textContent = this.wholeAxis
      ? `The whole run (${formatTime(s.durationMs)}); everything happens in its first ${formatTime(zoomed)}.`
      : `Time axis zoomed to the first ${formatTime(zoomed)}: nothing happens after that in this ${formatTime(s.durationMs)} run.`;
    this.el.axisToggle.textContent = this.wholeAxis ? 'Zoom in' : 'Show the whole run';
    const x = timeScale(axisEnd, plotWidth);
    const onSeek = (t: number) => this.seek(t);
    const faults = faultWindowsOf(s, this.result);
    if (this.dirtyCharts) {
      this.dirtyCharts = false;
      select(this.el.golden as SVGSVGElement).call((svg: Svg) =>
        goldenSignals()
          .x(x)
          .scenario(s)
          .result(this.result)
          .ghost(this.ghost)
          .focus(this.focus)
          .faults(faults)
          .tooltip(this.tooltip)
          .onSeek(onSeek)(svg),
      );
      // The run-wide rate charts share their settings.
      const rateChart = <C extends RateChart<C>>(el: SVGSVGElement, chart: C) =>
        select(el).call((svg: Svg) =>
          chart
            .x(x)
            .result(this.result)
            .bucketMs(s.metrics.bucketMs)
            .faults(faults)
            .tooltip(this.tooltip)
            .onSeek(onSeek)(svg),
        );
      rateChart(this.el.amplification, amplificationChart());
      const hasBreakers = breakerRowsExist(s);
      this.el.breakerCard.hidden = !hasBreakers;
      if (hasBreakers) {
        select(this.el.breakers as SVGSVGElement).call((svg: Svg) =>
          breakerBand()
            .x(x)
            .scenario(s)
            .result(this.result)
            .faults(faults)
            .tooltip(this.tooltip)
            .onSeek(onSeek)(svg),
        );
      }
      // Shown once the run has control-plane activity (it may appear while the run streams).
      const hasControl = controlBandHasRows(this.result);
      this.el.controlCard.hidden = !hasControl;
      if (hasControl) {
        select(this.el.control as SVGSVGElement).call((svg: Svg) =>
          controlBand().x(x).result(this.result).faults(faults).tooltip(this.tooltip).onSeek(onSeek)(svg),
        );
      }
      const hasStores = storeViews(this.result).length > 0;
      this.el.storeCard.hidden = !hasStores;
      if (hasStores) {
        rateChart(this.el.stores, storePanels());
      }
      rateChart(this.el.patterns, patternRates());
      this.dirtyView = true;
    }
    if (this.dirtySummary) {
      this.dirtySummary = false;
      renderSummary(this.el.summary, this.result, this.partial);
    }

    const t = this.viewTime ?? this.liveEnd;
    if (this.dirtyView) {
      this.dirtyView = false;
      const rows = this.graph?.rows ?? 1;
      this.topo
        .graph(this.graph)
        .state(topologyStateAt(s, this.result, t))
        .width(this.topologyWidth)
        .height(Math.max(150, 40 + rows * 92));
      select(this.el.topology as SVGSVGElement).call((svg: Svg) => this.topo(svg));
      this.flow.layout(this.topo.layout());
      this.cursor.durationMs(axisEnd).time(t).liveEnd(this.liveEnd);
      // Only this view's charts: the compare tab's charts are other runs, and a cursor (with
      // its veil) from this run faded them for no visible reason.
      selectAll([
        this.el.golden,
        this.el.amplification,
        this.el.breakers,
        this.el.control,
        this.el.stores,
        this.el.patterns,
      ])
        .selectAll<SVGGElement, unknown>(`.${CURSOR_LAYER}`)
        .call(this.cursor as unknown as (sel: Selection<SVGGElement, unknown, BaseType, unknown>) => void);
      this.scrubber.update({
        durationMs: axisEnd,
        bucketMs: s.metrics.bucketMs,
        liveEnd: this.liveEnd,
        viewTime: this.viewTime,
        plotWidth,
      });
      if (!this.el.storeCard.hidden) renderStoreReplicas(this.el.storeReplicas, this.result, t, s);
      const c = countersAsOf(this.result, t);
      this.el.counters.textContent =
        this.result === null
          ? `t = ${formatTime(t)}`
          : `t = ${formatTime(t)} · requests ${formatCount(c.userRequests)} · ok ${formatCount(c.succeeded)} · failed ${formatCount(c.failed)} · retries ${formatCount(c.retries)} · goodput ${formatValue(c.goodputPerSec, 'req/s')} · p99 ${formatValue(c.p99Ms, 'ms')}`;
    }
    const context = this.flowContext();
    if (context !== null && (this.flow.size() > 0 || this.flowDrawn)) {
      this.flow(context, now);
      this.flowDrawn = this.flow.size() > 0;
    }
    if (this.flow.size() > 0) this.schedule();
  }
}
