import { describe, expect, it } from 'vitest';
import { NodeClock } from '../../../sim-core/model/clock.ts';
import { RandomStreams } from '../../../sim-core/random/streams.ts';
import { type LeaderStoreConfig, runLeaderBasedStore } from '../../../sim-core/store/leader-based-store.ts';
import { base, firstLeader, leaseSplitBrain, r, w } from '../../support/leader-store-runs.ts';

describe('leader-based store: elections on the host', () => {
  it('the replica with the shortest first timeout (its own stream) wins term 1 one vote round trip later', () => {
    const timeouts = [0, 1, 2].map(
      (i) => 150 + 150 * new RandomStreams(1).stream(`store/election:${i}`).next(),
    );
    const first = timeouts.indexOf(Math.min(...timeouts));
    const res = runLeaderBasedStore(base);
    // Vote requests take 1 ms, the grants 1 ms back: leader 2 ms after its timeout.
    expect(res.leadership.terms).toEqual([
      { term: 1, leader: first, fromMs: timeouts[first] + 2, toMs: null },
    ]);
    expect(res.leadership.elections).toBe(1);
  });

  it('a leader crash triggers an election: a follower times out and leads term 2', () => {
    const { leader } = firstLeader(base);
    const res = runLeaderBasedStore({ ...base, crashes: [{ replica: leader, atMs: 1000, restartMs: 1500 }] });
    const [t1, t2] = res.leadership.terms;
    expect(t1).toMatchObject({ term: 1, leader, toMs: 1000 });
    expect(t2.term).toBe(2);
    expect(t2.leader).not.toBe(leader);
    // The last heartbeat reached the followers within 50 ms before the crash; a timeout is 150-300 ms.
    expect(t2.fromMs).toBeGreaterThan(1000 - 50 + 150);
    expect(t2.fromMs).toBeLessThanOrEqual(1000 + 1 + 300 + 2);
    // The restarted replica keeps its log and term and follows.
    expect(res.leadership.terms).toHaveLength(2);
  });

  it('a write sent to a follower is redirected to the leader; with no leader known it is unavailable', () => {
    const { leader, others } = firstLeader(base);
    const res = runLeaderBasedStore({
      ...base,
      clients: [{ replica: others[0] }, { replica: others[0] }],
      ops: [w(1000, 0), w(2, 1)],
    });
    const early = res.operations.find((o) => o.client === 1);
    const redirected = res.operations.find((o) => o.client === 0);
    expect(early).toMatchObject({ outcome: 'fail', endMs: 4 });
    // 1 ms to the follower, 1 back with the redirect, 1 to the leader, 2 for the sync round, 1 back.
    expect(redirected).toMatchObject({ outcome: 'ok', sent: 2, endMs: 1006 });
    expect(res.leadership.redirects).toBe(1);
    expect(res.summary).toMatchObject({ unavailable: 1, writes: 2 });
    expect(res.held(0)[leader]).toBe(2);
  });
});

