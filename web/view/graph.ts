/**
 * The call graph of a scenario, laid out in layers for the topology view: clients on the left,
 * each service one layer right of its furthest caller, queues between producers and consumers.
 * Pure and deterministic: declaration order decides the order within a layer.
 */
import type { Scenario } from '../../sim-core/scenario/spec.ts';

export type NodeKind = 'client' | 'service' | 'queue';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** Replicas of a service; 1 otherwise. */
  replicas: number;
  /**
   * Availability zones: a service's as declared (slot r lives in `zones[r % zones.length]`,
   * `sim-core/model/build.ts`), a client's own zone as a list of one; empty: no zone.
   */
  zones: string[];
  layer: number;
  /** Position within its layer, 0-based. */
  row: number;
}

export interface GraphEdge {
  /** `caller->target`, the key of the run's edge series. */
  key: string;
  source: string;
  target: string;
}

export interface CallGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  layers: number;
  /** Most nodes in one layer. */
  rows: number;
}

export function callGraph(scenario: Scenario): CallGraph {
  const nodes: GraphNode[] = [
    ...scenario.clients.map((c) => ({
      id: c.name,
      kind: 'client' as const,
      replicas: 1,
      zones: c.zone === null ? [] : [c.zone],
      layer: 0,
      row: 0,
    })),
    ...scenario.services.map((s) => ({
      id: s.name,
      kind: 'service' as const,
      // A failover service's standbys are replicas too (slots after the active ones).
      replicas: s.replicas + (s.failover?.standbys ?? 0),
      zones: [...s.zones],
      layer: 1,
      row: 0,
    })),
    ...scenario.queues.map((q) => ({
      id: q.name,
      kind: 'queue' as const,
      replicas: 1,
      zones: [],
      layer: 1,
      row: 0,
    })),
  ];
  const edges: GraphEdge[] = [];
  const add = (source: string, target: string) => {
    const key = `${source}->${target}`;
    if (!edges.some((e) => e.key === key)) edges.push({ key, source, target });
  };
  for (const c of scenario.clients) add(c.name, c.target);
  for (const s of scenario.services) for (const call of s.calls) add(s.name, call.service);
  for (const q of scenario.queues) add(q.name, q.consumer);

  // Longest path from a client, bounded by the node count so a cycle cannot loop forever.
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (let pass = 0; pass < nodes.length; pass++) {
    let changed = false;
    for (const e of edges) {
      const from = byId.get(e.source);
      const to = byId.get(e.target);
      if (from === undefined || to === undefined || to.kind === 'client') continue;
      if (to.layer < from.layer + 1) {
        to.layer = from.layer + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const layers = nodes.reduce((m, n) => Math.max(m, n.layer + 1), 1);
  const counts = new Array<number>(layers).fill(0);
  for (const n of nodes) n.row = counts[n.layer]++;
  return { nodes, edges, layers, rows: Math.max(...counts, 1) };
}

/** The node group of an engine node name: `api/2` is a replica of `api`. */
export function groupOfNode(nodeName: string): string {
  const slash = nodeName.lastIndexOf('/');
  return slash < 0 ? nodeName : nodeName.slice(0, slash);
}
