import type { SloSummary } from '../../metrics/result.ts';
import type { SloSpec } from '../../scenario/slo-spec.ts';
import { isGoodAnswer } from '../outcome.ts';

/**
 * The good and total requests of one SLO, counted when each request ends (as a metrics
 * pipeline counts them), true time. Two tallies: since the start of the run, which the alerts
 * read at each evaluation, and inside the compliance window, which the summary reports.
 */
export class SloTracker {
  /** Ended requests since the start of the run. */
  total = 0;
  /** Of them, the good ones. */
  good = 0;
  /** Ended requests inside the compliance window (from `fromMs` on). */
  windowTotal = 0;
  windowGood = 0;
  /** A latency objective's threshold; Infinity for availability (any duration will do). */
  private readonly thresholdMs: number;
  private readonly availability: boolean;

  /**
   * @param fromMs start of the compliance window: the last `windowMs` of the run, never before
   *   the warm-up's end (the whole run after the warm-up when `windowMs` is null).
   */
  constructor(
    readonly spec: SloSpec,
    readonly fromMs: number,
  ) {
    const o = spec.objective;
    this.availability = o.kind === 'availability';
    this.thresholdMs = o.kind === 'latency' ? o.thresholdMs : Number.POSITIVE_INFINITY;
  }

  /** A request ended at `t` with `outcome` after `durationMs`. */
  record(outcome: number, durationMs: number, t: number): void {
    const good = this.availability ? isGoodAnswer(outcome) : durationMs <= this.thresholdMs;
    this.total++;
    if (good) this.good++;
    if (t < this.fromMs) return;
    this.windowTotal++;
    if (good) this.windowGood++;
  }
}

/** Where an SLO's compliance window starts in a run of `durationMs` with a warm-up of `warmupMs`. */
export function complianceStart(spec: SloSpec, durationMs: number, warmupMs: number): number {
  return spec.windowMs === null ? warmupMs : Math.max(warmupMs, durationMs - spec.windowMs);
}

/**
 * The summary of one SLO over its compliance window up to `endMs`: the SLI (good / total), whether
 * it meets the target (vacuously so without requests), and the error budget spent: bad requests
 * over the bad requests the target allows, (total - good) / ((1 - target) x total), so 1 is the
 * whole budget and more is an SLO missed.
 */
export function sloSummary(slo: SloTracker, endMs: number): SloSummary {
  const o = slo.spec.objective;
  const total = slo.windowTotal;
  const good = slo.windowGood;
  const sli = total === 0 ? null : good / total;
  return {
    client: slo.spec.client,
    service: slo.spec.service,
    objective: { kind: o.kind, target: o.target, thresholdMs: o.kind === 'latency' ? o.thresholdMs : null },
    window: { fromMs: Math.min(slo.fromMs, endMs), toMs: endMs },
    good,
    total,
    sli,
    attained: sli === null || sli >= o.target,
    errorBudgetSpent: total === 0 ? 0 : (total - good) / ((1 - o.target) * total),
  };
}
