/**
 * Burn-rate alerts, evaluated online: the multiwindow, multi-burn-rate rule of "The Site
 * Reliability Workbook" (Google, 2018), ch. 5 "Alerting on SLOs".
 *
 * The burn rate over a window is the window's error rate divided by the error budget
 * (1 - target): 1 spends the budget exactly over the compliance window, 14.4 spends 2% of a
 * 30-day budget in an hour. An alert fires while the burn rate is strictly above its threshold
 * over both its long window (enough budget burnt to matter) and its short window (the burning
 * is still going on), and clears at the first evaluation where either is not: the short window
 * makes it clear soon after the errors stop, where the long one alone would keep it firing for
 * most of its length.
 *
 * Every `evaluationPeriodMs` of true time (event kind `alert-evaluation`, in the control band, so
 * requests ending at that very instant count for the next evaluation) the alert takes a snapshot
 * of its SLO's cumulative good and total counts; a window of W ms is the difference from the
 * snapshot W / period evaluations back, so its counts cover exactly [t - W, t). Early in the run a
 * window reaches back to the start only. A window with no ended request burns nothing.
 *
 * When an alert with an action fires, the action takes effect `delayMs` later (event kind
 * `alert-action`). With `until: 'cleared'` the clearing schedules the action's undo the same
 * `delayMs` later, through the same event kind: applies and undos share one delay, so they take
 * effect in the order the alert asked for them (a FIFO per alert says which one is due).
 * Control events: `alert-fired` and `alert-cleared` (detail: slo, burnRateLong, burnRateShort,
 * threshold), `alert-action` (detail: action and what the action changed) and
 * `alert-action-ended` (detail: action and what the undo changed).
 *
 * @module
 */
import { BAND_CONTROL, type Engine } from '../../engine/engine.ts';
import type { AlertSummary } from '../../metrics/result.ts';
import type { MetricsSink } from '../../metrics/sink.ts';
import type { AlertSpec } from '../../scenario/slo-spec.ts';
import { ALERT_ACTION, ALERT_EVALUATION, type Payload } from '../kinds.ts';
import { type ActionContext, type ActionEffect, applyAction, undoAction } from './actions.ts';
import type { SloTracker } from './slo-tracker.ts';

/** One alert's live state. */
export interface AlertRuntime {
  readonly spec: AlertSpec;
  readonly slo: SloTracker;
  /** The node its events are named after: the measured client's, or the service's first replica's. */
  readonly node: number;
  /** The error budget, 1 - target. */
  readonly budget: number;
  /** Evaluations each window spans. */
  readonly longSpan: number;
  readonly shortSpan: number;
  /** Cumulative good and total counts at each evaluation (index n mod length; n = 0 is the start). */
  readonly goodAt: Float64Array;
  readonly totalAt: Float64Array;
  /** Evaluations done. */
  evaluations: number;
  firing: boolean;
  readonly fired: { atMs: number; clearedAtMs: number | null }[];
  /** When each action took effect. */
  readonly actionsAtMs: number[];
  /** Each action that took effect, and when it was undone (null: not, or `until: 'forever'`). */
  readonly actions: { atMs: number; endedAtMs: number | null }[];
  /** What is due at each scheduled `alert-action` event, oldest first: an apply (true) or an undo. */
  readonly due: boolean[];
  /** The effects of applied actions not yet undone, oldest first (`until: 'cleared'` only). */
  readonly open: { effect: ActionEffect; index: number }[];
}

/** The alerts of a run: their evaluations, firings and actions. */
export class Alerting {
  readonly alerts: AlertRuntime[];

  constructor(
    specs: readonly AlertSpec[],
    slos: ReadonlyMap<string, { tracker: SloTracker; node: number }>,
    private readonly engine: Engine<Payload>,
    private readonly metrics: MetricsSink,
    private readonly context: ActionContext,
    private readonly durationMs: number,
  ) {
    this.alerts = specs.map((spec) => {
      const slo = slos.get(spec.slo);
      if (slo === undefined)
        throw new Error(`alert ${JSON.stringify(spec.name)}: no SLO ${JSON.stringify(spec.slo)}`);
      const period = spec.evaluationPeriodMs;
      const longSpan = Math.round(spec.rule.longWindowMs / period);
      return {
        spec,
        slo: slo.tracker,
        node: slo.node,
        budget: 1 - slo.tracker.spec.objective.target,
        longSpan,
        shortSpan: Math.round(spec.rule.shortWindowMs / period),
        goodAt: new Float64Array(longSpan + 1),
        totalAt: new Float64Array(longSpan + 1),
        evaluations: 0,
        firing: false,
        fired: [],
        actionsAtMs: [],
        actions: [],
        due: [],
        open: [],
      };
    });
  }

