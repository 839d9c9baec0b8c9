/**
 * Replication lag per replica, exact: a replica's lag at an instant is how long ago the oldest
 * write it has not applied yet was invoked (0 when it has applied every write invoked so far).
 * A write that never reaches the replica (cut off by a partition: no hinted handoff) keeps its
 * lag growing, which is what a learner should see. `appliedVersion` is how many writes the
 * replica has applied (discarded-by-LWW ones included: they were processed).
 */
export class ReplicationLag {
  /** Per replica: write id -> invocation time, in invocation order (Map keeps insertion order). */
  private readonly unapplied: Map<number, number>[];
  private readonly appliedCount: number[];
  /** Per replica, one value per bucket (at the bucket's end). */
  readonly replicas: { lagMs: number[]; appliedVersion: number[] }[];

  constructor(replicaCount: number, buckets: number) {
    this.unapplied = Array.from({ length: replicaCount }, () => new Map<number, number>());
    this.appliedCount = new Array<number>(replicaCount).fill(0);
    this.replicas = Array.from({ length: replicaCount }, () => ({
      lagMs: new Array<number>(buckets).fill(0),
      appliedVersion: new Array<number>(buckets).fill(0),
    }));
  }

  /** A write was invoked at `nowMs`: every replica (or only `owners`, a key's holders on a ring) now owes it. */
  writeInvoked(writeId: number, nowMs: number, owners?: readonly number[]): void {
    if (owners !== undefined) for (const r of owners) this.unapplied[r].set(writeId, nowMs);
    else for (const u of this.unapplied) u.set(writeId, nowMs);
  }

  /** `replica` applied (or discarded under LWW) write `writeId`. */
  applied(replica: number, writeId: number): void {
    if (this.unapplied[replica].delete(writeId)) this.appliedCount[replica]++;
  }

  /** Records every replica's lag and applied count at `nowMs`, the end of `bucket`. */
  sample(bucket: number, nowMs: number): void {
    for (let r = 0; r < this.unapplied.length; r++) {
      let oldest = nowMs;
      for (const invokedMs of this.unapplied[r].values()) {
        oldest = invokedMs;
        break;
      }
      this.replicas[r].lagMs[bucket] = nowMs - oldest;
      this.replicas[r].appliedVersion[bucket] = this.appliedCount[r];
    }
  }
}
