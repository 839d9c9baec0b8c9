import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenarios/schema/validate.ts';
import { resolveMetric } from '../../../sim-core/hypotheses/resolve.ts';
import { runScenario } from '../../../sim-core/run/simulation.ts';
import type { DistributionSpec } from '../../../sim-core/scenario/spec.ts';
import { loadBuiltIn } from '../../support/scenarios.ts';
import { latencies, oneRequestClient, scenario, story } from './harness.ts';

type Doc = Record<string, unknown>;
const constant = (valueMs: number): DistributionSpec => ({ kind: 'constant', valueMs });

/** A store service `kv` of 3 replicas (1 ms of work each request) with the store fields given. */
function kv(store: Doc, extra: Doc = {}): Doc {
  return {
    name: 'kv',
    replicas: 3,
    concurrency: 4,
    serviceTime: constant(1),
    store: { family: 'leaderless', r: 1, w: 1, keys: { count: 1 }, ...store },
    ...extra,
  };
}

/** Replica-to-replica messages take `ms` one way; client links are instant. */
const replicaLinks = (ms: number): Doc => ({ links: [{ from: 'kv', to: 'kv', latency: constant(ms) }] });

/** One write at 1000 ms to `kv` (replica links of 5 ms), with the store's W and the scenario fields given. */
function oneWrite(w: number, extra: Doc = {}) {
  return story(
    scenario({
      durationMs: 1500,
      clients: [oneRequestClient('users', 'kv')],
      services: [kv({ w, readRatio: 0 })],
      network: replicaLinks(5),
      ...extra,
    }),
  );
}

