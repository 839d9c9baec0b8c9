/** Hand-built run results and hypotheses with exact, known numbers. */
import type {
  ClientSeries,
  ClientSummary,
  LatencySummary,
  RunResult,
  ServiceSeries,
  ServiceSummary,
} from '../../../sim-core/metrics/result.ts';
import type { HypothesisSpec } from '../../../sim-core/scenario/spec.ts';

const latency = (p99: number | null): LatencySummary => ({
  mean: p99 === null ? null : p99 / 2,
  p50: p99 === null ? null : p99 / 4,
  p90: p99,
  p99,
  p999: p99,
  max: p99,
});

export function clientSummary(goodputPerSec: number, p99: number | null): ClientSummary {
  return {
    offered: 1000,
    offeredPerSec: 100,
    attempts: 1200,
    attemptsPerSec: 120,
    succeeded: 900,
    goodputPerSec,
    errors: {
      failed: 40,
      timedOut: 30,
      rejected: 20,
      dropped: 10,
      shed: 0,
      rateLimited: 0,
      breakerOpen: 0,
      bulkheadFull: 0,
      limited: 0,
    },
    degraded: 0,
    corrupt: 0,
    errorRate: 0.1,
    inFlight: 0,
    latencyMs: latency(p99),
  };
}

export function serviceSummary(amplification: number | null): ServiceSummary {
  return {
    replicas: 2,
    workers: 8,
    attempts: 1300,
    attemptsPerSec: 130,
    succeeded: 1200,
    goodputPerSec: 120,
    errors: { failed: 50, rejected: 7, shed: 0, rateLimited: 0, limited: 0 },
    shedByTier: [0],
    duplicates: 0,
    deduplicated: 0,
    ejections: 0,
    probes: null,
    inFlight: 43,
    cache: null,
    late: 3,
    latencyMs: latency(25),
    queueWaitMs: { mean: 1, p50: 0, p90: 4, p99: 9, p999: 11 },
    waitedFraction: 0.25,
    queueDepth: { mean: 1.5, max: 12 },
    utilisation: 0.75,
    inSystemMean: 4,
    amplification,
  };
}

export function clientSeries(goodput: number[], p99: (number | null)[]): ClientSeries {
  const zeros = goodput.map(() => 0);
  return {
    offeredPerSec: goodput.map((g) => g + 10),
    attemptsPerSec: goodput.map((g) => g + 20),
    goodputPerSec: goodput,
    errorsPerSec: {
      failed: zeros,
      timedOut: zeros,
      rejected: zeros,
      dropped: zeros,
      shed: zeros,
      rateLimited: zeros,
      breakerOpen: zeros,
      bulkheadFull: zeros,
      limited: zeros,
    },
    degradedPerSec: zeros,
    latencyP50Ms: p99.map((v) => (v === null ? null : v / 4)),
    latencyP99Ms: p99,
  };
}

export function serviceSeries(amplification: (number | null)[], rejected: number[]): ServiceSeries {
  const n = amplification.length;
  const fill = (v: number) => Array.from({ length: n }, () => v);
  return {
    attemptsPerSec: fill(130),
    goodputPerSec: fill(120),
    errorsPerSec: { failed: fill(0), rejected, shed: fill(0), rateLimited: fill(0), limited: fill(0) },
    latencyP50Ms: fill(5),
    latencyP99Ms: fill(25),
    queueDepthMean: amplification.map((_, i) => i),
    queueDepthMax: amplification.map((_, i) => 2 * i),
    utilisation: fill(0.5),
    amplification,
    replicas: fill(2),
    readyReplicas: fill(2),
  };
}

/**
 * Ten 1 s buckets, summary window 2-10 s, no edges, queues or fault recovery (summary.faults = []).
 * users goodput: 100 100 100 100 80 60 100 100 100 100 (summary 95)
 * users p99:     10 10 20 20 null null 30 40 10 10 (summary 50)
 * db amplification: 1 1 1 1 2 3 1 1 1 1 (summary 1.5); db rejected/s 0 0 0 0 5 5 0 0 0 0
 */
export function handBuiltResult(): RunResult {
  const goodput = [100, 100, 100, 100, 80, 60, 100, 100, 100, 100];
  const p99 = [10, 10, 20, 20, null, null, 30, 40, 10, 10];
  const amplification = [1, 1, 1, 1, 2, 3, 1, 1, 1, 1];
  const rejected = [0, 0, 0, 0, 5, 5, 0, 0, 0, 0];
  return {
    format: 1,
    scenario: 'hand-built',
    title: 'Hand-built',
    seed: 1,
    traceHash: '0123456789abcdef',
    events: 12345,
    simTimeMs: 10_000,
    stopReason: 'completed',
    stopMessage: "ran to the scenario's end at 10000 ms",
    summary: {
      window: { fromMs: 2000, toMs: 10_000 },
      userRequests: 1000,
      clients: { users: clientSummary(95, 50) },
      services: { db: serviceSummary(1.5) },
      edges: {},
      queues: {},
      faults: [],
      timeline: [],
      controlEvents: [],
      slos: {},
      alerts: {},
      deployments: [],
      network: { sent: 5000, lost: 2 },
      stores: {},
    },
    series: {
      bucketMs: 1000,
      startMs: goodput.map((_, i) => i * 1000),
      clients: { users: clientSeries(goodput, p99) },
      services: { db: serviceSeries(amplification, rejected) },
      stores: {},
      edges: {},
      queues: {},
    },
  };
}

/** A hypothesis with summary-mode defaults. */
export function hypothesis(over: Partial<HypothesisSpec> & Pick<HypothesisSpec, 'metric'>): HypothesisSpec {
  return {
    name: over.name ?? over.metric,
    op: '<=',
    value: 0,
    mode: 'summary',
    set: [],
    window: null,
    relativeTo: null,
    ...over,
  };
}
