/**
 * A service that is a replicated store: its replicas hold the data, and the replica the load
 * balancer picks for a request coordinates one store operation (a read or a write of one key)
 * over the world's network. N is the service's `replicas`.
 */
export interface StoreSpec {
  /** The replication family. Leader-based stores are not built yet. */
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
  /** How concurrent writes resolve: last-writer-wins by timestamp (siblings are not built). */
  conflicts: 'lww';
  /**
   * Whose clock stamps a write's LWW timestamp: the coordinating replica's (Cassandra's default
   * server-side timestamp) or the calling client's node (a client-supplied timestamp).
   */
  timestamps: 'coordinator' | 'client';
  /** The coordinator gives up on an operation after this long on its own clock (Cassandra's request timeouts). */
  timeoutMs: number;
}
