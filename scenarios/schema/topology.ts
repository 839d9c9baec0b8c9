/**
 * The schema of what a scenario is made of (`sim-core/scenario/spec.ts`): arrivals, clients,
 * services and their calls, message queues, the network and clocks. Their rules (names that
 * refer to each other, an acyclic call graph) are in `topology-rules.ts`.
 */
import { z } from 'zod';
import { CallPolicySchema } from './call-policies.ts';
import { DistributionSchema } from './distributions.ts';
import { driftPpm, intAtLeast, name, nonNegative, positive, probability } from './fields.ts';
import { ServicePolicySchema } from './service-policies.ts';
import { StoreSchema } from './store.ts';

// ---------------------------------------------------------------- arrivals

/** How an open-loop client issues requests, or a closed-loop population of users. */
export const ArrivalSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('poisson').describe('Independent arrivals: exponential gaps between requests.'),
        ratePerSec: positive().describe('Mean requests per second (> 0).'),
      })
      .describe('Open loop: a Poisson process.'),
    z
      .strictObject({
        kind: z.literal('constant').describe('Evenly spaced arrivals.'),
        ratePerSec: positive().describe('Requests per second (> 0).'),
      })
      .describe('Open loop: one request every 1/rate seconds.'),
    z
      .strictObject({
        kind: z.literal('on-off').describe('Bursty: alternating on and off periods, starting on.'),
        ratePerSec: positive().describe('Poisson rate during on-periods, per second (> 0).'),
        offRatePerSec: nonNegative().describe('Poisson rate during off-periods, per second (>= 0).'),
        onMs: positive().describe('Length of an on-period, in ms (> 0).'),
        offMs: positive().describe('Length of an off-period, in ms (> 0).'),
      })
      .describe('Open loop: Poisson bursts.'),
    z
      .strictObject({
        kind: z.literal('ramp').describe('A Poisson rate that moves linearly, then holds.'),
        fromPerSec: nonNegative().describe('Rate at time 0, per second (>= 0).'),
        toPerSec: nonNegative().describe('Rate reached after overMs and then held, per second (>= 0).'),
        overMs: positive().describe('How long the ramp lasts, in ms (> 0).'),
      })
      .describe('Open loop: a linear ramp of a Poisson rate.'),
    z
      .strictObject({
        kind: z
          .literal('closed')
          .describe('A fixed population: each user waits for its answer before the next.'),
        users: intAtLeast(1).describe('Number of users (an integer >= 1).'),
        thinkTime: DistributionSchema.describe('Pause between a response and the same user’s next request.'),
      })
      .describe('Closed loop: users that send, wait, think and repeat.'),
    z
      .strictObject({
        kind: z
          .literal('once')
          .describe('A synchronized herd: every user sends one request at the same instant.'),
        users: intAtLeast(1).describe('Number of users (an integer >= 1).'),
        atMs: nonNegative().describe('When they send, in ms (>= 0, < durationMs).'),
      })
      .describe('One request per user at atMs (retries aside), then nothing.'),
  ])
  .describe('How requests arrive, chosen by "kind".');

// ---------------------------------------------------------------- services, clients and queues

/** A call a service makes to another service, or a publish to a queue, while it handles a request. */
export const DownstreamCallSchema = z
  .strictObject({
    service: name().describe('Name of the called service, or of a queue to publish to.'),
    ...CallPolicySchema.shape,
  })
  .describe('A downstream call made while handling a request, with its caller-side patterns.');

/** A service: replicas behind a load balancer, each with workers and a queue. */
export const ServiceSchema = z
  .strictObject({
    name: name().describe('Unique name of the service (letters, digits, "_" and "-").'),
    replicas: intAtLeast(1)
      .default(1)
      .describe('Number of identical replicas behind the load balancer (>= 1).'),
    loadBalancer: z
      .enum(['round-robin', 'random', 'least-outstanding', 'power-of-two'])
      .default('round-robin')
      .describe('How a request picks a replica.'),
    concurrency: intAtLeast(1)
      .default(1)
      .describe('Workers per replica: how many requests a replica serves at once (>= 1).'),
    queue: z
      .strictObject({
        capacity: intAtLeast(0)
          .nullable()
          .default(null)
          .describe('Requests that may wait per replica beyond the busy workers (>= 0); null is unbounded.'),
        discipline: z
          .enum(['fifo', 'lifo', 'priority'])
          .default('fifo')
          .describe('Which waiting request is served next; priority serves the lowest tier first.'),
      })
      .default(() => ({ capacity: null, discipline: 'fifo' as const }))
      .describe('The waiting line of each replica.'),
    serviceTime: DistributionSchema.describe(
      'Local work per request, done before the downstream calls; a worker is held throughout.',
    ),
    callMode: z
      .enum(['sequential', 'parallel'])
      .default('sequential')
      .describe('Make the downstream calls one after another, or all at once (fan-out).'),
    calls: z
      .array(DownstreamCallSchema)
      .default(() => [])
      .describe('Downstream calls made after the local work; they must not form a cycle.'),
    zones: z
      .array(name())
      .default(() => [])
      .describe(
        'Availability zones the replicas are spread over: replica r lives in zones[r mod length] (a list as long as replicas places each replica); empty is no zone.',
      ),
    zoneAware: z
      .strictObject({
        minClusterSize: intAtLeast(1)
          .default(6)
          .describe(
            'Below this many replicas calls are routed zone-blind (Envoy min_cluster_size; an integer >= 1, default 6).',
          ),
        panicThresholdPercent: z
          .number()
          .min(0)
          .max(100)
          .default(50)
          .describe(
            'Percent of healthy replicas below which the service (or the calling service) is in panic: no zone routing, and a service in panic takes calls on every replica (Envoy healthy_panic_threshold; in [0, 100], default 50).',
          ),
        forceLocalZoneMinSize: intAtLeast(1)
          .nullable()
          .default(null)
          .describe(
            'Stay in the caller’s zone whenever it holds at least this many healthy replicas, with no spill by residual capacity (Envoy force_local_zone.min_size; an integer >= 1); null splits by Envoy’s shares.',
          ),
        spillOutstandingPerReplica: positive()
          .nullable()
          .default(null)
          .describe(
            'Spill on load: when the chosen zone holds at least this many outstanding attempts per healthy replica, the call goes to the zone holding the fewest, if fewer (> 0); null never spills on load.',
          ),
      })
      .nullable()
      .default(null)
      .describe(
        'Zone-aware load balancing (Envoy zone aware routing): callers prefer healthy replicas in their own zone as far as even load allows, and spill the rest to zones with spare replicas; needs zones. Null is zone-blind.',
      ),
    store: StoreSchema.nullable()
      .default(null)
      .describe(
        'The service is a replicated store whose replicas hold versioned keys; null is an ordinary service.',
      ),
    ...ServicePolicySchema.shape,
  })
  .describe('A service: replicas behind a load balancer, each with a worker pool and a queue.');

