/** Leader-based store configurations shared by its unit, property and linearizability tests. */
import { type LeaderStoreConfig, runLeaderBasedStore } from '../../sim-core/store/leader-based-store.ts';
import type { ScriptedOp } from '../../sim-core/store/leaderless-store.ts';

/** Three replicas, raft-default timing, 1 ms links without jitter: every instant is exact. */
export const base: LeaderStoreConfig = {
  seed: 1,
  durationMs: 3000,
  replicas: 3,
  preset: 'raft-default',
  replication: 'sync',
  latency: { baseMs: 1, jitterMeanMs: 0 },
  clients: [{}, {}],
  keys: { count: 1, zipf: 0 },
  readRatio: 0.5,
  opTimeoutMs: 100,
  bucketMs: 500,
};

/** The first leader of a configuration and when it was elected (no ops: the election alone). */
export function firstLeader(config: LeaderStoreConfig): { leader: number; atMs: number; others: number[] } {
  const t = runLeaderBasedStore({ ...config, ops: [] }).leadership.terms[0];
  const others = Array.from({ length: config.replicas }, (_, i) => i).filter((i) => i !== t.leader);
  return { leader: t.leader, atMs: t.fromMs, others };
}

export const w = (atMs: number, client: number, key = 0): ScriptedOp => ({ atMs, client, f: 'write', key });
export const r = (atMs: number, client: number, key = 0): ScriptedOp => ({ atMs, client, f: 'read', key });

/**
 * Five replicas; the leader's clock runs 60% slow from 500 on; from 1000 to 2000 it is cut off
 * from three followers but still reaches the fourth ("bridge"), which also reaches them. The
 * three elect a new leader; the old one, its lease still holding by its slow clock, keeps
 * taking writes and the bridge acknowledges them (semi-sync, one follower).
 */
export function leaseSplitBrain(fencing: boolean): LeaderStoreConfig {
  const five: LeaderStoreConfig = { ...base, replicas: 5, replication: 'semi-sync', semiSyncAcks: 1 };
  const { leader, others } = firstLeader(five);
  const ops: ScriptedOp[] = [];
  for (const t of [1150, 1200, 1250]) ops.push(w(t, 0), w(t + 1, 1));
  ops.push(r(1260, 0), r(1260, 1), r(2500, 0), r(2500, 1));
  return {
    ...five,
    fencing,
    clients: [{ replica: leader }, { replica: others[0] }],
    clockFaults: [{ replica: leader, atMs: 500, drift: -0.6 }],
    partitions: [{ replicas: [leader], against: { replicas: others.slice(1) }, startMs: 1000, endMs: 2000 }],
    ops,
  };
}
