import type { LinkFault } from '../model/network.ts';
import type { FaultSpec } from '../scenario/fault-spec.ts';
import { type FaultActions, unionProbability } from './actions.ts';
import type { FaultTargets } from './targets.ts';
import type { FaultView } from './view.ts';

type GilbertElliott = NonNullable<LinkFault['gilbertElliott']>;

/** One fault's share of a directed link's overlay. */
interface LinkShare {
  readonly addMs: number;
  readonly multiply: number;
  readonly loss: number;
  readonly gilbertElliott: GilbertElliott | null;
}

/**
 * Network faults, with their verbs: `partition`/`heal` (both directions), `partitionOneWay`/
 * `healOneWay`, and `degradeLink`/`restoreLink` for latency and loss on a directed link
 * (`from` group -> `to` group). Partitions count overlaps in the network itself; link shares are
 * kept per link and the overlay is recomputed from the active ones: latency adds and multiplies,
 * independent losses combine as independent events, and the newest active Gilbert-Elliott chain
 * is the one in force (starting in its good state).
 */
export class NetworkFaults {
  private readonly shares = new Map<number, LinkShare[]>();

  constructor(private readonly w: FaultView) {}

  partition(a: readonly number[], b: readonly number[]): void {
    this.w.partition(a, b, 1);
    this.w.partition(b, a, 1);
  }

  heal(a: readonly number[], b: readonly number[]): void {
    this.w.partition(a, b, -1);
    this.w.partition(b, a, -1);
  }

  /** Messages from `a` to `b` are lost; answers from `b` to `a` still pass. */
  partitionOneWay(a: readonly number[], b: readonly number[]): void {
    this.w.partition(a, b, 1);
  }

  healOneWay(a: readonly number[], b: readonly number[]): void {
    this.w.partition(a, b, -1);
  }

  degradeLink(fromGroup: number, toGroup: number, share: LinkShare): void {
    const key = fromGroup * this.w.groupNames.length + toGroup;
    const list = this.shares.get(key) ?? [];
    list.push(share);
    this.shares.set(key, list);
    this.apply(fromGroup, toGroup, list);
  }

  restoreLink(fromGroup: number, toGroup: number, share: LinkShare): void {
    const list = this.shares.get(fromGroup * this.w.groupNames.length + toGroup);
    if (list === undefined) return;
    const i = list.indexOf(share);
    if (i >= 0) list.splice(i, 1);
    this.apply(fromGroup, toGroup, list);
  }

  private apply(fromGroup: number, toGroup: number, list: readonly LinkShare[]): void {
    const o = this.w.linkFault(fromGroup, toGroup);
    let add = 0;
    let mul = 1;
    let ge: GilbertElliott | null = null;
    for (const s of list) {
      add += s.addMs;
      mul *= s.multiply;
      if (s.gilbertElliott !== null) ge = s.gilbertElliott;
    }
    o.addMs = add;
    o.multiply = mul;
    o.loss = unionProbability(
      0,
      list.map((s) => s.loss),
    );
    if (o.gilbertElliott !== ge) {
      o.gilbertElliott = ge;
      o.bad = false;
    }
  }
}

/** The actions of a network fault: partition, packet-loss, or latency on a link. */
export function networkFaultActions(
  w: FaultView,
  faults: NetworkFaults,
  targets: FaultTargets,
  i: number,
  f: FaultSpec,
): FaultActions {
  switch (f.kind) {
    case 'partition': {
      const [a, b] = targets.withProbers(
        targets.nodesOfGroups(i, f, f.from, 'from'),
        targets.nodesOfGroups(i, f, f.to, 'to'),
      );
      const node = a[0] ?? 0;
      if (f.oneWay)
        return { node, start: () => faults.partitionOneWay(a, b), end: () => faults.healOneWay(a, b) };
      return { node, start: () => faults.partition(a, b), end: () => faults.heal(a, b) };
    }
    case 'link-flap': {
      const [a, b] = targets.withProbers(
        targets.nodesOfGroups(i, f, f.from, 'from'),
        targets.nodesOfGroups(i, f, f.to, 'to'),
      );
      return flapActions(w, faults, a[0] ?? 0, a, b, f.downMs, f.upMs, f.oneWay);
    }
    case 'packet-loss': {
      const ge = f.gilbertElliott;
      // A Gilbert-Elliott chain replaces independent loss: its losses come from its two states.
      const share: LinkShare = {
        addMs: 0,
        multiply: 1,
        loss: ge === null ? f.loss : 0,
        gilbertElliott: ge === null ? null : { ...ge },
      };
      return linkActions(w, faults, targets, i, f, f.from, f.to, share);
    }
    case 'latency': {
      if (f.link === null) throw targets.error(i, f, 'link', 'a latency fault needs a service or a link');
      const share: LinkShare = { addMs: f.addMs, multiply: f.multiply, loss: 0, gilbertElliott: null };
      return linkActions(w, faults, targets, i, f, f.link.from, f.link.to, share, 'link.');
    }
    default:
      throw targets.error(i, f, 'kind', `"${f.kind}" is not a network fault`);
  }
}

function linkActions(
  w: FaultView,
  faults: NetworkFaults,
  targets: FaultTargets,
  i: number,
  f: FaultSpec,
  from: string,
  to: string,
  share: LinkShare,
  prefix = '',
): FaultActions {
  const a = targets.group(i, f, from, `${prefix}from`);
  const b = targets.group(i, f, to, `${prefix}to`);
  return {
    // Every group has a node: a client, a queue, or a service's first replica.
    node: w.nodeGroups.indexOf(a),
    start: () => faults.degradeLink(a, b, share),
    end: () => faults.restoreLink(a, b, share),
  };
}

/**
 * A flapping link: cut at the start, healed `downMs` later, cut again `upMs` after that, and so on;
 * the fault's end heals a cut that stands and stops the cycle. Each toggle is a control event, so
 * it acts before ordinary events at its instant, as a partition's start and end do.
 */
function flapActions(
  w: FaultView,
  faults: NetworkFaults,
  node: number,
  a: readonly number[],
  b: readonly number[],
  downMs: number,
  upMs: number,
  oneWay: boolean,
): FaultActions {
  const cut = () => (oneWay ? faults.partitionOneWay(a, b) : faults.partition(a, b));
  const heal = () => (oneWay ? faults.healOneWay(a, b) : faults.heal(a, b));
  let running = false;
  let down = false;
  const toggle = (): void => {
    if (!running) return;
    if (down) heal();
    else cut();
    down = !down;
    w.scheduleControl(w.now() + (down ? downMs : upMs), node, { apply: toggle });
  };
  return {
    node,
    start: () => {
      running = true;
      toggle();
    },
    end: () => {
      running = false;
      if (down) heal();
      down = false;
    },
  };
}
