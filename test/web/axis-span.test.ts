import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { activityEndMs, axisEndMs, roundEnd } from '../../web/view/axis-span.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

describe('how much of the run the time axis shows', () => {
  it('zooms a finished run that is over early to a little after its last activity', () => {
    const jitter = loadBuiltIn('jitter-comparison', ['clients.writers.retry.jitter="full"']);
    const result = runScenario(jitter, { seed: jitter.seed });
    const end = activityEndMs(result);
    expect(end).toBeGreaterThan(0);
    expect(end).toBeLessThanOrEqual(5000);
    expect(axisEndMs(jitter.durationMs, result, false, [])).toBe(roundEnd(end + 1000));
    expect(axisEndMs(jitter.durationMs, result, false, [])).toBeLessThan(10_000);
    // Streaming, or with nothing to go on: the whole run.
    expect(axisEndMs(jitter.durationMs, result, true, [])).toBe(120_000);
    expect(axisEndMs(jitter.durationMs, null, false, [])).toBe(120_000);
  });

  it('keeps the whole run when things happen past its middle, or a fault comes later', () => {
    const jitter = loadBuiltIn('jitter-comparison');
    const none = runScenario(jitter, { seed: jitter.seed });
    // Without jitter the last writer is done after 87 s.
    expect(axisEndMs(jitter.durationMs, none, false, [])).toBe(120_000);
    const full = runScenario(loadBuiltIn('jitter-comparison', ['clients.writers.retry.jitter="full"']), {
      seed: 1,
    });
    expect(axisEndMs(120_000, full, false, [70_000])).toBe(120_000);
    const storm = loadBuiltIn('retry-storm', ['hypotheses=[]']);
    expect(axisEndMs(storm.durationMs, runScenario(storm, { seed: 1 }), false, [30_000])).toBe(120_000);
  });

  it('rounds ends to whole steps of the power of ten below them', () => {
    expect(roundEnd(3300)).toBe(4000);
    expect(roundEnd(95_000)).toBe(100_000);
    expect(roundEnd(400)).toBe(1000);
  });
});
