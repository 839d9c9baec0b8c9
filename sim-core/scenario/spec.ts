import type { FaultSpec } from './fault-spec.ts';
import type { HypothesisSpec, LessonSpec, ParamSpec } from './hypothesis-spec.ts';
import type { CallPolicySpec, ServicePolicySpec } from './policy-spec.ts';
import type { AlertSpec, SloSpec } from './slo-spec.ts';
import type { StoreSpec } from './store-spec.ts';

export type * from './autoscaling-spec.ts';
export type * from './deployment-spec.ts';
export type * from './failover-spec.ts';
export type * from './fault-spec.ts';
export type * from './hypothesis-spec.ts';
export type * from './policy-spec.ts';
export type * from './slo-spec.ts';
export type * from './store-spec.ts';

/**
 * The scenario data model: what a scenario can say, fully resolved (every default filled in).
 *
 * These are plain JSON-serialisable types. Validation and defaults live in `scenarios/schema`,
 * which parses untrusted input into a {@link Scenario}; the engine trusts a `Scenario`.
 * Times are milliseconds of simulated time, rates are per simulated second.
 */

/** A non-negative random duration in milliseconds. */
export type DistributionSpec =
  | { kind: 'constant'; valueMs: number }
  | { kind: 'exponential'; meanMs: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  /** Truncated at zero by resampling. */
  | { kind: 'normal'; meanMs: number; stdDevMs: number }
  /** Either `meanMs` + `p99Ms` (p99Ms > meanMs) or `mu` + `sigma` of the underlying normal (in ln ms). */
  | { kind: 'lognormal'; meanMs?: number; p99Ms?: number; mu?: number; sigma?: number }
  /** A mixture of exponentials: with probability `p` a branch's exponential is drawn. */
  | { kind: 'hyperexponential'; branches: { p: number; meanMs: number }[] }
  /**
   * Either `samplesMs` (drawn uniformly) or `cdf` points (value, cumulative probability),
   * interpolated linearly between points; the last point's p must be 1.
   */
  | { kind: 'empirical'; samplesMs?: number[]; cdf?: { valueMs: number; p: number }[] };

/** How an open-loop client issues requests, or a closed-loop population of users. */
export type ArrivalSpec =
  | { kind: 'poisson'; ratePerSec: number }
  | { kind: 'constant'; ratePerSec: number }
  /** Poisson at `ratePerSec` during on-periods and `offRatePerSec` during off-periods, starting on. */
  | { kind: 'on-off'; ratePerSec: number; offRatePerSec: number; onMs: number; offMs: number }
  /** Poisson whose rate moves linearly from `fromPerSec` to `toPerSec` over `overMs`, then holds. */
  | { kind: 'ramp'; fromPerSec: number; toPerSec: number; overMs: number }
  /** `users` users, each sends one request, waits for its end, thinks, repeats. */
  | { kind: 'closed'; users: number; thinkTime: DistributionSpec }
  /** `users` users each send exactly one request at `atMs` (retries aside): a synchronized herd. */
  | { kind: 'once'; users: number; atMs: number };

export type LoadBalancerKind = 'round-robin' | 'random' | 'least-outstanding' | 'power-of-two';
export type QueueDiscipline = 'fifo' | 'lifo' | 'priority';

/** A call a service makes to another service (or publishes to a queue) while it handles a request. */
export interface DownstreamCallSpec extends CallPolicySpec {
  /** Name of the called service, or of a queue to publish to. */
  service: string;
}

export interface ServiceSpec extends ServicePolicySpec {
  name: string;
  /** Number of identical replicas behind the load balancer. */
  replicas: number;
  loadBalancer: LoadBalancerKind;
  /** Workers per replica: how many requests a replica serves at once. */
  concurrency: number;
  queue: {
    /** Requests that may wait per replica beyond the busy workers; null = unbounded. */
    capacity: number | null;
    discipline: QueueDiscipline;
  };
  /** Local work per request, done before the downstream calls; a worker is held throughout. */
  serviceTime: DistributionSpec;
  /** Downstream calls made after the local work: one after another, or all at once (fan-out). */
  callMode: 'sequential' | 'parallel';
  calls: DownstreamCallSpec[];
  /**
   * Availability zones the replicas are spread over: replica r lives in `zones[r % zones.length]`
   * (a list as long as `replicas` places each replica by hand); empty = no zone.
   */
  zones: string[];
  /** Zone-aware load balancing of the calls made to this service (Envoy); null = zone-blind. */
  zoneAware: ZoneAwareSpec | null;
  /** The service is a replicated store (see {@link StoreSpec}); null: an ordinary service. */
  store: StoreSpec | null;
}

/**
 * Zone-aware routing as Envoy does it ("Zone aware routing", Envoy architecture overview): a
 * caller sends as much as it can to healthy replicas in its own zone while keeping requests per
 * replica even across the service, and spills the rest to the zones with residual capacity.
 */
export interface ZoneAwareSpec {
  /** Below this many replicas the service is routed zone-blind (Envoy `min_cluster_size`, default 6). */
  minClusterSize: number;
  /**
   * Percent of healthy replicas below which the service (or the calling service) is in panic:
   * no zone routing; a service in panic takes traffic on every replica, healthy or not (Envoy
   * `healthy_panic_threshold`, default 50).
   */
  panicThresholdPercent: number;
  /**
   * Stay in the caller's zone whenever it holds at least this many healthy replicas, whatever
   * the zones' shares (Envoy `force_local_zone.min_size`, as Kubernetes' `PreferClose` traffic
   * distribution): no spill by residual capacity; null = Envoy's proportional split.
   */
  forceLocalZoneMinSize: number | null;
  /**
   * Spill-over on load (not in Envoy): when the zone a request would go to holds at least this
   * many outstanding attempts per healthy replica, it goes to the zone holding the fewest, if
   * that one holds fewer; null = never spill on load.
   */
  spillOutstandingPerReplica: number | null;
}

export interface ClientSpec extends CallPolicySpec {
  name: string;
  /** The service this client calls, or a queue it publishes to. */
  target: string;
  arrival: ArrivalSpec;
  /** Request tier for priority queues and shedding: 0 is the most important. */
  tier: number;
  /** Keys the requests address (for caches): `count` keys, popularity Zipf(s) (s = 0: uniform); null = no keys. */
  keys: { count: number; zipfS: number } | null;
  /** The availability zone the client's node lives in; null = no zone. */
  zone: string | null;
}

/** An asynchronous queue between producers and a consuming service. */
export interface MessageQueueSpec {
  name: string;
  /** The service that consumes messages. */
  consumer: string;
  /** Messages the consumers process at once (pull concurrency). */
  consumers: number;
  /** A delivery not acknowledged within this time becomes visible again (redelivery). */
  visibilityTimeoutMs: number;
  /** After this many failed deliveries a message moves to the dead-letter queue. */
  maxDeliveries: number;
  /** Messages held at most; null = unbounded. A publish to a full queue is rejected. */
  capacity: number | null;
}

export interface LinkSpec {
  /** Sending node group: a client or service name. */
  from: string;
  /** Receiving node group: a client or service name. */
  to: string;
  latency?: DistributionSpec;
  /** Probability in [0, 1] that a message on this link is lost. */
  loss?: number;
}

export interface NetworkSpec {
  /** One-way latency of every message unless a link overrides it. */
  latency: DistributionSpec;
  /** Loss probability of every message unless a link overrides it. */
  loss: number;
  /** Per-direction overrides: `from` -> `to`. */
  links: LinkSpec[];
  /**
   * Extra one-way latency of a message between two nodes in different zones (both zoned), added
   * to the link's own latency before any latency fault applies; null = zones cost nothing.
   */
  crossZone: { latency: DistributionSpec } | null;
}

export interface ClockSpec {
  /** A client name, a service name (all its replicas) or one replica `service/index` (which wins over its service's entry). */
  node: string;
  /** Local clock = true time + offset (at time 0). */
  offsetMs: number;
  /** Rate error in parts per million: +100 runs 100 us fast per second. */
  driftPpm: number;
}

export interface MetricsSpec {
  /** Width of a series bucket. */
  bucketMs: number;
  /** Requests issued before this time are left out of the summary. */
  warmupMs: number;
}

export interface BudgetSpec {
  /** Stop after processing this many events. */
  maxEvents: number;
  /**
   * Stop once more than this many user requests (client calls started and not yet ended) are
   * in flight at once: the memory guard of an overloaded run.
   */
  maxInFlight: number;
}

export interface Scenario {
  id: string;
  title: string;
  description: string;
  /** Default master seed; `--seed` overrides it. */
  seed: number;
  /** Simulated time to run: clients stop issuing requests at this time and the run stops. */
  durationMs: number;
  metrics: MetricsSpec;
  budget: BudgetSpec;
  clients: ClientSpec[];
  services: ServiceSpec[];
  network: NetworkSpec;
  clocks: ClockSpec[];
  queues: MessageQueueSpec[];
  faults: FaultSpec[];
  /** Service level objectives, reported in `summary.slos`. */
  slos: SloSpec[];
  /** Burn-rate alerts on the SLOs, evaluated during the run (they may act on it). */
  alerts: AlertSpec[];
  hypotheses: HypothesisSpec[];
  lesson: LessonSpec | null;
  params: ParamSpec[];
}
