import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenarios/schema/validate.ts';
import { runScenario } from '../../../sim-core/run/simulation.ts';
import type { DistributionSpec } from '../../../sim-core/scenario/spec.ts';
import { scenario } from './harness.ts';

type Doc = Record<string, unknown>;
const constant = (valueMs: number): DistributionSpec => ({ kind: 'constant', valueMs });

/** A leader store `kv` of 3 replicas under 100 requests/s for 3 s, with the store and scenario fields given. */
function doc(store: Doc = {}, extra: Doc = {}): Doc {
  return {
    id: 'leader',
    title: 'leader',
    durationMs: 3000,
    metrics: { bucketMs: 500, warmupMs: 0 },
    clients: [{ name: 'users', target: 'kv', arrival: { kind: 'poisson', ratePerSec: 100 }, timeoutMs: 500 }],
    services: [
      {
        name: 'kv',
        replicas: 3,
        concurrency: 8,
        serviceTime: constant(0.2),
        store: { family: 'leader', keys: { count: 3 }, ...store },
      },
    ],
    network: { latency: constant(1) },
    ...extra,
  };
}

const run = (store: Doc = {}, extra: Doc = {}) => runScenario(scenario(doc(store, extra)));
const elections = (r: ReturnType<typeof run>) =>
  r.summary.controlEvents.filter((e) => e.kind === 'leader-elected');

