import type { ConcurrencyLimit } from '../patterns/adaptive-limit.ts';
import type { TokenBucket } from '../patterns/token-bucket.ts';
import type { Sampler } from '../random/distributions.ts';
import type { Rng } from '../random/streams.ts';
import type { ClientSpec, MessageQueueSpec, ServiceSpec, SheddingSpec } from '../scenario/spec.ts';
import type { ArrivalProcess } from './arrivals.ts';
import type { Job } from './call.ts';
import type { ScalingSignals } from './control/signals.ts';
import type { TrafficSplit } from './control/traffic-split.ts';
import type { Edge } from './edge.ts';
import type { KeyCache } from './key-cache.ts';
import type { LoadBalancer } from './load-balancer.ts';
import type { FifoQueue } from './queue-discipline.ts';
import type { ReplicaLoad } from './replica-load.ts';
import type { Resource } from './resource.ts';
import type { ZoneRouting } from './zone-routing.ts';

/** The live state of the model's parts. Plain records in the world (`world.ts`): the caller side, callee side, queues and faults mutate them. */

export interface ClientRuntime {
  readonly index: number;
  readonly spec: ClientSpec;
  readonly node: number;
  readonly edge: Edge;
  readonly arrivals: ArrivalProcess | null;
  readonly think: Sampler | null;
  readonly rng: Rng;
  /** Key popularity: cumulative weights of a Zipf(s) over `keys.count` keys, or null. */
  readonly keyCdf: Float64Array | null;
  readonly keyRng: Rng;
  /** Zone outages holding the client's node down (crash mode): it sends nothing while > 0. */
  stopped: number;
}

export interface ServiceRuntime {
  readonly index: number;
  readonly spec: ServiceSpec;
  /** The service's network group. */
  readonly group: number;
  /**
   * Global replica indices, one per slot: `replicas` of them, or `autoscaling.maxReplicas` for an
   * autoscaled service (slots not in use are absent, see `replica-load.ts`).
   */
  readonly replicas: number[];
  /** Attempts outstanding per slot and the slots in rotation (the balancer's view). */
  readonly load: ReplicaLoad;
  /**
   * The traffic split between a rollout's stable and new versions (canary, blue/green), or null:
   * the balancer picks over the whole rotation. Set by the rollout while it splits.
   */
  split: TrafficSplit | null;
  /** What its autoscaler observes (null: the service does not autoscale). */
  readonly signals: ScalingSignals | null;
  readonly balancer: LoadBalancer;
  readonly balancerRng: Rng;
  /** Zone-aware routing of the calls to it (`zoneAware`), or null: zone-blind. Set by the builder. */
  zoneRouting: ZoneRouting | null;
  readonly serviceTime: Sampler;
  readonly serviceTimeRng: Rng;
  /** Draws for error injection, corruption and similar per-request coin flips. */
  readonly faultRng: Rng;
  /** Downstream call targets: a service index, or a queue index when `callToQueue[i]`. */
  readonly calls: number[];
  readonly callToQueue: boolean[];
  readonly parallel: boolean;
  /** Cache in front of the service (cache-aside at its callers), or null. */
  readonly cache: KeyCache | null;
  /** Optimistic concurrency: the version of the data, bumped by each successful write. */
  version: number;
  /**
   * The load shedding in force: the spec's, or null while it is off (none declared, or declared
   * with `enabled: false` and not yet turned on by an alert's `enable-shedding` action).
   */
  shedding: SheddingSpec | null;
}

export interface ReplicaRuntime {
  readonly index: number;
  readonly service: number;
  /** Position behind the service's load balancer. */
  readonly slot: number;
  readonly node: number;
  readonly name: string;
  /** Workers as configured (after replica overrides; a deployment sets its version's). */
  baseConcurrency: number;
  /** The worker pool (its capacity: workers now, which capacity-loss faults lower) and its queue. */
  readonly workers: Resource<Job>;
  /** Jobs the queue may hold (Infinity: unbounded). */
  readonly capacity: number;
  /** Edges of this replica's downstream calls, one per call in the service's list. */
  readonly edges: Edge[];
  /** The slot's state in the replica set: a `SLOT_*` of `replica-load.ts` (READY without autoscaling). */
  lifecycle: number;
  // Fault state.
  up: boolean;
  /** Incremented by each crash: jobs of an older epoch have vanished. */
  epoch: number;
  /** Time a pause started, -1 when not paused; work that ends during a pause is parked. */
  pausedSince: number;
  readonly parked: Job[];
  latencyAdd: number;
  latencyMul: number;
  /** Factor on service times: the replica override's, or its version's once deployed. */
  serviceTimeFactor: number;
  /** The error probability before faults (the service's, an override's or its version's). */
  baseErrorProbability: number;
  errorProbability: number;
  /** The corrupt-answer probability before faults (0, or its version's). */
  baseCorruptProbability: number;
  corruptProbability: number;
  /** The version it runs: 0 the service's own settings, k the k-th of `versions` (see `control/rollout.ts`). */
  version: number;
  // Server-side patterns.
  readonly bucket: TokenBucket | null;
  readonly limit: ConcurrencyLimit | null;
  /** Attempts admitted and not yet answered (the server-side limit's in-flight count). */
  inFlight: number;
  /** CoDel: time the sojourn first went above target (-1: not above), and dropping state. */
  codelAboveSince: number;
  // Balancer health.
  consecutiveErrors: number;
  ejectedUntil: number;
  ejections: number;
  /** Envoy active health checking's verdict (true without health checks). */
  healthy: boolean;
  /**
   * Kubernetes readiness: false while its readiness probe fails, from a (re)start until the probe
   * first passes, and while the orchestrator restarts it (true without probes).
   */
  ready: boolean;
  // Orchestrator state (`control/`).
  /** A crash fault holds the replica down (it comes up when the fault ends, unless restarting). */
  faultDown: boolean;
  /** The orchestrator is restarting it (down until its restart delay and back-off end). */
  restarting: boolean;
  /** True time the replica last (re)started (see `Server.markStarted`); -Infinity: warm since before the run. */
  startedAt: number;
  /** Restarts in a row (the back-off's exponent); reset after `restartPolicy.resetAfterMs` of running. */
  restartsInRow: number;
}

export interface QueueMessage {
  readonly id: number;
  readonly publishedAt: number;
  readonly tier: number;
  readonly client: number;
  deliveries: number;
  /** True time it becomes visible again, or -1 while visible/queued. */
  invisibleUntil: number;
}

export interface MessageQueueRuntime {
  readonly index: number;
  readonly spec: MessageQueueSpec;
  readonly node: number;
  readonly group: number;
  readonly consumer: number;
  readonly edge: Edge;
  /** Consumers (`spec.consumers` slots, one per delivery in progress) and the visible messages waiting, oldest first. */
  readonly consumers: Resource<QueueMessage, FifoQueue<QueueMessage>>;
  /** Messages whose delivery failed, waiting for their visibility timeout. */
  invisible: number;
  deadLettered: number;
}
