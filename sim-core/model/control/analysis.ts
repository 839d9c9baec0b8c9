import type { AnalysisSpec } from '../../scenario/deployment-spec.ts';
import type { VersionSignals } from './version-signals.ts';

/** What one measurement found: its value (null: inconclusive, no answer in the interval) and whether it failed. */
export interface Measurement {
  readonly value: number | null;
  readonly failed: boolean;
}

/** The verdict after a measurement: go on measuring, or the run passed or failed. */
export type AnalysisVerdict = 'running' | 'passed' | 'failed';

/**
 * An Argo Rollouts AnalysisRun with one metric (argo-rollouts.readthedocs.io, "Analysis"):
 * a measurement every `intervalMs` of the new version's signal over the interval just ended (the
 * first one interval after the start, as with `initialDelay` equal to the interval); a value
 * above `threshold` fails the measurement (`successCondition: result <= threshold`); an interval
 * without any answer is inconclusive and neither fails nor passes. The run fails at the first
 * measurement that makes the failures exceed `failureLimit` (so a version failing every
 * measurement is judged at (failureLimit + 1) x intervalMs), and passes after `count`.
 */
export class AnalysisRun {
  measurements = 0;
  failures = 0;
  last: Measurement = { value: null, failed: false };

  constructor(
    readonly spec: AnalysisSpec,
    private readonly signals: VersionSignals,
  ) {
    signals.openWindow();
  }

  /** Takes the measurement of the interval that ends now and opens the next. */
  measure(): AnalysisVerdict {
    const s = this.signals;
    let value: number | null = null;
    if (this.spec.metric === 'error-rate')
      value = s.windowAnswered > 0 ? s.windowErrors / s.windowAnswered : null;
    else value = s.windowLatency.count > 0 ? s.windowLatency.quantile(0.99) : null;
    const failed = value !== null && value > this.spec.threshold;
    this.last = { value, failed };
    this.measurements++;
    if (failed) this.failures++;
    s.openWindow();
    if (this.failures > this.spec.failureLimit) return 'failed';
    return this.measurements >= this.spec.count ? 'passed' : 'running';
  }
}