  /** Schedules each alert's first evaluation, one period into the run. */
  start(): void {
    for (const alert of this.alerts) this.scheduleEvaluation(alert, 1);
  }

  private scheduleEvaluation(alert: AlertRuntime, n: number): void {
    const at = n * alert.spec.evaluationPeriodMs;
    if (at <= this.durationMs) this.engine.at(at, ALERT_EVALUATION, alert.node, alert, BAND_CONTROL);
  }

  /** The burn rate over the last `span` evaluations (back to the start at most). */
  burnRate(alert: AlertRuntime, span: number): number {
    const n = alert.evaluations;
    const size = alert.goodAt.length;
    const from = Math.max(0, n - span) % size;
    const total = alert.slo.total - alert.totalAt[from];
    if (total === 0) return 0;
    const bad = total - (alert.slo.good - alert.goodAt[from]);
    return bad / total / alert.budget;
  }

  /** One evaluation: snapshot, both burn rates, fire or clear, and the next evaluation. */
  evaluate(alert: AlertRuntime): void {
    const now = this.engine.now;
    const n = ++alert.evaluations;
    const slot = n % alert.goodAt.length;
    alert.goodAt[slot] = alert.slo.good;
    alert.totalAt[slot] = alert.slo.total;
    const long = this.burnRate(alert, alert.longSpan);
    const short = this.burnRate(alert, alert.shortSpan);
    const threshold = alert.spec.rule.burnRate;
    const firing = long > threshold && short > threshold;
    if (firing !== alert.firing) {
      alert.firing = firing;
      if (firing) alert.fired.push({ atMs: now, clearedAtMs: null });
      else alert.fired[alert.fired.length - 1].clearedAtMs = now;
      this.metrics.controlEvent(
        {
          kind: firing ? 'alert-fired' : 'alert-cleared',
          service: alert.slo.spec.service,
          replica: null,
          source: alert.spec.name,
          detail: { slo: alert.slo.spec.name, burnRateLong: long, burnRateShort: short, threshold },
        },
        now,
      );
      const action = alert.spec.action;
      if (action !== null && (firing || action.until === 'cleared')) {
        alert.due.push(firing);
        this.engine.at(now + action.delayMs, ALERT_ACTION, alert.node, alert, BAND_CONTROL);
      }
    }
    this.scheduleEvaluation(alert, n + 1);
  }

  /** The alert's action takes effect, or is undone (whichever was asked for first). */
  act(alert: AlertRuntime): void {
    const action = alert.spec.action;
    if (action === null) return;
    if (alert.due.shift() === false) {
      this.undo(alert);
      return;
    }
    const now = this.engine.now;
    const effect = applyAction(action, this.context);
    alert.actionsAtMs.push(now);
    alert.actions.push({ atMs: now, endedAtMs: null });
    if (action.until === 'cleared') alert.open.push({ effect, index: alert.actions.length - 1 });
    this.metrics.controlEvent(
      {
        kind: 'alert-action',
        service: effect.service,
        replica: null,
        source: alert.spec.name,
        detail: { action: action.kind, ...effect.detail },
      },
      now,
    );
  }
  /** The oldest applied action of a cleared alert is taken back. */
  private undo(alert: AlertRuntime): void {
    const action = alert.spec.action;
    const applied = alert.open.shift();
    if (action === null || applied === undefined) return;
    const now = this.engine.now;
    const effect = undoAction(action, this.context, applied.effect);
    alert.actions[applied.index].endedAtMs = now;
    this.metrics.controlEvent(
      {
        kind: 'alert-action-ended',
        service: effect.service,
        replica: null,
        source: alert.spec.name,
        detail: { action: action.kind, ...effect.detail },
      },
      now,
    );
  }
}

/**
 * The summary of one alert. Time to detect: from the start of the run's first fault to the first
 * firing at or after it; time to mitigate: from that start to the first action taking effect at
 * or after that firing (null without an action). Both null when there is no fault or no firing.
 */
export function alertSummary(alert: AlertRuntime, faultStartsMs: readonly number[]): AlertSummary {
  const start = faultStartsMs.length === 0 ? null : Math.min(...faultStartsMs);
  const detected = start === null ? undefined : alert.fired.find((f) => f.atMs >= start);
  const mitigated = detected === undefined ? undefined : alert.actionsAtMs.find((t) => t >= detected.atMs);
  return {
    slo: alert.slo.spec.name,
    fired: alert.fired.map((f) => ({ ...f })),
    firings: alert.fired.length,
    firing: alert.firing,
    timeToDetectMs: start === null || detected === undefined ? null : detected.atMs - start,
    timeToMitigateMs: start === null || mitigated === undefined ? null : mitigated - start,
    actionAtMs: alert.actionsAtMs.length === 0 ? null : alert.actionsAtMs[0],
    actions: alert.actions.map((a) => ({ ...a })),
  };
}
