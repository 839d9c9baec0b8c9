/**
 * The zod schema of a scenario: shape, bounds, defaults and the help text of every field.
 *
 * It lives here and not in `sim-core` because the engine must not depend on zod; the engine
 * trusts the resolved {@link Scenario} type, and the compile-time checks at the bottom of this
 * file keep the two in lock-step (a drift in either fails `tsc`).
 *
 * The `.describe()` texts become the JSON Schema `description`s shown by the README, the lab and
 * editors, so they are written for users, not for us. Rules a schema cannot express (names that
 * refer to other parts, cycles, the lognormal/empirical parameter combinations) are in
 * `semantic.ts`.
 */
import { z } from 'zod';
import type {
  ArrivalSpec,
  BudgetSpec,
  ClientSpec,
  ClockSpec,
  DistributionSpec,
  DownstreamCallSpec,
  LinkSpec,
  MetricsSpec,
  NetworkSpec,
  Scenario,
  ServiceSpec,
} from '../../sim-core/scenario/spec.ts';

/** A scenario id: lower-case, digits and '-', so it is safe in file names, URLs and CLI args. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** A client or service name. No '/': a replica node is named `service/index`. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

// Number helpers. zod 4's z.number() already rejects NaN and ±Infinity, so every number is finite.
const nonNegative = () => z.number().min(0);
const positive = () => z.number().positive();
const probability = () => z.number().min(0).max(1);
/** z.number().int() also bounds to the safe-integer range, so counts never lose precision. */
const intAtLeast = (min: number) => z.number().int().min(min);
const name = () => z.string().regex(NAME_PATTERN);

// ---------------------------------------------------------------- distributions

const ConstantDistribution = z
  .strictObject({
    kind: z.literal('constant').describe('Always the same value.'),
    valueMs: nonNegative().describe('The value, in ms (>= 0).'),
  })
  .describe('A fixed duration.');

const ExponentialDistribution = z
  .strictObject({
    kind: z.literal('exponential').describe('Memoryless: the textbook "M" of M/M/1.'),
    meanMs: positive().describe('Mean, in ms (> 0).'),
  })
  .describe('An exponential duration with the given mean.');

const UniformDistribution = z
  .strictObject({
    kind: z.literal('uniform').describe('Every value between minMs and maxMs is equally likely.'),
    minMs: nonNegative().describe('Smallest value, in ms (>= 0).'),
    maxMs: nonNegative().describe('Largest value, in ms (>= minMs).'),
  })
  .describe('A uniform duration between minMs and maxMs.');

const NormalDistribution = z
  .strictObject({
    kind: z.literal('normal').describe('Bell curve, truncated at zero by resampling.'),
    meanMs: nonNegative().describe('Mean, in ms (>= 0).'),
    stdDevMs: nonNegative().describe('Standard deviation, in ms (>= 0).'),
  })
  .describe('A normal duration, truncated at zero by resampling.');

const LognormalDistribution = z
  .strictObject({
    kind: z.literal('lognormal').describe('Long right tail: the usual shape of real service times.'),
    meanMs: positive()
      .optional()
      .describe('Mean, in ms (> 0). Give it together with p99Ms, instead of mu and sigma.'),
    p99Ms: positive()
      .optional()
      .describe('99th percentile, in ms (> meanMs). Give it together with meanMs, instead of mu and sigma.'),
    mu: z
      .number()
      .optional()
      .describe(
        'Mean of the underlying normal, in ln(ms). Give it together with sigma, instead of meanMs and p99Ms.',
      ),
    sigma: nonNegative()
      .optional()
      .describe('Standard deviation of the underlying normal (>= 0). Give it together with mu.'),
  })
  .describe('A lognormal duration: either meanMs + p99Ms, or mu + sigma of the underlying normal.');

const HyperexponentialDistribution = z
  .strictObject({
    kind: z
      .literal('hyperexponential')
      .describe('A mix of exponentials: bimodal, e.g. cache hits and misses.'),
    branches: z
      .array(
        z
          .strictObject({
            p: probability().describe('Probability of this branch, in [0, 1]; all branches sum to 1.'),
            meanMs: positive().describe('Mean of this branch, in ms (> 0).'),
          })
          .describe('One exponential branch.'),
      )
      .min(1)
      .describe('The branches; their probabilities sum to 1.'),
  })
  .describe('A mixture of exponentials: with probability p a branch is drawn.');

const EmpiricalDistribution = z
  .strictObject({
    kind: z.literal('empirical').describe('Measured data: samples or a cumulative distribution.'),
    samplesMs: z
      .array(nonNegative().describe('A sample, in ms (>= 0).'))
      .optional()
      .describe('Measured samples, in ms, drawn uniformly. Give either this or cdf.'),
    cdf: z
      .array(
        z
          .strictObject({
            valueMs: nonNegative().describe('The value, in ms (>= 0); non-decreasing along the list.'),
            p: probability().describe(
              'Cumulative probability at valueMs, in [0, 1]; non-decreasing, last is 1.',
            ),
          })
          .describe('One point of the cumulative distribution.'),
      )
      .optional()
      .describe(
        'Points of the cumulative distribution, interpolated linearly; the last p is 1. Give either this or samplesMs.',
      ),
  })
  .describe('An empirical duration: from samplesMs, or from cdf points.');

/** A non-negative random duration in milliseconds. Reused with a field-specific description. */
export const DistributionSchema = z
  .discriminatedUnion('kind', [
    ConstantDistribution,
    ExponentialDistribution,
    UniformDistribution,
    NormalDistribution,
    LognormalDistribution,
    HyperexponentialDistribution,
    EmpiricalDistribution,
  ])
  .describe('A random duration in ms, chosen by "kind".');

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
  ])
  .describe('How requests arrive, chosen by "kind".');

