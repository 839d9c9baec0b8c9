/**
 * The schema of a store service (`StoreSpec` in `sim-core/scenario/store-spec.ts`). Its rules
 * (quorums within the replicas, no downstream calls) are in `store-rules.ts`.
 */
import { z } from 'zod';
import { intAtLeast, nonNegative, positive, probability } from './fields.ts';

const readRatio = () =>
  probability().default(0.5).describe('Fraction of requests that are reads, in [0, 1]; the rest write.');
const keys = () =>
  z
    .strictObject({
      count: intAtLeast(1).describe('Number of distinct keys (an integer >= 1).'),
      zipfS: nonNegative()
        .default(0)
        .describe('Zipf exponent of key popularity (>= 0): 0 is uniform, 1 is classic Zipf.'),
    })
    .default(() => ({ count: 1, zipfS: 0 }))
    .describe('The keys operations address.');

/** A leaderless quorum store. */
const LeaderlessStoreSchema = z
  .strictObject({
    family: z
      .literal('leaderless')
      .describe('The replication family: "leaderless" quorums (Dynamo, Cassandra).'),
    r: intAtLeast(1).describe(
      'Read quorum R: replicas a read asks and waits for (an integer from 1 to the service’s replicas).',
    ),
    w: intAtLeast(1).describe(
      'Write quorum W: replicas that must apply a write before it is acknowledged (an integer from 1 to the service’s replicas).',
    ),
    readRatio: readRatio(),
    keys: keys(),
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
      .enum(['lww', 'siblings'])
      .default('lww')
      .describe(
        'How concurrent writes resolve: "lww", last-writer-wins by timestamp; "siblings", kept side by side (Riak allow_mult): a write carries the context its client last read, a read returns every sibling, a write whose context holds them resolves them.',
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
    ring: z
      .strictObject({
        n: intAtLeast(1).describe(
          'Replicas that hold each key (Dynamo’s N, Cassandra’s replication factor): an integer from 1 to the service’s replicas.',
        ),
        tokensPerReplica: intAtLeast(1)
          .default(16)
          .describe(
            'Virtual nodes per replica on the ring (an integer >= 1; Cassandra’s num_tokens default 16).',
          ),
      })
      .nullable()
      .default(null)
      .describe(
        'Each key on n of the replicas only, its preference list on a consistent-hash ring (Dynamo §4.2-4.3): R and W count against it; with hintedHandoff the quorum is sloppy (the next reachable replicas stand in). null: every replica holds every key.',
      ),
  })
  .describe(
    'A leaderless store: the replica the balancer picks coordinates each read or write over N = replicas.',
  );

/** A leader-based (Raft-like) store. */
const LeaderStoreSchema = z
  .strictObject({
    family: z
      .literal('leader')
      .describe('The replication family: "leader", a Raft-like leader with followers.'),
    replication: z
      .union([
        z.enum(['sync', 'async']),
        z.strictObject({
          semiSync: intAtLeast(1).describe(
            'Follower acknowledgements a write waits for (1 to replicas - 1).',
          ),
          timeoutMs: positive()
            .nullable()
            .default(null)
            .describe(
              'Fall back to async replication after a write waited this long on the leader’s clock, in ms (> 0; MySQL rpl_semi_sync_master_timeout, 10000 there), until semiSync followers caught up; null: wait forever.',
            ),
        }),
      ])
      .default('sync')
      .describe(
        'When the leader acknowledges a write: "sync" (every follower has it), "async" (at once), or { "semiSync": k } (k followers have it).',
      ),
    reads: z
      .enum(['leader', 'followers'])
      .default('leader')
      .describe(
        'Where reads go: "leader", or "followers" (the picked replica answers from what it applied).',
      ),
    election: z
      .union([
        z.literal('raft-default'),
        z.strictObject({
          heartbeatMs: positive().describe('The leader’s heartbeat interval on its clock, in ms (> 0).'),
          electionTimeoutMs: z
            .strictObject({
              min: positive().describe('Shortest election timeout, in ms (> 0).'),
              max: positive().describe('Longest election timeout, in ms (>= min).'),
            })
            .describe('Election timeouts are drawn uniformly in [min, max] on each replica’s clock.'),
        }),
      ])
      .default('raft-default')
      .describe(
        'Election timing: "raft-default" (heartbeat 50 ms, election timeout 150-300 ms) or { heartbeatMs, electionTimeoutMs: { min, max } }.',
      ),
    lease: z
      .strictObject({
        durationMs: positive().describe('Lease length on the leader’s own clock, in ms (> 0).'),
      })
      .nullable()
      .default(null)
      .describe(
        'The leader’s lease on its own clock (Raft thesis 6.4.1): it serves only while a majority acknowledged a heartbeat within it; null: no lease check.',
      ),
    fencing: z
      .boolean()
      .default(false)
      .describe(
        'The term travels with every replicated write and a replica refuses an older term (fencing tokens).',
      ),
    preVote: z
      .boolean()
      .default(false)
      .describe(
        'Pre-vote (Raft thesis 9.6, etcd PreVote): a replica asks whether a majority would elect it before raising its term, so a replica cut off from the majority cannot depose the leader when it rejoins.',
      ),
    checkQuorum: z
      .boolean()
      .default(false)
      .describe(
        'Check-quorum (etcd CheckQuorum, Raft thesis 6.2): a leader that has not heard from a majority within the minimum election timeout, on its own clock, steps down at its next heartbeat.',
      ),
    minority: z
      .enum(['cp', 'ap'])
      .default('cp')
      .describe(
        'Without a lease or a known leader: "cp" refuses the request, "ap" serves what the replica has (stale reads, conflicting writes).',
      ),
    readRatio: readRatio(),
    keys: keys(),
    timeoutMs: positive()
      .default(2000)
      .describe(
        'The forwarding replica fails an operation not complete after this long on its own clock, in ms (> 0).',
      ),
  })
  .describe('A leader-based store: the picked replica forwards each read or write to the leader it knows.');

/** A replicated store behind a service. */
export const StoreSchema = z
  .discriminatedUnion('family', [LeaderlessStoreSchema, LeaderStoreSchema])
  .describe(
    'The service is a replicated store over N = replicas: "leaderless" quorums or a "leader"-based (Raft-like) family.',
  );
