/**
 * The topology: clients, services and queues as nodes, calls as edges, with the state of the
 * viewed moment: utilisation and queue depth per service, each replica (crashed ones crossed
 * out, ones a chaos partition cuts off in amber; grouped and framed by availability zone, a zone
 * out framed in red or dashed amber), active faults as badges (a chaos fault's names the replicas
 * it holds now), edge width by attempts/s, retries/s on the edge, breaker state and partitions. The request animation is drawn over it, on a canvas, by {@link requestFlow}.
 */
import { type Selection, scaleSqrt, select } from 'd3';
import type { TopologyState } from '../view/as-of.ts';
import type { CallGraph, GraphNode } from '../view/graph.ts';
import { zoneGroups } from '../view/zone-groups.ts';
import { type Chained, chain } from './accessor.ts';
import { formatValue } from './format.ts';
import { FONT, INK, MUTED, OKABE_ITO, ROLE } from './palette.ts';
import type { Tooltip } from './tooltip.ts';
import { edgePath, type TopologyLayout, topologyLayout } from './topology-layout.ts';

/** How a replica's pip is drawn at the viewed moment. */
type Pip = 'up' | 'down' | 'cut-off' | 'not-ready' | 'starting' | 'draining' | 'standby';

/** Pips drawn at most per service (a larger set shows its count in the name). */
const MAX_PIPS = 16;

/** The replica slots a service has now: its declared count, or the run's count when the set changes. */
function slotsNow(s: TopologyState['nodes'][string] | undefined, declared: number): number {
  if (s === undefined) return declared;
  let n = s.replicasNow ?? declared;
  // A slot starting or draining is in the picture even when the count has not reached it yet.
  for (const flags of [s.starting, s.draining])
    for (let r = n; r < flags.length; r++) if (flags[r]) n = r + 1;
  return n;
}

/** The version replica slot `r` runs, or null without a deployment. */
function versionOf(s: TopologyState['nodes'][string] | undefined, r: number): string | null {
  if (s === undefined || (s.versions.length === 0 && s.rollout === '')) return null;
  return s.versions[r] ?? 'stable';
}

const isNewVersion = (s: TopologyState['nodes'][string] | undefined, r: number): boolean => {
  const v = versionOf(s, r);
  return v !== null && v !== 'stable';
};

function pipOf(s: TopologyState['nodes'][string] | undefined, r: number): Pip {
  if (s === undefined) return 'up';
  if (s.crashed[r] === true) return 'down';
  if (s.cutOff[r] === true) return 'cut-off';
  if (s.starting[r] === true) return 'starting';
  if (s.draining[r] === true) return 'draining';
  if (s.standby[r] === true) return 'standby';
  if (s.notReady[r] === true) return 'not-ready';
  return 'up';
}

const PIP_FILL: Readonly<Record<Pip, string>> = {
  up: OKABE_ITO.green,
  down: ROLE.breakerOpen,
  'cut-off': OKABE_ITO.orange,
  'not-ready': OKABE_ITO.purple,
  starting: OKABE_ITO.skyBlue,
  draining: '#999999',
  // Hollow: up, but out of the set until a failover promotes it.
  standby: '#ffffff',
};

/** A pip's side, and the step from one pip to the next. */
const PIP = 9;
const PIP_STEP = PIP + 3;

/** A zone's frame and label colour: red while it is down, amber while it is cut off. */
const ZONE_STROKE: Readonly<Record<ZoneFrame['state'], string>> = {
  up: '#c9ced6',
  down: ROLE.breakerOpen,
  'cut-off': OKABE_ITO.orange,
};

/** One replica's pip, where it goes in its node's row. */
interface PipAt {
  pip: Pip;
  slot: number;
  zone: string | null;
  x: number;
}

/** One zone's group of pips: its frame from `x`, `width` wide, after its label. */
interface ZoneFrame {
  zone: string;
  label: string;
  state: 'up' | 'down' | 'cut-off';
  x: number;
  width: number;
}

