/**
 * The run "as of" a moment: what the time scrubber shows. A run's series already hold every
 * bucket, so moving to any time is a lookup, not a replay: the topology state (queue depth,
 * utilisation, breakers, crashed replicas, partitions, active faults) and the counters come from
 * the bucket that holds the moment, from the scenario's fault timeline and from the run's control
 * timeline (which replica each chaos hit took down or cut off, and when).
 */
import { byName, ownEntry } from '../../sim-core/metrics/by-name.ts';
import type { RunResult, RunSeries, ServiceSeries, TimelineEntry } from '../../sim-core/metrics/result.ts';
import type { FaultSpec, Scenario } from '../../sim-core/scenario/spec.ts';
import { rolloutAt, rolloutLabel } from './rollout-view.ts';

/** Faults that happen at an instant (shown as a marker, not a window). */
export const INSTANT_FAULTS: ReadonlySet<string> = new Set(['client-burst', 'clock-step', 'cache-flush']);

/** Index of the bucket holding `tMs` (clamped to the buckets computed), or -1 when there are none. */
export function bucketAt(series: RunSeries, tMs: number): number {
  const n = series.startMs.length;
  if (n === 0) return -1;
  const i = Math.floor(tMs / series.bucketMs);
  return Math.max(0, Math.min(n - 1, i));
}

/** Whether a fault is in effect at `tMs` (an instant fault: during the bucket it happens in). */
export function faultActive(f: FaultSpec, tMs: number, bucketMs: number): boolean {
  if (INSTANT_FAULTS.has(f.kind)) return tMs >= f.atMs && tMs < f.atMs + bucketMs;
  return tMs >= f.atMs && (f.durationMs === null || tMs < f.atMs + f.durationMs);
}

/** The control timeline's hits in force at `tMs` (of a partial run: those recorded so far). */
export function hitsAt(result: RunResult | null, tMs: number): TimelineEntry[] {
  // `?? []`: a result saved before the timeline existed has none.
  const timeline = result?.summary.timeline ?? [];
  return timeline.filter((e) => e.startMs <= tMs && (e.endMs === null || tMs < e.endMs));
}

/** What a hit did to its replica, in a few words ("db/2 down", "db/0 cut off"). */
export function hitLabel(e: Pick<TimelineEntry, 'kind' | 'node'>): string {
  return `${e.node} ${e.kind === 'crash' ? 'down' : 'cut off'}`;
}

/**
 * A chaos fault's badge at a moment: which replicas its hits hold now ("chaos: replica 1 down",
 * "chaos: replicas 0, 2 cut off"), or its plain label between hits.
 */
export function chaosLabel(f: FaultSpec, hits: readonly TimelineEntry[]): string {
  const own = [...new Set(hits.filter((e) => e.source === f.name).map((e) => e.replica))].sort(
    (a, b) => a - b,
  );
  if (own.length === 0) return faultLabel(f);
  const what = f.kind === 'chaos-crash' ? 'down' : 'cut off';
  return `chaos: replica${own.length > 1 ? 's' : ''} ${own.join(', ')} ${what}`;
}

/** A short description of a fault, for badges and tooltips. */
export function faultLabel(f: FaultSpec): string {
  switch (f.kind) {
    case 'crash':
      return f.replica === null ? 'crashed' : `replica ${f.replica} crashed`;
    case 'latency':
      return f.multiply !== 1 ? `slow x${f.multiply}` : `+${f.addMs} ms`;
    case 'errors':
      return `errors ${Math.round(f.probability * 100)}%`;
    case 'capacity':
      return `${f.workers} workers`;
    case 'pause':
      return 'paused';
    case 'disk-stall':
      return f.replica === null ? 'disk stalled' : `replica ${f.replica} disk stalled`;
    case 'partition':
      return f.oneWay ? 'one-way partition' : 'partition';
    case 'link-flap':
      return `link flapping (${f.downMs} ms down, ${f.upMs} ms up)`;
    case 'packet-loss':
      return `loss ${Math.round(f.loss * 100)}%`;
    case 'clock-step':
      return `clock ${f.stepMs > 0 ? '+' : ''}${f.stepMs} ms`;
    case 'clock-drift':
      return `drift ${f.driftPpm} ppm`;
    case 'client-burst':
      return `burst +${f.requests}`;
    case 'load-step':
      return `load +${f.extraPerSec}/s`;
    case 'cache-flush':
      return 'cache flushed';
    case 'leak':
      return 'leaking';
    case 'corrupt':
      return `corrupt ${Math.round(f.probability * 100)}%`;
    case 'chaos-crash':
      return 'chaos crashes';
    case 'chaos-partition':
      return 'chaos partitions';
    case 'zone-outage':
      return `zone ${f.zone} ${f.mode === 'crash' ? 'down' : 'cut off'}`;
  }
}

