import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { topologyStateAt } from '../../web/view/as-of.ts';
import { callGraph } from '../../web/view/graph.ts';
import { shortLabels, zoneGroups } from '../../web/view/zone-groups.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

describe('replica slots grouped by zone, for the topology', () => {
  it('groups slots by zone in order of first slot, as the model places them (r mod zones)', () => {
    expect(zoneGroups(['a', 'b', 'c'], 6)).toEqual([
      { zone: 'a', label: 'a', slots: [0, 3] },
      { zone: 'b', label: 'b', slots: [1, 4] },
      { zone: 'c', label: 'c', slots: [2, 5] },
    ]);
    // A list as long as the replicas places each one by hand; an autoscaled slot wraps round.
    expect(zoneGroups(['a', 'a', 'b', 'b', 'c'], 6).map((g) => [g.zone, g.slots])).toEqual([
      ['a', [0, 1, 5]],
      ['b', [2, 3]],
      ['c', [4]],
    ]);
    expect(zoneGroups([], 3)).toEqual([{ zone: null, label: '', slots: [0, 1, 2] }]);
  });

  it('labels a zone by the shortest suffix that tells them apart', () => {
    expect(shortLabels(['eu-west-1a', 'eu-west-1b', 'eu-west-1c'])).toEqual(['a', 'b', 'c']);
    expect(shortLabels(['use1-az1', 'use2-az1'])).toEqual(['1-az1', '2-az1']);
    expect(shortLabels(['east'])).toEqual(['t']);
  });

  it('the call graph carries each service and client zones', () => {
    const s = loadBuiltIn('zone-outage', ['clients.users.zone="b"']);
    const zones = Object.fromEntries(callGraph(s).nodes.map((n) => [n.id, n.zones]));
    expect(zones).toEqual({ users: ['b'], web: ['a', 'a', 'b', 'b', 'c'], api: ['a', 'b', 'c'] });
  });
});

describe('a zone outage at the viewed moment', () => {
  const scenario = loadBuiltIn('zone-outage', ['durationMs=70000', 'hypotheses=[]']);
  const result = runScenario(scenario);

  it('lists the zone out and badges every node with a replica in it, only while it lasts', () => {
    const during = topologyStateAt(scenario, result, 45_000);
    expect(during.zoneOutages).toEqual([{ zone: 'a', mode: 'crash' }]);
    expect(during.nodes['web'].faults).toEqual(['zone a down']);
    expect(during.nodes['api'].faults).toEqual(['zone a down']);
    expect(during.nodes['users'].faults).toEqual([]);
    // Zone a's replicas are the crashed ones: web/0, web/1 and api/0, api/3.
    expect(during.nodes['web'].crashed).toEqual([true, true, false, false, false]);
    expect(during.nodes['api'].crashed).toEqual([true, false, false, true, false, false]);
    const after = topologyStateAt(scenario, result, 65_000);
    expect(after.zoneOutages).toEqual([]);
    expect(after.nodes['api'].faults).toEqual([]);
  });
});
