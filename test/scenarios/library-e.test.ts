/**
 * Library scenarios of group e: deployments. A bad version rolled out big-bang fails most
 * requests; an Argo-style canary with analysis rolls it back having failed a few. It validates,
 * every hypothesis passes on its own seed, and the lesson's key numbers (quoted in its text) hold.
 */
import { describe, expect, it } from 'vitest';
import canaryRollback from '../../scenarios/library/canary-rollback.json' with { type: 'json' };
import { expectLessonShape, lessonRuns } from '../support/lesson-runs.ts';

const { lesson, summary, paramValueSets, failedHypotheses } = lessonRuns({
  'canary-rollback': canaryRollback,
});

const id = 'canary-rollback';
const canary = ['services.api.deployment.strategy="canary-analysis"'];

describe('canary-rollback', () => {
  it('validates, with a lesson, 2-6 valued params and 3-6 hypotheses; every param value is valid', () => {
    expectLessonShape(lesson(id), id);
    for (const sets of paramValueSets(id)) expect(() => lesson(id, sets)).not.toThrow();
  });

  it('passes every hypothesis on its default seed', () => {
    expect(failedHypotheses(id)).toEqual([]);
  });

  it('big-bang: v2 fails 60% of the attempts from the rollout on and nothing mitigates it', () => {
    const s = summary(id);
    const d = s.deployments[0];
    expect([d.outcome, d.startMs, d.endMs, d.timeToMitigateMs]).toEqual(['promoted', 30_000, 35_000, null]);
    expect(d.blastRadius).toEqual({ failed: 10_191, attempts: 16_975, fraction: 10_191 / 16_975 });
    expect(s.services.api.versions?.v2.requests).toBe(16_973);
    // The 5 s with nothing in rotation: requests lost, users time out.
    expect(s.clients.users.errors.timedOut).toBe(978);
    expect(s.clients.users.errorRate).toBeCloseTo(0.4859, 4);
  });

  it('canary: 10% at 35 s, the first measurement fails at 40 s, all on stable at 42 s', () => {
    const s = summary(id, canary);
    const steps = s.controlEvents
      .filter((e) => ['rollout-step', 'analysis-failed', 'rollback', 'rollout-complete'].includes(e.kind))
      .map((e) => [
        e.atMs,
        e.kind,
        e.detail.weight ?? e.detail.outcome ?? e.detail.failures ?? e.detail.source,
      ]);
    expect(steps).toEqual([
      [35_000, 'rollout-step', 10],
      [40_000, 'analysis-failed', 1],
      [40_000, 'rollback', 'analysis'],
      [42_000, 'rollout-step', 0],
      [42_000, 'rollout-complete', 'rolled-back'],
    ]);
    const d = s.deployments[0];
    expect([d.timeToMitigateMs, d.abortToMitigateMs]).toEqual([12_000, 2000]);
    expect(d.blastRadius).toEqual({ failed: 88, attempts: 17_954, fraction: 88 / 17_954 });
    expect(s.services.api.versions?.v2.requests).toBe(145);
    expect(s.clients.users.errorRate).toBeCloseTo(0.0038, 4);
  });

  it('a good version passes both analyses and is promoted at 75 s', () => {
    const d = summary(id, [...canary, 'services.api.versions.0.errorProbability=0.02']).deployments[0];
    expect([d.outcome, d.endMs, d.analyses.passed]).toEqual(['promoted', 75_000, 2]);
  });
});