/** The node (client, service, replica) or link a fault acts on, as names. */
function faultTargets(f: FaultSpec): { nodes: string[]; links: [string, string][] } {
  switch (f.kind) {
    case 'latency':
      if (f.link !== null) return { nodes: [], links: [[f.link.from, f.link.to]] };
      return { nodes: f.service === null ? [] : [f.service], links: [] };
    case 'partition':
    case 'link-flap': {
      const links: [string, string][] = [];
      for (const a of f.from) for (const b of f.to) links.push([a, b]);
      return { nodes: [], links };
    }
    case 'packet-loss':
      return { nodes: [], links: [[f.from, f.to]] };
    case 'clock-step':
    case 'clock-drift':
      return { nodes: [f.node.split('/')[0]], links: [] };
    case 'client-burst':
    case 'load-step':
      return { nodes: [f.client], links: [] };
    case 'zone-outage':
      // Its replicas are marked through their timeline entries, one per replica hit.
      return { nodes: [], links: [] };
    default:
      return { nodes: [f.service], links: [] };
  }
}

/** The replica counts of a service whose replica set changes (absent otherwise). */
interface ReplicaCounts {
  replicas?: (number | null)[];
  readyReplicas?: (number | null)[];
}

export interface NodeState {
  /** Requests waiting, summed over replicas (bucket mean). */
  queueDepth: number | null;
  /** Busy workers / workers (bucket mean), 0..1. */
  utilisation: number | null;
  attemptsPerSec: number | null;
  goodputPerSec: number | null;
  /** Per replica: down (crashed) at this moment, from the fault timeline and the chaos hits. */
  crashed: boolean[];
  /** Per replica: cut off from its callers by a chaos partition hit at this moment. */
  cutOff: boolean[];
  /** Per replica: out of rotation (readiness failing) at this moment. */
  notReady: boolean[];
  /** Per replica: provisioning or warming up, not yet serving. */
  starting: boolean[];
  /** Per replica: draining (no new work) before it leaves the set. */
  draining: boolean[];
  /** Per replica: a failover standby (or a demoted active): up, out of the set until promoted. */
  standby: boolean[];
  /** Replicas in the set in this bucket, when the set changes (null: as declared). */
  replicasNow: number | null;
  /**
   * Replicas whose Ready condition is true in this bucket (`series.services.<s>.readyReplicas`:
   * up, started, readiness passing, in the set; an outlier-ejected one still counts), as a whole
   * count: the bucket's mean rounded, the count that held over most of it when one replica
   * flipped (null: not recorded).
   */
  readyNow: number | null;
  /** Per replica slot, the version it runs (empty: the service has no deployment). */
  versions: string[];
  /** A rollout in progress, in a few words ("v2 10%", "→ v2"); '' when none. */
  rollout: string;
  paused: boolean;
  /** Labels of the faults acting on this node now. */
  faults: string[];
}

export interface EdgeState {
  attemptsPerSec: number | null;
  retriesPerSec: number | null;
  /** Fraction of the caller's nodes whose breaker is open (half-open counts half), 0..1; null: no breaker. */
  breakerOpen: number | null;
  /** Messages on this edge are being dropped by a partition (either direction, unless one-way). */
  partitioned: boolean;
  faults: string[];
}

/** An availability zone failed at the viewed moment (a `zone-outage` fault in force). */
export interface ZoneOutage {
  zone: string;
  /** `crash`: every node of the zone is down; `partition`: cut off from every node outside it. */
  mode: 'crash' | 'partition';
}

export interface TopologyState {
  timeMs: number;
  bucket: number;
  /** Zones failed now, in the order of the scenario's faults. */
  zoneOutages: ZoneOutage[];
  nodes: Record<string, NodeState>;
  edges: Record<string, EdgeState>;
}

