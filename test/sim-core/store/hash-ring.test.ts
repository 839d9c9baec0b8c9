import { describe, expect, it } from 'vitest';
import { HashRing, ringHash } from '../../../sim-core/store/hash-ring.ts';
import { type LeaderlessStoreConfig, runLeaderlessStore } from '../../../sim-core/store/leaderless-store.ts';

const names = (n: number) => Array.from({ length: n }, (_, i) => `store/${i}`);

const base: LeaderlessStoreConfig = {
  seed: 1,
  durationMs: 1000,
  replicas: 6,
  readQuorum: 2,
  writeQuorum: 2,
  latency: { baseMs: 1, jitterMeanMs: 0 },
  clients: [{}],
  keys: { count: 1, zipf: 0 },
  readRatio: 0.5,
  opTimeoutMs: 500,
  bucketMs: 100,
  ring: { n: 3 },
};

describe('the consistent-hash ring', () => {
  it('hashes names the same way every time, with FNV-1a and imul only', () => {
    expect([ringHash(''), ringHash('k0'), ringHash('store/0#0')]).toEqual([
      ringHash(''),
      ringHash('k0'),
      ringHash('store/0#0'),
    ]);
    expect(ringHash('k0')).not.toBe(ringHash('k1'));
  });

  it('gives each key every replica once, in a fixed clockwise order', () => {
    const ring = new HashRing(names(6), 16);
    const list = ring.preferenceList(0);
    expect([...list].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new HashRing(names(6), 16).preferenceList(0)).toEqual(list);
    expect(list).toEqual([4, 2, 3, 0, 1, 5]);
  });

  it('spreads 600 keys over 6 replicas with 16 tokens each: each is first for 11-23% of them and holds 3 copies per key in all', () => {
    const ring = new HashRing(names(6), 16);
    const first = new Array<number>(6).fill(0);
    const held = new Array<number>(6).fill(0);
    for (let k = 0; k < 600; k++) {
      const list = ring.preferenceList(k);
      first[list[0]]++;
      for (const r of list.slice(0, 3)) held[r]++;
    }
    // 16 tokens give uneven arcs (why Cassandra added its token allocation): exact, from the names.
    expect(first).toEqual([67, 137, 115, 102, 103, 76]);
    expect(held.reduce((a, b) => a + b, 0)).toBe(1800);
    expect(Math.min(...held)).toBeGreaterThan(0);
  });
});

describe('a leaderless store with N smaller than its replicas', () => {
  it('writes each key to exactly its N holders, and counts W and R against them', () => {
    const ops = Array.from({ length: 20 }, (_, k) => ({ atMs: k, client: 0, f: 'write' as const, key: k }));
    const r = runLeaderlessStore({
      ...base,
      keys: { count: 20, zipf: 0 },
      ops: [...ops, { atMs: 100, client: 0, f: 'read', key: 7 }],
    });
    const ring = new HashRing(names(6), 16);
    for (let k = 0; k < 20; k++) {
      const holders = r
        .held(k)
        .map((id, replica) => (id === null ? -1 : replica))
        .filter((x) => x >= 0);
      expect(holders).toEqual([...ring.preferenceList(k).slice(0, 3)].sort());
    }
    expect(r.operations[0]).toMatchObject({ f: 'write', sent: 3, repliesAtCompletion: 2, repliesTotal: 3 });
    expect(r.operations[20]).toMatchObject({ f: 'read', sent: 2, value: 8, stale: false });
    // Only a key's holders owe its writes: no replica lags at the end.
    expect(r.series.replicas.map((x) => x.lagMs.at(-1))).toEqual([0, 0, 0, 0, 0, 0]);
    // Each replica applied the writes of the keys it holds: 60 copies of 20 writes.
    expect(r.series.replicas.map((x) => x.appliedVersion.at(-1))).toEqual([10, 10, 11, 9, 10, 10]);
  });

  it('a strict quorum refuses when the key’s holders are cut off, however many other replicas are up', () => {
    const ring = new HashRing(names(6), 16);
    const [a, b] = ring.preferenceList(0);
    const r = runLeaderlessStore({
      ...base,
      writeQuorum: 2,
      partitions: [{ replicas: [a, b], startMs: 0, endMs: 50 }],
      ops: [{ atMs: 0, client: 0, f: 'write', key: 0 }],
    });
    expect(r.summary.unavailable).toBe(1);
  });

  it('a sloppy quorum (hinted handoff) writes to the next replica on the list and hands off to the holder', () => {
    const ring = new HashRing(names(6), 16);
    const list = ring.preferenceList(0);
    const r = runLeaderlessStore({
      ...base,
      writeQuorum: 3,
      hintedHandoff: true,
      partitions: [{ replicas: [list[0]], startMs: 0, endMs: 50 }],
      ops: [{ atMs: 0, client: 0, f: 'write', key: 0 }],
    });
    expect(r.operations[0]).toMatchObject({ outcome: 'ok', sent: 3 });
    expect(r.summary).toMatchObject({ unavailable: 0, hintsReplayed: 1 });
    const holders = r
      .held(0)
      .map((id, replica) => (id === null ? -1 : replica))
      .filter((x) => x >= 0);
    // The three holders (the first got the hint at 51 ms) and the stand-in, list[3], which keeps its copy.
    expect(holders).toEqual([...list.slice(0, 4)].sort());
  });

  it('refuses an N larger than the replicas and quorums larger than N', () => {
    expect(() => runLeaderlessStore({ ...base, ring: { n: 7 } })).toThrow('ring n must be in 1..6');
    expect(() => runLeaderlessStore({ ...base, ring: { n: 1 } })).toThrow(
      "readQuorum and writeQuorum must be at most the ring's n (1)",
    );
  });
});