describe('leader-based store: leases on the leader’s own clock', () => {
  /**
   * The leader is cut off from its followers at 1000 (clients still reach it) after its clock
   * took `drift` at 500. Returns the true time its lease ends, found from the last heartbeat
   * acknowledged before the cut, and two reads arriving just before and just after it.
   */
  function leaseRun(drift: number, step?: { atMs: number; stepMs: number }) {
    const { leader, atMs, others } = firstLeader(base);
    const clock = new NodeClock();
    clock.setDrift(500, drift);
    // True time at which the leader's clock reads `local` (a step at `step.atMs` shifts later readings).
    const trueOf = (local: number) =>
      step !== undefined && local >= step.atMs ? local - step.stepMs : clock.trueTimeAt(local);
    // Heartbeats leave at local atMs + 50 k; an acknowledgement takes 2 ms and must beat the cut.
    let sentLocal = atMs;
    while (trueOf(sentLocal + 50) + 2 < 1000) sentLocal += 50;
    const sentTrue = trueOf(sentLocal);
    const expiry = trueOf(sentLocal + 150);
    const clockFaults = [
      step === undefined
        ? { replica: leader, atMs: 500, drift }
        : { replica: leader, atMs: step.atMs, stepMs: step.stepMs },
    ];
    const res = runLeaderBasedStore({
      ...base,
      clients: [{ replica: leader }, { replica: leader }],
      clockFaults,
      partitions: [{ replicas: [leader], against: { replicas: others }, startMs: 1000, endMs: 3000 }],
      // A read reaches the leader 1 ms after it is invoked.
      ops: [r(expiry - 1 - 0.01, 0), r(expiry - 1 + 0.01, 1)],
    });
    const outcomes = [0, 1].map((c) => res.operations.find((o) => o.client === c)?.outcome);
    return { leaseTrueMs: expiry - sentTrue, outcomes, res, atMs };
  }

  it('a clock stepped back 100 ms just before the cut holds the lease 100 ms longer', () => {
    const { leaseTrueMs, outcomes } = leaseRun(0, { atMs: 999, stepMs: -100 });
    expect(leaseTrueMs).toBe(250);
    expect(outcomes).toEqual(['ok', 'fail']);
  });

  it('with a correct clock the lease ends leaseMs after the last acknowledged heartbeat', () => {
    const { leaseTrueMs, outcomes } = leaseRun(0);
    expect(leaseTrueMs).toBe(150);
    expect(outcomes).toEqual(['ok', 'fail']);
  });

  it('a clock 20% slow holds the lease 37.5 ms longer in true time (150 / 0.8)', () => {
    const { leaseTrueMs, outcomes, res } = leaseRun(-0.2);
    expect(leaseTrueMs).toBeCloseTo(187.5, 9);
    expect(outcomes).toEqual(['ok', 'fail']);
    expect(res.summary.unavailable).toBe(1);
  });

  it('a clock 25% fast gives it up 30 ms early (150 / 1.25)', () => {
    const { leaseTrueMs, outcomes } = leaseRun(0.25);
    expect(leaseTrueMs).toBeCloseTo(120, 9);
    expect(outcomes).toEqual(['ok', 'fail']);
  });
});

