import { describe, expect, it } from 'vitest';
import { burstClients, latencies, oneRequestClient, scenario, story } from './harness.ts';

const constant = (valueMs: number) => ({ kind: 'constant', valueMs });
const oneUser = [oneRequestClient('users', 'front')];
const hop1ms = { latency: constant(1) };

describe('a replica: workers and a bounded queue', () => {
  // Ten requests at 1000 ms onto 2 workers and room for 3 waiting, 100 ms of work each.
  const burst = (network = {}) =>
    story(
      scenario({
        durationMs: 1500,
        clients: burstClients(10, 'svc'),
        services: [{ name: 'svc', concurrency: 2, queue: { capacity: 3 }, serviceTime: constant(100) }],
        network,
      }),
    );

  it('a burst is served by c workers, K more wait, and the rest are rejected', () => {
    const { endings, result } = burst();
    const svc = result.summary.services.svc;
    expect(svc.attempts).toBe(10);
    expect(svc.succeeded).toBe(5);
    expect(svc.errors).toEqual({ failed: 0, rejected: 5, shed: 0, rateLimited: 0, limited: 0 });
    expect(svc.queueDepth.max).toBe(3);
    expect(svc.queueWaitMs.mean).toBe((0 + 0 + 100 + 100 + 200) / 5);
    expect(svc.waitedFraction).toBe(3 / 5);
    expect(endings.map((e) => `${e.client} ${e.outcome} ${e.endedAt}`)).toEqual([
      'u5 rejected 1000',
      'u6 rejected 1000',
      'u7 rejected 1000',
      'u8 rejected 1000',
      'u9 rejected 1000',
      'u0 succeeded 1100',
      'u1 succeeded 1100',
      'u2 succeeded 1200',
      'u3 succeeded 1200',
      'u4 succeeded 1300',
    ]);
  });

  it('a full queue rejects the next request at once: it ends after one round trip, with no work done', () => {
    const { endings, result } = burst(hop1ms);
    const rejected = endings.filter((e) => e.outcome === 'rejected');
    expect(rejected.map((e) => e.client)).toEqual(['u5', 'u6', 'u7', 'u8', 'u9']);
    expect(latencies(endings, 'rejected')).toEqual([2, 2, 2, 2, 2]);
    expect(result.summary.clients.u9.errors.rejected).toBe(1);
    expect(result.summary.clients.u9.latencyMs.max).toBeNull();
    expect(latencies(endings)).toEqual([102, 102, 202, 202, 302]);
  });

  it('a queue of capacity 0 rejects whatever finds every worker busy', () => {
    const s = scenario({
      durationMs: 1500,
      clients: burstClients(3, 'svc'),
      services: [{ name: 'svc', concurrency: 2, queue: { capacity: 0 }, serviceTime: constant(100) }],
    });
    const { endings } = story(s);
    expect(endings.map((e) => `${e.client} ${e.outcome} ${e.endedAt}`)).toEqual([
      'u2 rejected 1000',
      'u0 succeeded 1100',
      'u1 succeeded 1100',
    ]);
  });

  it('a worker is held while the job waits for its downstream calls', () => {
    const s = scenario({
      durationMs: 1500,
      clients: burstClients(2, 'front'),
      services: [
        { name: 'front', serviceTime: constant(0), calls: [{ service: 'back' }] },
        { name: 'back', concurrency: 4, serviceTime: constant(100) },
      ],
    });
    const { endings, result } = story(s);
    expect(endings.map((e) => `${e.client}@${e.endedAt}`)).toEqual(['u0@1100', 'u1@1200']);
    expect(result.summary.services.front.utilisation).toBe(200 / 1500);
    expect(result.summary.services.back.utilisation).toBe(200 / 1500 / 4);
  });
});

