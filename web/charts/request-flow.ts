/**
 * The sampled animation of requests moving along the topology's edges. The worker samples every
 * n-th event of each slice (the same events on every machine); a `request-arrives` becomes a dot
 * travelling to the service it arrives at, a `retry` a dot in the retry colour leaving the caller
 * that retries. Dots of a slice are spread over the time until the next slice is expected, so
 * the flow reads as a stream rather than as bursts. Each instance owns its dots. Dots are drawn on
 * a canvas laid over the topology's SVG: moving them every frame then repaints one small canvas,
 * not the whole SVG.
 */
import type { EventSample } from '../../workers/protocol.ts';
import { groupOfNode } from '../view/graph.ts';
import { type Chained, chain } from './accessor.ts';
import { ROLE } from './palette.ts';
import { type EdgeCurve, pointOnEdge, type TopologyLayout } from './topology-layout.ts';

interface Dot {
  edge: EdgeCurve;
  retry: boolean;
  /** Wall time (ms) the dot starts moving. */
  start: number;
}

interface RequestFlowProps {
  layout: TopologyLayout | null;
  /** Wall ms a dot takes to cross an edge. */
  travelMs: number;
  maxDots: number;
  /** Wall ms between dots on one edge, at least. */
  gapMs: number;
}

export interface RequestFlow extends Chained<RequestFlowProps, RequestFlow> {
  /** Draws the dots in flight at wall time `now` (the context's transform maps layout pixels). */
  (context: CanvasRenderingContext2D, now: number): void;
  /** Adds one slice's sampled events, spread over `spreadMs` of wall time from `now`. */
  push(sample: EventSample, sliceFromMs: number, sliceToMs: number, now: number, spreadMs: number): void;
  clear(): void;
  /** Dots queued or moving. */
  size(): number;
}

export function requestFlow(): RequestFlow {
  const p: RequestFlowProps = { layout: null, travelMs: 900, maxDots: 400, gapMs: 30 };
  let dots: Dot[] = [];
  const render = (context: CanvasRenderingContext2D, now: number) => {
    dots = dots.filter((d) => now - d.start < p.travelMs);
    const { width, height } = context.canvas;
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, width, height);
    context.restore();
    for (const retry of [false, true]) {
      context.beginPath();
      for (const d of dots) {
        if (d.retry !== retry || d.start > now) continue;
        const [x, y] = pointOnEdge(d.edge, Math.min(1, (now - d.start) / p.travelMs));
        const r = retry ? 3.6 : 2.8;
        context.moveTo(x + r, y);
        context.arc(x, y, r, 0, 2 * Math.PI);
      }
      context.fillStyle = retry ? ROLE.retry : ROLE.request;
      context.globalAlpha = 0.9;
      context.fill();
    }
    context.globalAlpha = 1;
  };
  const flow = chain<RequestFlow, RequestFlowProps>(render, p);
  flow.push = (sample, fromMs, toMs, now, spreadMs) => {
    const layout = p.layout;
    if (layout === null) return;
    const arrives = sample.kinds.indexOf('request-arrives');
    const retry = sample.kinds.indexOf('retry');
    const incoming = new Map<string, EdgeCurve[]>();
    const outgoing = new Map<string, EdgeCurve[]>();
    for (const e of layout.edges) {
      incoming.set(e.target, [...(incoming.get(e.target) ?? []), e]);
      outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e]);
    }
    const span = Math.max(1e-9, toMs - fromMs);
    const ev = sample.events;
    const byEdge = new Map<EdgeCurve, { t: number; retry: boolean }[]>();
    for (let i = 0; i + 2 < ev.length; i += 3) {
      const kind = ev[i + 1];
      if (kind !== arrives && kind !== retry) continue;
      const group = groupOfNode(sample.nodes[ev[i + 2]] ?? '');
      const candidates = (kind === retry ? outgoing : incoming).get(group);
      if (candidates === undefined || candidates.length === 0) continue;
      // The sample names the receiving (or retrying) node, not the other end: spread over the edges.
      const edge = candidates[(i / 3) % candidates.length];
      const list = byEdge.get(edge) ?? [];
      list.push({ t: ev[i], retry: kind === retry });
      byEdge.set(edge, list);
    }
    // At most one dot per `gapMs` per edge, keeping every k-th event in order, so dots stay
    // apart and the mix of requests and retries on an edge keeps its proportions.
    const allowed = Math.max(1, Math.floor(spreadMs / p.gapMs));
    for (const [edge, list] of byEdge) {
      const every = Math.ceil(list.length / allowed);
      for (let k = 0; k < list.length; k += every) {
        const d = list[k];
        dots.push({ edge, retry: d.retry, start: now + ((d.t - fromMs) / span) * spreadMs });
      }
    }
    if (dots.length > p.maxDots) dots = dots.slice(dots.length - p.maxDots);
  };
  flow.clear = () => {
    dots = [];
  };
  flow.size = () => dots.length;
  return flow;
}
