import type { FaultSpec } from '../scenario/fault-spec.ts';
import type { FaultView } from './view.ts';

/**
 * Resolves the names a fault targets (clients, services, replicas, node groups, nodes) to the
 * world's indices. The scenario validator should already have checked them; a name that does
 * not resolve still fails here with an error naming the fault's field, never silently.
 */
export class FaultTargets {
  constructor(private readonly w: FaultView) {}

  /** The error for field `field` of fault `f` (index `i`). */
  error(i: number, f: FaultSpec, field: string, message: string): Error {
    return new Error(`faults[${i}].${field} (fault "${f.name}"): ${message}`);
  }

  /** Index of the service `name`. */
  service(i: number, f: FaultSpec, name: string, field = 'service'): number {
    const index = this.w.services.findIndex((s) => s.spec.name === name);
    if (index < 0)
      throw this.error(
        i,
        f,
        field,
        `no service "${name}"; services: ${this.list(this.w.services.map((s) => s.spec.name))}`,
      );
    return index;
  }

  /** Global replica indices of one replica (`slot`) or of every replica (null) of a service. */
  replicas(i: number, f: FaultSpec, serviceName: string, slot: number | null): number[] {
    const svc = this.w.services[this.service(i, f, serviceName)];
    if (slot === null) return [...svc.replicas];
    if (!Number.isInteger(slot) || slot < 0 || slot >= svc.replicas.length) {
      throw this.error(
        i,
        f,
        'replica',
        `no replica ${slot} of "${serviceName}" (it has ${svc.replicas.length})`,
      );
    }
    return [svc.replicas[slot]];
  }

  client(i: number, f: FaultSpec, name: string): number {
    const index = this.w.clients.findIndex((c) => c.spec.name === name);
    if (index < 0)
      throw this.error(
        i,
        f,
        'client',
        `no client "${name}"; clients: ${this.list(this.w.clients.map((c) => c.spec.name))}`,
      );
    return index;
  }

  /** Index of a network group (a client, service or queue name). */
  group(i: number, f: FaultSpec, name: string, field: string): number {
    const index = this.w.groupNames.indexOf(name);
    if (index < 0)
      throw this.error(
        i,
        f,
        field,
        `no client, service or queue "${name}"; known: ${this.list(this.w.groupNames)}`,
      );
    return index;
  }

  /** Every node of the named groups, in node order, each once. */
  nodesOfGroups(i: number, f: FaultSpec, names: readonly string[], field: string): number[] {
    // A replica `service/index` names one node (a zone's share of a service); anything else a group.
    const exact = names
      .filter((n) => n.includes('/'))
      .map((n, k) => this.clockNodes(i, f, n, `${field}[${k}]`));
    const groups = new Set(
      names.filter((n) => !n.includes('/')).map((n, k) => this.group(i, f, n, `${field}[${k}]`)),
    );
    const nodes: number[] = exact.flat();
    this.w.nodeGroups.forEach((g, node) => {
      if (groups.has(g)) nodes.push(node);
    });
    return nodes;
  }

  /** The nodes a clock fault names: a client, queue or replica `service/index`, or a service (all its replicas). */
  clockNodes(i: number, f: FaultSpec, name: string, field = 'node'): number[] {
    const node = this.w.nodeNames.indexOf(name);
    if (node >= 0) return [node];
    const svc = this.w.services.find((s) => s.spec.name === name);
    if (svc !== undefined) return svc.replicas.map((r) => this.w.replicas[r].node);
    throw this.error(
      i,
      f,
      field,
      `no client, queue, service or replica "${name}"; nodes: ${this.list(this.w.nodeNames)}`,
    );
  }

  /**
   * Nodes that call the service: clients, replicas of calling services, queues consuming into it,
   * and its prober (probes and health checks are calls too).
   */
  callersOf(service: number): number[] {
    const nodes = new Set<number>();
    for (const e of this.w.edges) if (!e.toQueue && e.target === service) nodes.add(e.callerNode);
    const prober = this.w.proberNodes[service];
    if (prober >= 0) nodes.add(prober);
    return [...nodes].sort((a, b) => a - b);
  }

  /**
   * A partition's two sides with the probers added: the prober stands where its service's
   * callers stand, so a partition that cuts callers of a service off from some of its replicas
   * cuts the service's prober off from them too (as a real cut between the callers' network and
   * the replicas' also cuts the load balancer and the kubelet's path to them).
   */
  withProbers(a: readonly number[], b: readonly number[]): [number[], number[]] {
    const w = this.w;
    const sideA = [...a];
    const sideB = [...b];
    w.services.forEach((svc, index) => {
      const prober = w.proberNodes[index];
      if (prober < 0) return;
      const nodes = new Set(svc.replicas.map((r) => w.replicas[r].node));
      const callers = new Set(this.callersOf(index));
      const cuts = (x: readonly number[], y: readonly number[]) =>
        x.some((n) => n !== prober && callers.has(n)) && y.some((n) => nodes.has(n));
      if (cuts(a, b) && !sideA.includes(prober)) sideA.push(prober);
      if (cuts(b, a) && !sideB.includes(prober)) sideB.push(prober);
    });
    return [sideA, sideB];
  }

  private list(names: readonly string[]): string {
    return names.length === 0 ? '(none)' : names.join(', ');
  }
}