describe('a store service in a scenario', () => {
  it('answers a write after W replicas applied it: the coordinator at once, the others one round trip later', () => {
    const ends = [1, 2, 3].map((w) => {
      const s = oneWrite(w);
      expect(s.result.summary.stores.kv).toMatchObject({ writes: 1, reads: 0, unavailable: 0 });
      return latencies(s.endings);
    });
    // 1 ms of work; W = 1: the coordinator's own copy; W = 2 or 3: a 10 ms round trip more.
    expect(ends).toEqual([[1], [11], [11]]);
  });

  it('sends every store message over the world network as an event of its own', () => {
    const s = oneWrite(2);
    const storeEvents = s.trace.filter((e) => e.includes('store-message'));
    // The request to each of 3 replicas, and each one's acknowledgement.
    expect(storeEvents).toEqual([
      '1001 store-message kv/0',
      '1001 store-message kv/0',
      '1006 store-message kv/1',
      '1006 store-message kv/2',
      '1011 store-message kv/0',
      '1011 store-message kv/0',
    ]);
  });

  it('refuses at once when fewer than W replicas are reachable (unavailable), and the client sees a failure', () => {
    const s = oneWrite(3, { faults: [{ kind: 'partition', atMs: 0, from: ['kv/0'], to: ['kv/1', 'kv/2'] }] });
    expect(s.result.summary.stores.kv).toMatchObject({ writes: 1, unavailable: 1 });
    expect(s.endings.map((e) => [e.outcome, e.endedAt])).toEqual([['failed', 1001]]);
  });

  it('a disk stall keeps replicas reachable but acknowledges their writes only when it ends', () => {
    const stall = { kind: 'disk-stall', atMs: 900, durationMs: 200, service: 'kv', replica: null };
    const s = oneWrite(2, { faults: [stall] });
    // Every replica stalls until 1100 ms: the write applies there, and 5 ms later the acks arrive.
    expect(s.result.summary.stores.kv).toMatchObject({ writes: 1, unavailable: 0, timedOut: 0 });
    expect(latencies(s.endings)).toEqual([105]);
    const one = oneWrite(2, { faults: [{ ...stall, replica: 1 }] });
    // kv/0 (the coordinator) and kv/2 apply at once: W = 2 needs no stalled replica.
    expect(latencies(one.endings)).toEqual([11]);
    expect(one.result.series.stores.kv.replicas.map((r) => r.appliedVersion.at(-1))).toEqual([1, 1, 1]);
  });

  it('hinted handoff: a write kept for a cut-off replica is replayed at its coordinator’s next operation', () => {
    const run = (hintedHandoff: boolean) =>
      runScenario(
        scenario({
          durationMs: 1500,
          // Round robin over 2 replicas: 1000 ms -> kv/0, 1100 ms -> kv/1, 1200 ms -> kv/0.
          clients: [0, 1, 2].map((k) => ({
            name: `u${k}`,
            target: 'kv',
            arrival: { kind: 'once', users: 1, atMs: 1000 + 100 * k },
          })),
          services: [kv({ readRatio: 0, hintedHandoff }, { replicas: 2 })],
          network: replicaLinks(5),
          faults: [{ kind: 'partition', atMs: 0, durationMs: 1050, from: ['kv/0'], to: ['kv/1'] }],
        }),
      );
    const off = run(false);
    const on = run(true);
    // kv/1 never gets the first write without hints: it owes it to the end (499 ms of lag).
    expect(off.series.stores.kv.replicas[1]).toMatchObject({ appliedVersion: [0, 2], lagMs: [0, 499] });
    expect(on.summary.stores.kv.hintsReplayed).toBe(1);
    expect(on.series.stores.kv.replicas[1]).toMatchObject({ appliedVersion: [0, 3], lagMs: [0, 0] });
  });

  it('a coordinator that crashes forgets its operation: its timer ends it, a write as indeterminate (info)', () => {
    const s = story(
      scenario({
        durationMs: 1500,
        clients: [oneRequestClient('users', 'kv', { timeoutMs: 100 })],
        services: [kv({ w: 3, readRatio: 0, timeoutMs: 200 })],
        network: replicaLinks(5),
        faults: [{ kind: 'crash', atMs: 1005, durationMs: 100, service: 'kv', replica: 0 }],
      }),
    );
    expect(s.endings.map((e) => [e.outcome, e.endedAt])).toEqual([['timedOut', 1100]]);
    const run = s.sim.model.stores.runs[0];
    expect(s.result.summary.stores.kv).toMatchObject({ writes: 1, timedOut: 1, lostWrites: 0 });
    // The history is the client's view: invoked at its send (1000), indeterminate when it gave up
    // (its 100 ms timeout), not when the coordinator started (1001) or its timer fired (1201).
    expect(run.accounting.history.entries.map((e) => [e.type, e.time / 1e6])).toEqual([
      ['invoke', 1000],
      ['info', 1100],
    ]);
    // The other replicas applied it all the same.
    expect(s.result.series.stores.kv.replicas.map((r) => r.appliedVersion.at(-1))).toEqual([1, 1, 1]);
  });

  it('strict quorums (R + W > N) never read stale without faults; R = W = 1 does', () => {
    const run = (r: number, w: number) =>
      runScenario(
        scenario({
          durationMs: 5000,
          clients: [
            { name: 'a', target: 'kv', arrival: { kind: 'poisson', ratePerSec: 200 } },
            { name: 'b', target: 'kv', arrival: { kind: 'poisson', ratePerSec: 200 } },
          ],
          services: [kv({ r, w, readRatio: 0.5, keys: { count: 3 } }, { loadBalancer: 'random' })],
          network: { latency: { kind: 'exponential', meanMs: 5 } },
        }),
      ).summary.stores.kv;
    for (const [r, w] of [
      [2, 2],
      [1, 3],
      [3, 1],
    ]) {
      const strict = run(r, w);
      expect(strict.reads).toBeGreaterThan(800);
      expect(strict.staleReads).toBe(0);
    }
    const partial = run(1, 1);
    expect(partial.staleReads).toBeGreaterThan(20);
  });

  it('hypotheses read a store’s summary and series by path', () => {
    const result = runScenario(
      scenario({
        durationMs: 2000,
        clients: [{ name: 'a', target: 'kv', arrival: { kind: 'poisson', ratePerSec: 100 } }],
        services: [kv({ readRatio: 0.5 })],
      }),
    );
    const store = result.summary.stores.kv;
    expect(resolveMetric(result, 'stores.kv.reads')).toMatchObject({ ok: true, value: store.reads });
    expect(resolveMetric(result, 'stores.kv.writesPerSec', 'series')).toMatchObject({
      ok: true,
      values: result.series.stores.kv.writesPerSec,
    });
    expect(store.reads + store.writes).toBeGreaterThan(150);
  });

  it('counts a retried write without idempotency keys as a second write (a duplicate); with keys, it is the same write', () => {
    const run = (idempotencyKeys: boolean) =>
      runScenario(
        scenario({
          durationMs: 1500,
          clients: [
            oneRequestClient('users', 'kv', {
              timeoutMs: 5,
              idempotencyKeys,
              retry: { maxAttempts: 2, retryOn: ['timedOut'], backoff: { kind: 'constant', baseMs: 1 } },
            }),
          ],
          services: [kv({ w: 3, readRatio: 0 })],
          network: replicaLinks(10),
        }),
      ).summary;
    const naive = run(false);
    expect(naive.stores.kv.writes).toBe(2);
    expect(naive.services.kv).toMatchObject({ duplicates: 1, deduplicated: 0 });
    const keyed = run(true);
    expect(keyed.stores.kv.writes).toBe(2);
    expect(keyed.services.kv).toMatchObject({ duplicates: 0, deduplicated: 1 });
    // The repeat carries the first attempt's version: it is nobody's conflict, and nothing is lost.
    expect(keyed.stores.kv).toMatchObject({ conflicts: 0, lostWrites: 0 });
    // Without keys the retry (kv/1, stamped 1007) is newer than the first attempt (kv/0, stamped
    // 1001), whose copy then reaches kv/1 at 1011 and loses there: one conflict, nothing lost.
    expect(naive.stores.kv).toMatchObject({ conflicts: 1, lostWrites: 0 });
  });

  /** Two writes of one key, at 1000 and 1050 ms, W = 3, with the stamping clock and skew given. */
  const twoWrites = (timestamps: string, skewed: string) =>
    story(
      scenario({
        durationMs: 1500,
        clients: [
          oneRequestClient('first', 'kv'),
          { name: 'second', target: 'kv', arrival: { kind: 'once', users: 1, atMs: 1050 } },
        ],
        services: [kv({ w: 3, readRatio: 0, timestamps })],
        network: replicaLinks(5),
        clocks: [{ node: skewed, offsetMs: -100 }],
      }),
    );

  it('last-writer-wins on the writers’ clocks: the later write of a client 100 ms behind loses, and is lost', () => {
    const s = twoWrites('client', 'second');
    expect(s.endings.map((e) => e.outcome)).toEqual(['succeeded', 'succeeded']);
    // Each replica keeps first's write (stamped 1000) over second's (stamped 950, issued later).
    expect(s.result.summary.stores.kv).toMatchObject({ writes: 2, conflicts: 3, lostWrites: 1 });
    expect(twoWrites('client', 'first').result.summary.stores.kv).toMatchObject({
      conflicts: 0,
      lostWrites: 0,
    });
  });

  it('stamps writes on the coordinator’s clock by default: a replica whose clock is behind loses its writes', () => {
    // Round robin: the first request is coordinated by kv/0, the second by kv/1.
    const s = twoWrites('coordinator', 'kv/1');
    expect(s.result.summary.stores.kv).toMatchObject({ writes: 2, conflicts: 3, lostWrites: 1 });
    // The client's clock does not matter then.
    expect(twoWrites('coordinator', 'second').result.summary.stores.kv).toMatchObject({ lostWrites: 0 });
  });

  it('reports replication lag per replica at each bucket’s end', () => {
    const lagStory = (durationMs: number) =>
      runScenario(
        scenario({
          durationMs,
          metrics: { bucketMs: 250 },
          clients: [{ name: 'users', target: 'kv', arrival: { kind: 'constant', ratePerSec: 4 } }],
          services: [kv({ readRatio: 0 })],
          network: replicaLinks(300),
        }),
      );
    const r = lagStory(1000);
    const series = r.series.stores.kv;
    // Requests at 0, 250, 500 and 750 ms, coordinated by kv/0, kv/1, kv/2, kv/0 after 1 ms of work.
    expect(series.writesPerSec).toEqual([4, 4, 4, 4]);
    // Each write reaches the other two 300 ms after it began, so at each bucket's end a replica
    // that did not coordinate the latest write owes it: 249 ms of lag (the write of 1 ms, 251 ms...).
    expect(series.replicas.map((x) => x.lagMs)).toEqual([
      [0, 249, 249, 0],
      [249, 0, 249, 249],
      [249, 249, 0, 249],
    ]);
    expect(series.replicas.map((x) => x.appliedVersion)).toEqual([
      [1, 1, 2, 4],
      [0, 2, 2, 3],
      [0, 1, 3, 3],
    ]);
    // A run that ends 150 ms into its last bucket counts that bucket's rate over 150 ms.
    const partial = lagStory(900);
    expect(partial.series.stores.kv.writesPerSec).toEqual([4, 4, 4, 1000 / 150]);
  });

  it('a latency fault on the replicas’ link grows their lag while it lasts', () => {
    const run = (faults: unknown[]) =>
      runScenario(
        scenario({
          durationMs: 1500,
          metrics: { bucketMs: 250 },
          clients: [{ name: 'users', target: 'kv', arrival: { kind: 'constant', ratePerSec: 4 } }],
          services: [kv({ readRatio: 0 })],
          network: replicaLinks(100),
          faults,
        }),
      ).series.stores.kv.replicas.map((x) => x.lagMs);
    // 100 ms links: every write (at 1 ms into each bucket) reaches the others 149 ms before the bucket ends.
    expect(run([])).toEqual([0, 1, 2].map(() => [0, 0, 0, 0, 0, 0]));
    // 200 ms more from 500 to 1000 ms: the writes of those two buckets (coordinated by kv/2, then
    // kv/0) arrive 51 ms after their bucket's end, so the two replicas that did not coordinate
    // each one owe it, 249 ms old.
    const slow = run([
      {
        name: 'slow-link',
        kind: 'latency',
        link: { from: 'kv', to: 'kv' },
        addMs: 200,
        atMs: 500,
        durationMs: 500,
      },
    ]);
    expect(slow).toEqual([
      [0, 0, 249, 0, 0, 0],
      [0, 0, 249, 249, 0, 0],
      [0, 0, 0, 249, 0, 0],
    ]);
  });
});