describe('leader-based store: fencing tokens', () => {
  it('without fencing the deposed leader acknowledges writes while the new leader exists (split brain)', () => {
    const res = runLeaderBasedStore(leaseSplitBrain(false));
    const [t1, t2] = res.leadership.terms;
    expect(t2.term).toBe(2);
    expect(t2.fromMs).toBeLessThan(1150);
    // The old leader only hears of term 2 when the partition heals.
    expect(t1.toMs).toBeGreaterThan(2000);
    const oldLeaderWrites = res.operations.filter((o) => o.client === 0 && o.f === 'write');
    expect(oldLeaderWrites.map((o) => o.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(res.summary.splitBrainWrites).toBe(3);
    expect(res.summary.conflicts).toBeGreaterThan(0);
  });

  it('with fencing the bridge refuses the stale term: the first write is never acknowledged and the old leader steps down', () => {
    const res = runLeaderBasedStore(leaseSplitBrain(true));
    const t1 = res.leadership.terms[0];
    // Write at 1150 reaches the old leader at 1151, the bridge at 1152; the refusal is back at 1153.
    expect(t1.toMs).toBe(1153);
    const oldLeaderWrites = res.operations.filter((o) => o.client === 0 && o.f === 'write');
    expect(oldLeaderWrites.map((o) => o.outcome).sort()).toEqual(['fail', 'fail', 'info']);
    expect(res.summary.splitBrainWrites).toBe(0);
    expect(res.summary.lostWrites).toBe(0);
    expect(res.held(0).every((id) => id !== 1)).toBe(true);
  });
});

describe('leader-based store: replication modes and failover', () => {
  /** The leader takes write 1 at 1001 and is cut off from its followers from `cutMs` to 1800. */
  function failover(replication: LeaderStoreConfig['replication'], cutMs: number) {
    const { leader, others } = firstLeader(base);
    return runLeaderBasedStore({
      ...base,
      replication,
      semiSyncAcks: 1,
      clients: [{ replica: leader }, { replica: others[0] }],
      partitions: [{ replicas: [leader], against: { replicas: others }, startMs: cutMs, endMs: 1800 }],
      ops: [w(1000, 0), r(2500, 1)],
    });
  }

  it('async acknowledges at once and loses the write when the leader is cut off before replicating', () => {
    const res = failover('async', 1001.5);
    const [write, read] = res.operations;
    expect(write).toMatchObject({ outcome: 'ok', endMs: 1002 });
    expect(read).toMatchObject({ outcome: 'ok', value: null, stale: true });
    // The new leader's log replaced the old one's when the partition healed.
    expect(res.held(0)).toEqual([null, null, null]);
    expect(res.summary).toMatchObject({ lostWrites: 1, conflicts: 1, staleReads: 1 });
    expect(res.series.lostWritesPerSec[2]).toBe(2);
  });

  it('semi-sync does not acknowledge what no follower has: the same cut leaves it indeterminate, not lost', () => {
    const res = failover('semi-sync', 1001.5);
    const [write, read] = res.operations;
    expect(write).toMatchObject({ outcome: 'info', endMs: 1100 });
    expect(read).toMatchObject({ outcome: 'ok', value: null, stale: false });
    expect(res.summary).toMatchObject({ lostWrites: 0, staleReads: 0 });
  });

  it('semi-sync acknowledges after one follower has it (a round trip more) and the write survives failover', () => {
    const res = failover('semi-sync', 1003.5);
    const [write, read] = res.operations;
    expect(write).toMatchObject({ outcome: 'ok', endMs: 1004 });
    expect(read).toMatchObject({ outcome: 'ok', value: 1, stale: false });
    expect(res.summary).toMatchObject({ lostWrites: 0, staleReads: 0 });
    expect(res.leadership.terms[1].term).toBe(2);
  });
});

describe('leader-based store: a leader crash with writes in flight', () => {
  /**
   * Followers sit 5 ms further from the leader than its clients: write 1 reaches the leader at
   * 1001, its replication would reach the followers at 1006; the leader crashes at 1003 (its
   * messages in flight die with it) and restarts at 1500.
   */
  function crash(replication: LeaderStoreConfig['replication']) {
    const { leader, others } = firstLeader(base);
    return runLeaderBasedStore({
      ...base,
      replication,
      semiSyncAcks: 1,
      latency: { baseMs: 1, jitterMeanMs: 0, links: others.map((b) => ({ a: leader, b, extraMs: 5 })) },
      clients: [{ replica: leader }, { replica: others[0] }],
      crashes: [{ replica: leader, atMs: 1003, restartMs: 1500 }],
      ops: [w(1000, 0), r(2500, 1)],
    });
  }

  it('async: the client was told ok at 1002, the write existed only on the crashed leader, and is lost', () => {
    const res = crash('async');
    expect(res.operations[0]).toMatchObject({ f: 'write', outcome: 'ok', endMs: 1002 });
    expect(res.operations[1]).toMatchObject({ f: 'read', outcome: 'ok', value: null, stale: true });
    expect(res.summary).toMatchObject({ lostWrites: 1, conflicts: 1 });
    expect(res.held(0)).toEqual([null, null, null]);
  });

  it('semi-sync: no follower had it, so the client was never told ok; nothing acknowledged is lost', () => {
    const res = crash('semi-sync');
    expect(res.operations[0]).toMatchObject({ f: 'write', outcome: 'info', endMs: 1100 });
    expect(res.summary).toMatchObject({ lostWrites: 0, staleReads: 0 });
  });
});

describe('leader-based store: CP or AP in the minority, disk stalls', () => {
  function minority(consistency: 'cp' | 'ap') {
    const { others } = firstLeader(base);
    const lonely = others[1];
    return runLeaderBasedStore({
      ...base,
      consistency,
      replication: 'semi-sync',
      reads: 'followers',
      clients: [{ replica: others[0] }, { replica: lonely }],
      partitions: [{ replicas: [lonely], clients: [1], startMs: 900, endMs: 2000 }],
      ops: [w(1000, 0), r(1500, 1)],
    });
  }

  it('CP: the cut-off follower knows no leader and refuses the read', () => {
    const res = minority('cp');
    expect(res.operations.map((o) => o.outcome)).toEqual(['ok', 'fail']);
    expect(res.summary).toMatchObject({ unavailable: 1, staleReads: 0 });
  });

  it('AP: it serves what it has, a stale read', () => {
    const res = minority('ap');
    expect(res.operations.map((o) => o.outcome)).toEqual(['ok', 'ok']);
    expect(res.operations[1]).toMatchObject({ value: null, stale: true });
    expect(res.summary).toMatchObject({ unavailable: 0, staleReads: 1 });
  });

  it('a disk-stalled leader keeps leading and serving reads, and takes in writes when the stall ends', () => {
    const { leader } = firstLeader(base);
    const res = runLeaderBasedStore({
      ...base,
      replication: 'semi-sync',
      clients: [{ replica: leader }, { replica: leader }],
      diskStalls: [{ replica: leader, startMs: 1000, endMs: 1200 }],
      opTimeoutMs: 500,
      ops: [w(1050, 0), r(1100, 1)],
    });
    const [read, write] = res.operations;
    expect(read).toMatchObject({ f: 'read', outcome: 'ok', value: null, endMs: 1102 });
    // Appended at 1200, one follower has it at 1201, its ack is back at 1202, the client hears at 1203.
    expect(write).toMatchObject({ f: 'write', outcome: 'ok', endMs: 1203 });
    expect(res.leadership.terms).toHaveLength(1);
  });

  it('a disk-stalled follower stays in the cluster, serves stale reads, and its lag grows until it appends', () => {
    const { others } = firstLeader(base);
    const stalled = others[1];
    const res = runLeaderBasedStore({
      ...base,
      replication: 'semi-sync',
      reads: 'followers',
      clients: [{ replica: others[0] }, { replica: stalled }],
      diskStalls: [{ replica: stalled, startMs: 1000, endMs: 1500 }],
      ops: [w(1100, 0), r(1200, 1), r(1600, 1)],
    });
    const [write, during, after] = res.operations;
    expect(write.outcome).toBe('ok');
    expect(during).toMatchObject({ outcome: 'ok', value: null, stale: true });
    expect(after).toMatchObject({ outcome: 'ok', value: 1, stale: false });
    expect(res.series.replicas[stalled].lagMs.slice(2, 4)).toEqual([400, 0]);
    expect(res.series.replicas[others[0]].lagMs.slice(2, 4)).toEqual([0, 0]);
    expect(res.leadership.terms).toHaveLength(1);
  });
});

describe('leader-based store: configuration errors name the field', () => {
  it.each([
    [{ replication: 'quorum' }, 'replication must be one of sync, semi-sync, async, got "quorum"'],
    [{ consistency: 'ca' }, 'consistency must be one of cp, ap, got "ca"'],
    [{ reads: 'any' }, 'reads must be one of leader, followers, got "any"'],
    [{ preset: 'zab' }, 'preset must be one of raft-default, got "zab"'],
    [
      { replication: 'semi-sync', semiSyncAcks: 3 },
      'semiSyncAcks must be an integer in 1..2 (the followers), got 3',
    ],
    [{ heartbeatMs: 0 }, 'heartbeatMs must be a number > 0, got 0'],
    [
      { electionTimeoutMs: { min: 300, max: 150 } },
      'electionTimeoutMs.max must be >= electionTimeoutMs.min (300), got 150',
    ],
    [{ crashes: [{ replica: 3, atMs: 0 }] }, 'crashes[0].replica must be a replica index in 0..2, got 3'],
    [{ clients: [{ replica: -1 }] }, 'clients[0].replica must be a replica index in 0..2, got -1'],
  ])('%j', (patch, message) => {
    expect(() => runLeaderBasedStore({ ...base, ...(patch as Partial<LeaderStoreConfig>) })).toThrow(message);
  });
});

describe('leader-based store: determinism', () => {
  it('the same seed gives the same trace hash and history, another seed another hash', () => {
    const cfg: LeaderStoreConfig = {
      ...base,
      replicas: 5,
      replication: 'semi-sync',
      latency: { baseMs: 1, jitterMeanMs: 3 },
      clients: [{ opsPerSec: 100 }, { opsPerSec: 100, replica: 3 }],
      crashes: [{ replica: 0, atMs: 1000, restartMs: 1400 }],
    };
    const a = runLeaderBasedStore(cfg);
    const b = runLeaderBasedStore(cfg);
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.history.toJsonLines()).toBe(b.history.toJsonLines());
    expect(a.summary.writes).toBeGreaterThan(100);
    expect(runLeaderBasedStore({ ...cfg, seed: 2 }).traceHash).not.toBe(a.traceHash);
  });
});

describe('leader-based store: pre-vote (Raft thesis §9.6, etcd PreVote)', () => {
  /** A follower cut off from everyone from 1000 to 2000 ms; fenced (Raft's own rule: a reply's term deposes). */
  const isolated = (preVote: boolean) => {
    const { others } = firstLeader(base);
    return runLeaderBasedStore({
      ...base,
      fencing: true,
      preVote,
      partitions: [{ replicas: [others[0]], startMs: 1000, endMs: 2000 }],
    });
  };

  it('without pre-vote the cut-off follower raises its term, and on rejoining forces a new term on the leader', () => {
    const { leader, atMs, others } = firstLeader(base);
    const res = isolated(false);
    // Its 4 elections alone took it to term 5; the first heartbeat after the heal (sent at
    // atMs + 50 k = 2036.6) is answered with term 5 a round trip later, and the leader steps down.
    expect(res.leadership.elections).toBe(6);
    expect(res.leadership.terms).toEqual([
      { term: 1, leader, fromMs: atMs, toMs: atMs + 50 * 37 + 2 },
      // The rejoined follower, its log as long as anyone's (no writes), wins the next election.
      { term: 6, leader: others[0], fromMs: expect.closeTo(2170.2269, 4), toMs: null },
    ]);
  });

  it('with pre-vote its term never moves: after the heal the leader and its term 1 are unchanged', () => {
    const { leader, atMs } = firstLeader(base);
    const res = isolated(true);
    // The first leader canvasses first: a pre-vote round trip (2 ms) before its election.
    expect(res.leadership.terms).toEqual([{ term: 1, leader, fromMs: atMs + 2, toMs: null }]);
    // One election only: the pre-votes of the cut-off follower never reached a majority.
    expect(res.leadership.elections).toBe(1);
  });
});

describe('leader-based store: check-quorum step-down (etcd CheckQuorum, Raft thesis §6.2)', () => {
  /** The leader cut off from both followers from 1000 to 3000 ms. */
  const cutOff = (checkQuorum: boolean) => {
    const { leader, others } = firstLeader(base);
    return runLeaderBasedStore({
      ...base,
      checkQuorum,
      partitions: [{ replicas: [leader], against: { replicas: others }, startMs: 1000, endMs: 3000 }],
    });
  };

  it('steps down at the first heartbeat a full election timeout after it last heard from a majority', () => {
    const { leader, atMs } = firstLeader(base);
    // Heartbeats leave at atMs + 50 k; the last reply before the cut arrives 2 ms after its heartbeat.
    let k = 0;
    while (atMs + 50 * (k + 1) + 2 < 1000) k++;
    const lastHeard = atMs + 50 * k + 2;
    // Heartbeat ticks at atMs + 50 j: the first with 150 ms or more since lastHeard is j = k + 4.
    const stepDown = atMs + 50 * (k + 4);
    expect(stepDown - lastHeard).toBe(198);
    const res = cutOff(true);
    expect(res.leadership.terms[0]).toEqual({ term: 1, leader, fromMs: atMs, toMs: stepDown });
    expect(stepDown).toBeCloseTo(1186.6269, 4);
  });

  it('without it the cut-off leader still believes it leads at the end, beside the majority’s new leader', () => {
    const { leader } = firstLeader(base);
    const [first, second] = cutOff(false).leadership.terms;
    expect(first).toMatchObject({ term: 1, leader, toMs: null });
    expect(second).toMatchObject({ term: 2, toMs: null });
    expect(second.leader).not.toBe(leader);
  });
});

describe('leader-based store: semi-sync falling back to async (MySQL rpl_semi_sync_master_timeout)', () => {
  /** Both followers' disks stall from 1000 to 2000 ms: they follow heartbeats but acknowledge nothing. */
  const stalled = (semiSyncTimeoutMs?: number) => {
    const { leader } = firstLeader(base);
    return runLeaderBasedStore({
      ...base,
      replication: 'semi-sync',
      semiSyncAcks: 1,
      ...(semiSyncTimeoutMs === undefined ? {} : { semiSyncTimeoutMs }),
      // No lease check: the leader keeps taking writes while nobody acknowledges (as MySQL's source).
      leaseMs: 1e9,
      opTimeoutMs: 5000,
      clients: [{ replica: leader }, { replica: leader }],
      diskStalls: ([0, 1, 2].filter((i) => i !== leader) as number[]).map((replica) => ({
        replica,
        startMs: 1000,
        endMs: 2000,
      })),
      ops: [w(1100, 0), w(1700, 0), w(2500, 0)],
    });
  };

  it('a write that waited the whole timeout is acknowledged then, later ones at once, and semi-sync returns once a follower caught up', () => {
    const res = stalled(500);
    // Arrives at 1101; 500 ms later (1601) the leader stops waiting, the answer is back at 1602.
    // At 1700 it is async: 1 ms there, 1 ms back. After the stall a follower catches up at the
    // next heartbeat, and the write at 2500 waits for its acknowledgement again: a round trip more.
    expect(res.operations.map((o) => [o.outcome, o.endMs])).toEqual([
      ['ok', 1602],
      ['ok', 1702],
      ['ok', 2504],
    ]);
    expect(res.summary.semiSyncFallbacks).toBe(1);
    expect(res.summary.lostWrites).toBe(0);
  });

  it('without a timeout the write waits out the stall; no fallback is counted', () => {
    const res = stalled();
    expect(res.operations[0].endMs).toBeGreaterThan(2000);
    expect(res.summary.semiSyncFallbacks).toBeUndefined();
  });
});
