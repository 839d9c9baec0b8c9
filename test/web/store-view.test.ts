import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { type StoreSeriesView, storeReplicasAt, storeViews } from '../../web/view/store-view.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

const base = runScenario(
  loadBuiltIn('mm1', ['durationMs=20000', 'metrics.warmupMs=0', 'metrics.bucketMs=1000']),
  { seed: 1 },
);
const n = base.series.startMs.length;
const zeros = () => new Array<number>(n).fill(0);

function withStore(series: Partial<StoreSeriesView>): RunResult {
  const full: StoreSeriesView = {
    readsPerSec: zeros(),
    writesPerSec: zeros(),
    staleReadsPerSec: zeros(),
    lostWritesPerSec: zeros(),
    splitBrainWritesPerSec: zeros(),
    unavailablePerSec: zeros(),
    replicas: [0, 1, 2].map((r) => ({
      lagMs: zeros().map((_, i) => i * 10 * r),
      appliedVersion: zeros().map((_, i) => i),
    })),
    ...series,
  };
  return { ...base, series: { ...base.series, stores: { kv: full } } as RunResult['series'] };
}

describe('the store view', () => {
  it('has nothing for a run without stores', () => {
    expect(storeViews(base)).toEqual([]);
    expect(storeViews(null)).toEqual([]);
  });

  it('marks the first stale read, lost write, split-brain write and leader change, in time order', () => {
    const bucketMs = base.series.bucketMs;
    const at = (i: number) => zeros().map((_, k) => (k === i ? 1 : 0));
    const [view] = storeViews(
      withStore({
        staleReadsPerSec: at(5),
        lostWritesPerSec: at(3),
        splitBrainWritesPerSec: zeros(),
        leader: zeros().map((_, i) => (i < 4 ? 0 : i < 6 ? null : 2)),
        term: zeros().map((_, i) => (i < 4 ? 1 : 2)),
      }),
    );
    expect(view.name).toBe('kv');
    // A leaderless gap (null) between two leaders is not a change from one leader to another.
    expect(view.moments).toEqual([
      { atMs: 3 * bucketMs, label: 'first lost write' },
      { atMs: 5 * bucketMs, label: 'first stale read' },
    ]);
    const [changed] = storeViews(withStore({ leader: zeros().map((_, i) => (i < 7 ? 0 : 1)) }));
    expect(changed.moments).toEqual([{ atMs: 7 * bucketMs, label: 'new leader: replica 1' }]);
  });

  it('gives each replica its applied writes, lag and role at a bucket, clamped to the series', () => {
    const [view] = storeViews(withStore({ leader: zeros().map(() => 1), term: zeros().map(() => 4) }));
    const now = storeReplicasAt(view, 2);
    expect(now.term).toBe(4);
    expect(now.replicas).toEqual([
      { replica: 0, appliedVersion: 2, lagMs: 0, leader: false },
      { replica: 1, appliedVersion: 2, lagMs: 20, leader: true },
      { replica: 2, appliedVersion: 2, lagMs: 40, leader: false },
    ]);
    expect(storeReplicasAt(view, 10_000).replicas[2].lagMs).toBe((n - 1) * 20);
    const [leaderless] = storeViews(withStore({}));
    expect(storeReplicasAt(leaderless, 1).term).toBeNull();
  });
});

describe('the store view of a siblings store', () => {
  it('marks the first read that returned more than one sibling, not the first read', () => {
    const bucketMs = base.series.bucketMs;
    const siblingsMax = zeros().map((_, i) => (i < 2 ? 0 : i < 4 ? 1 : 3));
    const [view] = storeViews(withStore({ siblingsMax, conflictsPerSec: zeros() }));
    expect(view.moments).toEqual([{ atMs: 4 * bucketMs, label: 'first read with siblings' }]);
    expect(storeViews(withStore({}))[0].moments).toEqual([]);
  });
});
