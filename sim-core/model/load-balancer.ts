import type { Rng } from '../random/streams.ts';
import type { LoadBalancerKind } from '../scenario/spec.ts';
import type { ReplicaLoad } from './replica-load.ts';

/**
 * Picks the replica a new attempt goes to. `outstanding[i]` counts the attempts sent to
 * replica i that it has not answered yet (the view a real proxy has).
 */
export interface LoadBalancer {
  /** A position in `outstanding` (the candidates: every slot, or a filtered list of them). */
  pick(outstanding: Int32Array, rng: Rng): number;
  /**
   * A slot over the service's whole load. Only called when every slot is in rotation, or when
   * the load keeps an index (least-outstanding), which skips the slots out of rotation itself.
   */
  pickAll(load: ReplicaLoad, rng: Rng): number;
}

class RoundRobin implements LoadBalancer {
  pickAll(load: ReplicaLoad): number {
    return this.pick(load.outstanding);
  }
  private next = 0;
  pick(outstanding: Int32Array): number {
    // The candidate list can shrink (ejected or unhealthy replicas are left out): wrap to its length.
    const i = this.next % outstanding.length;
    this.next = i + 1;
    return i;
  }
}

class RandomChoice implements LoadBalancer {
  pickAll(load: ReplicaLoad, rng: Rng): number {
    return this.pick(load.outstanding, rng);
  }
  pick(outstanding: Int32Array, rng: Rng): number {
    return Math.floor(rng.next() * outstanding.length);
  }
}

/**
 * The replica with the fewest outstanding attempts; ties go to the first one after the last pick
 * (Envoy's LEAST_REQUEST with all weights equal and every host compared, not a sample of two).
 *
 * Over the whole load it asks the load's min-tree for the first minimum at or after the start,
 * circularly: the same replica the scan finds, in O(log n) instead of O(n).
 */
class LeastOutstanding implements LoadBalancer {
  private start = 0;
  pickAll(load: ReplicaLoad): number {
    const tree = load.tree;
    if (tree === null) return this.pick(load.outstanding);
    const best = tree.firstMin(this.start % tree.length);
    this.start = best + 1;
    return best;
  }
  pick(outstanding: Int32Array): number {
    const n = outstanding.length;
    let best = this.start % n;
    for (let k = 1; k < n; k++) {
      const i = (this.start + k) % n;
      if (outstanding[i] < outstanding[best]) best = i;
    }
    this.start = best + 1;
    return best;
  }
}

/** Two distinct replicas at random, the less loaded wins (ties: the first drawn). */
class PowerOfTwo implements LoadBalancer {
  pickAll(load: ReplicaLoad, rng: Rng): number {
    return this.pick(load.outstanding, rng);
  }
  pick(outstanding: Int32Array, rng: Rng): number {
    const n = outstanding.length;
    if (n === 1) return 0;
    const a = Math.floor(rng.next() * n);
    let b = Math.floor(rng.next() * (n - 1));
    if (b >= a) b++;
    return outstanding[b] < outstanding[a] ? b : a;
  }
}

export function createLoadBalancer(kind: LoadBalancerKind): LoadBalancer {
  switch (kind) {
    case 'round-robin':
      return new RoundRobin();
    case 'random':
      return new RandomChoice();
    case 'least-outstanding':
      return new LeastOutstanding();
    case 'power-of-two':
      return new PowerOfTwo();
  }
}
