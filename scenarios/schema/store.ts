/**
 * The schema of a store service (`StoreSpec` in `sim-core/scenario/store-spec.ts`). Its rules
 * (quorums within the replicas, no downstream calls) are in `store-rules.ts`.
 */
import { z } from 'zod';
import { intAtLeast, nonNegative, positive, probability } from './fields.ts';

/** A replicated store behind a service. */
export const StoreSchema = z
  .strictObject({
    family: z
      .literal('leaderless')
      .describe(
        'The replication family: "leaderless" quorums (Dynamo, Cassandra); leader-based is not built yet.',
      ),
    r: intAtLeast(1).describe(
      'Read quorum R: replicas a read asks and waits for (an integer from 1 to the service’s replicas).',
    ),
    w: intAtLeast(1).describe(
      'Write quorum W: replicas that must apply a write before it is acknowledged (an integer from 1 to the service’s replicas).',
    ),
    readRatio: probability()
      .default(0.5)
      .describe('Fraction of requests that are reads, in [0, 1]; the rest write.'),
    keys: z
      .strictObject({
        count: intAtLeast(1).describe('Number of distinct keys (an integer >= 1).'),
        zipfS: nonNegative()
          .default(0)
          .describe('Zipf exponent of key popularity (>= 0): 0 is uniform, 1 is classic Zipf.'),
      })
      .default(() => ({ count: 1, zipfS: 0 }))
      .describe('The keys operations address.'),
    readRepair: z
      .boolean()
      .default(false)
      .describe(
        'After a read, send the newest version to answering replicas that returned an older one (Dynamo §4.7).',
      ),
    hintedHandoff: z
      .boolean()
      .default(false)
      .describe(
        'Keep writes for unreachable replicas and replay them at the coordinator’s next operation once they are reachable (Dynamo §4.6).',
      ),
    conflicts: z
      .literal('lww')
      .default('lww')
      .describe(
        'How concurrent writes resolve: "lww", last-writer-wins by timestamp (siblings are not built).',
      ),
    timestamps: z
      .enum(['coordinator', 'client'])
      .default('coordinator')
      .describe(
        'Whose clock stamps a write: the coordinating replica’s ("coordinator", Cassandra’s default) or the calling client’s ("client").',
      ),
    timeoutMs: positive()
      .default(2000)
      .describe(
        'The coordinator fails an operation not complete after this long on its own clock, in ms (> 0); the default is Cassandra’s write_request_timeout.',
      ),
  })
  .describe(
    'The service is a replicated store: the replica the balancer picks coordinates each read or write over N = replicas.',
  );
