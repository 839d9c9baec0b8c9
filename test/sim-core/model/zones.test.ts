import { describe, expect, it } from 'vitest';
import { nodeZonesOf } from '../../../sim-core/model/build.ts';
import { Network } from '../../../sim-core/model/network.ts';
import { RandomStreams } from '../../../sim-core/random/streams.ts';
import type { DistributionSpec } from '../../../sim-core/scenario/spec.ts';
import { latencies, oneRequestClient, scenario, story } from './harness.ts';

const constant = (valueMs: number): DistributionSpec => ({ kind: 'constant', valueMs });

/** users -> front (5 ms) -> back (5 ms), one request at 1000 ms, with the zones given. */
function zoned(userZone: string | null, frontZones: string[], backZones: string[], crossMs: number | null) {
  return scenario({
    durationMs: 1500,
    clients: [oneRequestClient('users', 'front', { zone: userZone })],
    services: [
      { name: 'front', serviceTime: constant(5), zones: frontZones, calls: [{ service: 'back' }] },
      { name: 'back', serviceTime: constant(5), zones: backZones },
    ],
    network: { crossZone: crossMs === null ? null : { latency: constant(crossMs) } },
  });
}

describe('zones', () => {
  it('spreads replicas over the zones round-robin; clients, and queues never, have their own zone', () => {
    const sc = scenario({
      durationMs: 10,
      clients: [
        { name: 'u', target: 'api', zone: 'b', arrival: { kind: 'poisson', ratePerSec: 1 } },
        { name: 'v', target: 'api', arrival: { kind: 'poisson', ratePerSec: 1 } },
      ],
      services: [
        { name: 'api', replicas: 5, zones: ['a', 'b', 'c'], serviceTime: constant(1) },
        { name: 'db', replicas: 2, serviceTime: constant(1) },
      ],
    });
    // Zone indices in order of first mention: b = 0 (client u), a = 1, c = 2.
    expect(nodeZonesOf(sc)).toEqual([0, -1, 1, 0, 2, 1, 0, -1, -1]);
  });

  it('a scenario without zones has no zone table (the fast path)', () => {
    expect(nodeZonesOf(zoned(null, [], [], 3))).toEqual([]);
  });

  it('a message between two zones pays the cross-zone latency each way; within a zone it does not', () => {
    const { trace, endings } = story(zoned('a', ['a'], ['b'], 3));
    expect(trace).toEqual([
      '1000 herd users',
      '1005 work-done front/0',
      '1008 request-arrives back/0',
      '1013 work-done back/0',
      '1016 response-arrives front/0',
    ]);
    expect(latencies(endings)).toEqual([16]);
  });

  it('a node without a zone never pays, and crossZone null makes zones free', () => {
    expect(latencies(story(zoned(null, ['a'], ['a'], 3)).endings)).toEqual([10]);
    expect(latencies(story(zoned(null, ['b'], ['a'], 3)).endings)).toEqual([16]);
    expect(latencies(story(zoned('a', ['b'], ['c'], null)).endings)).toEqual([10]);
    expect(latencies(story(zoned('a', ['b'], ['c'], 2)).endings)).toEqual([18]);
  });

  it('draws the extra latency from its own stream: the link latency numbers do not shift', () => {
    const spec = {
      latency: { kind: 'exponential' as const, meanMs: 4 },
      loss: 0,
      links: [],
      crossZone: { latency: { kind: 'uniform' as const, minMs: 1, maxMs: 2 } },
    };
    const groups = ['users', 'api'];
    const plain = new Network({ ...spec, crossZone: null }, groups, [0, 1], new RandomStreams(9));
    const zonedNet = new Network(spec, groups, [0, 1], new RandomStreams(9), [0, 1]);
    for (let i = 0; i < 100; i++) {
      const base = plain.transit(0, 1);
      const extra = zonedNet.transit(0, 1) - base;
      expect(extra).toBeGreaterThanOrEqual(1);
      expect(extra).toBeLessThanOrEqual(2);
    }
  });
});
