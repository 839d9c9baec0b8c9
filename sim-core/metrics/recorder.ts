import { PROBE_FAILED, PROBE_PASSED } from '../model/control/probes.ts';
import { BREAKER_OPEN_WEIGHT, BREAKER_STATE_NAMES } from '../model/edge/breaker-state.ts';
import {
  BREAKER_OPEN,
  BULKHEAD_FULL,
  CORRUPT,
  DEGRADED,
  DROPPED,
  FAILED,
  LIMITED,
  OUTCOMES,
  RATE_LIMITED,
  REJECTED,
  SHED,
  SUCCEEDED,
  TIMED_OUT,
} from '../model/outcome.ts';
import { byName } from './by-name.ts';
import { EventCounter } from './event-counter.ts';
import { FlowStats, type SeriesQuantile } from './flow-stats.ts';
import { GaugeTable } from './gauge-table.ts';
import { Histogram } from './histogram.ts';
import type {
  BreakerTransition,
  CallErrors,
  ClientSeries,
  ClientSummary,
  ControlEvent,
  EdgeSeries,
  EdgeSummary,
  FaultRecovery,
  LatencySummary,
  ProbeCounts,
  QueueSeries,
  QueueSummary,
  RunSeries,
  RunSummary,
  ServiceErrors,
  ServiceSeries,
  ServiceSummary,
  TimelineEntry,
} from './result.ts';
import type { MetricsSink, TimelineStart } from './sink.ts';
import { ValueLog } from './value-log.ts';

export interface RecorderOptions {
  durationMs: number;
  bucketMs: number;
  warmupMs: number;
}

export interface ServiceShape {
  name: string;
  replicas: number;
  workers: number;
  /** The replica set changes (autoscaling): utilisation divides by the serving workers over time. */
  scaled?: boolean;
}

class ClientMetrics {
  readonly requests: FlowStats;
  /** Attempts sent; shared with the client's edge (see bindClientEdge). */
  readonly attempts: EventCounter;
  constructor(o: RecorderOptions, buckets: number) {
    this.requests = new FlowStats(o.bucketMs, buckets, o.warmupMs);
    this.attempts = new EventCounter(o.bucketMs, buckets, o.warmupMs);
  }
}

class ServiceMetrics {
  readonly attempts: FlowStats;
  /** Gauge ids in the recorder's {@link GaugeTable} (see {@link serviceGauge}). */
  readonly queue: number;
  readonly busy: number;
  /** Replicas that exist, replicas ready, workers of the serving replicas. */
  readonly replicas: number;
  readonly ready: number;
  readonly workers: number;
  late = 0;
  readonly shedByTier: number[] = [];
  duplicates = 0;
  deduplicated = 0;
  ejections = 0;
  probes: ProbeCounts | null = null;
  cache: ServiceSummary['cache'] = null;
  /** Time from arrival to the start of work, of attempts that got a worker (arrived after the warm-up). */
  readonly queueWait = new Histogram();
  /** Queue waits on their way to {@link queueWait} (flushed by the summary). */
  readonly queueWaitLog = new ValueLog(this.queueWait);
  constructor(
    readonly shape: ServiceShape,
    index: number,
    o: RecorderOptions,
    buckets: number,
  ) {
    this.attempts = new FlowStats(o.bucketMs, buckets, o.warmupMs);
    this.queue = serviceGauge(index, QUEUE);
    this.busy = serviceGauge(index, BUSY);
    this.replicas = serviceGauge(index, REPLICAS);
    this.ready = serviceGauge(index, READY);
    this.workers = serviceGauge(index, WORKERS);
  }

  /** Busy workers / workers over `area` of busy time, given the matching span or workers' area. */
  utilisation(busyArea: number, workersArea: number, spanMs: number): number {
    if (spanMs <= 0) return 0;
    if (this.shape.scaled !== true) return busyArea / spanMs / this.shape.workers;
    return workersArea > 0 ? busyArea / workersArea : 0;
  }
}

