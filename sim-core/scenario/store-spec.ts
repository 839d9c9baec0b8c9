/**
 * A service that is a replicated store: its replicas hold the data, and the replica the load
 * balancer picks for a request coordinates one store operation (a read or a write of one key)
 * over the world's network. N is the service's `replicas`.
 */
export type StoreSpec = LeaderlessStoreSpec | LeaderStoreSpec;

/** A leaderless quorum store (Dynamo, Cassandra). */
export interface LeaderlessStoreSpec {
  /** The replication family. */
  family: 'leaderless';
  /** Replicas a read asks and waits for (Dynamo's R; 1..replicas). */
  r: number;
  /** Replicas that must apply a write before it is acknowledged (Dynamo's W; 1..replicas). */
  w: number;
  /** Fraction of requests that are reads; the rest are writes. */
  readRatio: number;
  /** The keys operations address: `count` keys, popularity Zipf(zipfS) (0: uniform). */
  keys: { count: number; zipfS: number };
  /** After a read, send the newest version to the answering replicas that returned an older one (Dynamo §4.7). */
  readRepair: boolean;
  /**
   * Keep a write for each replica the coordinator could not reach, and replay it at the
   * coordinator's next operation once that replica is reachable again (Dynamo §4.6).
   */
  hintedHandoff: boolean;
  /**
   * How concurrent writes resolve: last-writer-wins by timestamp (`lww`), or kept side by side
   * (`siblings`, Riak's `allow_mult`): a write carries the context its client read, a read
   * returns every sibling, and a write whose context holds them resolves them.
   */
  conflicts: 'lww' | 'siblings';
  /**
   * Whose clock stamps a write's LWW timestamp: the coordinating replica's (Cassandra's default
   * server-side timestamp) or the calling client's node (a client-supplied timestamp).
   */
  timestamps: 'coordinator' | 'client';
  /** The coordinator gives up on an operation after this long on its own clock (Cassandra's request timeouts). */
  timeoutMs: number;
  /**
   * Each key on `n` of the replicas (Dynamo's N, Cassandra's replication factor): its preference
   * list on a consistent-hash ring of `tokensPerReplica` virtual nodes per replica; R and W count
   * against it, and with `hintedHandoff` the quorum is sloppy. null: every replica holds every key.
   */
  ring: { n: number; tokensPerReplica: number } | null;
}

/**
 * A leader-based store (Raft, Ongaro & Ousterhout 2014; primary-backup): the replica the load
 * balancer picks forwards each operation to the leader it knows (following redirects), over the
 * world's network. The replicas' protocol is `sim-core/store/leader-node.ts`, timed on each
 * replica node's own clock (so `clock-drift` and `clock-step` stretch or shorten leases).
 */
export interface LeaderStoreSpec {
  family: 'leader';
  /**
   * When the leader acknowledges a write: once every follower has it (`sync`), at once after its
   * own append (`async`, MySQL asynchronous replication), or once `k` followers have it
   * (`{ semiSync: k }`, MySQL's `rpl_semi_sync_master_wait_for_slave_count`; Raft is k = majority - 1).
   * `timeoutMs` (MySQL `rpl_semi_sync_master_timeout`): a write that waited this long on the
   * leader's clock makes it fall back to async until k followers caught up; null: wait forever.
   */
  replication: 'sync' | 'async' | { semiSync: number; timeoutMs: number | null };
  /** Reads go to the leader, or are answered by the picked replica from what it applied (may lag). */
  reads: 'leader' | 'followers';
  /** Election timing: the `raft-default` preset (heartbeat 50 ms, timeout 150-300 ms) or explicit values. */
  election: 'raft-default' | { heartbeatMs: number; electionTimeoutMs: { min: number; max: number } };
  /**
   * The leader's read-and-write lease on its own clock (Raft thesis §6.4.1); null: no lease check
   * (a leader serves while it believes it leads).
   */
  lease: { durationMs: number } | null;
  /** The term travels with each replicated write and a replica refuses an older one (fencing tokens). */
  fencing: boolean;
  /**
   * Pre-vote (Raft thesis §9.6, etcd `PreVote`): a replica asks whether a majority would elect it
   * before it raises its term, so one cut off from the majority cannot depose the leader on rejoining.
   */
  preVote: boolean;
  /**
   * Check-quorum (etcd `CheckQuorum`, Raft thesis §6.2): a leader that has not heard from a
   * majority within the minimum election timeout, on its own clock, steps down at its next heartbeat.
   */
  checkQuorum: boolean;
  /** What a replica without a lease or a known leader does: refuse (`cp`) or serve what it has (`ap`). */
  minority: 'cp' | 'ap';
  readRatio: number;
  keys: { count: number; zipfS: number };
  /** The forwarding replica fails an operation not complete after this long on its own clock. */
  timeoutMs: number;
}