const at = <T>(values: readonly T[] | undefined, i: number): T | null =>
  values === undefined || i < 0 ? null : (values[i] ?? null);

const wholeCount = (mean: number | null): number | null => (mean === null ? null : Math.round(mean));

/** The topology as of `tMs`; `result` may be a partial run (or null before the first slice). */
export function topologyStateAt(scenario: Scenario, result: RunResult | null, tMs: number): TopologyState {
  const series = result?.series ?? null;
  const b = series === null ? -1 : bucketAt(series, tMs);
  const bucketMs = scenario.metrics.bucketMs;
  const active = scenario.faults.filter((f) => faultActive(f, tMs, bucketMs));
  const nodes = byName<NodeState>();
  const blank = (replicas: number): NodeState => ({
    queueDepth: null,
    utilisation: null,
    attemptsPerSec: null,
    goodputPerSec: null,
    crashed: new Array<boolean>(replicas).fill(false),
    cutOff: new Array<boolean>(replicas).fill(false),
    notReady: new Array<boolean>(replicas).fill(false),
    starting: new Array<boolean>(replicas).fill(false),
    draining: new Array<boolean>(replicas).fill(false),
    standby: new Array<boolean>(replicas).fill(false),
    replicasNow: null,
    readyNow: null,
    versions: [],
    rollout: '',
    paused: false,
    faults: [],
  });
  for (const c of scenario.clients) {
    const s = ownEntry(series?.clients, c.name);
    nodes[c.name] = {
      ...blank(1),
      attemptsPerSec: at(s?.attemptsPerSec, b),
      goodputPerSec: at(s?.goodputPerSec, b),
    };
  }
  for (const svc of scenario.services) {
    const s = ownEntry(series?.services, svc.name) as (ServiceSeries & ReplicaCounts) | undefined;
    const deployment = svc.deployment === null ? null : rolloutAt(result, svc.name, tMs);
    nodes[svc.name] = {
      ...blank(svc.replicas + (svc.failover?.standbys ?? 0)),
      ...blank(svc.replicas),
      versions: deployment?.versions ?? [],
      rollout: rolloutLabel(deployment),
      // Every service reports its count; it only says something when it moves off the declared one.
      replicasNow: s?.replicas?.some((n) => n !== svc.replicas) === true ? at(s.replicas, b) : null,
      readyNow: wholeCount(at(s?.readyReplicas, b)),
      queueDepth: at(s?.queueDepthMean, b),
      utilisation: at(s?.utilisation, b),
      attemptsPerSec: at(s?.attemptsPerSec, b),
      goodputPerSec: at(s?.goodputPerSec, b),
    };
  }
  for (const q of scenario.queues) {
    const s = ownEntry(series?.queues, q.name);
    nodes[q.name] = { ...blank(1), queueDepth: at(s?.depthMean, b) };
  }

  const callerNodes = (caller: string) => scenario.services.find((s) => s.name === caller)?.replicas ?? 1;
  const edges = byName<EdgeState>();
  const edgeKeys = [
    ...scenario.clients.map((c) => [c.name, c.target]),
    ...scenario.services.flatMap((s) => s.calls.map((c) => [s.name, c.service])),
    ...scenario.queues.map((q) => [q.name, q.consumer]),
  ];
  for (const [from, to] of edgeKeys) {
    const key = `${from}->${to}`;
    const s = ownEntry(series?.edges, key);
    const breaker = ownEntry(result?.summary.edges, key)?.breaker ?? null;
    const open = at(s?.breakerOpen, b);
    edges[key] = {
      attemptsPerSec: at(s?.attemptsPerSec, b),
      retriesPerSec: at(s?.retriesPerSec, b),
      breakerOpen: breaker === null || open === null ? null : Math.min(1, open / callerNodes(from)),
      partitioned: false,
      faults: [],
    };
  }

  const zoneOutages: ZoneOutage[] = [];
  const hits = hitsAt(result, tMs);
  for (const e of hits) {
    const n = ownEntry(nodes, e.service);
    if (n === undefined) continue;
    // A replica set that grows has slots past the declared count: the arrays grow with it.
    for (const flags of [n.crashed, n.cutOff, n.notReady, n.starting, n.draining, n.standby])
      while (flags.length <= e.replica) flags.push(false);
    const kind: string = e.kind;
    if (kind === 'crash' || kind === 'restart') n.crashed[e.replica] = true;
    else if (kind === 'partition') n.cutOff[e.replica] = true;
    else if (kind === 'not-ready') n.notReady[e.replica] = true;
    else if (kind === 'provisioning') n.starting[e.replica] = true;
    else if (kind === 'draining') n.draining[e.replica] = true;
    else if (kind === 'standby') n.standby[e.replica] = true;
  }
  for (const f of active) {
    const label =
      f.kind === 'chaos-crash' || f.kind === 'chaos-partition' ? chaosLabel(f, hits) : faultLabel(f);
    if (f.kind === 'crash' || f.kind === 'pause') {
      const n = ownEntry(nodes, f.service);
      if (n !== undefined) {
        if (f.kind === 'pause') n.paused = true;
        else n.crashed = n.crashed.map((down, r) => down || f.replica === null || f.replica === r);
      }
    }
    const { nodes: targets, links } = faultTargets(f);
    if (f.kind === 'zone-outage') {
      zoneOutages.push({ zone: f.zone, mode: f.mode });
      // Every client and service with a node in the zone carries its badge.
      for (const c of scenario.clients) if (c.zone === f.zone) targets.push(c.name);
      for (const s of scenario.services) if (s.zones.includes(f.zone)) targets.push(s.name);
    }
    for (const t of targets) ownEntry(nodes, t)?.faults.push(label);
    for (const [a, z] of links) {
      for (const [key, e] of Object.entries(edges)) {
        const [from, to] = key.split('->');
        const forward = from === a && to === z;
        const backward = from === z && to === a;
        if (f.kind === 'partition') {
          // Even one-way, a partition breaks calls both ways: a->z drops the requests of a's calls
          // to z and the answers of z's calls to a.
          if (forward || backward) {
            e.partitioned = true;
            e.faults.push(f.oneWay ? `${label} ${a}->${z}` : label);
          }
        } else if (forward) e.faults.push(label);
      }
    }
  }
  return { timeMs: tMs, bucket: b, zoneOutages, nodes, edges };
}

