/**
 * The split of a service's traffic between a rollout's stable and new versions, by weight, as a
 * mesh with Argo Rollouts' traffic routing sets it (the weight is the canary's percent of the
 * requests, whatever the replica counts). Where a mesh draws a random number per request, this
 * keeps a smooth weighted round-robin over the two versions (the nginx algorithm, as zone routing
 * does): the split is exact over any 100 / gcd requests, deterministic, and draws nothing.
 */
export class TrafficSplit {
  /** Percent of requests to the new version, in [0, 100]. */
  weight = 0;
  private stableCurrent = 0;
  private newCurrent = 0;

  constructor(
    /** Version indices (see `ReplicaRuntime.version`). */
    readonly stableVersion: number,
    readonly newVersion: number,
  ) {}

  /** Sets the new version's percent; the round-robin's state carries on. */
  setWeight(weight: number): void {
    this.weight = weight;
  }

  /** The version the next request goes to: each gains its weight, the larger total wins and pays 100 (ties: stable). */
  choose(): number {
    this.stableCurrent += 100 - this.weight;
    this.newCurrent += this.weight;
    if (this.newCurrent > this.stableCurrent) {
      this.newCurrent -= 100;
      return this.newVersion;
    }
    this.stableCurrent -= 100;
    return this.stableVersion;
  }
}