describe('store validation', () => {
  const doc = (service: Doc): unknown => ({
    id: 's',
    title: 's',
    durationMs: 1000,
    clients: [{ name: 'users', target: 'kv', arrival: { kind: 'poisson', ratePerSec: 1 } }],
    services: [service, { name: 'db', serviceTime: constant(1) }],
  });
  it('refuses quorums larger than the replicas, naming the field', () => {
    const r = parseScenario(doc(kv({ r: 4, w: 2 })));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
        "services[0].store.r: found 4; allowed: an integer from 1 to 3 (the service's replicas: N = 3); a quorum cannot be larger than N",
      ]);
  });
  it('refuses downstream calls on a store service and an unknown family', () => {
    const r = parseScenario(doc(kv({}, { calls: [{ service: 'db' }] })));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['services[0].calls']);
    const stall = parseScenario({
      ...(doc(kv({})) as Doc),
      faults: [{ kind: 'disk-stall', atMs: 10, service: 'db', replica: null }],
    });
    expect(stall.ok).toBe(false);
    if (!stall.ok)
      expect(stall.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
        'faults[0].service: found "db"; allowed: a service with a store: "kv" ("db" has no store: only a store\'s replicas have data to apply)',
      ]);
    const family = parseScenario(doc(kv({ family: 'raft' })));
    expect(family.ok).toBe(false);
    if (!family.ok) expect(family.errors[0].path).toBe('services[0].store.family');
  });
});