describe('a leader-based store in a scenario', () => {
  it('elects one leader and reports it per bucket (series leader and term) and as a control event', () => {
    const r = run();
    const [e, ...more] = elections(r);
    expect(more).toEqual([]);
    expect(e).toMatchObject({ service: 'kv', source: 'election', detail: { term: 1, replica: e.replica } });
    // raft-default: the first election timeout is drawn in 150-300 ms, plus the vote round trip.
    expect(e.atMs).toBeGreaterThan(150);
    expect(e.atMs).toBeLessThan(310);
    const s = r.series.stores.kv;
    expect(s.leader).toEqual(new Array(6).fill(e.replica));
    expect(s.term).toEqual(new Array(6).fill(1));
    const kv = r.summary.stores.kv;
    expect(kv.reads + kv.writes).toBeGreaterThan(250);
    // Only the requests before the first election are refused (no leader yet).
    expect(kv.unavailable).toBeGreaterThan(0);
    expect(kv.unavailable).toBeLessThan(40);
    expect(kv).toMatchObject({ staleReads: 0, lostWrites: 0, splitBrainWrites: 0 });
  });

  it('a crash of the leader elects another in a later term; the leader series shows the handover', () => {
    const first = elections(run())[0].replica as number;
    const r = run(
      {},
      { faults: [{ kind: 'crash', atMs: 1100, durationMs: null, service: 'kv', replica: first }] },
    );
    const [a, b] = elections(r);
    expect(a.replica).toBe(first);
    expect(b.replica).not.toBe(first);
    expect(b.detail.term).toBeGreaterThanOrEqual(2);
    // A follower notices after its election timeout (150-300 ms on its clock) and wins one round trip later.
    expect(b.atMs).toBeGreaterThan(1250);
    expect(b.atMs).toBeLessThan(1500);
    const s = r.series.stores.kv;
    expect(s.leader?.slice(0, 2)).toEqual([first, first]);
    expect(s.leader?.slice(3)).toEqual([b.replica, b.replica, b.replica]);
    expect(s.term?.[5]).toBe(b.detail.term);
  });

  it('a leader store costs a scenario without one nothing: no leader series without it', () => {
    const r = run();
    const leaderless = runScenario(scenario(doc({ family: 'leaderless', r: 1, w: 1, keys: { count: 3 } })));
    expect(r.series.stores.kv.leader).toBeDefined();
    expect(leaderless.series.stores.kv.leader).toBeUndefined();
    expect(leaderless.summary.controlEvents.filter((e) => e.kind === 'leader-elected')).toEqual([]);
  });

  it('refuses a semi-sync count beyond the followers and an election range upside down, naming the field', () => {
    const r = parseScenario(
      doc({
        replication: { semiSync: 3 },
        election: { heartbeatMs: 50, electionTimeoutMs: { min: 300, max: 150 } },
      }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
        "services[0].store.replication.semiSync: found 3; allowed: an integer from 1 to 2 (the followers of the service's 3 replicas)",
        'services[0].store.election.electionTimeoutMs.max: found 150; allowed: a number >= electionTimeoutMs.min (300)',
      ]);
  });

  it('refuses unknown values of reads and minority, naming the allowed ones', () => {
    const r = parseScenario(doc({ reads: 'anywhere', minority: 'ca' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const text = r.errors.map((e) => `${e.path}: ${e.message}`).join('\n');
      expect(text).toContain('services[0].store.reads');
      expect(text).toContain('"followers"');
      expect(text).toContain('services[0].store.minority');
      expect(text).toContain('"ap"');
    }
  });
});

describe('pre-vote in a scenario (store.preVote)', () => {
  it('a follower cut off for a second rejoins without a new term with pre-vote; without it, it forces one', () => {
    const first = elections(run({ fencing: true }))[0].replica as number;
    const follower = `kv/${(first + 1) % 3}`;
    const others = [0, 1, 2].filter((i) => `kv/${i}` !== follower).map((i) => `kv/${i}`);
    const cut = {
      faults: [{ kind: 'partition', atMs: 1000, durationMs: 1000, from: [follower], to: others }],
    };
    const terms = (preVote: boolean) =>
      elections(run({ fencing: true, preVote }, cut)).map((e) => e.detail.term);
    expect(terms(false)).toEqual([1, 7]);
    expect(terms(true)).toEqual([1]);
    expect(run({ fencing: true, preVote: true }, cut).series.stores.kv.term).toEqual(new Array(6).fill(1));
  });
});

describe('check-quorum in a scenario (store.checkQuorum)', () => {
  it('a healthy leader never steps down; one cut off from both followers stops leading before the cut heals', () => {
    expect(elections(run({ checkQuorum: true })).map((e) => e.detail.term)).toEqual([1]);
    const first = elections(run())[0].replica as number;
    const leader = `kv/${first}`;
    const others = [0, 1, 2].map((i) => `kv/${i}`).filter((n) => n !== leader);
    const cut = { faults: [{ kind: 'partition', atMs: 1000, durationMs: 1000, from: [leader], to: others }] };
    const stepDowns = (checkQuorum: boolean) =>
      run({ checkQuorum }, cut)
        .summary.controlEvents.filter((e) => e.kind === 'leader-stepped-down')
        .map((e) => ({ atMs: e.atMs, replica: e.replica, source: e.source, term: e.detail.term }));
    expect(stepDowns(false)).toEqual([]);
    // The last reply before the cut (a heartbeat's or a write's) came just before 1000 ms: the first
    // heartbeat 150 ms or more after it, on the 50 ms grid of its election, is the step-down.
    expect(stepDowns(true)).toEqual([
      { atMs: expect.closeTo(1176.6645, 4), replica: first, source: 'check-quorum', term: 1 },
    ]);
  });
});

describe('semi-sync timeout in a scenario (replication.semiSync.timeoutMs)', () => {
  it('falls back to async when the followers stall, and back when one caught up: counted and two control events', () => {
    const first = elections(run())[0].replica as number;
    const stalls = [0, 1, 2]
      .filter((i) => i !== first)
      .map((replica) => ({
        name: `stall-${replica}`,
        kind: 'disk-stall',
        atMs: 1000,
        durationMs: 1000,
        service: 'kv',
        replica,
      }));
    const r = run({ replication: { semiSync: 1, timeoutMs: 300 } }, { faults: stalls });
    const changes = r.summary.controlEvents
      .filter((e) => e.kind.startsWith('semi-sync'))
      .map((e) => ({ kind: e.kind, atMs: e.atMs, replica: e.replica, source: e.source }));
    // The first write the leader took in after 1000 ms waited 300 ms on its clock; the
    // first heartbeat after the stalls end brings a follower up to date (its reply at 2005.71).
    expect(changes).toEqual([
      { kind: 'semi-sync-fallback', atMs: expect.closeTo(1319.343, 3), replica: first, source: 'semi-sync' },
      { kind: 'semi-sync-restored', atMs: expect.closeTo(2005.7085, 3), replica: first, source: 'semi-sync' },
    ]);
    expect(r.summary.stores.kv.semiSyncFallbacks).toBe(1);
    expect(run({ replication: { semiSync: 1 } }).summary.stores.kv.semiSyncFallbacks).toBeUndefined();
  });
});

describe('a pause fault on a leader store replica', () => {
  it('a paused leader sends no heartbeats: the others elect a new one during the pause, and it follows at its resume', () => {
    const first = elections(run())[0].replica as number;
    const pause = { kind: 'pause', atMs: 1000, durationMs: 1000, service: 'kv', replica: first };
    const r = run({}, { faults: [pause] });
    const [e1, e2, ...more] = elections(r);
    expect(more).toEqual([]);
    expect(e1).toMatchObject({ replica: first, detail: { term: 1 } });
    expect(e2.detail.term).toBe(2);
    expect(e2.replica).not.toBe(first);
    // Its last heartbeat left at most 50 ms before the pause; an election timeout is 150-300 ms.
    expect(e2.atMs).toBeGreaterThan(1000 - 50 + 150);
    expect(e2.atMs).toBeLessThan(1000 + 300 + 3);
    expect(r.series.stores.kv.leader?.slice(2)).toEqual(new Array(4).fill(e2.replica));
  });
});
