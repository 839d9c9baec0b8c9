import { createSampler, type Sampler } from '../random/distributions.ts';
import type { RandomStreams, Rng } from '../random/streams.ts';
import type { DistributionSpec, NetworkSpec } from '../scenario/spec.ts';
import { PairTable } from './pair-table.ts';

/** Faults active on a link: extra latency, extra loss, or a Gilbert-Elliott burst-loss chain. */
export interface LinkFault {
  addMs: number;
  multiply: number;
  /** Independent loss probability added by a fault (0: none). */
  loss: number;
  gilbertElliott: { pGoodToBad: number; pBadToGood: number; lossGood: number; lossBad: number } | null;
  /** Current Gilbert-Elliott state. */
  bad: boolean;
}

/** One direction between two node groups: its latency and loss, each on its own random stream. */
interface Link {
  /** `link:<from>-><to>`: the prefix of its streams' names. */
  readonly name: string;
  latency: Sampler;
  /** True when the latency is the constant 0 and no fault is active: delivery needs no event. */
  instant: boolean;
  latencyRng: Rng;
  loss: number;
  lossRng: Rng;
  fault: LinkFault | null;
  /** The cross-zone extra latency's own stream (created on first crossing): zoned runs never shift the link's latency numbers. */
  crossZoneRng: Rng | null;
}

/** A standing partition: messages from a node of `from` to a node of `to` are lost. */
interface Cut {
  readonly from: ReadonlySet<number>;
  readonly to: ReadonlySet<number>;
  /** How many times these same node lists were partitioned and not yet healed. */
  count: number;
}

/**
 * Message delays and losses. Links are directed pairs of node groups (a group is a client, a
 * service or a queue; replicas share their service's links), so one-way behaviour is per
 * direction. Partitions cut directed pairs of *nodes*, so a single replica can be cut off.
 * Streams are named after the link: traffic on one link never shifts another's numbers.
 *
 * Memory grows with what exists, never with the square of the node or group count (a scenario
 * may have 50,000 nodes): links are created on first use, and a
 * partition is kept as its two node sets only while it stands.
 */
export class Network {
  /** The links in the order they were first used: a dense array, found through `linkIndex`. */
  private readonly links: Link[] = [];
  /** (fromGroup, toGroup) to the link's place in `links`; never sized G x G. */
  private readonly linkIndex = new PairTable();
  /** The partitions that stand, by their node lists; none most of the time (the fast path). */
  private readonly cuts = new Map<string, Cut>();
  /** The same cuts as an array, for the per-message check. */
  private active: Cut[] = [];
  private partitions = 0;
  /** Messages sent and lost so far. */
  sent = 0;
  lost = 0;
  /** The extra latency between zones; null when crossing zones costs nothing (the fast path). */
  private readonly crossZone: Sampler | null;
  /**
   * True while every link delivers at once and loses nothing (latency constant 0, no loss, no
   * override, no zone cost, no fault yet): a message then draws no number and needs no link,
   * so {@link transit} skips the lookup (most scenarios without a network, `wide` and `lb`).
   */
  private everyLinkInstant: boolean;

  /**
   * @param nodeZones the zone index of every node, -1 for a node without a zone; empty when the
   *   scenario has no zones.
   */
  constructor(
    private readonly spec: NetworkSpec,
    private readonly groups: readonly string[],
    private readonly nodeGroups: readonly number[],
    private readonly streams: RandomStreams,
    private readonly nodeZones: readonly number[] = [],
  ) {
    this.crossZone =
      spec.crossZone === null || nodeZones.length === 0 ? null : createSampler(spec.crossZone.latency);
    this.everyLinkInstant =
      spec.links.length === 0 &&
      spec.loss === 0 &&
      spec.latency.kind === 'constant' &&
      spec.latency.valueMs === 0 &&
      this.crossZone === null;
  }

  /** True when both nodes have a zone and the zones differ. */
  crossesZones(fromNode: number, toNode: number): boolean {
    if (this.nodeZones.length === 0) return false;
    const a = this.nodeZones[fromNode];
    const b = this.nodeZones[toNode];
    return a >= 0 && b >= 0 && a !== b;
  }

  /**
   * Decides a message's fate at send time: its delay in ms, or -1 when it is lost.
   * A delay of exactly 0 means the caller may deliver at once, without an event.
   */
  transit(fromNode: number, toNode: number): number {
    this.sent++;
    if (this.partitions > 0 && this.blocked(fromNode, toNode)) {
      this.lost++;
      return -1;
    }
    if (this.everyLinkInstant) return 0;
    return this.overLink(fromNode, toNode);
  }

