/**
 * Recovery: how long after a fault ends goodput returns to its pre-fault level, and whether it
 * ever does (metastable failure: the fault is gone, the system stays down).
 *
 * Definition (all times in simulated ms; bucket i covers [i * bucketMs, (i + 1) * bucketMs)):
 *
 * - **Baseline** (`preFaultGoodputPerSec`): the mean goodput of the buckets that lie fully inside
 *   [max(startMs - baselineWindowMs, warmupMs), startMs) and overlap no other fault's active
 *   window [atMs, endMs) (a fault that never ends is active to the end of the run; an
 *   instantaneous fault occupies the bucket holding its instant). `baselineWindowMs` is 30 s by
 *   default. No such bucket, or a mean of 0, gives a null baseline and state `no-baseline`: there
 *   is nothing to recover to (never NaN).
 * - **Threshold**: (1 - tolerance) * baseline; tolerance 0.1 by default (within 10%).
 * - **Recovered at** (`recoveredAtMs`): the start of the first bucket that starts at or after the
 *   fault's end from which goodput stays >= threshold for `holdBuckets` consecutive buckets
 *   (3 by default). Only buckets before the next fault (one starting at or after this fault's
 *   end) count: a recovery that a later fault interrupts is state `interrupted`.
 * - **Never degraded**: if no bucket overlapping [startMs, recoveredAtMs) fell below the
 *   threshold, goodput was never lost: recoveredAtMs = endMs and recoveryMs = 0.
 * - **recoveryMs** = recoveredAtMs - endMs (a multiple of the bucket width unless 0 as above).
 * - **Metastable**: the run had at least `holdBuckets` buckets after the fault's end (before any
 *   later fault) and goodput never held the threshold in them. Fewer buckets than that is state
 *   `inconclusive` (too little run left to tell), not metastable.
 * - A fault that never ends (`durationMs` null) or is still active when the run stops is state
 *   `ongoing`: recovery null, metastable false.
 *
 * Overlapping faults are measured independently: a fault that starts while this one is active
 * is not a "later fault" and may lengthen this one's recovery.
 *
 * Pure: works on plain numbers (see {@link recoveryInputOf} to build them from a run).
 */
import type { FaultSpec } from '../scenario/fault-spec.ts';
import type { RunResult } from './result.ts';

/** A fault's active window. */
export interface FaultWindow {
  name: string;
  /** The fault's kind (`crash`, `latency`, ...); reported as is, 'fault' when absent. */
  kind?: string;
  startMs: number;
  /** null: never ends. */
  endMs: number | null;
}

export interface RecoveryInput {
  /** Goodput per bucket (successful user requests/s, all clients summed). */
  goodputPerSec: readonly number[];
  /** Width of a bucket; bucket i covers [i * bucketMs, (i + 1) * bucketMs). */
  bucketMs: number;
  /** Where the run stopped (the last bucket may be partial); default: buckets x bucketMs. */
  endMs?: number;
  /** Buckets starting before this are left out of every baseline. */
  warmupMs: number;
  faults: readonly FaultWindow[];
}

export interface RecoveryOptions {
  /** Goodput counts as recovered at >= (1 - tolerance) x baseline. Default 0.1. */
  tolerance?: number;
  /** Consecutive buckets goodput must stay at/above the threshold. Default 3. */
  holdBuckets?: number;
  /** How far back from the fault's start the baseline looks. Default 30 000 ms. */
  baselineWindowMs?: number;
}

export const RECOVERY_DEFAULTS: Required<RecoveryOptions> = {
  tolerance: 0.1,
  holdBuckets: 3,
  baselineWindowMs: 30_000,
};

/**
 * - `recovered`: goodput came back (recoveredAtMs, recoveryMs set).
 * - `metastable`: it never came back within the run (there were enough buckets to tell).
 * - `ongoing`: the fault never ends or is still active at the run's end.
 * - `no-baseline`: no usable pre-fault bucket, or a pre-fault goodput of 0.
 * - `interrupted`: a later fault started before goodput came back.
 * - `inconclusive`: fewer than `holdBuckets` buckets left after the fault's end.
 */
export type RecoveryState =
  | 'recovered'
  | 'metastable'
  | 'ongoing'
  | 'no-baseline'
  | 'interrupted'
  | 'inconclusive';

/**
 * Recovery of one fault. Structurally a superset of `FaultRecovery` in `result.ts` (the
 * `summary.faults` entries of a run), adding `thresholdPerSec` and `state`.
 */
export interface FaultRecovery {
  name: string;
  kind: string;
  startMs: number;
  /** null: never ends. */
  endMs: number | null;
  /** Mean goodput before the fault; null when there is none (no bucket, or 0). */
  preFaultGoodputPerSec: number | null;
  /** (1 - tolerance) x baseline; null without a baseline. */
  thresholdPerSec: number | null;
  recoveredAtMs: number | null;
  recoveryMs: number | null;
  metastable: boolean;
  state: RecoveryState;
}

