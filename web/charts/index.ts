/** The lab's D3 charts. Re-exports only. */
export { type AmplificationChart, amplificationChart } from './amplification-chart.ts';
export { type BreakerBand, breakerBand } from './breaker-band.ts';
export { CURSOR_LAYER, type TimeCursor, timeCursor } from './cursor.ts';
export { type FaultWindow, faultShading } from './fault-shading.ts';
export { type GoldenPanel, type GoldenSignals, goldenSignals } from './golden-signals.ts';
export { PLOT_MARGIN, panelExtent, timePanel } from './panel.ts';
export { type PatternRates, patternRates } from './pattern-rates.ts';
export { type RequestFlow, requestFlow } from './request-flow.ts';
export {
  amplificationSeries,
  type Focus,
  faultWindowsOf,
  goldenSignalSeries,
  patternSeries,
} from './signal-series.ts';
export { type TimeScale, timeAxis, timeScale } from './time-axis.ts';
export { createTooltip, type Tooltip } from './tooltip.ts';
export { type Topology, topology } from './topology.ts';