class EdgeMetrics {
  calls: FlowStats;
  attempts: EventCounter;
  readonly retries: EventCounter;
  readonly hedges: EventCounter;
  readonly suppressed: EventCounter;
  readonly refused: EventCounter;
  readonly fallbacks: EventCounter;
  readonly corruptDetected: EventCounter;
  readonly refusedBy = { breakerOpen: 0, rateLimited: 0, bulkheadFull: 0, limited: 0 };
  /** Gauge ids in the recorder's {@link GaugeTable}. */
  readonly breakerOpen: number;
  readonly limitSum: number;
  limitNodes = 0;
  limitMin = Number.POSITIVE_INFINITY;
  limitMax = Number.NEGATIVE_INFINITY;
  hasBreaker = false;
  readonly transitions: BreakerTransition[] = [];
  constructor(
    readonly name: string,
    gauge0: number,
    o: RecorderOptions,
    buckets: number,
  ) {
    const c = () => new EventCounter(o.bucketMs, buckets, o.warmupMs);
    this.calls = new FlowStats(o.bucketMs, buckets, o.warmupMs, false);
    this.attempts = c();
    this.retries = c();
    this.hedges = c();
    this.suppressed = c();
    this.refused = c();
    this.fallbacks = c();
    this.corruptDetected = c();
    this.breakerOpen = gauge0;
    this.limitSum = gauge0 + 1;
  }
}

class QueueMetrics {
  readonly published: EventCounter;
  readonly delivered: EventCounter;
  redeliveries = 0;
  deadLettered = 0;
  /** Gauge id in the recorder's {@link GaugeTable}. */
  readonly depth: number;
  readonly oldest: Float64Array;
  oldestMax = 0;
  readonly latency = new Histogram();
  constructor(
    readonly name: string,
    readonly gauge: number,
    o: RecorderOptions,
    buckets: number,
  ) {
    this.depth = gauge;
    this.published = new EventCounter(o.bucketMs, buckets, o.warmupMs);
    this.delivered = new EventCounter(o.bucketMs, buckets, o.warmupMs);
    this.oldest = new Float64Array(buckets);
  }
}

/** A service's gauges, in this order, from gauge id `service * SERVICE_GAUGES` (edges' and queues' follow). */
const QUEUE = 0;
const BUSY = 1;
const REPLICAS = 2;
const READY = 3;
const WORKERS = 4;
const SERVICE_GAUGES = 5;
/** Gauges per edge group: breaker openness, the sum of the adaptive limits. */
const EDGE_GAUGES = 2;

function serviceGauge(s: number, which: number): number {
  return s * SERVICE_GAUGES + which;
}

const CALL_ERRORS: [keyof CallErrors, number][] = [
  ['failed', FAILED],
  ['timedOut', TIMED_OUT],
  ['rejected', REJECTED],
  ['dropped', DROPPED],
  ['shed', SHED],
  ['rateLimited', RATE_LIMITED],
  ['breakerOpen', BREAKER_OPEN],
  ['bulkheadFull', BULKHEAD_FULL],
  ['limited', LIMITED],
];
const SERVICE_ERRORS: [keyof ServiceErrors, number][] = [
  ['failed', FAILED],
  ['rejected', REJECTED],
  ['shed', SHED],
  ['rateLimited', RATE_LIMITED],
  ['limited', LIMITED],
];

function pick<K extends string>(table: [K, number][], f: (code: number) => number): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const [k, code] of table) out[k] = f(code);
  return out;
}