describe('siblings in a scenario (conflicts: "siblings")', () => {
  it('the lww-clock-skew lesson with siblings: no read stale, no write lost, concurrent writes read as siblings', () => {
    const run = (conflicts: string) =>
      runScenario(loadBuiltIn('lww-clock-skew', [`services.kv.store.conflicts=${conflicts}`])).summary.stores
        .kv;
    const lww = run('lww');
    expect(lww.staleReads).toBeGreaterThan(150);
    expect(lww.siblingsMax).toBeUndefined();
    const siblings = run('siblings');
    expect(siblings).toMatchObject({ staleReads: 0, lostWrites: 0, readYourWritesViolations: 0 });
    // Blind and concurrent writes pile up until a client writes with the context it read.
    expect({ conflicts: siblings.conflicts, siblingsMax: siblings.siblingsMax }).toEqual({
      conflicts: 2084,
      siblingsMax: 13,
    });
  });

  it('refuses an unknown conflict resolution, naming the field and the allowed values', () => {
    expect(() =>
      scenario({ clients: [oneRequestClient('users', 'kv')], services: [kv({ conflicts: 'crdt' })] }),
    ).toThrow('services[0].store.conflicts: found "crdt"; allowed: "lww", "siblings"');
  });
});

describe('a store whose keys live on n of its replicas (ring)', () => {
  it('applies a write on exactly n = 3 of 5 replicas, the key’s preference list', () => {
    const s = story(
      scenario({
        durationMs: 1500,
        clients: [oneRequestClient('users', 'kv')],
        services: [kv({ w: 2, readRatio: 0, ring: { n: 3 } }, { replicas: 5 })],
        network: replicaLinks(5),
      }),
    );
    const applied = s.result.series.stores.kv.replicas.map((r) => r.appliedVersion.at(-1));
    expect(applied.filter((x) => x === 1)).toHaveLength(3);
    expect(applied.reduce((a = 0, b = 0) => a + b, 0)).toBe(3);
    expect(s.result.summary.stores.kv).toMatchObject({ writes: 1, unavailable: 0, lostWrites: 0 });
  });

  it('refuses a ring n larger than the replicas, and quorums larger than n, naming the field', () => {
    const doc = (store: Doc) => ({ clients: [oneRequestClient('users', 'kv')], services: [kv(store)] });
    expect(() => scenario(doc({ ring: { n: 4 } }))).toThrow(
      "services[0].store.ring.n: found 4; allowed: an integer from 1 to 3 (the service's replicas)",
    );
    expect(() => scenario(doc({ r: 3, ring: { n: 2 } }))).toThrow(
      "services[0].store.r: found 3; allowed: an integer from 1 to 2 (the ring's n: N = 2)",
    );
  });
});

