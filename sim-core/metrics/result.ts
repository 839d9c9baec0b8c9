/**
 * What a run reports. This is the shape of `faultline run --json` (a public contract: see
 * README "JSON output" and `result.schema.json`). Numbers that have no value (a percentile of
 * no requests) are null. Rates are per simulated second over the summary window.
 */

/** Latency of successful requests, in ms, from the run's histograms (relative error <= 0.4%). */
export interface LatencySummary {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
}

export interface ClientSummary {
  /** User requests issued in the window. */
  offered: number;
  offeredPerSec: number;
  /** Attempts sent (first tries and retries). */
  attempts: number;
  attemptsPerSec: number;
  succeeded: number;
  /** Successful user requests per second. */
  goodputPerSec: number;
  /** Ended user requests by cause of failure. */
  errors: { failed: number; timedOut: number; rejected: number; dropped: number };
  /** Failed / ended (0 when none ended). */
  errorRate: number;
  /** Issued in the window but not ended when the run stopped. */
  inFlight: number;
  latencyMs: LatencySummary;
}

export interface ServiceSummary {
  replicas: number;
  /** replicas x concurrency. */
  workers: number;
  /** Attempts that arrived at the service (at any replica) in the window. */
  attempts: number;
  attemptsPerSec: number;
  /** Attempts answered with success. */
  succeeded: number;
  goodputPerSec: number;
  /** Attempts answered with an error, by cause. */
  errors: { failed: number; rejected: number };
  /** Responses sent after the caller had already given up (wasted work). */
  late: number;
  /** Response time at the service (queueing + work + downstream calls) of successful attempts. */
  latencyMs: LatencySummary;
  /** Time attempts waited in a queue before a worker took them (those that got one). */
  queueWaitMs: { mean: number | null; p99: number | null };
  /** Fraction of the attempts that got a worker which had to wait for it first. */
  waitedFraction: number;
  /** Waiting requests summed over replicas: time-weighted mean and maximum. */
  queueDepth: { mean: number; max: number };
  /** Time-weighted mean of busy workers / workers. */
  utilisation: number;
  /** Time-weighted mean number of attempts in the service (waiting + being served). */
  inSystemMean: number;
  /** Attempts at this service / user requests offered by all clients. */
  amplification: number | null;
}

export interface RunSummary {
  /** The window the summary covers: [warm-up end, run end]. */
  window: { fromMs: number; toMs: number };
  /** User requests offered by all clients in the window. */
  userRequests: number;
  clients: Record<string, ClientSummary>;
  services: Record<string, ServiceSummary>;
  network: { sent: number; lost: number };
}

/** Per-bucket values; every array has one entry per bucket, bucket i covers [startMs[i], startMs[i] + bucketMs). */
export interface ClientSeries {
  offeredPerSec: number[];
  attemptsPerSec: number[];
  goodputPerSec: number[];
  errorsPerSec: { failed: number[]; timedOut: number[]; rejected: number[]; dropped: number[] };
  latencyP50Ms: (number | null)[];
  latencyP99Ms: (number | null)[];
}

export interface ServiceSeries {
  attemptsPerSec: number[];
  goodputPerSec: number[];
  errorsPerSec: { failed: number[]; rejected: number[] };
  latencyP50Ms: (number | null)[];
  latencyP99Ms: (number | null)[];
  queueDepthMean: number[];
  queueDepthMax: number[];
  utilisation: number[];
  amplification: (number | null)[];
}

export interface RunSeries {
  bucketMs: number;
  startMs: number[];
  clients: Record<string, ClientSeries>;
  services: Record<string, ServiceSeries>;
}

export interface RunResult {
  /** Version of this result format; bumped on any incompatible change. */
  format: 1;
  scenario: string;
  title: string;
  seed: number;
  /** 16 hex digits: hash of every processed event (time, kind, entity). Same inputs => same hash. */
  traceHash: string;
  /** Events processed. */
  events: number;
  /** Simulated time reached, ms. */
  simTimeMs: number;
  /** 'completed': ran to the scenario's duration; 'max-events': the event budget stopped a runaway run. */
  stopReason: 'completed' | 'max-events';
  /** A sentence explaining the stop. */
  stopMessage: string;
  summary: RunSummary;
  series: RunSeries;
}