/** Per-second rate of `count` over `ms` (0 for an empty span). */
function perSec(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

function pickSeries<K extends string>(
  table: [K, number][],
  f: (code: number) => number[],
): Record<K, number[]> {
  const out = {} as Record<K, number[]>;
  for (const [k, code] of table) out[k] = f(code);
  return out;
}

function orNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Where each flow's summary histogram is merged, one flow at a time (read at once, then reused). */
const summaryScratch = new Histogram();

/** A flow's summary latency: percentiles from its merged buckets, the exact mean. */
function flowLatency(f: FlowStats): LatencySummary {
  const { histogram, mean } = f.summaryLatency(summaryScratch);
  return { ...latencySummary(histogram), mean: orNull(mean) };
}

/** The summary's percentiles, ascending, read in one pass. */
const SUMMARY_QUANTILES = [0.5, 0.9, 0.99, 0.999] as const;

function latencySummary(h: Histogram): LatencySummary {
  const q = new Float64Array(SUMMARY_QUANTILES.length);
  h.quantiles(SUMMARY_QUANTILES, q);
  return {
    mean: orNull(h.mean()),
    p50: orNull(q[0]),
    p90: orNull(q[1]),
    p99: orNull(q[2]),
    p999: orNull(q[3]),
    max: orNull(h.count > 0 ? h.max : Number.NaN),
  };
}

/**
 * Records what the model reports and turns it into the run's summary and series.
 * The model calls it at each change; it never decides anything about the simulation.
 */
export class MetricsRecorder implements MetricsSink {
  readonly buckets: number;
  private readonly clients: ClientMetrics[];
  private readonly services: ServiceMetrics[];
  private readonly edges: EdgeMetrics[];
  private readonly queues: QueueMetrics[];
  /** The control timeline, in order of start (a handle is an index). */
  private readonly timeline: TimelineEntry[] = [];
  /** Control-plane instants, in time order (events are recorded as they happen). */
  private readonly controlEvents: ControlEvent[] = [];
  /** Every gauge of the run: services', then edge groups', then message queues'. */
  private readonly gauges: GaugeTable;
  /**
   * The request path's records by index (`clients[c].requests`...), one load away: per request
   * each is reached once or twice, cold in cache in a run of hundreds of clients and services,
   * and every object on the way is one more dependent miss.
   */
  private readonly clientRequests: FlowStats[];
  private readonly clientAttempts: EventCounter[];
  private readonly serviceAttempts: FlowStats[];
  private readonly queueWaits: ValueLog[];

  constructor(
    private readonly options: RecorderOptions,
    private readonly clientNames: readonly string[],
    services: readonly ServiceShape[],
    edgeNames: readonly string[] = [],
    queueNames: readonly string[] = [],
  ) {
    this.buckets = Math.max(1, Math.ceil(options.durationMs / options.bucketMs));
    this.clients = clientNames.map(() => new ClientMetrics(options, this.buckets));
    this.services = services.map((s, i) => new ServiceMetrics(s, i, options, this.buckets));
    this.clientRequests = this.clients.map((m) => m.requests);
    this.clientAttempts = this.clients.map((m) => m.attempts);
    this.serviceAttempts = this.services.map((m) => m.attempts);
    this.queueWaits = this.services.map((m) => m.queueWaitLog);
    const edge0 = services.length * SERVICE_GAUGES;
    this.edges = edgeNames.map((n, i) => new EdgeMetrics(n, edge0 + i * EDGE_GAUGES, options, this.buckets));
    const queue0 = edge0 + edgeNames.length * EDGE_GAUGES;
    this.queues = queueNames.map((n, i) => new QueueMetrics(n, queue0 + i, options, this.buckets));
    this.gauges = new GaugeTable(
      queue0 + queueNames.length,
      options.bucketMs,
      this.buckets,
      options.warmupMs,
    );
    for (const m of this.services) {
      this.gauges.add(m.replicas, m.shape.replicas, 0);
      this.gauges.add(m.ready, m.shape.replicas, 0);
      this.gauges.add(m.workers, m.shape.workers, 0);
    }
  }

  // ---------------------------------------------------------------- edges (caller side)

  /**
   * A client's edge: its calls are the client's user requests, so the edge shares the client's
   * flow instead of recording every call twice (the caller then skips edgeCall/edgeEnded).
   */
  bindClientEdge(e: number, client: number): void {
    this.edges[e].calls = this.clients[client].requests;
    this.edges[e].attempts = this.clients[client].attempts;
  }

  edgeCall(e: number, t: number): void {
    this.edges[e].calls.start(t);
  }

  edgeAttempt(e: number, t: number): void {
    this.edges[e].attempts.add(t);
  }

  edgeRetry(e: number, t: number): void {
    this.edges[e].retries.add(t);
  }

  edgeHedge(e: number, t: number): void {
    this.edges[e].hedges.add(t);
  }

  edgeRetrySuppressed(e: number, t: number): void {
    this.edges[e].suppressed.add(t);
  }

  edgeRefused(e: number, cause: number, t: number): void {
    const m = this.edges[e];
    m.refused.add(t);
    if (t < this.options.warmupMs) return;
    if (cause === BREAKER_OPEN) m.refusedBy.breakerOpen++;
    else if (cause === RATE_LIMITED) m.refusedBy.rateLimited++;
    else if (cause === BULKHEAD_FULL) m.refusedBy.bulkheadFull++;
    else if (cause === LIMITED) m.refusedBy.limited++;
  }

  edgeFallback(e: number, t: number): void {
    this.edges[e].fallbacks.add(t);
  }

  edgeCorruptDetected(e: number, t: number): void {
    this.edges[e].corruptDetected.add(t);
  }

  edgeEnded(e: number, outcome: number, startedAt: number, t: number): void {
    this.edges[e].calls.end(outcome, startedAt, t);
  }

  /** A caller node's breaker on edge `e` changed state (state numbers of `model/edge/breaker-state.ts`). */
  breakerTransition(e: number, node: string, from: number, to: number, t: number): void {
    const m = this.edges[e];
    m.hasBreaker = true;
    m.transitions.push({ atMs: t, node, from: BREAKER_STATE_NAMES[from], to: BREAKER_STATE_NAMES[to] });
    this.gauges.add(m.breakerOpen, BREAKER_OPEN_WEIGHT[to] - BREAKER_OPEN_WEIGHT[from], t);
  }

  /** Declares a breaker on edge `e` (so the summary shows it even if it never trips). */
  breakerDeclared(e: number): void {
    this.edges[e].hasBreaker = true;
  }

  /** A caller node's adaptive limit on edge `e` moved by `delta` (first call: its initial value). */
  limitChanged(e: number, delta: number, value: number, t: number, first: boolean): void {
    const m = this.edges[e];
    if (first) m.limitNodes++;
    this.gauges.add(m.limitSum, delta, t);
    // Min and max over the whole run: a limit set during the warm-up may hold through the window.
    if (value < m.limitMin) m.limitMin = value;
    if (value > m.limitMax) m.limitMax = value;
  }

  // ---------------------------------------------------------------- the control timeline

  timelineStarted(entry: TimelineStart, t: number): number {
    this.timeline.push({ ...entry, startMs: t, endMs: null });
    return this.timeline.length - 1;
  }

  timelineEnded(handle: number, t: number): void {
    this.timeline[handle].endMs = t;
  }

  controlEvent(event: Omit<ControlEvent, 'atMs'>, t: number): void {
    this.controlEvents.push({ atMs: t, ...event, detail: { ...event.detail } });
  }

  // ---------------------------------------------------------------- services, extra

  serviceShed(s: number, tier: number, t: number): void {
    if (t < this.options.warmupMs) return;
    const arr = this.services[s].shedByTier;
    while (arr.length <= tier) arr.push(0);
    arr[tier]++;
  }

  serviceDuplicate(s: number, t: number): void {
    if (t >= this.options.warmupMs) this.services[s].duplicates++;
  }

  serviceDeduplicated(s: number, t: number): void {
    if (t >= this.options.warmupMs) this.services[s].deduplicated++;
  }

  serviceEjection(s: number, t: number): void {
    if (t >= this.options.warmupMs) this.services[s].ejections++;
  }

  probesDeclared(s: number): void {
    this.services[s].probes ??= { sent: 0, passed: 0, failed: 0, timedOut: 0, restarts: 0 };
  }

  probeSent(s: number, t: number): void {
    const p = this.services[s].probes;
    if (p !== null && t >= this.options.warmupMs) p.sent++;
  }

  probeEnded(s: number, result: number, sentAt: number): void {
    const p = this.services[s].probes;
    // Counted by the send time, as `sent` is, so the counts add up.
    if (p === null || sentAt < this.options.warmupMs) return;
    if (result === PROBE_PASSED) p.passed++;
    else if (result === PROBE_FAILED) p.failed++;
    else p.timedOut++;
  }

  serviceRestart(s: number, t: number): void {
    const p = this.services[s].probes;
    if (p !== null && t >= this.options.warmupMs) p.restarts++;
  }

  serviceCache(s: number, hits: number, misses: number, coalesced: number): void {
    const lookups = hits + misses + coalesced;
    this.services[s].cache = { hits, misses, coalesced, hitRatio: lookups > 0 ? hits / lookups : 0 };
  }

  // ---------------------------------------------------------------- message queues

  queuePublished(q: number, t: number): void {
    this.queues[q].published.add(t);
  }

  queueDelivered(q: number, ageMs: number, t: number): void {
    const m = this.queues[q];
    m.delivered.add(t);
    if (t >= this.options.warmupMs) m.latency.record(ageMs);
  }

  queueRedelivery(q: number, t: number): void {
    if (t >= this.options.warmupMs) this.queues[q].redeliveries++;
  }

  queueDeadLettered(q: number, t: number): void {
    if (t >= this.options.warmupMs) this.queues[q].deadLettered++;
  }

  queueObserved(q: number, depth: number, oldestMs: number, t: number): void {
    const m = this.queues[q];
    const current = this.gauges.valueOf(m.depth);
    if (depth !== current) this.gauges.add(m.depth, depth - current, t);
    const b = Math.min(Math.floor(t / this.options.bucketMs), this.buckets - 1);
    if (oldestMs > m.oldest[b]) m.oldest[b] = oldestMs;
    if (t >= this.options.warmupMs && oldestMs > m.oldestMax) m.oldestMax = oldestMs;
  }

  clientOffered(c: number, t: number): void {
    this.clientRequests[c].start(t);
  }

  /** An attempt of a client's user request (it counts for the client's edge too: they share the counter). */
  clientAttempt(c: number, t: number): void {
    this.clientAttempts[c].add(t);
  }

  clientEnded(c: number, outcome: number, issuedAt: number, t: number): void {
    this.clientRequests[c].end(outcome, issuedAt, t);
  }

  serviceArrival(s: number, t: number): void {
    this.serviceAttempts[s].start(t);
  }

  serviceAnswered(s: number, outcome: number, arrivedAt: number, t: number): void {
    this.serviceAttempts[s].end(outcome, arrivedAt, t);
  }

  /** An attempt that arrived at `arrivedAt` got a worker at `t`. */
  serviceWorkStarted(s: number, arrivedAt: number, t: number): void {
    if (arrivedAt >= this.options.warmupMs) this.queueWaits[s].add(t - arrivedAt);
  }

  serviceLate(s: number, t: number): void {
    if (t >= this.options.warmupMs) this.services[s].late++;
  }

  queueChanged(s: number, delta: number, t: number): void {
    this.gauges.addWhole(s * SERVICE_GAUGES + QUEUE, delta, t);
  }

  busyChanged(s: number, delta: number, t: number): void {
    this.gauges.addWhole(s * SERVICE_GAUGES + BUSY, delta, t);
  }

  serviceReplicas(s: number, total: number, ready: number, servingWorkers: number, t: number): void {
    const m = this.services[s];
    const g = this.gauges;
    g.add(m.replicas, total - g.valueOf(m.replicas), t);
    g.add(m.ready, ready - g.valueOf(m.ready), t);
    g.add(m.workers, servingWorkers - g.valueOf(m.workers), t);
  }

  serviceReadyReplicas(s: number, ready: number, t: number): void {
    const m = this.services[s];
    const g = this.gauges;
    const now = g.valueOf(m.ready);
    if (ready !== now) g.add(m.ready, ready - now, t);
  }

  /** The gauges read at the time of the last {@link close}: a copy, so the running ones stay untouched. */
  private reading: GaugeTable | null = null;

  /** Reads the gauges as of `endMs`; call before {@link summary} and {@link series}. Changes no state of the run. */
  close(endMs: number): void {
    this.reading = this.gauges.readAt(endMs);
  }

  /** The gauges as of the last {@link close} (the running ones before any). */
  private read(): GaugeTable {
    return this.reading ?? this.gauges;
  }

  /** The whole-run summary over [warmup, endMs]. */
  summary(
    endMs: number,
    network: { sent: number; lost: number },
    faults: FaultRecovery[] = [],
    control: Pick<RunSummary, 'slos' | 'alerts'> = { slos: byName(), alerts: byName() },
  ): RunSummary {
    const from = Math.min(this.options.warmupMs, endMs);
    const span = endMs - from;
    let userRequests = 0;
    const clients = byName<ClientSummary>();
    this.clients.forEach((m, i) => {
      const r = m.requests;
      const o = r.outcomes;
      let ended = 0;
      for (let k = 0; k < o.length; k++) ended += o[k];
      userRequests += r.starts;
      clients[this.clientNames[i]] = {
        offered: r.starts,
        offeredPerSec: perSec(r.starts, span),
        attempts: m.attempts.total,
        attemptsPerSec: perSec(m.attempts.total, span),
        succeeded: o[SUCCEEDED],
        goodputPerSec: perSec(o[SUCCEEDED], span),
        errors: pick(CALL_ERRORS, (k) => o[k]),
        degraded: o[DEGRADED],
        corrupt: o[CORRUPT],
        errorRate: ended > 0 ? (ended - o[SUCCEEDED] - o[DEGRADED] - o[CORRUPT]) / ended : 0,
        inFlight: r.starts - ended,
        latencyMs: flowLatency(r),
      };
    });
    const services = byName<ServiceSummary>();
    for (const m of this.services) {
      const a = m.attempts;
      const o = a.outcomes;
      const workers = m.shape.workers;
      let answered = 0;
      for (let k = 0; k < o.length; k++) answered += o[k];
      m.queueWaitLog.flush();
      services[m.shape.name] = {
        replicas: m.shape.replicas,
        workers,
        attempts: a.starts,
        attemptsPerSec: perSec(a.starts, span),
        succeeded: o[SUCCEEDED],
        goodputPerSec: perSec(o[SUCCEEDED], span),
        errors: pick(SERVICE_ERRORS, (k) => o[k]),
        shedByTier: m.shedByTier.slice(),
        duplicates: m.duplicates,
        deduplicated: m.deduplicated,
        ejections: m.ejections,
        probes: m.probes === null ? null : { ...m.probes },
        cache: m.cache,
        late: m.late,
        inFlight: a.starts - answered,
        latencyMs: flowLatency(a),
        queueWaitMs: {
          mean: orNull(m.queueWait.mean()),
          p50: orNull(m.queueWait.quantile(0.5)),
          p90: orNull(m.queueWait.quantile(0.9)),
          p99: orNull(m.queueWait.quantile(0.99)),
          p999: orNull(m.queueWait.quantile(0.999)),
        },
        // The waits > 0: attempts that arrived to a busy replica.
        waitedFraction: m.queueWait.count > 0 ? m.queueWait.positives / m.queueWait.count : 0,
        queueDepth: {
          mean: span > 0 ? this.read().areaOf(m.queue) / span : 0,
          max: this.read().maxOf(m.queue),
        },
        utilisation: m.utilisation(this.read().areaOf(m.busy), this.read().areaOf(m.workers), span),
        inSystemMean: span > 0 ? (this.read().areaOf(m.queue) + this.read().areaOf(m.busy)) / span : 0,
        amplification: userRequests > 0 ? a.starts / userRequests : null,
      };
    }
    const edges = byName<EdgeSummary>();
    for (const m of this.edges) {
      const o = m.calls.outcomes;
      const outcomes = byName<number>();
      OUTCOMES.forEach((name, k) => {
        outcomes[name] = o[k];
      });
      edges[m.name] = {
        calls: m.calls.starts,
        attempts: m.attempts.total,
        retries: m.retries.total,
        hedges: m.hedges.total,
        retriesSuppressed: m.suppressed.total,
        refused: { ...m.refusedBy },
        fallbacks: m.fallbacks.total,
        corruptDetected: m.corruptDetected.total,
        amplification: m.calls.starts > 0 ? m.attempts.total / m.calls.starts : null,
        outcomes,
        breaker: m.hasBreaker
          ? {
              opened: m.transitions.filter((x) => x.to === 'open' && x.atMs >= from).length,
              transitions: m.transitions,
            }
          : null,
        limit:
          m.limitNodes > 0
            ? {
                mean: span > 0 ? this.read().areaOf(m.limitSum) / span / m.limitNodes : 0,
                min: m.limitMin,
                max: m.limitMax,
              }
            : null,
      };
    }
    const queues = byName<QueueSummary>();
    for (const m of this.queues) {
      queues[m.name] = {
        published: m.published.total,
        delivered: m.delivered.total,
        redeliveries: m.redeliveries,
        deadLettered: m.deadLettered,
        depth: { mean: span > 0 ? this.read().areaOf(m.depth) / span : 0, max: this.read().maxOf(m.depth) },
        oldestAgeMsMax: m.oldestMax,
        deliveryLatencyMs: latencySummary(m.latency),
      };
    }
    return {
      window: { fromMs: from, toMs: endMs },
      userRequests,
      clients,
      services,
      edges,
      queues,
      faults,
      // Copies: a later end (the run goes on after a partial result) must not change this one.
      timeline: this.timeline.map((e) => ({ ...e })),
      controlEvents: this.controlEvents.map((e) => ({ ...e, detail: { ...e.detail } })),
      slos: control.slos,
      alerts: control.alerts,
      // Filled by the run from its rollouts (see `Simulation.result`).
      deployments: [],
      network,
      // Filled by the run from its stores' accounting (see `Simulation.result`).
      stores: byName(),
    };
  }

  /** Per-bucket series up to `endMs` (the last bucket may be partial). */
  series(endMs: number): RunSeries {
    const w = this.options.bucketMs;
    const n = Math.max(1, Math.min(this.buckets, Math.ceil(endMs / w)));
    const startMs: number[] = [];
    const widths: number[] = [];
    for (let b = 0; b < n; b++) {
      startMs.push(b * w);
      widths.push(Math.max(0, Math.min(w, endMs - b * w)));
    }
    const rate = (arr: Float64Array, stride = 1, k = 0) =>
      widths.map((ms, b) => perSec(arr[b * stride + k], ms));
    const q = (f: FlowStats, p: SeriesQuantile) =>
      widths.map((_, b) => orNull(f.bucketLatencyQuantile(b, p)));
    const users = new Float64Array(n);
    for (const m of this.clients) for (let b = 0; b < n; b++) users[b] += m.requests.bucketStarts[b];

    const clients = byName<ClientSeries>();
    this.clients.forEach((m, i) => {
      const r = m.requests;
      const K = r.outcomes.length;
      clients[this.clientNames[i]] = {
        offeredPerSec: rate(r.bucketStarts),
        attemptsPerSec: rate(m.attempts.buckets),
        goodputPerSec: rate(r.bucketOutcomes, K, SUCCEEDED),
        errorsPerSec: pickSeries(CALL_ERRORS, (k) => rate(r.bucketOutcomes, K, k)),
        degradedPerSec: rate(r.bucketOutcomes, K, DEGRADED),
        latencyP50Ms: q(r, 0.5),
        latencyP99Ms: q(r, 0.99),
      };
    });
    const services = byName<ServiceSeries>();
    for (const m of this.services) {
      const a = m.attempts;
      const K = a.outcomes.length;
      services[m.shape.name] = {
        attemptsPerSec: rate(a.bucketStarts),
        goodputPerSec: rate(a.bucketOutcomes, K, SUCCEEDED),
        errorsPerSec: pickSeries(SERVICE_ERRORS, (k) => rate(a.bucketOutcomes, K, k)),
        latencyP50Ms: q(a, 0.5),
        latencyP99Ms: q(a, 0.99),
        queueDepthMean: widths.map((ms, b) => (ms > 0 ? this.read().bucketAreaOf(m.queue, b) / ms : 0)),
        queueDepthMax: widths.map((_, b) => this.read().bucketMaxOf(m.queue, b)),
        utilisation: widths.map((ms, b) =>
          m.utilisation(this.read().bucketAreaOf(m.busy, b), this.read().bucketAreaOf(m.workers, b), ms),
        ),
        amplification: widths.map((_, b) => (users[b] > 0 ? a.bucketStarts[b] / users[b] : null)),
        replicas: widths.map((ms, b) => (ms > 0 ? this.read().bucketAreaOf(m.replicas, b) / ms : 0)),
        readyReplicas: widths.map((ms, b) => (ms > 0 ? this.read().bucketAreaOf(m.ready, b) / ms : 0)),
      };
    }
    const edges = byName<EdgeSeries>();
    for (const m of this.edges) {
      edges[m.name] = {
        attemptsPerSec: rate(m.attempts.buckets),
        retriesPerSec: rate(m.retries.buckets),
        retriesSuppressedPerSec: rate(m.suppressed.buckets),
        refusedPerSec: rate(m.refused.buckets),
        fallbacksPerSec: rate(m.fallbacks.buckets),
        breakerOpen: widths.map((ms, b) => (ms > 0 ? this.read().bucketAreaOf(m.breakerOpen, b) / ms : 0)),
        limit: widths.map((ms, b) =>
          m.limitNodes > 0 && ms > 0 ? this.read().bucketAreaOf(m.limitSum, b) / ms / m.limitNodes : null,
        ),
      };
    }
    const queues = byName<QueueSeries>();
    for (const m of this.queues) {
      queues[m.name] = {
        depthMean: widths.map((ms, b) => (ms > 0 ? this.read().bucketAreaOf(m.depth, b) / ms : 0)),
        depthMax: widths.map((_, b) => this.read().bucketMaxOf(m.depth, b)),
        oldestAgeMs: widths.map((_, b) => m.oldest[b]),
        deliveredPerSec: rate(m.delivered.buckets),
      };
    }
    return { bucketMs: w, startMs, clients, services, edges, queues, stores: byName() };
  }
}
