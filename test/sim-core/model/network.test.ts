import { describe, expect, it } from 'vitest';
import { Network } from '../../../sim-core/model/network.ts';
import { RandomStreams } from '../../../sim-core/random/streams.ts';
import type { DistributionSpec, NetworkSpec } from '../../../sim-core/scenario/spec.ts';
import { latencies, oneRequestClient, scenario, story } from './harness.ts';

const constant = (valueMs: number): DistributionSpec => ({ kind: 'constant', valueMs });

/** One user request at 1000 ms to `front`, which does 5 ms of work and calls `back` (5 ms). */
function twoTiers(network: unknown, timeoutMs: number | null = null, durationMs = 1500) {
  return scenario({
    durationMs,
    clients: [oneRequestClient('users', 'front', { timeoutMs })],
    services: [
      { name: 'front', serviceTime: constant(5), calls: [{ service: 'back' }] },
      { name: 'back', serviceTime: constant(5) },
    ],
    network,
  });
}

describe('network latency', () => {
  it.each([0, 0.5, 3, 40])('a constant latency of %s ms adds exactly 2 x latency per hop', (ms) => {
    const { endings, result } = story(twoTiers({ latency: constant(ms) }));
    // Two hops (users -> front, front -> back), each there and back.
    expect(latencies(endings)).toEqual([10 + 2 * 2 * ms]);
    // A service measures from the request's arrival to its answer: its own hop is outside.
    expect(result.summary.services.front.latencyMs.max).toBe(10 + 2 * ms);
    expect(result.summary.services.back.latencyMs.max).toBe(5);
  });

  it('a zero latency delivers without an event; a positive one schedules one per message', () => {
    expect(story(twoTiers({ latency: constant(0) })).trace).toEqual([
      '1000 herd users',
      '1005 work-done front/0',
      '1010 work-done back/0',
    ]);
    expect(story(twoTiers({ latency: constant(2) })).trace).toEqual([
      '1000 herd users',
      '1002 request-arrives front/0',
      '1007 work-done front/0',
      '1009 request-arrives back/0',
      '1014 work-done back/0',
      '1016 response-arrives front/0',
      '1018 response-arrives users',
    ]);
  });

  it('a per-link latency applies from -> to only: the reverse direction keeps the default', () => {
    const { trace, endings } = story(
      twoTiers({ latency: constant(1), links: [{ from: 'front', to: 'back', latency: constant(20) }] }),
    );
    expect(trace).toEqual([
      '1000 herd users',
      '1001 request-arrives front/0',
      '1006 work-done front/0',
      '1026 request-arrives back/0',
      '1031 work-done back/0',
      '1032 response-arrives front/0',
      '1033 response-arrives users',
    ]);
    expect(latencies(endings)).toEqual([33]);
  });

  it('a link override without a latency keeps the default latency', () => {
    const { endings } = story(
      twoTiers({ latency: constant(1), links: [{ from: 'users', to: 'front', loss: 0 }] }),
    );
    expect(latencies(endings)).toEqual([14]);
  });

  it('counts every message sent, lost or not', () => {
    const { result } = story(twoTiers({ latency: constant(1) }));
    expect(result.summary.network).toEqual({ sent: 4, lost: 0 });
  });
});

