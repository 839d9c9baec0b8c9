import type { Rng } from '../random/streams.ts';
import type { LoadBalancerKind } from '../scenario/spec.ts';

/**
 * Picks the replica a new attempt goes to. `outstanding[i]` counts the attempts sent to
 * replica i that it has not answered yet (the view a real proxy has).
 */
export interface LoadBalancer {
  pick(outstanding: Int32Array, rng: Rng): number;
}

class RoundRobin implements LoadBalancer {
  private next = 0;
  pick(outstanding: Int32Array): number {
    // The candidate list can shrink (ejected or unhealthy replicas are left out): wrap to its length.
    const i = this.next % outstanding.length;
    this.next = i + 1;
    return i;
  }
}

class RandomChoice implements LoadBalancer {
  pick(outstanding: Int32Array, rng: Rng): number {
    return Math.floor(rng.next() * outstanding.length);
  }
}

/** The replica with the fewest outstanding attempts; ties go to the first one after the last pick. */
class LeastOutstanding implements LoadBalancer {
  private start = 0;
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
