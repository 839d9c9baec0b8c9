import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTimerHandles } from '../../../sim-core/engine/event-queue.ts';
import { auditRecordPool } from '../../../sim-core/model/audited-records.ts';
import {
  type LeaderStoreConfig,
  type LeaderStoreResult,
  runLeaderBasedStore,
} from '../../../sim-core/store/leader-based-store.ts';
import { checkLinearizable, perOperationHistory } from '../../support/linearizability.ts';

/** Random crashes, partitions (a random side against the rest, sometimes one-way) and clock faults. */
const faults = (n: number) => {
  const replica = fc.integer({ min: 0, max: n - 1 });
  const window = fc
    .tuple(fc.integer({ min: 300, max: 2200 }), fc.integer({ min: 20, max: 900 }))
    .map(([s, d]) => ({ startMs: s, endMs: s + d }));
  return fc.record({
    crashes: fc.array(
      fc.tuple(replica, window).map(([r, w]) => ({ replica: r, atMs: w.startMs, restartMs: w.endMs })),
      { maxLength: 3 },
    ),
    partitions: fc.array(
      fc
        .tuple(
          fc.subarray(
            Array.from({ length: n }, (_, i) => i),
            { minLength: 1, maxLength: n - 1 },
          ),
          window,
          fc.boolean(),
        )
        .map(([replicas, w, oneWay]) => ({ replicas, clients: [0], oneWay, ...w })),
      { maxLength: 3 },
    ),
    clockFaults: fc.array(
      fc
        .tuple(
          replica,
          fc.integer({ min: 0, max: 2500 }),
          fc.double({ min: -0.6, max: 0.6, noNaN: true }),
          fc.integer({ min: -200, max: 200 }),
        )
        .map(([r, atMs, drift, stepMs]) => ({ replica: r, atMs, drift, stepMs })),
      { maxLength: 3 },
    ),
  });
};

const scenario = fc.constantFrom(3, 5).chain((n) =>
  fc.record({
    n: fc.constant(n),
    seed: fc.integer({ min: 1, max: 1e6 }),
    jitter: fc.integer({ min: 0, max: 8 }),
    faults: faults(n),
  }),
);

interface Drawn {
  readonly n: number;
  readonly seed: number;
  readonly jitter: number;
  readonly faults: Pick<LeaderStoreConfig, 'crashes' | 'partitions' | 'clockFaults'>;
}

function config(
  s: Drawn,
  replication: LeaderStoreConfig['replication'],
  fencing: boolean,
  semiSyncAcks = 1,
): LeaderStoreConfig {
  return {
    seed: s.seed,
    durationMs: 3000,
    replicas: s.n,
    preset: 'raft-default',
    replication,
    semiSyncAcks,
    fencing,
    latency: { baseMs: 1, jitterMeanMs: s.jitter },
    clients: [{ opsPerSec: 80 }, { opsPerSec: 80, replica: 1 }],
    keys: { count: 3, zipf: 1 },
    readRatio: 0.3,
    opTimeoutMs: 200,
    bucketMs: 500,
    ...s.faults,
  };
}

/** Runs every drawn scenario under one configuration, `each` asserting on each; returns the totals. */
function overScenarios(
  make: (s: Drawn) => LeaderStoreConfig,
  each: (res: LeaderStoreResult) => void = () => {},
) {
  const totals = { acked: 0, lost: 0, split: 0 };
  fc.assert(
    fc.property(scenario, (s) => {
      const res = runLeaderBasedStore(make(s));
      totals.acked += res.operations.filter((o) => o.f === 'write' && o.outcome === 'ok').length;
      totals.lost += res.summary.lostWrites;
      totals.split += res.summary.splitBrainWrites;
      each(res);
    }),
    { numRuns: 60, seed: 13 },
  );
  return totals;
}

const safe = (res: LeaderStoreResult): void => {
  expect(res.summary.lostWrites).toBe(0);
  expect(res.summary.splitBrainWrites).toBe(0);
};

describe('leader-based store: properties under random crashes, partitions and clock drift', () => {
  // These runs also show that no timer handle is used after its event ran or was cancelled
  // (the queue's handles wrap their generations: sim-core/engine/event-queue.ts).
  // ...and that no released call or job record is used again (sim-core/model/record-pool.ts).
  beforeAll(() => {
    auditRecordPool({ releases: 0 });
    auditTimerHandles((use, handle) => {
      throw new Error(`timer handle ${handle} used (${use}) after its event ran or was cancelled`);
    });
  });
  afterAll(() => {
    auditRecordPool(null);
    auditTimerHandles(null);
  });
  it('sync replication with fencing never loses an acknowledged write nor accepts a split-brain write', () => {
    expect(overScenarios((s) => config(s, 'sync', true), safe).acked).toBeGreaterThan(1000);
  });

  it('so does semi-sync waiting for a majority with fencing (Raft’s own commit rule)', () => {
    const totals = overScenarios((s) => config(s, 'semi-sync', true, Math.floor(s.n / 2)), safe);
    expect(totals.acked).toBeGreaterThan(1000);
  });

  it('pre-vote and check-quorum keep it so: majority semi-sync with fencing stays safe with both on', () => {
    const totals = overScenarios(
      (s) => ({ ...config(s, 'semi-sync', true, Math.floor(s.n / 2)), preVote: true, checkQuorum: true }),
      safe,
    );
    expect(totals.acked).toBeGreaterThan(1000);
  });

  it('without fencing, semi-sync on one follower accepts split-brain writes in some runs', () => {
    expect(overScenarios((s) => config(s, 'semi-sync', false, 1)).split).toBeGreaterThan(0);
  });

  it('the same faults do cost async replication acknowledged writes (the property is not vacuous)', () => {
    expect(overScenarios((s) => config(s, 'async', false)).lost).toBeGreaterThan(0);
  });

  it('with correct clocks, leader reads under leases are linearizable through crashes and partitions (sync and majority semi-sync, fencing)', () => {
    let checked = 0;
    for (const replication of ['sync', 'semi-sync'] as const) {
      overScenarios(
        (s) => ({ ...config(s, replication, true, Math.floor(s.n / 2)), clockFaults: [] }),
        (res) => {
          const verdict = checkLinearizable(perOperationHistory(res.operations, res.history.entries));
          expect(verdict.linearizable).toBe(true);
          checked += res.operations.filter((o) => o.outcome === 'ok' && o.f === 'read').length;
        },
      );
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