/** Running totals up to (and including) the bucket of `tMs`, and the rates in it. */
export interface Counters {
  timeMs: number;
  bucket: number;
  userRequests: number;
  succeeded: number;
  failed: number;
  retries: number;
  goodputPerSec: number | null;
  /** Worst client p99 latency in the bucket. */
  p99Ms: number | null;
}

export function countersAsOf(result: RunResult | null, tMs: number): Counters {
  const none: Counters = {
    timeMs: tMs,
    bucket: -1,
    userRequests: 0,
    succeeded: 0,
    failed: 0,
    retries: 0,
    goodputPerSec: null,
    p99Ms: null,
  };
  if (result === null) return none;
  const s = result.series;
  const b = bucketAt(s, tMs);
  if (b < 0) return none;
  // A partial run's last bucket holds rates over the part computed so far, not over a whole
  // bucket: counting it as whole inflated every counter by its own noise (and "ok" could exceed
  // "requests"). Each bucket counts over the time it really covers, one window for every series.
  const seconds = Array.from(
    { length: b + 1 },
    (_, i) => Math.max(0, Math.min(s.bucketMs, result.simTimeMs - (s.startMs[i] ?? i * s.bucketMs))) / 1000,
  );
  const sum = (values: readonly (number | null)[]) => {
    let total = 0;
    for (let i = 0; i <= b; i++) total += (values[i] ?? 0) * seconds[i];
    return total;
  };
  const out = { ...none, bucket: b, goodputPerSec: 0 as number | null };
  for (const c of Object.values(s.clients)) {
    out.userRequests += sum(c.offeredPerSec);
    out.succeeded += sum(c.goodputPerSec);
    for (const e of Object.values(c.errorsPerSec)) out.failed += sum(e);
    out.goodputPerSec = (out.goodputPerSec ?? 0) + (c.goodputPerSec[b] ?? 0);
    const p99 = c.latencyP99Ms[b];
    if (p99 !== null && p99 !== undefined) out.p99Ms = Math.max(out.p99Ms ?? 0, p99);
  }
  for (const e of Object.values(s.edges)) out.retries += sum(e.retriesPerSec);
  out.userRequests = Math.round(out.userRequests);
  out.succeeded = Math.round(out.succeeded);
  out.failed = Math.round(out.failed);
  out.retries = Math.round(out.retries);
  return out;
}