/** A client's zone and its state now; null for a client without a zone (or another node). */
function clientZone(
  n: GraphNode,
  state: TopologyState | null,
): { zone: string; state: ZoneFrame['state'] } | null {
  if (n.kind !== 'client' || n.zones.length === 0) return null;
  return { zone: n.zones[0], state: zoneState(state, n.zones[0]) };
}

/** The state of `zone` at the viewed moment. */
function zoneState(state: TopologyState | null, zone: string): ZoneFrame['state'] {
  const out = state?.zoneOutages.find((o) => o.zone === zone);
  return out === undefined ? 'up' : out.mode === 'crash' ? 'down' : 'cut-off';
}

/**
 * Where each pip of a row goes: in slot order without zones; with zones, grouped by zone, each
 * group after its label, a gap between groups.
 */
function pipLayout(
  zones: readonly string[],
  slots: number,
  state: TopologyState | null,
  st: TopologyState['nodes'][string] | undefined,
): { pips: PipAt[]; zones: ZoneFrame[] } {
  const pips: PipAt[] = [];
  const frames: ZoneFrame[] = [];
  let x = 0;
  for (const g of zoneGroups(zones, slots)) {
    if (g.zone !== null) {
      const labelWidth = g.label.length * 5.5 + 2;
      frames.push({
        zone: g.zone,
        label: g.label,
        state: zoneState(state, g.zone),
        x,
        width: labelWidth + g.slots.length * PIP_STEP - 3,
      });
      x += labelWidth;
    }
    for (const slot of g.slots) {
      pips.push({ pip: pipOf(st, slot), slot, zone: g.zone, x });
      x += PIP_STEP;
    }
    x += g.zone === null ? 0 : 6;
  }
  return { pips, zones: frames };
}

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

interface TopologyProps {
  graph: CallGraph | null;
  state: TopologyState | null;
  width: number;
  height: number;
  tooltip: Tooltip | null;
}

export interface Topology extends Chained<TopologyProps, Topology> {
  (svg: Svg): void;
  /** The layout of the last render (for the request animation). */
  layout(): TopologyLayout | null;
}

const EDGE = '#8a93a3';
const utilColor = (u: number) =>
  u >= 0.9 ? ROLE.breakerOpen : u >= 0.7 ? OKABE_ITO.orange : OKABE_ITO.green;