/** Recovery of every fault in `input.faults`, in the same order. */
export function computeRecovery(input: RecoveryInput, options: RecoveryOptions = {}): FaultRecovery[] {
  const tolerance = options.tolerance ?? RECOVERY_DEFAULTS.tolerance;
  const hold = Math.max(1, Math.floor(options.holdBuckets ?? RECOVERY_DEFAULTS.holdBuckets));
  const lookBack = options.baselineWindowMs ?? RECOVERY_DEFAULTS.baselineWindowMs;
  const w = input.bucketMs;
  const values = input.goodputPerSec;
  const n = values.length;
  const runEnd = input.endMs ?? n * w;

  return input.faults.map((fault, index) => {
    const others = input.faults.filter((_, j) => j !== index);
    const base: FaultRecovery = {
      name: fault.name,
      kind: fault.kind ?? 'fault',
      startMs: fault.startMs,
      endMs: fault.endMs,
      preFaultGoodputPerSec: null,
      thresholdPerSec: null,
      recoveredAtMs: null,
      recoveryMs: null,
      metastable: false,
      state: 'no-baseline',
    };

    // Baseline: full buckets in [from, start) that no other fault touches.
    const from = Math.max(fault.startMs - lookBack, input.warmupMs);
    let sum = 0;
    let used = 0;
    for (let b = 0; b < n; b++) {
      const s = b * w;
      const e = s + w;
      if (s < from || e > fault.startMs || e > runEnd) continue;
      if (others.some((o) => touches(s, e, o, runEnd))) continue;
      sum += values[b];
      used++;
    }
    const baseline = used > 0 && sum > 0 ? sum / used : null;
    base.preFaultGoodputPerSec = baseline;

    if (fault.endMs === null || fault.endMs >= runEnd) return { ...base, state: 'ongoing' };
    if (baseline === null) return base;
    const threshold = (1 - tolerance) * baseline;
    base.thresholdPerSec = threshold;
    const end = fault.endMs;

    // Buckets from the first one starting at/after the end, up to the next fault's start.
    const nextFault = others
      .filter((o) => o.startMs >= end)
      .reduce((min, o) => Math.min(min, o.startMs), Number.POSITIVE_INFINITY);
    const first = Math.ceil(end / w);
    // Usable: ends by the next fault (the run's last, partial bucket counts when no fault follows).
    let last = first - 1;
    for (let b = first; b < n; b++) {
      const e = Math.min(b * w + w, runEnd);
      if (b * w >= runEnd || e > nextFault) break;
      last = b;
    }
    const available = last - first + 1;

    let run = 0;
    for (let b = first; b <= last; b++) {
      run = values[b] >= threshold ? run + 1 : 0;
      if (run === hold) {
        const recoveredAt = (b - hold + 1) * w;
        // Never degraded: no bucket overlapping [start, recoveredAt) dropped below the threshold.
        let degraded = false;
        for (let k = Math.floor(fault.startMs / w); k < b - hold + 1; k++) {
          if (k >= 0 && values[k] < threshold) degraded = true;
        }
        if (!degraded) return { ...base, recoveredAtMs: end, recoveryMs: 0, state: 'recovered' };
        return { ...base, recoveredAtMs: recoveredAt, recoveryMs: recoveredAt - end, state: 'recovered' };
      }
    }
    if (available < hold) {
      return { ...base, state: nextFault < runEnd ? 'interrupted' : 'inconclusive' };
    }
    if (nextFault < runEnd) return { ...base, state: 'interrupted' };
    return { ...base, metastable: true, state: 'metastable' };
  });
}

/** True when bucket [s, e) overlaps the fault's active window (an instant counts in its bucket). */
function touches(s: number, e: number, f: FaultWindow, runEnd: number): boolean {
  const fEnd = f.endMs ?? Math.max(runEnd, f.startMs + 1);
  if (fEnd <= f.startMs) return f.startMs >= s && f.startMs < e;
  return f.startMs < e && fEnd > s;
}

/** The active windows of a scenario's faults. */
export function faultWindows(faults: readonly FaultSpec[]): FaultWindow[] {
  return faults.map((f) => ({
    name: f.name,
    kind: f.kind,
    startMs: f.atMs,
    endMs: f.durationMs === null ? null : f.atMs + f.durationMs,
  }));
}

/** Goodput per bucket summed over every client of a run. */
export function totalGoodput(series: RunResult['series']): number[] {
  const total = series.startMs.map(() => 0);
  for (const c of Object.values(series.clients)) {
    c.goodputPerSec.forEach((v, i) => {
      total[i] += v;
    });
  }
  return total;
}

/** The recovery input of a finished run of a scenario with these faults and this warm-up. */
export function recoveryInputOf(
  result: RunResult,
  faults: readonly FaultSpec[],
  warmupMs: number,
): RecoveryInput {
  return {
    goodputPerSec: totalGoodput(result.series),
    bucketMs: result.series.bucketMs,
    endMs: result.simTimeMs,
    warmupMs,
    faults: faultWindows(faults),
  };
}
