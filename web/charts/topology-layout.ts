/**
 * Where the topology view draws each node and edge: layers left to right, rows spread evenly,
 * edges as horizontal cubic Béziers (the same curve d3.linkHorizontal draws), so animated
 * requests can be placed on an edge by evaluating the curve.
 */
import type { CallGraph } from '../view/graph.ts';

export interface NodeBox {
  id: string;
  x: number;
  y: number;
}

export interface EdgeCurve {
  key: string;
  source: string;
  target: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface TopologyLayout {
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
  nodes: Map<string, NodeBox>;
  edges: EdgeCurve[];
}

export function topologyLayout(graph: CallGraph, width: number, height: number): TopologyLayout {
  const nodeWidth = Math.min(170, Math.max(120, (width - 40) / (graph.layers * 1.6)));
  const nodeHeight = 70;
  const padX = 16 + nodeWidth / 2;
  const padTop = 34;
  const padBottom = 20;
  const perLayer = new Map<number, number>();
  for (const n of graph.nodes) perLayer.set(n.layer, (perLayer.get(n.layer) ?? 0) + 1);
  const nodes = new Map<string, NodeBox>();
  for (const n of graph.nodes) {
    const x = graph.layers === 1 ? width / 2 : padX + (n.layer * (width - 2 * padX)) / (graph.layers - 1);
    const count = perLayer.get(n.layer) ?? 1;
    const band = (height - padTop - padBottom) / count;
    nodes.set(n.id, { id: n.id, x, y: padTop + band * (n.row + 0.5) });
  }
  const edges: EdgeCurve[] = [];
  for (const e of graph.edges) {
    const s = nodes.get(e.source);
    const t = nodes.get(e.target);
    if (s === undefined || t === undefined) continue;
    const forward = t.x >= s.x;
    edges.push({
      key: e.key,
      source: e.source,
      target: e.target,
      x0: s.x + (forward ? nodeWidth / 2 : -nodeWidth / 2),
      y0: s.y,
      x1: t.x - (forward ? nodeWidth / 2 : -nodeWidth / 2) - (forward ? 6 : -6),
      y1: t.y,
    });
  }
  return { width, height, nodeWidth, nodeHeight, nodes, edges };
}

/** The point at `t` (0..1) along an edge's curve. */
export function pointOnEdge(e: EdgeCurve, t: number): [number, number] {
  const mx = (e.x0 + e.x1) / 2;
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return [a * e.x0 + b * mx + c * mx + d * e.x1, a * e.y0 + b * e.y0 + c * e.y1 + d * e.y1];
}

/** The SVG path of an edge's curve. */
export function edgePath(e: EdgeCurve): string {
  const mx = (e.x0 + e.x1) / 2;
  return `M${e.x0},${e.y0}C${mx},${e.y0} ${mx},${e.y1} ${e.x1},${e.y1}`;
}
