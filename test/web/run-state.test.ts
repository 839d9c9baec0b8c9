import { describe, expect, it } from 'vitest';
import {
  failureText,
  IDLE,
  nextShownRun,
  type RunEvent,
  type ShownRun,
  traceHashText,
} from '../../web/runner/run-state.ts';

const run = (id: number, seed = 1) => ({ id, seed, link: `#v=1&id=mm1&seed=${seed}` });
const replay = (events: RunEvent[]): ShownRun => events.reduce(nextShownRun, IDLE);

describe('the run on screen', () => {
  it('shows a trace hash only once the run asked for has finished', () => {
    const running = replay([{ type: 'start', run: run(1, 7) }]);
    expect(traceHashText(running)).toBe('…');
    const done = nextShownRun(running, { type: 'finished', runId: 1, seed: 7, traceHash: 'abc' });
    expect(done).toEqual({ kind: 'done', run: run(1, 7), traceHash: 'abc' });
    expect(traceHashText(done)).toBe('abc');
    expect(failureText(done)).toBeNull();
  });

  it('drops the late answer of a run that was replaced (seed 7 never shows seed 1’s hash)', () => {
    const state = replay([
      { type: 'start', run: run(1, 1) },
      { type: 'start', run: run(2, 7) },
      { type: 'finished', runId: 1, seed: 1, traceHash: 'seed-one' },
      { type: 'failed', runId: 1, message: 'old' },
      { type: 'cancelled', runId: 1 },
    ]);
    expect(state).toEqual({ kind: 'running', run: run(2, 7) });
    expect(traceHashText(state)).toBe('…');
  });

  it('refuses a result whose seed is not the one asked for', () => {
    const state = replay([
      { type: 'start', run: run(3, 7) },
      { type: 'finished', runId: 3, seed: 1, traceHash: 'x' },
    ]);
    expect(state.kind).toBe('failed');
    expect(traceHashText(state)).toBe('not run');
    expect(failureText(state)).toBe(
      'The run failed: the result is for seed 1, not the seed asked for (7). The charts show no complete run of these settings.',
    );
  });

  it('says where the result would be that a run failed, or that nothing was run', () => {
    const failed = replay([
      { type: 'start', run: run(1) },
      { type: 'failed', runId: 1, message: 'Proxy has been released and is not useable' },
    ]);
    expect(traceHashText(failed)).toBe('not run');
    expect(failureText(failed)).toContain('The run failed: Proxy has been released');
    const refused = replay([
      { type: 'start', run: run(1) },
      { type: 'finished', runId: 1, seed: 1, traceHash: 'h' },
      { type: 'refused', message: 'the scenario is invalid' },
    ]);
    expect(refused).toEqual({ kind: 'failed', run: null, message: 'the scenario is invalid' });
    expect(failureText(refused)).toBe(
      'Not run: the scenario is invalid. The charts show no run of these settings.',
    );
    // A refused state ignores any late answer.
    expect(nextShownRun(refused, { type: 'finished', runId: 1, seed: 1, traceHash: 'h' })).toBe(refused);
  });

  it('a cancelled run shows no hash', () => {
    const state = replay([
      { type: 'start', run: run(4) },
      { type: 'cancelled', runId: 4 },
    ]);
    expect(traceHashText(state)).toBe('cancelled');
    expect(failureText(state)).toBeNull();
  });
});
