/**
 * Service level objectives and the burn-rate alerts on them (resolved: presets already expanded).
 *
 * The alerting rule is the multiwindow, multi-burn-rate alert of "The Site Reliability Workbook"
 * (Google, 2018), chapter 5 "Alerting on SLOs": the burn rate is the error rate divided by the
 * error budget (1 - target), and an alert fires while the burn rate exceeds its threshold over
 * both a long window (which makes it significant) and a short one (which makes it stop soon after
 * the errors stop). See `sim-core/model/control/alerts.ts`.
 */

/**
 * What fraction of requests must be good.
 * - availability: a request is good when it ends with a good answer (succeeded, degraded by a
 *   fallback, or an undetected corrupt answer: what a user takes for an answer);
 * - latency: a request is good when it ends within `thresholdMs`, whatever its outcome (as a
 *   latency histogram counts every request; pair it with an availability SLO for the errors).
 */
export type SloObjectiveSpec =
  | { kind: 'availability'; target: number }
  | { kind: 'latency'; target: number; thresholdMs: number };

/** An SLO: what it measures (one client's user requests, or every attempt a service answers) and its objective. */
export interface SloSpec {
  name: string;
  /** The client whose user requests are measured (issue to end); null when a service is. */
  client: string | null;
  /** The service whose answered attempts are measured (arrival to answer); null when a client is. */
  service: string | null;
  objective: SloObjectiveSpec;
  /**
   * The compliance window the summary reports on: the last `windowMs` of the run (never before
   * the warm-up's end); null: the whole run after the warm-up.
   */
  windowMs: number | null;
}

/** A multiwindow burn-rate condition: burn rate > `burnRate` over both windows. */
export interface AlertRuleSpec {
  longWindowMs: number;
  shortWindowMs: number;
  burnRate: number;
}

/**
 * How long an alert's action lasts: `forever` (it stays done, a kill switch) or `cleared` (undone
 * when the alert clears, `delayMs` after the clearing, as a mitigation that a runbook turns off
 * once the burn has stopped). Only kinds with an undo in the registry allow `cleared`.
 */
export type AlertActionUntil = 'cleared' | 'forever';

/**
 * What an alert does when it fires, chosen by `kind` (the registry is
 * `sim-core/model/control/actions.ts`); it takes effect `delayMs` after the firing, and lasts
 * `until` (default `forever`).
 * - enable-shedding: turns on the load shedding `service` declares with `enabled: false`.
 * - failover: forces a failover of `service` (it declares `failover`) to its standby, once.
 * - rollback: aborts `service`'s rollout in progress (its `deployment`), one-shot.
 */
export type AlertActionSpec =
  | { kind: 'enable-shedding'; service: string; delayMs: number; until: AlertActionUntil }
  | { kind: 'failover'; service: string; delayMs: number; until: AlertActionUntil }
  | { kind: 'rollback'; service: string; delayMs: number; until: AlertActionUntil };

/** A burn-rate alert on an SLO, evaluated every `evaluationPeriodMs` of simulated time. */
export interface AlertSpec {
  name: string;
  /** The SLO's name. */
  slo: string;
  rule: AlertRuleSpec;
  /** Time between evaluations; both windows are whole multiples of it. */
  evaluationPeriodMs: number;
  action: AlertActionSpec | null;
}
