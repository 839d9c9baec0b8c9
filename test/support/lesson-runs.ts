/**
 * Running library lessons and reading their series: each (scenario, overrides, seed) runs once per
 * test file and is shared by the hypothesis checks and the key-number tests.
 */
import { expect } from 'vitest';
import { evaluateHypotheses, type HypothesisOutcome } from '../../sim-core/hypotheses/index.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { parse } from './scenarios.ts';

/** A validated scenario (overrides applied) and its run. */
export interface LessonRun {
  scenario: Scenario;
  result: RunResult;
}

/** Picks one series (one value per bucket, null where there is none) out of a run's series. */
export type SeriesPick = (s: RunResult['series']) => readonly (number | null)[];

/** The hypotheses sharing one `set` of overrides, evaluated on that variant's run. */
export interface HypothesisGroup extends LessonRun {
  sets: string[];
  outcomes: HypothesisOutcome[];
}

/** The values of a series in the buckets lying fully inside [fromMs, toMs), nulls skipped; throws if none. */
export function windowValues(
  result: RunResult,
  values: readonly (number | null)[],
  fromMs: number,
  toMs: number,
): number[] {
  const { startMs, bucketMs } = result.series;
  const inside = values.filter(
    (v, i): v is number => v !== null && startMs[i] >= fromMs && startMs[i] + bucketMs <= toMs,
  );
  if (inside.length === 0) throw new Error(`no data in ${fromMs}-${toMs} ms`);
  return inside;
}

/** Mean of a series over the buckets lying fully inside [fromMs, toMs), nulls skipped. */
export function windowMean(
  result: RunResult,
  values: readonly (number | null)[],
  fromMs: number,
  toMs: number,
): number {
  const inside = windowValues(result, values, fromMs, toMs);
  return inside.reduce((a, b) => a + b, 0) / inside.length;
}

/** Maximum of a series over the buckets lying fully inside [fromMs, toMs), nulls skipped. */
export function windowMax(
  result: RunResult,
  values: readonly (number | null)[],
  fromMs: number,
  toMs: number,
): number {
  return Math.max(...windowValues(result, values, fromMs, toMs));
}

/** The shape every lesson has: its id, a lesson text, 2-6 values per param and 3-6 hypotheses. */
export function expectLessonShape(scenario: Scenario, id: string): void {
  expect(scenario.id).toBe(id);
  expect(scenario.lesson).not.toBeNull();
  expect(scenario.params.length).toBeGreaterThan(0);
  for (const p of scenario.params) {
    expect(p.values.length).toBeGreaterThanOrEqual(2);
    expect(p.values.length).toBeLessThanOrEqual(6);
  }
  expect(scenario.hypotheses.length).toBeGreaterThanOrEqual(3);
  expect(scenario.hypotheses.length).toBeLessThanOrEqual(6);
}

/** Runs of a set of library lessons (raw scenario documents by id), each run once and cached. */
export function lessonRuns(library: Record<string, unknown>) {
  const runs = new Map<string, LessonRun>();

  /** The lesson with `path=value` overrides applied, validated; throws on any error. */
  const lesson = (id: string, sets: string[] = []): Scenario => parse(library[id], sets);

  /** The run of a lesson with overrides, on its own seed unless one is given. */
  const run = (id: string, sets: string[] = [], seed?: number): LessonRun => {
    const key = `${id}\u0000${JSON.stringify(sets)}\u0000${seed ?? ''}`;
    let found = runs.get(key);
    if (found === undefined) {
      const scenario = lesson(id, sets);
      found = { scenario, result: runScenario(scenario, seed === undefined ? {} : { seed }) };
      runs.set(key, found);
    }
    return found;
  };

  /** The lesson's hypotheses grouped by their `set` overrides, each group evaluated on its variant's run. */
  const hypothesisGroups = (id: string): HypothesisGroup[] => {
    const groups = new Map<string, Scenario['hypotheses']>();
    for (const h of lesson(id).hypotheses) {
      const key = JSON.stringify(h.set);
      groups.set(key, [...(groups.get(key) ?? []), h]);
    }
    return [...groups].map(([key, hypotheses]) => {
      const sets = JSON.parse(key) as string[];
      const { scenario, result } = run(id, sets);
      return { sets, scenario, result, outcomes: evaluateHypotheses({ ...scenario, hypotheses }, result) };
    });
  };

  return {
    ids: Object.keys(library),
    lesson,
    run,
    summary: (id: string, sets: string[] = []): RunResult['summary'] => run(id, sets).result.summary,
    /** One override per value of every param: each should give a valid scenario. */
    paramValueSets: (id: string): string[][] =>
      lesson(id).params.flatMap((p) => p.values.map((v) => [`${p.path}=${JSON.stringify(v)}`])),
    /** A window mean of the series picked from one run. */
    mean: (id: string, sets: string[], pick: SeriesPick, fromMs: number, toMs: number): number => {
      const { result } = run(id, sets);
      return windowMean(result, pick(result.series), fromMs, toMs);
    },
    /** A window maximum of the series picked from one run. */
    max: (id: string, sets: string[], pick: SeriesPick, fromMs: number, toMs: number): number => {
      const { result } = run(id, sets);
      return windowMax(result, pick(result.series), fromMs, toMs);
    },
    hypothesisGroups,
    /** Each failed hypothesis of the lesson as `name [sets]: detail` (empty: all pass on the default seed). */
    failedHypotheses: (id: string): string[] =>
      hypothesisGroups(id).flatMap(({ sets, outcomes }) =>
        outcomes.filter((o) => !o.passed).map((o) => `${o.name} [${sets.join(' ')}]: ${o.detail}`),
      ),
  };
}

/** The lessons of the replicated stores (issue 13's five). */
export const STORE_LESSONS = [
  'quorum-staleness',
  'lww-clock-skew',
  'lease-split-brain',
  'async-replication-loss',
  'partition-cp-vs-ap',
] as const;

/** The lessons of the control plane: probes, autoscaling, deployments, failover, zones, alerts. */
export const CONTROL_PLANE_LESSONS = [
  'health-check-death-spiral',
  'autoscaling-lag',
  'canary-rollback',
  'active-passive-failover',
  'zone-outage',
  'slo-alert-shedding',
] as const;
