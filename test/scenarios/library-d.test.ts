/**
 * Library scenarios of group d: the control plane. A health-check death spiral: liveness probes
 * that wait behind real work restart an overloaded service to death. It validates, every
 * hypothesis passes on its own seed, and the lesson's key numbers (with vs without each
 * mitigation) hold. Its "readiness only" param offers one value (`null`): a probe preset name
 * would make the timeout param's path (`...liveness.timeoutMs`) go through a string.
 */
import { describe, expect, it } from 'vitest';
import healthCheckDeathSpiral from '../../scenarios/library/health-check-death-spiral.json' with {
  type: 'json',
};
import { lessonRuns, windowMean } from '../support/lesson-runs.ts';

const { lesson, run, summary, paramValueSets, hypothesisGroups } = lessonRuns({
  'health-check-death-spiral': healthCheckDeathSpiral,
});

const id = 'health-check-death-spiral';
/** Users' goodput from 60 s to the end (after the slowdown and any recovery). */
const goodputAfter = (sets: string[]) => {
  const { result } = run(id, sets);
  return windowMean(result, result.series.clients['users'].goodputPerSec, 60_000, 180_000);
};
const restarts = (sets: string[]) => summary(id, sets).services['api'].probes?.restarts;

describe('health-check-death-spiral', () => {
  it('validates, every param value gives a valid scenario, and both sides of the lesson have hypotheses', () => {
    const scenario = lesson(id);
    expect(scenario.lesson).not.toBeNull();
    expect(scenario.hypotheses.length).toBeLessThanOrEqual(6);
    expect(scenario.hypotheses.some((h) => h.set.length > 0)).toBe(true);
    for (const sets of paramValueSets(id)) lesson(id, sets);
  });

  it('passes every hypothesis on its default seed', () => {
    for (const { result, outcomes } of hypothesisGroups(id)) {
      for (const o of outcomes) expect(o.passed, `${o.name}: ${o.detail}`).toBe(true);
      expect(result.stopReason).toBe('completed');
    }
  });

  it('without a mitigation: 16 restarts, goodput about 40/s of 1,000/s long after the slowdown, metastable', () => {
    const s = summary(id);
    expect(restarts([])).toBe(16);
    expect(goodputAfter([])).toBeLessThan(50);
    expect(s.faults[0].state).toBe('metastable');
    // Every replica was restarted, more than once, with a growing back-off.
    const restartsOf = (slot: number) =>
      s.controlEvents
        .filter((e) => e.kind === 'restart' && e.replica === slot)
        .map((e) => e.detail['backoffMs']);
    for (const slot of [0, 1, 2, 3]) {
      expect(restartsOf(slot).length).toBeGreaterThan(1);
      expect(restartsOf(slot).slice(0, 2)).toEqual([10_000, 20_000]);
    }
  });

  it('each mitigation: no restart, goodput back at ~1,000/s', () => {
    for (const sets of [
      ['services.api.probes.adminPath=true'],
      ['services.api.probes.liveness.timeoutMs=10000'],
      ['services.api.probes.liveness=null'],
      ['services.api.shedding.maxQueue=50'],
      ['services.api.probes=null'],
    ]) {
      expect(restarts(sets) ?? 0, sets[0]).toBe(0);
      expect(goodputAfter(sets), sets[0]).toBeGreaterThan(990);
      expect(summary(id, sets).faults[0].state, sets[0]).toBe('recovered');
    }
  });
});
