import { describe, expect, it } from 'vitest';
import { builtInScenario, builtInScenarioIds } from '../../../scenarios/index.ts';
import type { LatencySummary, RunResult } from '../../../sim-core/metrics/result.ts';
import { loadBuiltIn } from '../../support/scenarios.ts';
import { type Story, story } from './harness.ts';

/**
 * Every built-in scenario, run once: the queueing models shortened to 20 s (all warm-ups are
 * shorter), the lessons as they are (their faults and hypotheses are placed on their own timeline).
 */
const runs = new Map<string, Story>();
function run(id: string): Story {
  let s = runs.get(id);
  if (s === undefined) {
    const doc = builtInScenario(id) as { faults?: unknown[]; hypotheses?: unknown[] };
    const isLesson = (doc.faults?.length ?? 0) > 0 || (doc.hypotheses?.length ?? 0) > 0;
    s = story(loadBuiltIn(id, isLesson ? [] : ['durationMs=20000']));
    runs.set(id, s);
  }
  return s;
}

/** Every [path, value] leaf of a JSON-like value. */
function leaves(value: unknown, path = '$'): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
  return [[path, value]];
}

/** Every array under `value` (not descending into arrays), with its path. */
function arrays(value: unknown, path = '$'): [string, unknown[]][] {
  // A list of records (a store's replicas) is not a series: its records hold the series.
  if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null))
    return value.flatMap((v, i) => arrays(v, `${path}[${i}]`));
  if (Array.isArray(value)) return [[path, value]];
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => arrays(v, `${path}.${k}`));
  return [];
}

function latencySummaries(r: RunResult): [string, LatencySummary][] {
  return [
    ...Object.entries(r.summary.clients).map(([n, c]): [string, LatencySummary] => [
      `client ${n}`,
      c.latencyMs,
    ]),
    ...Object.entries(r.summary.services).map(([n, s]): [string, LatencySummary] => [
      `service ${n}`,
      s.latencyMs,
    ]),
  ];
}

const ids = builtInScenarioIds();

describe.each(ids)('conservation in the built-in scenario %s', (id) => {
  it('every user request offered in the window has ended in exactly one way or is still in flight', () => {
    const { result } = run(id);
    expect(result.stopReason).toBe('completed');
    for (const [name, c] of Object.entries(result.summary.clients)) {
      const e = c.errors;
      expect(c.offered, name).toBeGreaterThan(0);
      expect(c.inFlight, name).toBeGreaterThanOrEqual(0);
      const errors = Object.values(e).reduce((a, b) => a + b, 0);
      expect(c.succeeded + c.degraded + c.corrupt + errors + c.inFlight, name).toBe(c.offered);
      // Cache hits are answered without an attempt at the service.
      const target = run(id).sim.scenario.services.find(
        (x) => x.name === run(id).sim.scenario.clients.find((y) => y.name === name)?.target,
      );
      if (target?.cache === null || target === undefined)
        expect(c.attempts, name).toBeGreaterThanOrEqual(c.offered);
    }
  });

  it('a closed-loop client never has more requests in flight than users', () => {
    const { result, peakInFlight, sim } = run(id);
    for (const c of sim.scenario.clients) {
      if (c.arrival.kind !== 'closed') continue;
      expect(peakInFlight[c.name]).toBeLessThanOrEqual(c.arrival.users);
      expect(result.summary.clients[c.name].inFlight).toBeLessThanOrEqual(c.arrival.users);
    }
  });

  it('every attempt at a service was answered or is still there (queued or holding a worker)', () => {
    const { result, sim } = run(id);
    const world = sim.world;
    // Crashes make queued and running work vanish unanswered: there only "at most" holds.
    const crashes = sim.scenario.faults.some(
      (f) => f.kind === 'crash' || f.kind === 'chaos-crash' || f.kind === 'leak',
    );
    world.services.forEach((svc) => {
      const s = result.summary.services[svc.spec.name];
      const answered = s.succeeded + Object.values(s.errors).reduce((a, b) => a + b, 0);
      const present = svc.replicas.reduce(
        (n, r) =>
          n +
          world.replicas[r].workers.busy +
          world.replicas[r].workers.waiting.size +
          world.replicas[r].parked.length,
        0,
      );
      expect(s.attempts, svc.spec.name).toBeGreaterThanOrEqual(answered);
      if (sim.scenario.metrics.warmupMs > 0 && !crashes) {
        // The warm-up is longer than any sojourn here, so nothing present arrived before it.
        expect(s.attempts - answered, svc.spec.name).toBe(present);
      } else {
        expect(s.attempts - answered, svc.spec.name).toBeLessThanOrEqual(
          present + (crashes ? s.attempts : 0),
        );
      }
      expect(s.late, svc.spec.name).toBeLessThanOrEqual(answered);
    });
  });

  it('the series counts every request issued, warm-up included', () => {
    const { result, issued } = run(id);
    const { startMs, bucketMs } = result.series;
    const widths = startMs.map((s) => Math.min(bucketMs, result.simTimeMs - s));
    const total = Object.values(result.series.clients)
      .flatMap((c) => c.offeredPerSec.map((perSec, b) => (perSec * widths[b]) / 1000))
      .reduce((a, b) => a + b, 0);
    expect(Math.round(total)).toBe(issued.length);
    expect(Math.abs(total - issued.length)).toBeLessThan(1e-6);
  });

  it('the result holds no NaN or infinity anywhere', () => {
    const { result } = run(id);
    const bad = leaves(result).filter(([, v]) => typeof v === 'number' && !Number.isFinite(v));
    expect(bad).toEqual([]);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('percentiles are monotone: p50 <= p90 <= p99 <= p999 <= max, and the mean is at most the max', () => {
    const { result } = run(id);
    for (const [name, l] of latencySummaries(result)) {
      if (l.max === null) continue;
      const chain = [l.p50!, l.p90!, l.p99!, l.p999!, l.max];
      expect(chain, name).toEqual([...chain].sort((a, b) => a - b));
      expect(l.p50!, name).toBeGreaterThanOrEqual(0);
      expect(l.mean!, name).toBeLessThanOrEqual(l.max);
    }
    const perBucket = [...Object.values(result.series.clients), ...Object.values(result.series.services)];
    for (const s of perBucket) {
      s.latencyP50Ms.forEach((p50, b) => {
        if (p50 !== null) expect(p50).toBeLessThanOrEqual(s.latencyP99Ms[b]!);
      });
    }
  });

  it('ratios stay in range: utilisation, error rate and waited fraction in [0, 1]', () => {
    const { result } = run(id);
    for (const c of Object.values(result.summary.clients)) {
      expect(c.errorRate).toBeGreaterThanOrEqual(0);
      expect(c.errorRate).toBeLessThanOrEqual(1);
    }
    for (const s of Object.values(result.summary.services)) {
      for (const x of [s.utilisation, s.waitedFraction]) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
      }
      expect(s.queueDepth.mean).toBeLessThanOrEqual(s.queueDepth.max);
    }
  });

  it('every series array has one entry per bucket', () => {
    const { result } = run(id);
    const n = result.series.startMs.length;
    expect(n).toBe(Math.ceil(result.simTimeMs / result.series.bucketMs));
    const all = arrays(result.series);
    expect(all.length).toBeGreaterThan(10);
    for (const [path, xs] of all) expect(xs.length, path).toBe(n);
  });
});
