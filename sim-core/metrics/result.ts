import type { StoreSeries, StoreSummary } from '../store/store-accounting.ts';

export type { StoreSeries, StoreSummary } from '../store/store-accounting.ts';

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

/** Ended calls by cause of failure (the caller's view). */
export interface CallErrors {
  failed: number;
  timedOut: number;
  rejected: number;
  dropped: number;
  shed: number;
  rateLimited: number;
  breakerOpen: number;
  bulkheadFull: number;
  limited: number;
}

/** Attempts a service answered with an error, by cause. */
export interface ServiceErrors {
  failed: number;
  rejected: number;
  shed: number;
  rateLimited: number;
  limited: number;
}

export interface ClientSummary {
  /** User requests issued in the window. */
  offered: number;
  offeredPerSec: number;
  /** Attempts sent (first tries and retries). */
  attempts: number;
  attemptsPerSec: number;
  succeeded: number;
  /** Successful user requests per second (degraded and corrupt answers not included). */
  goodputPerSec: number;
  /** Ended user requests by cause of failure. */
  errors: CallErrors;
  /** Answered by a fallback (a degraded success). */
  degraded: number;
  /** A wrong answer accepted as good (Byzantine replica, no validation): counted apart from successes. */
  corrupt: number;
  /** (Ended - succeeded - degraded - corrupt) / ended (0 when none ended). */
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
  /**
   * Attempts answered with an error, by cause. `shed` includes the attempts dropped from a queue
   * unserved because nobody waits for them any more (a propagated deadline passed, or the call
   * ended another way: its deadline, a hedge that answered first).
   */
  errors: ServiceErrors;
  /** Attempts shed, by request tier (index = tier). */
  shedByTier: number[];
  /** Writes applied a second time for one request (retries without idempotency keys). */
  duplicates: number;
  /** Repeated writes recognised by their idempotency key and not applied again. */
  deduplicated: number;
  /** Times the balancer ejected one of its replicas (outlier detection). */
  ejections: number;
  /** The cache in front of the service, if any. */
  cache: { hits: number; misses: number; coalesced: number; hitRatio: number } | null;
  /**
   * Probes and health checks sent to the replicas (in the window), counted apart from requests:
   * sent = passed + failed + timedOut + still in flight; restarts by the orchestrator. Null for a
   * service without probes or health checks.
   */
  probes: ProbeCounts | null;
  /** Active-passive failover (`services.<s>.failover`); absent for a service without it. */
  failover?: FailoverSummary;
  /** Per version of a service with a deployment (`stable` and each of its versions); absent otherwise. */
  versions?: Record<string, VersionSummary>;
  /** Responses sent after the caller had already given up (wasted work). */
  late: number;
  /**
   * Arrived in the window, not answered when the run stopped: queued, in service, or wiped by a
   * crash. So attempts = succeeded + (every error cause) + inFlight.
   */
  inFlight: number;
  /** Response time at the service (queueing + work + downstream calls) of successful attempts. */
  latencyMs: LatencySummary;
  /**
   * Time attempts waited in a queue before a worker took them (those that got one, arrived in
   * the window), in ms; percentiles from a histogram (relative error <= 0.4%), the exact mean.
   */
  queueWaitMs: {
    mean: number | null;
    p50: number | null;
    p90: number | null;
    p99: number | null;
    p999: number | null;
  };
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

/**
 * A service's active-passive failover over the whole run (see `model/control/failover.ts`).
 */
export interface FailoverSummary {
  /** Failovers decided (by the detector or forced), each one `failover-detected` event. */
  failovers: number;
  /** Detector failovers of an active that was up and not paused (its heartbeats were lost or late). */
  falseFailovers: number;
  /** Failovers forced by an alert's `failover` action. */
  forced: number;
  /** Planned switchovers back to an original active (`failback`). */
  failbacks: number;
  /** Per detector failover of an active really down (crashed or paused): from its going down to the decision, ms. */
  detectionMs: number[];
  /** Mean of `detectionMs`; null when it is empty. */
  meanDetectionMs: number | null;
  /** From a decision to the standby serving (the spec's promotionMs), ms. */
  promotionMs: number;
  /** Time no replica served (none in the set up and not paused), ms. */
  unavailableMs: number;
  /** Attempts a replica held when it went down (crash, fence) or that reached a replica while down. */
  requestsLost: number;
  /** Attempts a demoted, unfenced replica answered after leaving the set (split-brain service). */
  servedAfterDemotion: number;
}

/** A service's probes and health checks (see `ServiceSummary.probes`). */
export interface ProbeCounts {
  sent: number;
  /** Answered with success within the timeout. */
  passed: number;
  /** Answered with an error within the timeout (the replica's queue was full). */
  failed: number;
  /** Not answered within the timeout: lost in a partition, queued too long, or the replica down. */
  timedOut: number;
  /** Replicas the orchestrator restarted (liveness failures). */
  restarts: number;
}

/** A breaker state change on one caller node. */
export interface BreakerTransition {
  atMs: number;
  node: string;
  from: 'closed' | 'open' | 'half-open';
  to: 'closed' | 'open' | 'half-open';
}

/** One dependency (`caller->target`, caller = client, service or queue), summed over the caller's nodes. */
export interface EdgeSummary {
  /** Calls made (logical requests on this edge). */
  calls: number;
  /** Attempts: first tries, retries and hedges (including those refused by a caller-side guard). */
  attempts: number;
  retries: number;
  hedges: number;
  /** Retries a retry budget or quota refused (the call ended with its last cause). */
  retriesSuppressed: number;
  /** Attempts refused by the caller's own guards, by guard. */
  refused: { breakerOpen: number; rateLimited: number; bulkheadFull: number; limited: number };
  /** Calls answered by a fallback. */
  fallbacks: number;
  /** Corrupt answers caught by validation. */
  corruptDetected: number;
  /** Attempts per call on this edge. */
  amplification: number | null;
  /** Ended calls by outcome. */
  outcomes: Record<string, number>;
  /** Breaker state changes (every caller node's breaker on this edge), or null without a breaker. */
  breaker: { opened: number; transitions: BreakerTransition[] } | null;
  /** The adaptive concurrency limit: time-weighted mean over the window and caller nodes; min and max over the whole run. Null without one. */
  limit: { mean: number; min: number; max: number } | null;
}

export interface QueueSummary {
  published: number;
  /** Messages acknowledged by a consumer. */
  delivered: number;
  redeliveries: number;
  deadLettered: number;
  /** Messages held (visible + being delivered + waiting to be visible again). */
  depth: { mean: number; max: number };
  /** Age of the oldest visible message, maximum over the window. */
  oldestAgeMsMax: number;
  /** Time from publish to acknowledgement. */
  deliveryLatencyMs: LatencySummary;
}

/** How the system came back after one fault (see README "Recovery"). */
export interface FaultRecovery {
  name: string;
  kind: string;
  startMs: number;
  /** null: the fault never ends within the run. */
  endMs: number | null;
  preFaultGoodputPerSec: number | null;
  recoveredAtMs: number | null;
  recoveryMs: number | null;
  /** Goodput never came back within the run after the fault ended (with enough buckets left to tell). */
  metastable: boolean;
  /**
   * recovered; metastable; ongoing (never ends, or still active at the end); no-baseline (no
   * pre-fault goodput to compare with); interrupted (a later fault started first); inconclusive
   * (too few buckets left after the fault).
   */
  state: 'recovered' | 'metastable' | 'ongoing' | 'no-baseline' | 'interrupted' | 'inconclusive';
}

/**
 * What a timeline entry says happened. `crash` and `partition` are chaos hits; the control
 * plane adds its own kinds (each documented where it is produced, in the result schema and in
 * the README). Consumers must accept kinds they do not know: the list only grows.
 */
export type TimelineKind =
  | 'crash'
  | 'partition'
  | 'not-ready'
  | 'restart'
  | 'provisioning'
  | 'draining'
  | 'standby';

/**
 * One thing done to one replica from one time to another, on the run's control timeline: chaos
 * hits, `crash` (a `chaos-crash` hit: the replica is down) and `partition` (a `chaos-partition`
 * hit: the replica is cut off from every node that calls its service), each replica a
 * `zone-outage` hits (`crash`: down with its zone; `partition`: cut off from every node outside
 * its zone), with the fault's name as source; and the control plane's
 * `not-ready` (out of the load balancer: its readiness probe, source `readiness`, or its health
 * checks, source `health-check`, fail, or it restarted and its readiness has not passed yet),
 * `restart` (the orchestrator restarts it: down, source `liveness`), `provisioning` (an
 * autoscaler created it: not serving yet) and `draining` (scaled in: out of rotation, finishing
 * what it holds) and `standby` (a failover standby, or a demoted active: up, out of the set until
 * promoted; source `failover`).
 */
export interface TimelineEntry {
  kind: TimelineKind;
  /** What did it: the fault's name (as in `summary.faults[].name`). */
  source: string;
  service: string;
  /** The replica's index in its service. */
  replica: number;
  /** The replica's node, e.g. "api/1". */
  node: string;
  startMs: number;
  /** null: still in force when the run stopped. */
  endMs: number | null;
}

/**
 * One instant of the control plane (a probe flipping readiness, a restart, a scaling decision,
 * a rollout step, a failover, an alert firing or clearing), in `summary.controlEvents`. The
 * kinds only grow; consumers must accept kinds they do not know.
 */
export interface ControlEvent {
  /** True time of the decision or change. */
  atMs: number;
  /** e.g. `readiness-failed`, `restart`, `scale`, `alert-fired` (see the README's glossary). */
  kind: string;
  /** The service it concerns (null: the whole run, e.g. an alert on a client's SLO). */
  service: string | null;
  /** The replica's index in its service (null: the service as a whole). */
  replica: number | null;
  /** What did it: the probe, policy, rollout, alert or fault name. */
  source: string;
  /** Numbers that say what changed (e.g. `{ from: 4, to: 6 }` for a scaling decision). */
  detail: Record<string, number | string>;
}

/**
 * One SLO over its compliance window (`summary.slos.<name>`); requests count when they end (see
 * `model/control/slo-tracker.ts`).
 */
export interface SloSummary {
  /** The client measured (its user requests), or null. */
  client: string | null;
  /** The service measured (its answered attempts), or null. */
  service: string | null;
  objective: { kind: 'availability' | 'latency'; target: number; thresholdMs: number | null };
  /** The compliance window: [fromMs, toMs) of true time, requests counted by their end. */
  window: { fromMs: number; toMs: number };
  /** Good requests in the window. */
  good: number;
  /** Requests that ended in the window. */
  total: number;
  /** good / total; null without requests. */
  sli: number | null;
  /** sli >= target (true without requests). */
  attained: boolean;
  /** Fraction of the window's error budget used: (total - good) / ((1 - target) x total); > 1 missed. */
  errorBudgetSpent: number;
}

/** One burn-rate alert (`summary.alerts.<name>`), see `model/control/alerts.ts`. */
export interface AlertSummary {
  /** The SLO it watches. */
  slo: string;
  /** Each firing: when it fired and cleared (null: still firing when the run stopped). */
  fired: { atMs: number; clearedAtMs: number | null }[];
  /** Firings (fired.length). */
  firings: number;
  /** Still firing when the run stopped. */
  firing: boolean;
  /** From the start of the first fault to the first firing at or after it; null: no fault or no such firing. */
  timeToDetectMs: number | null;
  /** From the start of the first fault to the alert's action taking effect after that firing; null without. */
  timeToMitigateMs: number | null;
  /** When the alert's action first took effect; null: never (or no action). */
  actionAtMs: number | null;
  /**
   * Each time the action took effect (`atMs`) and when it was undone after the alert cleared
   * (`endedAtMs`; null with `until: 'forever'`, or when the run stopped first).
   */
  actions: { atMs: number; endedAtMs: number | null }[];
}

/** One version's golden signals at its service (`summary.services.<s>.versions.<v>`), see `model/control/rollout.ts`. */
export interface VersionSummary {
  /** Replicas of the version that exist at the end (provisioning, serving or draining). */
  replicas: number;
  /** Time-weighted mean of those over the summary window. */
  replicasMean: number;
  /** Attempts answered by its replicas (arrived after the warm-up). */
  requests: number;
  /** Of those, answered with an error (not succeeded, degraded or corrupt). */
  errors: number;
  /** errors / requests; null without requests. */
  errorRate: number | null;
  /** Response time at its replicas of successful answers; null without any. */
  latencyMs: { p50: number | null; p99: number | null };
}

/** One version's per-bucket signals (`series.services.<s>.versions.<v>`). */
export interface VersionSeries {
  /** Attempts its replicas answered per second (by answer time). */
  attemptsPerSec: number[];
  /** Of those, answered with an error, per second. */
  errorsPerSec: number[];
  /** Time-weighted mean of its replicas that exist. */
  replicas: number[];
}

/** A service's rollout (`summary.deployments[]`), see `model/control/rollout.ts` and the README. */
export interface DeploymentSummary {
  /** The service's name (the entry's name for metric paths: `deployments.<service>.…`). */
  name: string;
  service: string;
  /** The version rolled out. */
  version: string;
  strategy: 'rolling' | 'canary' | 'blue-green';
  /** When it started; null: not yet when the run stopped. */
  startMs: number | null;
  /** When it was promoted or rolled back completely; null: not yet. */
  endMs: number | null;
  outcome: 'pending' | 'in-progress' | 'rolling-back' | 'promoted' | 'rolled-back';
  /** When it was aborted (a failed analysis or an alert's rollback); null: never. */
  abortedAtMs: number | null;
  /** What aborted it: `analysis` or `alert:<name>`; null: nothing. */
  abortedBy: string | null;
  /** When every request went to the stable version again after the abort; null: never. */
  mitigatedAtMs: number | null;
  /** From the rollout's start to mitigatedAtMs; null without a mitigation. */
  timeToMitigateMs: number | null;
  /** From the abort to mitigatedAtMs; null without a mitigation. */
  abortToMitigateMs: number | null;
  /**
   * The blast radius: attempts answered with an error by the new version's replicas from the
   * rollout's start to the run's end, against all attempts the service answered in that span.
   */
  blastRadius: { failed: number; attempts: number; fraction: number | null };
  /** Analysis runs that passed and failed. */
  analyses: { passed: number; failed: number };
}

export interface RunSummary {
  /** The window the summary covers: [warm-up end, run end]. */
  window: { fromMs: number; toMs: number };
  /** User requests offered by all clients in the window. */
  userRequests: number;
  /**
   * Entities by name. As built by the recorder these objects have no prototype (`__proto__` or
   * `constructor` is a name like any other, see `by-name.ts`); copies (JSON, structured clones)
   * are ordinary objects with own keys, so look names up with an own-property check.
   */
  clients: Record<string, ClientSummary>;
  services: Record<string, ServiceSummary>;
  edges: Record<string, EdgeSummary>;
  queues: Record<string, QueueSummary>;
  faults: FaultRecovery[];
  /** Control events over the whole run (warm-up included), in order of their start. */
  timeline: TimelineEntry[];
  /** Control-plane instants over the whole run (warm-up included), in time order. */
  controlEvents: ControlEvent[];
  /** Per SLO, by name; empty without SLOs. */
  slos: Record<string, SloSummary>;
  /** Per alert, by name; empty without alerts. */
  alerts: Record<string, AlertSummary>;
  /** The services' rollouts, in service order; empty without deployments. */
  deployments: DeploymentSummary[];
  network: { sent: number; lost: number };
  /**
   * Replicated stores by service name (empty without one), counted exactly by the simulator's
   * consistency oracle over the whole run (warm-up included); see the README's glossary.
   */
  stores: Record<string, StoreSummary>;
}

/** Per-bucket values; every array has one entry per bucket, bucket i covers [startMs[i], startMs[i] + bucketMs). */
export interface ClientSeries {
  offeredPerSec: number[];
  attemptsPerSec: number[];
  goodputPerSec: number[];
  errorsPerSec: Record<keyof CallErrors, number[]>;
  degradedPerSec: number[];
  latencyP50Ms: (number | null)[];
  latencyP99Ms: (number | null)[];
}

export interface ServiceSeries {
  attemptsPerSec: number[];
  goodputPerSec: number[];
  errorsPerSec: Record<keyof ServiceErrors, number[]>;
  latencyP50Ms: (number | null)[];
  latencyP99Ms: (number | null)[];
  queueDepthMean: number[];
  queueDepthMax: number[];
  utilisation: number[];
  amplification: (number | null)[];
  /**
   * Replicas that exist (provisioning, ready or draining), time-weighted mean per bucket: the
   * configured `replicas` throughout unless the service autoscales.
   */
  replicas: number[];
  /** Replicas in rotation (ready), time-weighted mean per bucket. */
  readyReplicas: number[];
  /** Per version of a service with a deployment; absent otherwise. */
  versions?: Record<string, VersionSeries>;
}

export interface EdgeSeries {
  attemptsPerSec: number[];
  retriesPerSec: number[];
  retriesSuppressedPerSec: number[];
  refusedPerSec: number[];
  fallbacksPerSec: number[];
  /** Time-weighted number of caller nodes whose breaker on this edge is open (half-open counts 0.5). */
  breakerOpen: number[];
  /** Time-weighted mean adaptive limit over the caller nodes (null without one). */
  limit: (number | null)[];
}

export interface QueueSeries {
  depthMean: number[];
  depthMax: number[];
  oldestAgeMs: number[];
  deliveredPerSec: number[];
}

export interface RunSeries {
  bucketMs: number;
  startMs: number[];
  clients: Record<string, ClientSeries>;
  services: Record<string, ServiceSeries>;
  edges: Record<string, EdgeSeries>;
  queues: Record<string, QueueSeries>;
  /** Replicated stores by service name (empty without one): rates per full bucket, lag per replica. */
  stores: Record<string, StoreSeries>;
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
  /**
   * 'completed': ran to the scenario's duration; 'max-events': the event budget stopped a runaway
   * run; 'max-in-flight': more than `budget.maxInFlight` user requests were in flight at once (the
   * memory guard stopped an overloaded run right after the event that exceeded it).
   */
  stopReason: 'completed' | 'max-events' | 'max-in-flight';
  /** A sentence explaining the stop. */
  stopMessage: string;
  summary: RunSummary;
  series: RunSeries;
}