describe('downstream calls', () => {
  it('sequential calls add up: local work, then each call with its two network hops, one after another', () => {
    const s = scenario({
      durationMs: 1500,
      clients: oneUser,
      services: [
        { name: 'front', serviceTime: constant(5), calls: [{ service: 'a' }, { service: 'b' }] },
        { name: 'a', serviceTime: constant(10) },
        { name: 'b', serviceTime: constant(20) },
      ],
      network: hop1ms,
    });
    const { trace, endings, result } = story(s);
    expect(trace).toEqual([
      '1000 herd users',
      '1001 request-arrives front/0',
      '1006 work-done front/0',
      '1007 request-arrives a/0',
      '1017 work-done a/0',
      '1018 response-arrives front/0',
      '1019 request-arrives b/0',
      '1039 work-done b/0',
      '1040 response-arrives front/0',
      '1041 response-arrives users',
    ]);
    expect(latencies(endings)).toEqual([1 + 5 + (1 + 10 + 1) + (1 + 20 + 1) + 1]);
    expect(result.summary.services.front.latencyMs.max).toBe(5 + 12 + 22);
  });

  it('a parallel fan-out waits for the slowest child: local work plus the max of the children', () => {
    const s = scenario({
      durationMs: 1500,
      clients: oneUser,
      services: [
        {
          name: 'front',
          serviceTime: constant(5),
          callMode: 'parallel',
          calls: [{ service: 'a' }, { service: 'b' }],
        },
        { name: 'a', serviceTime: constant(10) },
        { name: 'b', serviceTime: constant(20) },
      ],
      network: hop1ms,
    });
    const { trace, endings } = story(s);
    expect(trace).toEqual([
      '1000 herd users',
      '1001 request-arrives front/0',
      '1006 work-done front/0',
      '1007 request-arrives a/0',
      '1007 request-arrives b/0',
      '1017 work-done a/0',
      '1018 response-arrives front/0',
      '1027 work-done b/0',
      '1028 response-arrives front/0',
      '1029 response-arrives users',
    ]);
    expect(latencies(endings)).toEqual([1 + 5 + Math.max(12, 22) + 1]);
  });

  it('a child that times out fails its parent at the timeout, and the child finishes its work late', () => {
    const s = scenario({
      durationMs: 1500,
      clients: oneUser,
      services: [
        {
          name: 'front',
          serviceTime: constant(5),
          callMode: 'parallel',
          calls: [{ service: 'slow', timeoutMs: 30 }, { service: 'fast' }],
        },
        { name: 'slow', serviceTime: constant(100) },
        { name: 'fast', serviceTime: constant(10) },
      ],
      network: hop1ms,
    });
    const { trace, endings, result } = story(s);
    expect(trace).toEqual([
      '1000 herd users',
      '1001 request-arrives front/0',
      '1006 work-done front/0',
      '1007 request-arrives slow/0',
      '1007 request-arrives fast/0',
      '1017 work-done fast/0',
      '1018 response-arrives front/0',
      '1036 attempt-timeout front/0',
      '1037 response-arrives users',
      '1107 work-done slow/0',
    ]);
    expect(endings).toEqual([{ client: 'users', outcome: 'failed', issuedAt: 1000, endedAt: 1037 }]);
    const { front, slow, fast } = result.summary.services;
    expect(front.errors.failed).toBe(1);
    expect(slow.succeeded).toBe(1);
    expect(slow.late).toBe(1);
    expect(fast.late).toBe(0);
  });

  it('sequential calls stop at the first failure: the later calls are never made', () => {
    const s = scenario({
      durationMs: 1500,
      clients: oneUser,
      services: [
        {
          name: 'front',
          serviceTime: constant(5),
          calls: [{ service: 'slow', timeoutMs: 30 }, { service: 'fast' }],
        },
        { name: 'slow', serviceTime: constant(100) },
        { name: 'fast', serviceTime: constant(10) },
      ],
      network: hop1ms,
    });
    const { endings, result } = story(s);
    expect(endings).toEqual([{ client: 'users', outcome: 'failed', issuedAt: 1000, endedAt: 1037 }]);
    expect(result.summary.services.fast.attempts).toBe(0);
  });

  it('a rejected child fails its parent: the user sees failed, not rejected', () => {
    const s = scenario({
      durationMs: 1500,
      clients: burstClients(2, 'front'),
      services: [
        { name: 'front', concurrency: 2, serviceTime: constant(0), calls: [{ service: 'tiny' }] },
        { name: 'tiny', queue: { capacity: 0 }, serviceTime: constant(100) },
      ],
    });
    const { endings, result } = story(s);
    expect(endings.map((e) => `${e.client} ${e.outcome} ${e.endedAt}`)).toEqual([
      'u1 failed 1000',
      'u0 succeeded 1100',
    ]);
    expect(result.summary.services.tiny.errors.rejected).toBe(1);
    expect(result.summary.services.front.errors).toEqual({
      failed: 1,
      rejected: 0,
      shed: 0,
      rateLimited: 0,
      limited: 0,
    });
  });

  it('a three-deep call graph: each tier sees its own work plus everything below it', () => {
    const s = scenario({
      durationMs: 1500,
      clients: [oneRequestClient('users', 'a')],
      services: [
        { name: 'a', serviceTime: constant(2), calls: [{ service: 'b', timeoutMs: 100 }] },
        { name: 'b', serviceTime: constant(3), calls: [{ service: 'c', timeoutMs: 100 }] },
        { name: 'c', serviceTime: constant(4) },
      ],
      network: hop1ms,
    });
    const { trace, endings, result } = story(s);
    expect(trace).toEqual([
      '1000 herd users',
      '1001 request-arrives a/0',
      '1003 work-done a/0',
      '1004 request-arrives b/0',
      '1007 work-done b/0',
      '1008 request-arrives c/0',
      '1012 work-done c/0',
      '1013 response-arrives b/0',
      '1014 response-arrives a/0',
      '1015 response-arrives users',
    ]);
    expect(latencies(endings)).toEqual([15]);
    const { a, b, c } = result.summary.services;
    expect([a.latencyMs.max, b.latencyMs.max, c.latencyMs.max]).toEqual([13, 9, 4]);
    expect([a.amplification, b.amplification, c.amplification]).toEqual([1, 1, 1]);
  });
});
