/**
 * The schema of a fault on the timeline (`sim-core/scenario/fault-spec.ts`). Its rules (targets
 * that exist, unique names, times inside the run) are in `faults-rules.ts`.
 */
import { z } from 'zod';
import { driftPpm, intAtLeast, name, nonNegative, positive, probability } from './fields.ts';

// ---------------------------------------------------------------- faults

/** Fields every fault has; `name` is filled in after parsing when omitted. */
const faultTiming = {
  name: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Shown in reports and recovery metrics (faults.<name>.recoveryMs); unique among faults. Defaults to "<kind>@<atMs>".',
    ),
  atMs: nonNegative().describe('When the fault starts, in ms of simulated time (>= 0, < durationMs).'),
  durationMs: positive()
    .nullable()
    .default(null)
    .describe('How long the fault lasts, in ms (> 0); null lasts until the end of the run.'),
};

const faultService = () => name().describe('Name of the affected service.');
const faultReplica = () =>
  intAtLeast(0)
    .nullable()
    .default(null)
    .describe('Index of the affected replica (an integer >= 0, < replicas); null affects every replica.');
const faultNode = () =>
  z
    .string()
    .min(1)
    .describe('A client or queue name, a service name (all its replicas) or one replica "service/index".');

/** One side of a link flap: as a partition's, plus a failover monitor `service~monitor`. */
const flapSide = (which: string) =>
  z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]+(\/\d+|~monitor)?$/)
        .describe(
          'A client, service or queue name, a replica "service/index" or a failover monitor "service~monitor".',
        ),
    )
    .min(1)
    .describe(`${which}: names, replicas "service/index" or failover monitors "service~monitor".`);

