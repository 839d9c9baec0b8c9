import { describe, expect, it } from 'vitest';
import { runLeaderBasedStore } from '../../../sim-core/store/leader-based-store.ts';
import { leaseSplitBrain } from '../../support/leader-store-runs.ts';
import { checkLinearizable } from '../../support/linearizability.ts';

describe('leader-based store: the lease split brain as a linearizability checker sees it', () => {
  it('without fencing the history is not linearizable: two leaders acknowledge writes and serve reads of their own', () => {
    const res = runLeaderBasedStore(leaseSplitBrain(false));
    expect(res.summary.splitBrainWrites).toBeGreaterThan(0);
    // The reads at 1260 of the two leaders return the last write each acknowledged.
    const reads = res.operations.filter((o) => o.f === 'read' && o.invokeMs === 1260);
    expect(new Set(reads.map((o) => o.value)).size).toBe(2);
    expect(checkLinearizable(res.history.entries)).toMatchObject({ linearizable: false, key: 'k0' });
  });

  it('with fencing the same run is linearizable: the deposed leader acknowledges nothing', () => {
    const res = runLeaderBasedStore(leaseSplitBrain(true));
    expect(res.summary.splitBrainWrites).toBe(0);
    expect(res.operations.filter((o) => o.outcome === 'ok').length).toBeGreaterThan(4);
    expect(checkLinearizable(res.history.entries).linearizable).toBe(true);
  });

  it('with a correct leader clock the same run is linearizable even without fencing: the lease ends before term 2', () => {
    const config = leaseSplitBrain(false);
    const res = runLeaderBasedStore({ ...config, clockFaults: [] });
    const [t1, t2] = res.leadership.terms;
    expect(t2.term).toBe(2);
    expect(t1.toMs).toBeGreaterThan(2000);
    expect(res.summary.splitBrainWrites).toBe(0);
    expect(checkLinearizable(res.history.entries).linearizable).toBe(true);
  });
});
