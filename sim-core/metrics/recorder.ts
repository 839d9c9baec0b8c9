import { DROPPED, FAILED, REJECTED, SUCCEEDED, TIMED_OUT } from '../model/outcome.ts';
import { FlowStats } from './flow-stats.ts';
import { Histogram } from './histogram.ts';
import type {
  ClientSeries,
  ClientSummary,
  LatencySummary,
  RunSeries,
  RunSummary,
  ServiceSeries,
  ServiceSummary,
} from './result.ts';
import { TimeWeighted } from './time-weighted.ts';

export interface RecorderOptions {
  durationMs: number;
  bucketMs: number;
  warmupMs: number;
}

export interface ServiceShape {
  name: string;
  replicas: number;
  workers: number;
}

class ClientMetrics {
  readonly requests: FlowStats;
  readonly bucketAttempts: Float64Array;
  attempts = 0;
  constructor(o: RecorderOptions, buckets: number) {
    this.requests = new FlowStats(o.bucketMs, buckets, o.warmupMs);
    this.bucketAttempts = new Float64Array(buckets);
  }
}

class ServiceMetrics {
  readonly attempts: FlowStats;
  readonly queue: TimeWeighted;
  readonly busy: TimeWeighted;
  late = 0;
  /** Time from arrival to the start of work, of attempts that got a worker. */
  readonly queueWait = new Histogram();
  waited = 0;
  constructor(
    readonly shape: ServiceShape,
    o: RecorderOptions,
    buckets: number,
  ) {
    this.attempts = new FlowStats(o.bucketMs, buckets, o.warmupMs);
    this.queue = new TimeWeighted(o.bucketMs, buckets, o.warmupMs);
    this.busy = new TimeWeighted(o.bucketMs, buckets, o.warmupMs);
  }
}

