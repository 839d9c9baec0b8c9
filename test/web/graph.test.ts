import { describe, expect, it } from 'vitest';
import { callGraph, groupOfNode } from '../../web/view/graph.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

describe('the call graph of a scenario', () => {
  it('puts each tier one layer right of its furthest caller', () => {
    const g = callGraph(loadBuiltIn('three-tier'));
    expect(g.nodes.map((n) => [n.id, n.kind, n.layer])).toEqual([
      ['users', 'client', 0],
      ['web', 'service', 1],
      ['api', 'service', 2],
      ['db', 'service', 3],
    ]);
    expect(g.edges.map((e) => e.key)).toEqual(['users->web', 'web->api', 'api->db']);
    expect(g.layers).toBe(4);
  });

  it('places a message queue between its producers and its consumer', () => {
    const g = callGraph(loadBuiltIn('queue-shock-absorber', ['clients.orders.target=jobs']));
    const layer = Object.fromEntries(g.nodes.map((n) => [n.id, n.layer]));
    expect(layer).toEqual({ orders: 0, jobs: 1, worker: 2 });
    expect(g.edges.map((e) => e.key)).toEqual(['orders->jobs', 'jobs->worker']);
  });

  it('edge keys are the keys of the run’s edge series', () => {
    const s = loadBuiltIn('queue-shock-absorber');
    expect(callGraph(s).edges.map((e) => e.key)).toEqual(['orders->worker', 'jobs->worker']);
  });

  it('names a replica’s group', () => {
    expect(groupOfNode('api/3')).toBe('api');
    expect(groupOfNode('users')).toBe('users');
  });
});