export function topology(): Topology {
  const p: TopologyProps = { graph: null, state: null, width: 900, height: 240, tooltip: null };
  let last: TopologyLayout | null = null;
  const render = (svg: Svg) => {
    svg
      .attr('xmlns', 'http://www.w3.org/2000/svg')
      .attr('width', p.width)
      .attr('height', p.height)
      .attr('viewBox', `0 0 ${p.width} ${p.height}`)
      .attr('font-family', FONT);
    const ensure = (cls: string) => {
      let g = svg.select<SVGGElement>(`:scope > g.${cls}`);
      if (g.empty()) g = svg.append('g').attr('class', cls);
      return g;
    };
    let bg = svg.select<SVGRectElement>(':scope > rect.fl-svg-bg');
    if (bg.empty()) bg = svg.insert('rect', ':first-child').attr('class', 'fl-svg-bg');
    bg.attr('width', p.width).attr('height', p.height).attr('fill', '#ffffff');
    const edgesG = ensure('fl-edges');
    const nodesG = ensure('fl-nodes');
    const legendG = ensure('fl-topology-legend');
    if (p.graph === null) {
      last = null;
      edgesG.selectAll('*').remove();
      nodesG.selectAll('*').remove();
      return;
    }
    const layout = topologyLayout(p.graph, p.width, p.height);
    last = layout;
    const state = p.state;
    const maxRate = Math.max(1, ...Object.values(state?.edges ?? {}).map((e) => e.attemptsPerSec ?? 0));
    const widthOf = scaleSqrt().domain([0, maxRate]).range([1.5, 10]);

    const edge = edgesG
      .selectAll<SVGGElement, (typeof layout.edges)[number]>('g.fl-edge')
      .data(layout.edges, (e) => e.key)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'fl-edge');
        g.append('path').attr('class', 'fl-edge-line').attr('fill', 'none');
        g.append('text').attr('class', 'fl-edge-label');
        g.append('text').attr('class', 'fl-edge-retries');
        g.append('text').attr('class', 'fl-edge-state');
        return g;
      })
      .attr('data-edge', (e) => e.key);
    edge
      .select('path')
      .attr('d', edgePath)
      .attr('stroke', (e) => {
        const s = state?.edges[e.key];
        if (s?.partitioned) return MUTED;
        if (s?.breakerOpen !== null && s?.breakerOpen !== undefined && s.breakerOpen > 0) {
          return s.breakerOpen >= 0.5 ? ROLE.breakerOpen : ROLE.breakerHalf;
        }
        return EDGE;
      })
      .attr('stroke-opacity', 0.7)
      .attr('stroke-dasharray', (e) => (state?.edges[e.key]?.partitioned ? '6 5' : null))
      .attr('stroke-width', (e) => widthOf(state?.edges[e.key]?.attemptsPerSec ?? 0));
    const mid = (e: (typeof layout.edges)[number]) => [(e.x0 + e.x1) / 2, (e.y0 + e.y1) / 2];
    edge
      .select('text.fl-edge-label')
      .attr('x', (e) => mid(e)[0])
      .attr('y', (e) => mid(e)[1] - 8)
      .attr('text-anchor', 'middle')
      .attr('font-size', 11)
      .attr('fill', INK)
      .attr('stroke', '#ffffff')
      .attr('stroke-width', 3)
      .attr('paint-order', 'stroke')
      .text((e) => {
        const s = state?.edges[e.key];
        if (s === undefined || s.attemptsPerSec === null) return '';
        return formatValue(s.attemptsPerSec, 'req/s');
      });
    edge
      .select('text.fl-edge-retries')
      .attr('x', (e) => mid(e)[0])
      .attr('y', (e) => mid(e)[1] + 17)
      .attr('text-anchor', 'middle')
      .attr('font-size', 11)
      .attr('fill', ROLE.retry)
      .attr('stroke', '#ffffff')
      .attr('stroke-width', 3)
      .attr('paint-order', 'stroke')
      .text((e) => {
        const retries = state?.edges[e.key]?.retriesPerSec ?? 0;
        return retries > 0 ? `retries ${formatValue(retries, '/s')}` : '';
      });
    edge
      .select('text.fl-edge-state')
      .attr('x', (e) => mid(e)[0])
      .attr('y', (e) => mid(e)[1] + 31)
      .attr('text-anchor', 'middle')
      .attr('font-size', 11)
      .attr('font-weight', 600)
      .attr('fill', ROLE.breakerOpen)
      .attr('stroke', '#ffffff')
      .attr('stroke-width', 3)
      .attr('paint-order', 'stroke')
      .text((e) => {
        const s = state?.edges[e.key];
        if (s === undefined) return '';
        const words: string[] = [];
        if (s.breakerOpen !== null && s.breakerOpen > 0) {
          words.push(
            s.breakerOpen >= 0.999 ? 'breaker open' : `breaker open ${Math.round(s.breakerOpen * 100)}%`,
          );
        }
        if (s.partitioned) words.push('✕ partitioned');
        for (const f of s.faults) if (!f.includes('partition')) words.push(f);
        return words.join(' · ');
      });

    const { nodeWidth: w, nodeHeight: h } = layout;
    const node = nodesG
      .selectAll<SVGGElement, GraphNode>('g.fl-node')
      .data(p.graph.nodes, (n) => n.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'fl-node');
        g.append('rect').attr('class', 'fl-node-box');
        g.append('text').attr('class', 'fl-node-name');
        g.append('text').attr('class', 'fl-node-line1');
        g.append('text').attr('class', 'fl-node-queue');
        g.append('rect').attr('class', 'fl-util-track');
        g.append('rect').attr('class', 'fl-util-bar');
        g.append('g').attr('class', 'fl-replicas');
        g.append('g').attr('class', 'fl-badges');
        return g;
      })
      .attr('data-node', (n) => n.id)
      .attr('data-zone-state', (n) => (n.kind === 'client' ? (clientZone(n, state)?.state ?? null) : null))
      .attr('transform', (n) => {
        const b = layout.nodes.get(n.id);
        return `translate(${(b?.x ?? 0) - w / 2},${(b?.y ?? 0) - h / 2})`;
      });
    node
      .select('rect.fl-node-box')
      .attr('width', w)
      .attr('height', h)
      .attr('rx', (n) => (n.kind === 'client' ? 18 : n.kind === 'queue' ? 2 : 8))
      .attr('fill', (n) => (state?.nodes[n.id]?.paused ? '#fff7d6' : '#ffffff'))
      .attr('stroke', (n) => {
        const zone = n.kind === 'client' ? clientZone(n, state) : null;
        if (zone !== null && zone.state !== 'up') return ZONE_STROKE[zone.state];
        return n.kind === 'client' ? OKABE_ITO.blue : n.kind === 'queue' ? OKABE_ITO.purple : INK;
      })
      .attr('stroke-width', 1.5)
      // A queue's box is dashed; so is a client's while its zone is out (down: it sends nothing).
      .attr('stroke-dasharray', (n) =>
        n.kind === 'queue' || (clientZone(n, state)?.state ?? 'up') !== 'up' ? '5 3' : null,
      );
    node
      .select('text.fl-node-name')
      .attr('x', 10)
      .attr('y', 18)
      .attr('font-size', 13)
      .attr('font-weight', 600)
      .attr('fill', INK)
      .text((n) => {
        if (n.kind === 'queue') return `${n.id} (queue)`;
        if (n.kind === 'client') {
          const zone = clientZone(n, state);
          return zone === null ? n.id : `${n.id} · zone ${zone.zone}`;
        }
        if (n.kind !== 'service') return n.id;
        const s = state?.nodes[n.id];
        const ready = s?.readyNow ?? null;
        const total = slotsNow(s, n.replicas);
        const standbys = s?.standby.filter(Boolean).length ?? 0;
        if (standbys > 0) return `${n.id} ×${total - standbys} + ${standbys} standby`;
        const name =
          ready !== null && ready !== total ? `${n.id} ×${total} (${ready} ready)` : `${n.id} ×${total}`;
        return s === undefined || s.rollout === '' ? name : `${name} · ${s.rollout}`;
      })
      .attr('data-rollout', (n) => state?.nodes[n.id]?.rollout || null)
      .attr('data-replicas', (n) => (n.kind === 'service' ? slotsNow(state?.nodes[n.id], n.replicas) : null));
    node
      .select('text.fl-node-line1')
      .attr('x', 10)
      .attr('y', 36)
      .attr('font-size', 11)
      .attr('fill', INK)
      .text((n) => {
        const s = state?.nodes[n.id];
        if (s === undefined) return '';
        if (n.kind === 'client') {
          return s.goodputPerSec === null ? '' : `ok ${formatValue(s.goodputPerSec, 'req/s')}`;
        }
        if (n.kind === 'queue')
          return s.queueDepth === null ? '' : `depth ${formatValue(s.queueDepth, 'requests')}`;
        return `busy ${s.utilisation === null ? '—' : `${Math.round(s.utilisation * 100)}%`}`;
      });
    node
      .select('text.fl-node-queue')
      .attr('x', w - 10)
      .attr('y', 36)
      .attr('text-anchor', 'end')
      .attr('font-size', 11)
      .attr('fill', INK)
      .text((n) => {
        const s = state?.nodes[n.id];
        if (s === undefined || n.kind !== 'service') return '';
        const queue = s.queueDepth === null ? '—' : formatValue(s.queueDepth, 'requests');
        return `${w >= 150 ? 'queue' : 'q'} ${queue}`;
      });
    const barW = w - 20;
    node
      .select('rect.fl-util-track')
      .attr('x', 10)
      .attr('y', 42)
      .attr('width', (n) => (n.kind === 'service' ? barW : 0))
      .attr('height', 5)
      .attr('fill', '#e6e9ee');
    node
      .select('rect.fl-util-bar')
      .attr('x', 10)
      .attr('y', 42)
      .attr('height', 5)
      .attr('width', (n) =>
        n.kind === 'service' ? barW * Math.min(1, state?.nodes[n.id]?.utilisation ?? 0) : 0,
      )
      .attr('fill', (n) => utilColor(state?.nodes[n.id]?.utilisation ?? 0));
    node.select<SVGGElement>('g.fl-replicas').each(function (n) {
      const st = state?.nodes[n.id];
      // A replica is down (crossed out, red), cut off by a partition (amber, a gap), out of
      // rotation (purple), starting (sky blue), draining (grey), a standby (hollow), or serving
      // (green). With zones, the pips are grouped by zone, each group framed and labelled, the
      // frame red while its zone is down and dashed amber while it is cut off.
      const slots = n.kind === 'service' ? Math.min(MAX_PIPS, slotsNow(st, n.replicas)) : 0;
      const { pips: shown, zones } = pipLayout(n.kind === 'service' ? n.zones : [], slots, state, st);
      const row = selectG(this).attr('transform', 'translate(10,53)');
      const zone = row
        .selectAll<SVGGElement, ZoneFrame>('g.fl-zone')
        .data(zones, (z) => z.zone)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'fl-zone');
          g.append('rect').attr('class', 'fl-zone-frame').attr('rx', 2).attr('fill', 'none');
          g.append('text')
            .attr('class', 'fl-zone-label')
            .attr('font-size', 9)
            .attr('y', PIP - 1);
          return g;
        })
        .attr('data-zone', (z) => z.zone)
        .attr('data-zone-state', (z) => z.state);
      zone
        .select('rect')
        .attr('x', (z) => z.x - 2)
        .attr('y', -2)
        .attr('width', (z) => z.width + 4)
        .attr('height', PIP + 4)
        .attr('stroke', (z) => ZONE_STROKE[z.state])
        .attr('stroke-width', (z) => (z.state === 'up' ? 0.8 : 1.6))
        .attr('stroke-dasharray', (z) => (z.state === 'cut-off' ? '3 2' : null));
      zone
        .select('text')
        .attr('x', (z) => z.x)
        .attr('fill', (z) => (z.state === 'up' ? MUTED : ZONE_STROKE[z.state]))
        .attr('font-weight', (z) => (z.state === 'up' ? null : 700))
        .text((z) => z.label);
      const pip = row
        .selectAll<SVGGElement, PipAt>('g.fl-replica')
        .data(shown)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'fl-replica');
          g.append('rect').attr('width', PIP).attr('height', PIP).attr('rx', 1.5);
          g.append('path').attr('stroke-width', 1.6);
          return g;
        })
        .attr('transform', (d) => `translate(${d.x},0)`)
        .attr('data-crashed', (d) => String(d.pip === 'down'))
        .attr('data-cut-off', (d) => String(d.pip === 'cut-off'))
        .attr('data-pip', (d) => d.pip)
        .attr('data-slot', (d) => d.slot)
        .attr('data-zone', (d) => d.zone)
        .attr('data-version', (d) => versionOf(st, d.slot));
      // A replica of a version other than the service's own (a rollout's) is outlined.
      pip
        .select('rect')
        .attr('fill', (d) => PIP_FILL[d.pip])
        .attr('fill-opacity', (d) => (d.pip === 'up' ? 0.7 : 1))
        .attr('stroke', (d) =>
          d.pip === 'standby' ? OKABE_ITO.green : isNewVersion(st, d.slot) ? INK : 'none',
        )
        .attr('stroke-width', (d) => (d.pip !== 'standby' && isNewVersion(st, d.slot) ? 1.5 : 1.4));
      pip
        .select('path')
        .attr('d', (d) =>
          d.pip === 'down'
            ? `M1.5,1.5L${PIP - 1.5},${PIP - 1.5}M${PIP - 1.5},1.5L1.5,${PIP - 1.5}`
            : d.pip === 'cut-off'
              ? `M${PIP / 2},1V${PIP - 1}`
              : d.pip === 'not-ready'
                ? `M2,${PIP / 2}H${PIP - 2}`
                : '',
        )
        .attr('stroke', '#ffffff');
    });
    node.select<SVGGElement>('g.fl-badges').each(function (n) {
      const faults = state?.nodes[n.id]?.faults ?? [];
      const badge = selectG(this)
        .selectAll<SVGGElement, string>('g.fl-badge')
        .data(faults)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'fl-badge');
          g.append('rect')
            .attr('rx', 3)
            .attr('height', 16)
            .attr('fill', OKABE_ITO.yellow)
            .attr('stroke', INK)
            .attr('stroke-width', 0.5);
          g.append('text').attr('x', 5).attr('y', 12).attr('font-size', 11).attr('fill', INK);
          return g;
        })
        .attr('transform', (_, i) => `translate(${i * 4},${-18 - i * 17})`);
      badge.select('rect').attr('width', (d) => d.length * 6.3 + 10);
      badge.select('text').text((d) => d);
    });
    node
      .on('mousemove', (event: MouseEvent, n) => {
        const s = state?.nodes[n.id];
        if (s === undefined || p.tooltip === null) return;
        const rows: { color: string; label: string; value: string }[] = [
          { color: ROLE.attempts, label: 'attempts', value: formatValue(s.attemptsPerSec, 'req/s') },
          { color: ROLE.goodput, label: 'ok', value: formatValue(s.goodputPerSec, 'req/s') },
        ];
        if (n.kind !== 'client') {
          rows.push({
            color: ROLE.queue,
            label: 'queue depth (mean)',
            value: formatValue(s.queueDepth, 'requests'),
          });
        }
        if (n.kind === 'service') {
          rows.push({
            color: ROLE.utilisation,
            label: 'utilisation',
            value: formatValue(s.utilisation, '%'),
          });
          rows.push({
            color: ROLE.breakerOpen,
            label: 'replicas down',
            value: `${s.crashed.filter(Boolean).length} of ${s.crashed.length}`,
          });
          if (s.replicasNow !== null)
            rows.push({
              color: OKABE_ITO.green,
              label: 'replicas now',
              value: s.readyNow === null ? `${s.replicasNow}` : `${s.replicasNow} (${s.readyNow} ready)`,
            });
          const notReady = s.notReady.filter(Boolean).length;
          if (notReady > 0)
            rows.push({ color: OKABE_ITO.purple, label: 'out of rotation', value: `${notReady}` });
          const cut = s.cutOff.filter(Boolean).length;
          if (cut > 0)
            rows.push({
              color: OKABE_ITO.orange,
              label: 'replicas cut off',
              value: `${cut} of ${s.cutOff.length}`,
            });
        }
        p.tooltip.show(event.clientX, event.clientY, n.id, rows, s.faults.join('; '));
      })
      .on('mouseleave', () => p.tooltip?.hide());

    legendG.attr('transform', `translate(12,${p.height - 8})`);
    const items = [
      { label: 'request', color: ROLE.request, r: 2.8 },
      { label: 'retry', color: ROLE.retry, r: 3.6 },
    ];
    const li = legendG
      .selectAll<SVGGElement, (typeof items)[number]>('g')
      .data(items)
      .join((enter) => {
        const g = enter.append('g');
        g.append('circle');
        g.append('text').attr('x', 8).attr('y', 4).attr('font-size', 11).attr('fill', MUTED);
        return g;
      })
      .attr('transform', (_, i) => `translate(${i * 140},0)`);
    li.select('circle')
      .attr('r', (d) => d.r)
      .attr('fill', (d) => d.color);
    li.select('text').text((d) => `${d.label} (sampled)`);
  };
  const chart = chain<Topology, TopologyProps>(render, p);
  chart.layout = () => last;
  return chart;
}

function selectG(node: SVGGElement): Selection<SVGGElement, unknown, null, undefined> {
  return select(node) as unknown as Selection<SVGGElement, unknown, null, undefined>;
}