  /** The rest of {@link transit}, apart so that a run without network costs inlines only the checks above. */
  private overLink(fromNode: number, toNode: number): number {
    const fromGroup = this.nodeGroups[fromNode];
    const toGroup = this.nodeGroups[toNode];
    const link = this.link(fromGroup, toGroup);
    if (link.loss > 0 && link.lossRng.next() < link.loss) {
      this.lost++;
      return -1;
    }
    // No zone cost and no fault on the link: the latency alone. The rest is apart, so that the
    // senders inline this within V8's default budget.
    if (this.crossZone === null && link.fault === null)
      return link.instant ? 0 : link.latency.sample(link.latencyRng);
    return this.zonedOrFaulted(link, fromNode, toNode);
  }

  /** The rest of {@link transit}: the cross-zone latency and a link fault's effects. */
  private zonedOrFaulted(link: Link, fromNode: number, toNode: number): number {
    const crossZone = this.crossZone;
    const crossing = crossZone !== null && this.crossesZones(fromNode, toNode);
    if (link.instant && !crossing) return 0;
    let delay = link.instant ? 0 : link.latency.sample(link.latencyRng);
    if (crossing) delay += crossZone.sample(this.crossZoneRng(link));
    const f = link.fault;
    if (f !== null) {
      if (this.faultLoses(f, link.lossRng)) {
        this.lost++;
        return -1;
      }
      delay = delay * f.multiply + f.addMs;
    }
    return delay;
  }

  /** A message in flight reaches its node: lost if a partition now stands between them. */
  deliverable(fromNode: number, toNode: number): boolean {
    if (this.partitions === 0 || !this.blocked(fromNode, toNode)) return true;
    this.lost++;
    return false;
  }

  /** True while a standing partition cuts `fromNode` off from `toNode` (nothing is counted). */
  isCut(fromNode: number, toNode: number): boolean {
    return this.partitions > 0 && this.blocked(fromNode, toNode);
  }

  /**
   * Starts (+1) or heals (-1) a partition from every node of `from` to every node of `to`.
   * Overlapping partitions count: a pair is cut while any partition that covers it stands.
   */
  partition(from: readonly number[], to: readonly number[], delta: 1 | -1): void {
    const key = `${from.join(',')}|${to.join(',')}`;
    const cut = this.cuts.get(key);
    if (delta === 1) {
      if (cut !== undefined) cut.count++;
      else this.cuts.set(key, { from: new Set(from), to: new Set(to), count: 1 });
    } else {
      if (cut === undefined) return;
      if (--cut.count === 0) this.cuts.delete(key);
    }
    this.partitions += delta;
    this.active = [...this.cuts.values()];
  }

  /** True while a standing partition cuts messages from `fromNode` to `toNode`. */
  private blocked(fromNode: number, toNode: number): boolean {
    for (const cut of this.active) if (cut.from.has(fromNode) && cut.to.has(toNode)) return true;
    return false;
  }

  /** The fault overlay of a link (created on first use). */
  linkFault(fromGroup: number, toGroup: number): LinkFault {
    const link = this.link(fromGroup, toGroup);
    if (link.fault === null) {
      link.fault = { addMs: 0, multiply: 1, loss: 0, gilbertElliott: null, bad: false };
      link.instant = false;
      this.everyLinkInstant = false;
    }
    return link.fault;
  }

  /** The link's cross-zone stream, named after the link and created on its first crossing. */
  private crossZoneRng(link: Link): Rng {
    if (link.crossZoneRng === null) link.crossZoneRng = this.streams.stream(`${link.name}/cross-zone`);
    return link.crossZoneRng;
  }

  private faultLoses(f: LinkFault, rng: Rng): boolean {
    const ge = f.gilbertElliott;
    if (ge !== null) {
      // Transition first, then lose with the new state's probability: bursts of losses.
      if (f.bad ? rng.next() < ge.pBadToGood : rng.next() < ge.pGoodToBad) f.bad = !f.bad;
      if (rng.next() < (f.bad ? ge.lossBad : ge.lossGood)) return true;
    }
    return f.loss > 0 && rng.next() < f.loss;
  }

  /** The link from one group to another, created on first use. */
  private link(fromGroup: number, toGroup: number): Link {
    const i = this.linkIndex.get(fromGroup, toGroup);
    return i >= 0 ? this.links[i] : this.createLink(fromGroup, toGroup);
  }

  private createLink(fromGroup: number, toGroup: number): Link {
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
      fault: null,
      crossZoneRng: null,
      name,
    };
    this.linkIndex.set(fromGroup, toGroup, this.links.length);
    this.links.push(link);
    return link;
  }
}
