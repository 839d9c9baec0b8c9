import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LeaderlessStoreConfig,
  runLeaderlessStore,
  type ScriptedOp,
} from '../../../sim-core/store/leaderless-store.ts';

const base: LeaderlessStoreConfig = {
  seed: 1,
  durationMs: 1000,
  replicas: 3,
  readQuorum: 2,
  writeQuorum: 2,
  latency: { baseMs: 1, jitterMeanMs: 0 },
  clients: [{}, {}],
  keys: { count: 1, zipf: 0 },
  readRatio: 0.5,
  opTimeoutMs: 500,
  bucketMs: 100,
};

describe('leaderless quorum store: exact semantics', () => {
  it('counts W acks and R answers per operation', () => {
    const r = runLeaderlessStore({
      ...base,
      latency: { baseMs: 0, jitterMeanMs: 0, perReplicaMs: [1, 2, 10] },
      ops: [
        { atMs: 0, client: 0, f: 'write', key: 0 },
        { atMs: 100, client: 1, f: 'read', key: 0 },
      ],
    });
    const [write, read] = r.operations;
    // Round trips 2, 4 and 20 ms: the second ack (W = 2) completes the write at 4 ms.
    expect(write).toMatchObject({
      f: 'write',
      outcome: 'ok',
      sent: 3,
      repliesAtCompletion: 2,
      repliesTotal: 3,
      endMs: 4,
    });
    expect(read).toMatchObject({
      f: 'read',
      outcome: 'ok',
      sent: 2,
      repliesAtCompletion: 2,
      repliesTotal: 2,
      value: 1,
    });
    expect(r.summary).toMatchObject({ reads: 1, writes: 1, staleReads: 0, lostWrites: 0, conflicts: 0 });
  });

  it('last-writer-wins drops the write of the writer whose clock is behind', () => {
    const r = runLeaderlessStore({
      ...base,
      readQuorum: 3,
      writeQuorum: 3,
      clients: [{}, { clockOffsetMs: -100 }],
      ops: [
        { atMs: 0, client: 0, f: 'write', key: 0 },
        // Invoked after write 1 was acknowledged (at 2 ms), but stamped -50 on a clock 100 ms behind.
        { atMs: 50, client: 1, f: 'write', key: 0 },
        { atMs: 200, client: 1, f: 'read', key: 0 },
      ],
    });
    expect(r.operations.map((o) => o.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(r.held(0)).toEqual([1, 1, 1]);
    expect(r.operations[2].value).toBe(1);
    expect(r.summary).toMatchObject({
      lostWrites: 1,
      staleReads: 1,
      readYourWritesViolations: 1,
      conflicts: 3,
    });
    expect(r.series.lostWritesPerSec[0]).toBe(10);
  });

  it('a partition that leaves fewer than W replicas refuses the write (unavailable)', () => {
    const r = runLeaderlessStore({
      ...base,
      partitions: [{ replicas: [1, 2], startMs: 0, endMs: 500 }],
      ops: [
        { atMs: 10, client: 0, f: 'write', key: 0 },
        { atMs: 600, client: 0, f: 'write', key: 0 },
      ],
    });
    expect(r.operations.map((o) => o.outcome)).toEqual(['fail', 'ok']);
    expect(r.summary.unavailable).toBe(1);
    expect(r.series.unavailablePerSec[0]).toBe(10);
  });

  it('a disk-stalled replica stays reachable, serves what it applied, and acks on applying', () => {
    const r = runLeaderlessStore({
      ...base,
      replicas: 1,
      readQuorum: 1,
      writeQuorum: 1,
      diskStalls: [{ replica: 0, startMs: 0, endMs: 300 }],
      ops: [
        { atMs: 0, client: 0, f: 'write', key: 0 },
        { atMs: 100, client: 1, f: 'read', key: 0 },
      ],
    });
    const [write, read] = r.operations.slice().sort((a, b) => a.invokeMs - b.invokeMs);
    expect(read).toMatchObject({ outcome: 'ok', value: null, endMs: 102 });
    expect(write).toMatchObject({ outcome: 'ok', endMs: 301 });
    // The write was not acknowledged when the read began: not stale.
    expect(r.summary.staleReads).toBe(0);
  });

  it('replication lag per replica grows through a disk stall and drops to 0 once applied', () => {
    const r = runLeaderlessStore({
      ...base,
      durationMs: 400,
      writeQuorum: 1,
      diskStalls: [{ replica: 2, startMs: 0, endMs: 250 }],
      ops: [{ atMs: 0, client: 0, f: 'write', key: 0 }],
    });
    expect(r.series.replicas[0]).toEqual({ lagMs: [0, 0, 0, 0], appliedVersion: [1, 1, 1, 1] });
    expect(r.series.replicas[2]).toEqual({ lagMs: [100, 200, 0, 0], appliedVersion: [0, 0, 1, 1] });
  });

  it('read repair brings a replica that missed a write up to date', () => {
    const cfg: LeaderlessStoreConfig = {
      ...base,
      readQuorum: 3,
      writeQuorum: 1,
      partitions: [{ replicas: [2], startMs: 0, endMs: 5 }],
      ops: [
        { atMs: 0, client: 0, f: 'write', key: 0 },
        { atMs: 100, client: 1, f: 'read', key: 0 },
      ],
    };
    const without = runLeaderlessStore(cfg);
    expect(without.held(0)).toEqual([1, 1, null]);
    expect(without.summary.readRepairs).toBe(0);
    const repaired = runLeaderlessStore({ ...cfg, readRepair: true });
    expect(repaired.operations[1]).toMatchObject({ outcome: 'ok', value: 1 });
    expect(repaired.held(0)).toEqual([1, 1, 1]);
    expect(repaired.summary.readRepairs).toBe(1);
    // The write was invoked at 0; replica 2 applies the repair at 103 ms, so its lag at 100 ms is 100.
    expect(repaired.series.replicas[2].lagMs.slice(0, 3)).toEqual([100, 0, 0]);
    expect(without.series.replicas[2].lagMs.slice(0, 3)).toEqual([100, 200, 300]);
  });

  it('an operation times out on its client clock: a write is indeterminate (info), a read fails', () => {
    const r = runLeaderlessStore({
      ...base,
      opTimeoutMs: 50,
      // Client 1's clock runs 25% fast: its 50 ms timeout fires after 40 ms of true time.
      clients: [{}, { drift: 0.25 }],
      latency: { baseMs: 0, jitterMeanMs: 0, perReplicaMs: [1, 30, 30] },
      ops: [
        { atMs: 0, client: 0, f: 'write', key: 0 },
        { atMs: 100, client: 1, f: 'read', key: 0 },
      ],
      readQuorum: 3,
      writeQuorum: 3,
    });
    const [write, read] = r.operations;
    // Round trips 2, 60, 60 ms: the write's third ack comes too late for a 50 ms timeout.
    expect(write).toMatchObject({ outcome: 'info', endMs: 50, repliesAtCompletion: 1, repliesTotal: 3 });
    expect(read).toMatchObject({ outcome: 'fail', endMs: 140, repliesAtCompletion: 1, value: null });
    expect(r.summary.timedOut).toBe(2);
    expect(r.history.entries.map((e) => e.type)).toEqual(['invoke', 'info', 'invoke', 'fail']);
    // The write did apply everywhere: a timed-out write is not a failed one.
    expect(r.held(0)).toEqual([1, 1, 1]);
  });

  it('hinted handoff replays a write to a partitioned replica when its partition ends', () => {
    const cfg: LeaderlessStoreConfig = {
      ...base,
      durationMs: 400,
      partitions: [
        { replicas: [2], startMs: 0, endMs: 50 },
        { replicas: [2], startMs: 40, endMs: 150 },
      ],
      ops: [{ atMs: 0, client: 0, f: 'write', key: 0 }],
    };
    const without = runLeaderlessStore(cfg);
    expect(without.held(0)).toEqual([1, 1, null]);
    expect(without.series.replicas[2].lagMs).toEqual([100, 200, 300, 400]);
    const hinted = runLeaderlessStore({ ...cfg, hintedHandoff: true });
    expect(hinted.summary.hintsReplayed).toBe(1);
    expect(hinted.held(0)).toEqual([1, 1, 1]);
    // Overlapping windows: the hint waits for the later end (150 ms), not the first (50 ms), and
    // lands at 151 ms: still missing at 100 ms, applied by 200 ms.
    expect(hinted.series.replicas[2].lagMs).toEqual([100, 0, 0, 0]);
  });

  it('writes the history in the Jepsen shape, invocation and completion per process', () => {
    const r = runLeaderlessStore({
      ...base,
      ops: [
        { atMs: 0, client: 0, f: 'write', key: 0 },
        { atMs: 100, client: 1, f: 'read', key: 0 },
      ],
    });
    expect(
      r.history
        .toJsonLines()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { process: 0, type: 'invoke', f: 'write', key: 'k0', value: 1, time: 0, index: 0 },
      { process: 0, type: 'ok', f: 'write', key: 'k0', value: 1, time: 2_000_000, index: 1 },
      { process: 1, type: 'invoke', f: 'read', key: 'k0', value: null, time: 100_000_000, index: 2 },
      { process: 1, type: 'ok', f: 'read', key: 'k0', value: 1, time: 102_000_000, index: 3 },
    ]);
  });

  it('the same seed gives the same trace hash, another seed another', () => {
    const cfg = {
      ...base,
      clients: [{ opsPerSec: 200 }, { opsPerSec: 200 }],
      latency: { baseMs: 1, jitterMeanMs: 3 },
    };
    expect(runLeaderlessStore(cfg).traceHash).toBe(runLeaderlessStore(cfg).traceHash);
    expect(runLeaderlessStore({ ...cfg, seed: 2 }).traceHash).not.toBe(runLeaderlessStore(cfg).traceHash);
  });
});

function choose(n: number, k: number): number {
  if (k > n) return 0;
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

describe('PBS (Bailis et al., VLDB 2012): stale with probability C(N-W, R) / C(N, R)', () => {
  const KEYS = 200;
  const SEEDS = 10;
  for (const [n, r, w] of [
    [3, 1, 1],
    [3, 1, 2],
    [5, 2, 2],
    [5, 1, 3],
    [5, 2, 3],
  ]) {
    it(`N=${n} R=${r} W=${w}`, () => {
      // W replicas apply the write at once; the other N-W are disk-stalled far past the read,
      // so a read issued after the write's ack (2 ms) races exactly W up-to-date replicas.
      const stalls = Array.from({ length: n - w }, (_, i) => ({ replica: w + i, startMs: 0, endMs: 5000 }));
      const ops: ScriptedOp[] = [];
      for (let k = 0; k < KEYS; k++) {
        ops.push({ atMs: 0, client: 0, f: 'write', key: k });
        ops.push({ atMs: 10, client: 1, f: 'read', key: k });
      }
      let stale = 0;
      let trials = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const res = runLeaderlessStore({
          ...base,
          seed,
          durationMs: 100,
          replicas: n,
          readQuorum: r,
          writeQuorum: w,
          keys: { count: KEYS, zipf: 0 },
          diskStalls: stalls,
          ops,
        });
        stale += res.summary.staleReads;
        trials += res.summary.reads;
      }
      const p = choose(n - w, r) / choose(n, r);
      const halfWidth = 3.29 * Math.sqrt((p * (1 - p)) / trials); // 99.9% normal interval
      expect(trials).toBe(KEYS * SEEDS);
      expect(Math.abs(stale / trials - p)).toBeLessThanOrEqual(halfWidth);
    });
  }
});

describe('properties', () => {
  it('strict quorums (R + W > N) without failures never return a stale read nor lose a write', () => {
    const quorum = fc.integer({ min: 1, max: 5 }).chain((n) =>
      fc
        .tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n }))
        .filter(([r, w]) => r + w > n)
        .map(([r, w]) => ({ n, r, w })),
    );
    fc.assert(
      fc.property(
        quorum,
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 0, max: 20 }),
        ({ n, r, w }, seed, jitter) => {
          const res = runLeaderlessStore({
            ...base,
            seed,
            durationMs: 2000,
            replicas: n,
            readQuorum: r,
            writeQuorum: w,
            latency: { baseMs: 0.5, jitterMeanMs: jitter },
            clients: [{ opsPerSec: 100 }, { opsPerSec: 100 }, { opsPerSec: 100 }],
            keys: { count: 3, zipf: 1 },
            opTimeoutMs: 10_000,
          });
          expect(res.summary.reads).toBeGreaterThan(0);
          expect(res.summary.staleReads).toBe(0);
          expect(res.summary.readYourWritesViolations).toBe(0);
          expect(res.summary.lostWrites).toBe(0);
          for (const o of res.operations) expect(o.outcome).toBe('ok');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a partial quorum (R = W = 1, N = 3) with jittered latency does return stale reads', () => {
    const res = runLeaderlessStore({
      ...base,
      durationMs: 5000,
      readQuorum: 1,
      writeQuorum: 1,
      latency: { baseMs: 0.5, jitterMeanMs: 20 },
      clients: [{ opsPerSec: 100 }, { opsPerSec: 100 }],
      keys: { count: 2, zipf: 0 },
    });
    expect(res.summary.staleReads).toBeGreaterThan(0);
  });
});