describe('network loss', () => {
  const lossy = (from: string, to: string, timeoutMs: number | null) =>
    twoTiers({ latency: constant(1), links: [{ from, to, loss: 1 }] }, timeoutMs);

  it('a lost request with a client timeout ends timedOut when the timer fires', () => {
    const { trace, endings, result } = story(lossy('users', 'front', 50));
    expect(trace).toEqual(['1000 herd users', '1050 attempt-timeout users']);
    expect(endings).toEqual([{ client: 'users', outcome: 'timedOut', issuedAt: 1000, endedAt: 1050 }]);
    expect(result.summary.network).toEqual({ sent: 1, lost: 1 });
    expect(result.summary.services.front.attempts).toBe(0);
  });

  it('a lost request without a timeout ends dropped at once: nothing would ever end it', () => {
    const { trace, endings, result } = story(lossy('users', 'front', null));
    expect(trace).toEqual(['1000 herd users']);
    expect(endings).toEqual([{ client: 'users', outcome: 'dropped', issuedAt: 1000, endedAt: 1000 }]);
    expect(result.summary.clients.users.errors.dropped).toBe(1);
    expect(result.summary.clients.users.inFlight).toBe(0);
  });

  it('a lost response ends the request dropped when the answer is sent: the work was done', () => {
    const { endings, result } = story(lossy('front', 'users', null));
    expect(endings).toEqual([{ client: 'users', outcome: 'dropped', issuedAt: 1000, endedAt: 1013 }]);
    expect(result.summary.services.front.succeeded).toBe(1);
    expect(result.summary.services.front.late).toBe(0);
  });

  it('a lost response with a timeout ends timedOut, and the answer counts as sent in time', () => {
    const { endings, result } = story(lossy('front', 'users', 50));
    expect(endings).toEqual([{ client: 'users', outcome: 'timedOut', issuedAt: 1000, endedAt: 1050 }]);
    expect(result.summary.services.front.late).toBe(0);
  });

  it('a lost downstream request without a timeout fails the parent at once', () => {
    const { endings, result } = story(lossy('front', 'back', null));
    expect(endings).toEqual([{ client: 'users', outcome: 'failed', issuedAt: 1000, endedAt: 1007 }]);
    expect(result.summary.services.back.attempts).toBe(0);
  });

  it('loss on one direction leaves the other direction alone', () => {
    const { endings } = story(lossy('back', 'users', null));
    expect(latencies(endings)).toEqual([14]);
  });

  it('a loss probability p loses a fraction of messages within a 99.99% interval of p', () => {
    const n = 20_000;
    for (const p of [0.05, 0.3]) {
      // Constant arrivals every ms (0 .. n - 1 ms), instant service: one message each way per request.
      const s = scenario({
        durationMs: n,
        clients: [{ name: 'users', target: 'svc', arrival: { kind: 'constant', ratePerSec: 1000 } }],
        services: [{ name: 'svc', serviceTime: constant(0) }],
        network: { links: [{ from: 'users', to: 'svc', loss: p }] },
      });
      const { result } = story(s);
      const users = result.summary.clients.users;
      expect(users.offered).toBe(n);
      const lostFraction = users.errors.dropped / n;
      expect(Math.abs(lostFraction - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
      expect(users.succeeded + users.errors.dropped).toBe(n);
      expect(result.summary.network.lost).toBe(users.errors.dropped);
    }
  });
});

describe('Network', () => {
  const groups = ['users', 'api', 'db'];
  // One node per group: node i is in group i, so transit(from, to) names groups too.
  const net = (spec: Partial<NetworkSpec>) =>
    new Network(
      { latency: constant(1), loss: 0, links: [], crossZone: null, ...spec },
      groups,
      [0, 1, 2],
      new RandomStreams(3),
    );

  it('draws a link’s losses from its own stream: traffic on another link does not shift them', () => {
    const spec = { loss: 0.5 };
    const alone = net(spec);
    const mixed = net(spec);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 200; i++) {
      a.push(alone.transit(0, 1));
      mixed.transit(1, 2);
      b.push(mixed.transit(0, 1));
    }
    expect(b).toEqual(a);
    expect(a.filter((d) => d < 0).length).toBeGreaterThan(0);
  });

  it('with no network at all, delivers at once and still counts, cuts and faults every message', () => {
    const n = net({ latency: constant(0) });
    expect([n.transit(0, 1), n.transit(1, 0), n.transit(2, 1)]).toEqual([0, 0, 0]);
    n.partition([0], [1], 1);
    expect([n.transit(0, 1), n.transit(1, 0)]).toEqual([-1, 0]);
    n.partition([0], [1], -1);
    // A fault on one link gives it a latency; the others stay instant.
    n.linkFault(1, 2).addMs = 4;
    expect([n.transit(1, 2), n.transit(2, 1), n.transit(0, 1)]).toEqual([4, 0, 0]);
    n.linkFault(1, 2).loss = 1;
    expect(n.transit(1, 2)).toBe(-1);
    expect([n.sent, n.lost]).toEqual([9, 2]);
  });

  it('a link override, a loss or a zone cost keeps every message on its link', () => {
    const slow = net({ latency: constant(0), links: [{ from: 'users', to: 'api', latency: constant(3) }] });
    expect([slow.transit(0, 1), slow.transit(1, 0)]).toEqual([3, 0]);
    const lossy = net({ latency: constant(0), loss: 1 });
    expect(lossy.transit(0, 1)).toBe(-1);
    const zoned = new Network(
      { latency: constant(0), loss: 0, links: [], crossZone: { latency: constant(2) } },
      groups,
      [0, 1, 2],
      new RandomStreams(3),
      [0, 1, 1],
    );
    expect([zoned.transit(0, 1), zoned.transit(1, 2)]).toEqual([2, 0]);
  });

  it('the last matching link override wins', () => {
    const n = net({
      links: [
        { from: 'users', to: 'api', latency: constant(5) },
        { from: 'users', to: 'api', latency: constant(9) },
      ],
    });
    expect(n.transit(0, 1)).toBe(9);
    expect(n.transit(1, 0)).toBe(1);
  });

  it('overlapping partitions count: a pair is cut until the last one covering it heals', () => {
    const n = net({});
    n.partition([0], [1, 2], 1);
    n.partition([0], [1], 1);
    n.partition([0], [1], 1);
    expect([n.transit(0, 1), n.transit(0, 2), n.transit(1, 0)]).toEqual([-1, -1, 1]);
    n.partition([0], [1, 2], -1);
    expect([n.transit(0, 1), n.transit(0, 2)]).toEqual([-1, 1]);
    n.partition([0], [1], -1);
    expect(n.transit(0, 1)).toBe(-1);
    n.partition([0], [1], -1);
    expect(n.transit(0, 1)).toBe(1);
    expect(n.deliverable(0, 1)).toBe(true);
    expect([n.sent, n.lost]).toEqual([7, 4]);
  });

  it('holds 70,000 nodes in 60,000 groups, and a 30,000 x 30,000 partition, in a few MB', () => {
    // Kept per pair, the partition counts alone would take 70,000^2 x 2 bytes (9.8 GB) and the
    // links 60,000^2 slots: memory must grow with what exists instead.
    const nodeGroups = Array.from({ length: 70_000 }, (_, i) => Math.min(i, 59_999));
    const names = Array.from({ length: 60_000 }, (_, g) => `g${g}`);
    const before = process.memoryUsage().heapUsed;
    const n = new Network(
      { latency: constant(1), loss: 0, links: [], crossZone: null },
      names,
      nodeGroups,
      new RandomStreams(3),
    );
    const left = Array.from({ length: 30_000 }, (_, i) => i);
    const right = Array.from({ length: 30_000 }, (_, i) => 40_000 + i);
    n.partition(left, right, 1);
    expect([n.transit(5, 69_999), n.transit(69_999, 5), n.transit(35_000, 41_000)]).toEqual([-1, 1, 1]);
    for (let g = 0; g < 60_000; g += 7) n.transit(g, 59_999 - g);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
    n.partition(left, right, -1);
    expect(n.transit(5, 69_999)).toBe(1);
  });
});