/** A client: a source of user requests to one service or queue. */
export const ClientSchema = z
  .strictObject({
    name: name().describe('Unique name of the client (letters, digits, "_" and "-").'),
    target: name().describe('Name of the service this client calls, or of a queue it publishes to.'),
    arrival: ArrivalSchema.describe('How this client issues requests.'),
    tier: intAtLeast(0)
      .default(0)
      .describe('Request tier for priority queues and shedding: 0 is the most important (an integer >= 0).'),
    keys: z
      .strictObject({
        count: intAtLeast(1).describe('Number of distinct keys (an integer >= 1).'),
        zipfS: nonNegative()
          .default(1)
          .describe('Zipf exponent of key popularity (>= 0): 0 is uniform, 1 is classic Zipf.'),
      })
      .nullable()
      .default(null)
      .describe('Keys the requests address, for caches; null sends no keys.'),
    zone: name()
      .nullable()
      .default(null)
      .describe('The availability zone the client lives in; null is no zone.'),
    ...CallPolicySchema.shape,
  })
  .describe('A client: a source of user requests to one service or queue, with its caller-side patterns.');

/** An asynchronous queue between producers and a consuming service. */
export const MessageQueueSchema = z
  .strictObject({
    name: name().describe('Unique name of the queue (letters, digits, "_" and "-").'),
    consumer: name().describe('Name of the service that consumes the messages.'),
    consumers: intAtLeast(1)
      .default(1)
      .describe('Messages the consumers process at once: pull concurrency (an integer >= 1).'),
    visibilityTimeoutMs: positive()
      .default(30_000)
      .describe(
        'A delivery not acknowledged in this time becomes visible again and is redelivered, in ms (> 0); the default is Amazon SQS’s.',
      ),
    maxDeliveries: intAtLeast(1)
      .default(20)
      .describe(
        'After this many failed deliveries a message moves to the dead-letter queue (an integer >= 1); the default is RabbitMQ quorum queues’.',
      ),
    capacity: intAtLeast(1)
      .nullable()
      .default(null)
      .describe(
        'Messages held at most (an integer >= 1); a publish to a full queue is rejected. null is unbounded.',
      ),
  })
  .describe('A message queue: producers publish, the consumer service pulls, failed deliveries are retried.');

// ---------------------------------------------------------------- network, clocks, run settings

/** A per-direction override of network latency and loss. */
export const LinkSchema = z
  .strictObject({
    from: name().describe('Sending node group: a client or service name.'),
    to: name().describe('Receiving node group: a client or service name.'),
    latency: DistributionSchema.optional().describe(
      'One-way latency on this link; omit to use the network latency.',
    ),
    loss: probability()
      .optional()
      .describe('Probability in [0, 1] that a message on this link is lost; omit to use the network loss.'),
  })
  .describe('Overrides for messages sent from one node group to another.');

/** The network between nodes. */
export const NetworkSchema = z
  .strictObject({
    latency: DistributionSchema.default(() => ({ kind: 'constant' as const, valueMs: 0 })).describe(
      'One-way latency of every message unless a link overrides it.',
    ),
    loss: probability()
      .default(0)
      .describe('Probability in [0, 1] that a message is lost, unless a link overrides it.'),
    links: z
      .array(LinkSchema)
      .default(() => [])
      .describe('Per-direction overrides: from -> to.'),
    crossZone: z
      .strictObject({
        latency: DistributionSchema.describe(
          'Extra one-way latency of a message between nodes in two different zones, added before latency faults.',
        ),
      })
      .nullable()
      .default(null)
      .describe('What crossing zones costs; null is nothing. Nodes without a zone never pay it.'),
  })
  .describe('The network: message latency and loss.');

/** A node's local clock. */
export const ClockSchema = z
  .strictObject({
    node: z
      .string()
      .min(1)
      .describe('A client name, a service name (all its replicas) or one replica "service/index".'),
    offsetMs: z.number().default(0).describe('Local clock = true time + offset at time 0, in ms.'),
    driftPpm: driftPpm()
      .default(0)
      .describe(
        'Rate error in parts per million: +100 runs 100 µs fast per second (> -1000000, <= 1000000).',
      ),
  })
  .describe("A node's local clock: its timers (timeouts, backoff, refills) run on it.");