describe('a pause fault on a store replica (stop-the-world)', () => {
  it('stops its store messages: what reaches it waits for its resume, then it acknowledges', () => {
    const pause = { kind: 'pause', atMs: 900, durationMs: 200, service: 'kv', replica: 1 };
    // W = 3: the write needs kv/1. Its request arrives at 1006, is handled at the resume (1100),
    // and the acknowledgement is back at 1105: as the disk stall above, but nothing ran meanwhile.
    expect(latencies(oneWrite(3, { faults: [pause] }).endings)).toEqual([105]);
    // W = 2 does without it.
    expect(latencies(oneWrite(2, { faults: [pause] }).endings)).toEqual([11]);
  });

  it('a paused coordinator handles its timeout and the late answers at its resume, in the order they came', () => {
    const s = oneWrite(3, {
      services: [kv({ w: 3, readRatio: 0, timeoutMs: 5 })],
      faults: [{ kind: 'pause', atMs: 1002, durationMs: 498, service: 'kv', replica: 0 }],
    });
    // It coordinates at 1001; its 5 ms timeout comes due at 1006 and the acknowledgements at 1011,
    // all while it is paused: at 1500 the timeout, first in line, ends the write (indeterminate).
    expect(s.endings.map((e) => [e.outcome, e.endedAt])).toEqual([['failed', 1500]]);
    expect(s.result.summary.stores.kv).toMatchObject({ timedOut: 1, writes: 1 });
  });
});