/** One fault, chosen by "kind"; the `name` default is filled in by {@link FaultSchema}. */
const FaultKindSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('crash').describe('Replicas stop; queued and in-flight work is lost.'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
    })
    .describe('A crash: callers notice only through timeouts; the replica restarts after durationMs.'),
  z
    .strictObject({
      kind: z.literal('latency').describe('Slower work at a service, or slower messages on a link.'),
      ...faultTiming,
      service: name()
        .nullable()
        .default(null)
        .describe('The service whose work slows down; give either this or link.'),
      link: z
        .strictObject({
          from: name().describe('Sending node group: a client, service or queue name.'),
          to: name().describe('Receiving node group: a client, service or queue name.'),
        })
        .nullable()
        .default(null)
        .describe('The link whose messages slow down; give either this or service.'),
      addMs: nonNegative().default(0).describe('Latency added, in ms (>= 0).'),
      multiply: positive().default(1).describe('Factor on latency (> 0).'),
    })
    .describe('Added and/or multiplied latency.'),
  z
    .strictObject({
      kind: z.literal('errors').describe('Requests fail.'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
      probability: probability().describe('Probability that a request fails, in [0, 1].'),
    })
    .describe('Requests at the service fail with this probability.'),
  z
    .strictObject({
      kind: z.literal('capacity').describe('Fewer workers.'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
      workers: intAtLeast(0).describe('Workers per replica while the fault lasts (an integer >= 0).'),
    })
    .describe('Workers per replica drop to this number.'),
  z
    .strictObject({
      kind: z.literal('pause').describe('Stop-the-world pause, e.g. garbage collection.'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
    })
    .describe('No work progresses and arrivals queue; work in progress resumes after.'),
  z
    .strictObject({
      kind: z
        .literal('disk-stall')
        .describe('A store replica’s disk stops applying writes; it stays reachable.'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
    })
    .describe(
      'A store replica stops applying writes while it lasts: it answers reads from what it has applied and acknowledges queued writes when the stall ends. The service needs a store.',
    ),
  z
    .strictObject({
      kind: z.literal('partition').describe('A network partition.'),
      ...faultTiming,
      from: z
        .array(
          z
            .string()
            .regex(/^[A-Za-z0-9_-]+(\/\d+)?$/)
            .describe('A client, service or queue name, or one replica "service/index".'),
        )
        .min(1)
        .describe('One side: client, service or queue names, or replicas "service/index".'),
      to: z
        .array(
          z
            .string()
            .regex(/^[A-Za-z0-9_-]+(\/\d+)?$/)
            .describe('A client, service or queue name, or one replica "service/index".'),
        )
        .min(1)
        .describe('The other side: client, service or queue names, or replicas "service/index".'),
      oneWay: z
        .boolean()
        .default(false)
        .describe('Lose only messages from "from" to "to", not those coming back.'),
    })
    .describe('Messages between the two sides are lost, including those in flight.'),
  z
    .strictObject({
      kind: z.literal('packet-loss').describe('Messages on a link are lost.'),
      ...faultTiming,
      from: name().describe('Sending node group: a client, service or queue name.'),
      to: name().describe('Receiving node group: a client, service or queue name.'),
      loss: probability().describe(
        'Probability that a message is lost independently, in [0, 1]; must be 0 with gilbertElliott, whose states set the loss.',
      ),
      gilbertElliott: z
        .strictObject({
          pGoodToBad: probability().describe(
            'Per-message probability of moving from good to bad, in [0, 1].',
          ),
          pBadToGood: probability().describe(
            'Per-message probability of moving from bad to good, in [0, 1].',
          ),
          lossGood: probability().default(0).describe('Loss probability in the good state, in [0, 1].'),
          lossBad: probability().default(1).describe('Loss probability in the bad state, in [0, 1].'),
        })
        .nullable()
        .default(null)
        .describe('Bursty loss with the Gilbert-Elliott two-state model; null loses messages independently.'),
    })
    .describe('Packet loss on a link: independent, or bursty.'),
  z
    .strictObject({
      kind: z.literal('clock-step').describe('A clock jumps.'),
      ...faultTiming,
      node: faultNode(),
      stepMs: z.number().describe('The jump, in ms; negative jumps backwards.'),
    })
    .describe(
      'The node’s local clock jumps by stepMs; with a durationMs it jumps back at the end (a correction), without one the step stays.',
    ),
  z
    .strictObject({
      kind: z.literal('clock-drift').describe('A clock runs at the wrong rate.'),
      ...faultTiming,
      node: faultNode(),
      driftPpm: driftPpm().describe(
        'Rate error while the fault lasts, in parts per million (> -1000000, <= 1000000).',
      ),
    })
    .describe('The node’s clock drift becomes driftPpm while the fault lasts.'),
  z
    .strictObject({
      kind: z.literal('client-burst').describe('Extra requests at one instant.'),
      ...faultTiming,
      client: name().describe('Name of the client that sends them.'),
      requests: intAtLeast(1).describe('Extra requests (an integer >= 1).'),
    })
    .describe('A client sends extra requests at the same instant: a reconnect storm, a cron job.'),
  z
    .strictObject({
      kind: z.literal('load-step').describe('More requests per second while the fault lasts.'),
      ...faultTiming,
      client: name().describe('Name of the client whose load steps up.'),
      extraPerSec: positive().describe(
        'Extra requests per second, Poisson, on top of the client’s own (> 0).',
      ),
    })
    .describe(
      'A step in load: a client sends extraPerSec more requests per second from atMs for durationMs (null: to the end).',
    ),
  z
    .strictObject({
      kind: z.literal('cache-flush').describe('Cache entries expire at once.'),
      ...faultTiming,
      service: name().describe('Name of the service whose cache is flushed; it must have a cache.'),
      keys: intAtLeast(1)
        .nullable()
        .default(null)
        .describe('Flush only the hottest keys (an integer >= 1); null flushes every entry.'),
    })
    .describe('Every entry, or the hottest keys, of a service’s cache expire at once.'),
  z
    .strictObject({
      kind: z.literal('leak').describe('A replica degrades gradually, e.g. a memory leak.'),
      ...faultTiming,
      service: faultService(),
      replica: intAtLeast(0).describe('Index of the leaking replica (an integer >= 0, < replicas).'),
      latencyGrowthPerSec: positive().describe(
        'Growth of the replica’s latency factor per second: after k whole seconds its latency is × (1 + k × latencyGrowthPerSec) (> 0).',
      ),
    })
    .describe('A replica’s latency grows until it restarts at the end of the fault.'),
  z
    .strictObject({
      kind: z.literal('corrupt').describe('Wrong answers (Byzantine).'),
      ...faultTiming,
      service: faultService(),
      replica: faultReplica(),
      probability: probability().describe('Probability that an answer is wrong, in [0, 1].'),
    })
    .describe('Replicas answer wrongly; callers accept it unless they validate responses.'),
  z
    .strictObject({
      kind: z.literal('chaos-crash').describe('Chaos mode: random crashes.'),
      ...faultTiming,
      service: faultService(),
      meanIntervalMs: positive().describe(
        'Mean time between crashes, exponentially distributed, in ms (> 0).',
      ),
      downMs: positive().describe('How long each crashed replica stays down, in ms (> 0).'),
    })
    .describe('A random replica of the service crashes every Exp(meanIntervalMs), each down for downMs.'),
  z
    .strictObject({
      kind: z.literal('chaos-partition').describe('Chaos mode: random partitions.'),
      ...faultTiming,
      service: faultService(),
      meanIntervalMs: positive().describe(
        'Mean time between partitions, exponentially distributed, in ms (> 0).',
      ),
      downMs: positive().describe('How long each partition lasts, in ms (> 0).'),
    })
    .describe(
      'A random replica of the service is cut off from its callers every Exp(meanIntervalMs), for downMs.',
    ),
  z
    .strictObject({
      kind: z.literal('link-flap').describe('A partition that comes and goes: a flapping link.'),
      ...faultTiming,
      from: flapSide('One side'),
      to: flapSide('The other side'),
      downMs: positive().describe('How long each cut lasts, in ms (> 0); the first starts at atMs.'),
      upMs: positive().describe('How long the link works between two cuts, in ms (> 0).'),
      oneWay: z
        .boolean()
        .default(false)
        .describe('Cut only messages from "from" to "to", not those coming back.'),
    })
    .describe(
      'From atMs the link is cut for downMs, up for upMs, cut again, and so on until the fault ends (a flapping network).',
    ),
  z
    .strictObject({
      kind: z.literal('zone-outage').describe('An availability zone fails.'),
      ...faultTiming,
      zone: name().describe('The zone that fails: one a service or a client lives in.'),
      mode: z
        .enum(['crash', 'partition'])
        .default('crash')
        .describe(
          'crash: every replica in the zone crashes and the zone’s clients stop sending; partition: every node in the zone is cut off from every node outside it.',
        ),
    })
    .describe('Every node of an availability zone crashes or is partitioned off.'),
]);

/** A fault on the timeline; an omitted `name` becomes `<kind>@<atMs>`. */
export const FaultSchema = FaultKindSchema.transform((fault) => ({
  ...fault,
  name: fault.name ?? defaultFaultName(fault.kind, fault.atMs),
})).describe('A fault on the timeline, chosen by "kind".');

/** The name a fault gets when it has none: `<kind>@<atMs>`. */
export function defaultFaultName(kind: string, atMs: number): string {
  return `${kind}@${atMs}`;
}
