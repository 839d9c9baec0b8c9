import { describe, expect, it } from 'vitest';
import type { ControlEvent, RunResult } from '../../sim-core/metrics/result.ts';
import { rolloutAt, rolloutLabel } from '../../web/view/rollout-view.ts';

const event = (
  atMs: number,
  kind: string,
  replica: number | null,
  detail: ControlEvent['detail'],
): ControlEvent => ({
  atMs,
  kind,
  service: 'api',
  replica,
  source: 'deploy:v2',
  detail,
});
const result = (events: ControlEvent[]) => ({ summary: { controlEvents: events } }) as unknown as RunResult;

const canary = result([
  event(30_000, 'rollout-started', null, { version: 'v2', strategy: 'canary' }),
  event(35_000, 'provisioned', 4, { version: 'v2' }),
  event(35_000, 'rollout-step', null, { version: 'v2', weight: 10, replicas: 1 }),
  event(42_000, 'rollout-step', null, { version: 'v2', weight: 0, replicas: 1 }),
  event(42_000, 'rollout-complete', null, { version: 'stable', outcome: 'rolled-back' }),
]);

describe('a deployment as of a moment', () => {
  it('names each slot’s version and the weight while the rollout is in progress', () => {
    expect(rolloutAt(canary, 'api', 20_000)).toEqual({ versions: [], inProgress: null });
    expect(rolloutAt(canary, 'api', 32_000)).toEqual({
      versions: [],
      inProgress: { version: 'v2', weight: null },
    });
    const at = rolloutAt(canary, 'api', 37_500);
    expect(at).toEqual({
      versions: ['stable', 'stable', 'stable', 'stable', 'v2'],
      inProgress: { version: 'v2', weight: 10 },
    });
    expect(rolloutLabel(at)).toBe('v2 10%');
    expect(rolloutLabel(rolloutAt(canary, 'api', 32_000))).toBe('→ v2');
    expect(rolloutLabel(rolloutAt(canary, 'api', 50_000))).toBe('');
  });

  it('is null for a service without a rollout', () => {
    expect(rolloutAt(canary, 'db', 37_500)).toBeNull();
    expect(rolloutAt(null, 'api', 37_500)).toBeNull();
  });
});