describe('the history of a store in a scenario: the client’s view', () => {
  it('invokes at the attempt’s send and completes when the caller got the answer', () => {
    // Client links take 2 ms each way; the write is coordinated after 1 ms of work and W = 2 takes a 10 ms round trip.
    const s = story(
      scenario({
        durationMs: 1500,
        clients: [oneRequestClient('users', 'kv')],
        services: [kv({ w: 2, readRatio: 0 })],
        network: {
          latency: constant(2),
          links: [{ from: 'kv', to: 'kv', latency: constant(5) }],
        },
      }),
    );
    expect(latencies(s.endings)).toEqual([15]);
    const entries = s.sim.model.stores.runs[0].accounting.history.entries;
    expect(entries.map((e) => [e.type, e.time / 1e6, e.index])).toEqual([
      ['invoke', 1000, 0],
      ['ok', 1015, 1],
    ]);
  });

  it('an attempt the caller gave up on before its coordinator started it is invoked at its send and info at the give-up', () => {
    const s = story(
      scenario({
        durationMs: 1500,
        clients: [oneRequestClient('users', 'kv', { timeoutMs: 5 })],
        services: [kv({ w: 1, readRatio: 0 }, { serviceTime: constant(20) })],
        network: replicaLinks(5),
      }),
    );
    const entries = s.sim.model.stores.runs[0].accounting.history.entries;
    expect(entries.map((e) => [e.type, e.time / 1e6])).toEqual([
      ['invoke', 1000],
      ['info', 1005],
    ]);
  });
});

describe('session guarantees per client and conflicts per bucket', () => {
  const seriesTotal = (rates: readonly number[], bucketMs: number) =>
    rates.reduce((sum, v) => sum + (v * bucketMs) / 1000, 0);

  it('lww-clock-skew: only bob, 50 ms behind, misses his own writes; both read stale, neither goes back in time', () => {
    const result = runScenario(loadBuiltIn('lww-clock-skew'));
    const kv = result.summary.stores.kv;
    expect(kv.clients).toEqual({
      alice: { reads: 1508, staleReads: 212, readYourWritesViolations: 0, monotonicReadViolations: 0 },
      bob: { reads: 1450, staleReads: 199, readYourWritesViolations: 199, monotonicReadViolations: 0 },
    });
    const clients = Object.values(kv.clients);
    expect(clients.reduce((n, c) => n + c.staleReads, 0)).toBe(kv.staleReads);
    expect(clients.reduce((n, c) => n + c.readYourWritesViolations, 0)).toBe(kv.readYourWritesViolations);
    // Hypotheses read them by path like any store metric.
    expect(resolveMetric(result, 'stores.kv.clients.bob.readYourWritesViolations')).toMatchObject({
      ok: true,
      value: 199,
    });
  });

  it('counts conflicts per bucket: LWW discards (1,648), a leader store’s truncated entries (416), sibling reads (2,084)', () => {
    const lww = runScenario(loadBuiltIn('lww-clock-skew'));
    const ap = runScenario(loadBuiltIn('partition-cp-vs-ap', ['services.kv.store.minority="ap"']));
    const siblings = runScenario(loadBuiltIn('lww-clock-skew', ['services.kv.store.conflicts="siblings"']));
    const got = [lww, ap, siblings].map((r) => [
      r.summary.stores.kv.conflicts,
      seriesTotal(r.series.stores.kv.conflictsPerSec, r.series.bucketMs),
    ]);
    expect(got).toEqual([
      [1648, 1648],
      [416, 416],
      [2084, 2084],
    ]);
    // The AP store's conflicts all come in one bucket: the heal's, when the deposed leader's log is cut.
    const apSeries = ap.series.stores.kv.conflictsPerSec;
    expect(apSeries.findIndex((v) => v > 0)).toBe(
      apSeries.length -
        apSeries
          .slice()
          .reverse()
          .findIndex((v) => v > 0) -
        1,
    );
    // Siblings: the most siblings a read returned, per bucket; its peak is the summary's.
    const perBucket = siblings.series.stores.kv.siblingsMax ?? [];
    expect(perBucket).toHaveLength(siblings.series.startMs.length);
    expect(Math.max(...perBucket)).toBe(13);
    expect(siblings.summary.stores.kv.siblingsMax).toBe(13);
    expect(lww.series.stores.kv.siblingsMax).toBeUndefined();
  });
});
