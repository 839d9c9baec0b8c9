import { createSampler, type Sampler } from '../random/distributions.ts';
import type { RandomStreams, Rng } from '../random/streams.ts';
import type { DistributionSpec, NetworkSpec } from '../scenario/spec.ts';

/** One direction between two node groups: its latency and loss, each on its own random stream. */
interface Link {
  latency: Sampler;
  /** True when the latency is the constant 0: delivery needs no event. */
  instant: boolean;
  latencyRng: Rng;
  loss: number;
  lossRng: Rng;
}

/**
 * Message delays and losses between node groups (a group is a client or a service; replicas
 * share their service's links). Links are normalised to directed (from, to) pairs, so one-way
 * behaviour is per direction. Streams are named after the pair: adding traffic on one link
 * never shifts another link's random numbers.
 */
export class Network {
  private readonly links: (Link | undefined)[];
  /** Messages sent and lost so far. */
  sent = 0;
  lost = 0;

  constructor(
    private readonly spec: NetworkSpec,
    private readonly groups: readonly string[],
    private readonly streams: RandomStreams,
  ) {
    this.links = new Array(groups.length * groups.length);
  }

  /**
   * Decides a message's fate: its delay in ms, or -1 when it is lost.
   * A delay of exactly 0 means the caller may deliver at once, without an event.
   */
  transit(fromGroup: number, toGroup: number): number {
    this.sent++;
    const key = fromGroup * this.groups.length + toGroup;
    const link = this.links[key] ?? this.createLink(key, fromGroup, toGroup);
    if (link.loss > 0 && link.lossRng.next() < link.loss) {
      this.lost++;
      return -1;
    }
    return link.instant ? 0 : link.latency.sample(link.latencyRng);
  }

  private createLink(key: number, fromGroup: number, toGroup: number): Link {
    const from = this.groups[fromGroup];
    const to = this.groups[toGroup];
    let latency: DistributionSpec = this.spec.latency;
    let loss = this.spec.loss;
    for (const o of this.spec.links) {
      if (o.from === from && o.to === to) {
        if (o.latency !== undefined) latency = o.latency;
        if (o.loss !== undefined) loss = o.loss;
      }
    }
    const name = `link:${from}->${to}`;
    const link: Link = {
      latency: createSampler(latency),
      instant: latency.kind === 'constant' && latency.valueMs === 0,
      latencyRng: this.streams.stream(`${name}/latency`),
      loss,
      lossRng: this.streams.stream(`${name}/loss`),
    };
    this.links[key] = link;
    return link;
  }
}