/** Per-second rate of `count` over `ms` (0 for an empty span). */
function perSec(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

function orNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function latencySummary(h: Histogram): LatencySummary {
  return {
    mean: orNull(h.mean()),
    p50: orNull(h.quantile(0.5)),
    p90: orNull(h.quantile(0.9)),
    p99: orNull(h.quantile(0.99)),
    p999: orNull(h.quantile(0.999)),
    max: orNull(h.count > 0 ? h.max : Number.NaN),
  };
}

/**
 * Records what the model reports and turns it into the run's summary and series.
 * The model calls it at each change; it never decides anything about the simulation.
 */
export class MetricsRecorder {
  readonly buckets: number;
  private readonly clients: ClientMetrics[];
  private readonly services: ServiceMetrics[];

  constructor(
    private readonly options: RecorderOptions,
    private readonly clientNames: readonly string[],
    services: readonly ServiceShape[],
  ) {
    this.buckets = Math.max(1, Math.ceil(options.durationMs / options.bucketMs));
    this.clients = clientNames.map(() => new ClientMetrics(options, this.buckets));
    this.services = services.map((s) => new ServiceMetrics(s, options, this.buckets));
  }

  clientOffered(c: number, t: number): void {
    this.clients[c].requests.start(t);
  }

  clientAttempt(c: number, t: number): void {
    const m = this.clients[c];
    m.bucketAttempts[m.requests.bucket(t)]++;
    if (t >= this.options.warmupMs) m.attempts++;
  }

  clientEnded(c: number, outcome: number, issuedAt: number, t: number): void {
    this.clients[c].requests.end(outcome, issuedAt, t);
  }

  serviceArrival(s: number, t: number): void {
    this.services[s].attempts.start(t);
  }

  serviceAnswered(s: number, outcome: number, arrivedAt: number, t: number): void {
    this.services[s].attempts.end(outcome, arrivedAt, t);
  }

  /** An attempt that arrived at `arrivedAt` got a worker at `t`. */
  serviceWorkStarted(s: number, arrivedAt: number, t: number): void {
    if (arrivedAt < this.options.warmupMs) return;
    const m = this.services[s];
    m.queueWait.record(t - arrivedAt);
    if (t > arrivedAt) m.waited++;
  }

  serviceLate(s: number, t: number): void {
    if (t >= this.options.warmupMs) this.services[s].late++;
  }

  queueChanged(s: number, delta: number, t: number): void {
    this.services[s].queue.add(delta, t);
  }

  busyChanged(s: number, delta: number, t: number): void {
    this.services[s].busy.add(delta, t);
  }

  /** Integrates the gauges up to the run's end; call once before {@link summary} and {@link series}. */
  close(endMs: number): void {
    for (const m of this.services) {
      m.queue.advance(endMs);
      m.busy.advance(endMs);
    }
  }

  /** The whole-run summary over [warmup, endMs]. */
  summary(endMs: number, network: { sent: number; lost: number }): RunSummary {
    const from = Math.min(this.options.warmupMs, endMs);
    const span = endMs - from;
    let userRequests = 0;
    const clients: Record<string, ClientSummary> = {};
    this.clients.forEach((m, i) => {
      const r = m.requests;
      const o = r.outcomes;
      const ended = o[SUCCEEDED] + o[FAILED] + o[TIMED_OUT] + o[REJECTED] + o[DROPPED];
      userRequests += r.starts;
      clients[this.clientNames[i]] = {
        offered: r.starts,
        offeredPerSec: perSec(r.starts, span),
        attempts: m.attempts,
        attemptsPerSec: perSec(m.attempts, span),
        succeeded: o[SUCCEEDED],
        goodputPerSec: perSec(o[SUCCEEDED], span),
        errors: { failed: o[FAILED], timedOut: o[TIMED_OUT], rejected: o[REJECTED], dropped: o[DROPPED] },
        errorRate: ended > 0 ? (ended - o[SUCCEEDED]) / ended : 0,
        inFlight: r.starts - ended,
        latencyMs: latencySummary(r.latency),
      };
    });
    const services: Record<string, ServiceSummary> = {};
    for (const m of this.services) {
      const a = m.attempts;
      const o = a.outcomes;
      const workers = m.shape.workers;
      services[m.shape.name] = {
        replicas: m.shape.replicas,
        workers,
        attempts: a.starts,
        attemptsPerSec: perSec(a.starts, span),
        succeeded: o[SUCCEEDED],
        goodputPerSec: perSec(o[SUCCEEDED], span),
        errors: { failed: o[FAILED], rejected: o[REJECTED] },
        late: m.late,
        latencyMs: latencySummary(a.latency),
        queueWaitMs: { mean: orNull(m.queueWait.mean()), p99: orNull(m.queueWait.quantile(0.99)) },
        waitedFraction: m.queueWait.count > 0 ? m.waited / m.queueWait.count : 0,
        queueDepth: { mean: span > 0 ? m.queue.area / span : 0, max: m.queue.max },
        utilisation: span > 0 ? m.busy.area / span / workers : 0,
        inSystemMean: span > 0 ? (m.queue.area + m.busy.area) / span : 0,
        amplification: userRequests > 0 ? a.starts / userRequests : null,
      };
    }
    return { window: { fromMs: from, toMs: endMs }, userRequests, clients, services, network };
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
    const q = (f: FlowStats, p: number) =>
      widths.map((_, b) => orNull(f.bucketLatency[b]?.quantile(p) ?? Number.NaN));
    const users = new Float64Array(n);
    for (const m of this.clients) for (let b = 0; b < n; b++) users[b] += m.requests.bucketStarts[b];

    const clients: Record<string, ClientSeries> = {};
    this.clients.forEach((m, i) => {
      const r = m.requests;
      const K = r.outcomes.length;
      clients[this.clientNames[i]] = {
        offeredPerSec: rate(r.bucketStarts),
        attemptsPerSec: rate(m.bucketAttempts),
        goodputPerSec: rate(r.bucketOutcomes, K, SUCCEEDED),
        errorsPerSec: {
          failed: rate(r.bucketOutcomes, K, FAILED),
          timedOut: rate(r.bucketOutcomes, K, TIMED_OUT),
          rejected: rate(r.bucketOutcomes, K, REJECTED),
          dropped: rate(r.bucketOutcomes, K, DROPPED),
        },
        latencyP50Ms: q(r, 0.5),
        latencyP99Ms: q(r, 0.99),
      };
    });
    const services: Record<string, ServiceSeries> = {};
    for (const m of this.services) {
      const a = m.attempts;
      const K = a.outcomes.length;
      const workers = m.shape.workers;
      services[m.shape.name] = {
        attemptsPerSec: rate(a.bucketStarts),
        goodputPerSec: rate(a.bucketOutcomes, K, SUCCEEDED),
        errorsPerSec: {
          failed: rate(a.bucketOutcomes, K, FAILED),
          rejected: rate(a.bucketOutcomes, K, REJECTED),
        },
        latencyP50Ms: q(a, 0.5),
        latencyP99Ms: q(a, 0.99),
        queueDepthMean: widths.map((ms, b) => (ms > 0 ? m.queue.bucketArea[b] / ms : 0)),
        queueDepthMax: widths.map((_, b) => m.queue.bucketMax[b]),
        utilisation: widths.map((ms, b) => (ms > 0 ? m.busy.bucketArea[b] / ms / workers : 0)),
        amplification: widths.map((_, b) => (users[b] > 0 ? a.bucketStarts[b] / users[b] : null)),
      };
    }
    return { bucketMs: w, startMs, clients, services };
  }
}