// ---------------------------------------------------------------- services and clients

/** A call a service makes to another service while it handles a request. */
export const DownstreamCallSchema = z
  .strictObject({
    service: name().describe('Name of the called service.'),
    timeoutMs: positive()
      .nullable()
      .default(null)
      .describe(
        "The caller's timeout for this call, in ms on the caller's local clock (> 0); null waits forever.",
      ),
  })
  .describe('A downstream call made while handling a request.');

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
  })
  .describe('A service: replicas behind a load balancer, each with a worker pool and a queue.');

/** A client: a source of user requests to one service. */
export const ClientSchema = z
  .strictObject({
    name: name().describe('Unique name of the client (letters, digits, "_" and "-").'),
    target: name().describe('Name of the service this client calls.'),
    arrival: ArrivalSchema.describe('How this client issues requests.'),
    timeoutMs: positive()
      .nullable()
      .default(null)
      .describe("User-visible deadline, in ms on the client's local clock (> 0); null waits forever."),
    tier: intAtLeast(0)
      .default(0)
      .describe('Request tier for priority queues and shedding: 0 is the most important (an integer >= 0).'),
  })
  .describe('A client: a source of user requests to one service.');

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
    // Above -1e6 ppm a local clock still moves forward; a stopped clock would never fire a timer.
    driftPpm: z
      .number()
      .gt(-1_000_000)
      .lte(1_000_000)
      .default(0)
      .describe(
        'Rate error in parts per million: +100 runs 100 µs fast per second (> -1000000, <= 1000000).',
      ),
  })
  .describe("A node's local clock: its timers (timeouts, backoff, refills) run on it.");

/** How metrics are bucketed. */
export const MetricsSchema = z
  .strictObject({
    bucketMs: positive().default(1000).describe('Width of a time-series bucket, in ms (> 0).'),
    warmupMs: nonNegative()
      .default(0)
      .describe('Requests issued before this time are left out of the summary, in ms (>= 0, < durationMs).'),
  })
  .describe('How metrics are collected.');

/** Limits that stop a runaway run. */
export const BudgetSchema = z
  .strictObject({
    maxEvents: intAtLeast(1)
      .default(200_000_000)
      .describe('Stop with a clear message after processing this many events (an integer >= 1).'),
  })
  .describe('Limits that stop a runaway run.');

/** A whole scenario; parsing fills in every default and yields a {@link Scenario}. */
export const ScenarioSchema = z
  .strictObject({
    id: z
      .string()
      .regex(ID_PATTERN)
      .describe('Stable id: lower-case letters, digits and "-", starting with a letter or digit.'),
    title: z.string().min(1).describe('Short human title.'),
    description: z.string().default('').describe('What the scenario shows and what to look at.'),
    seed: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe('Default master seed (an integer >= 0); --seed overrides it. Same seed, same run.'),
    durationMs: positive().describe(
      'Simulated time to run, in ms (> 0): clients stop issuing requests then and the run stops.',
    ),
    metrics: MetricsSchema.default(() => ({ bucketMs: 1000, warmupMs: 0 })).describe(
      'How metrics are collected.',
    ),
    budget: BudgetSchema.default(() => ({ maxEvents: 200_000_000 })).describe(
      'Limits that stop a runaway run.',
    ),
    clients: z
      .array(ClientSchema)
      .min(1)
      .describe('The clients: sources of user requests, open- or closed-loop (at least one).'),
    services: z
      .array(ServiceSchema)
      .min(1)
      .describe(
        'The services: replicas with workers and queues that handle requests and call each other (at least one).',
      ),
    network: NetworkSchema.default(() => ({
      latency: { kind: 'constant' as const, valueMs: 0 },
      loss: 0,
      links: [],
    })).describe('The network: message latency and loss.'),
    clocks: z
      .array(ClockSchema)
      .default(() => [])
      .describe('Local clocks that differ from true time; every other node keeps perfect time.'),
  })
  .describe('A Faultline scenario: clients, services, network and clocks of a simulated distributed system.');

// ---------------------------------------------------------------- lock-step with sim-core's types

/** True when A and B are the same type (not merely mutually assignable). */
type IsEqual<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

// One check per part, so a drift points at the part that drifted, not just at "Scenario".
// Unused on purpose: the checks run when tsc resolves these aliases.
type _Checks = [
  Assert<IsEqual<z.output<typeof DistributionSchema>, DistributionSpec>>,
  Assert<IsEqual<z.output<typeof ArrivalSchema>, ArrivalSpec>>,
  Assert<IsEqual<z.output<typeof DownstreamCallSchema>, DownstreamCallSpec>>,
  Assert<IsEqual<z.output<typeof ServiceSchema>, ServiceSpec>>,
  Assert<IsEqual<z.output<typeof ClientSchema>, ClientSpec>>,
  Assert<IsEqual<z.output<typeof LinkSchema>, LinkSpec>>,
  Assert<IsEqual<z.output<typeof NetworkSchema>, NetworkSpec>>,
  Assert<IsEqual<z.output<typeof ClockSchema>, ClockSpec>>,
  Assert<IsEqual<z.output<typeof MetricsSchema>, MetricsSpec>>,
  Assert<IsEqual<z.output<typeof BudgetSchema>, BudgetSpec>>,
  Assert<IsEqual<z.output<typeof ScenarioSchema>, Scenario>>,
];

/** What a scenario author may write: every defaulted field optional. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
