/**
 * Rules of the topology a schema can't express: references between clients, services, queues,
 * links and clocks; an acyclic call graph; clients that reach a cache need keys; `once`
 * arrivals inside the run; the parameter rules of every distribution the topology holds.
 */

import { MAX_CALL_DEPTH } from '../../sim-core/scenario/limits.ts';
import { DistributionSchema } from './distributions.ts';
import { distributionErrors } from './distributions-rules.ts';
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import { clockNodeProblem, type Group, hasCache, type Names, nodeRefErrors, refErrors } from './names.ts';
import { field, isString, list, type Rec, wellFormedName } from './raw.ts';
import { beforeEnd } from './run-settings-rules.ts';

/** References: a request goes to a service or a queue; a queue feeds a service; links and clocks name nodes. */
export function referenceErrors(root: Rec, names: Names): ValidationError[] {
  const errors: ValidationError[] = [];
  const clients = list(root['clients']);
  const services = list(root['services']);
  const queues = list(root['queues']);
  const nodeNames = [...names.firstUse.keys()].filter((n) => !names.queues.has(n));

  // --- references: a request goes to a service or a queue; a queue feeds a service.
  const destinations: Group[] = ['services', 'queues'];
  clients.forEach((c, i) => {
    errors.push(...refErrors(formatPath(['clients', i, 'target']), field(c, 'target'), destinations, names));
  });
  services.forEach((s, i) => {
    // Zone-aware routing compares zones: a service without any has nothing to prefer.
    const zoneAware = field(s, 'zoneAware');
    if (zoneAware !== undefined && zoneAware !== null && list(field(s, 'zones')).length === 0) {
      const error = foundAllowed(
        formatPath(['services', i, 'zoneAware']),
        'zone-aware routing without zones',
        'null, or give the service "zones"',
      );
      errors.push(error);
    }
    list(field(s, 'calls')).forEach((call, j) => {
      const path = formatPath(['services', i, 'calls', j, 'service']);
      errors.push(...refErrors(path, field(call, 'service'), destinations, names));
    });
  });
  queues.forEach((q, i) => {
    errors.push(
      ...refErrors(formatPath(['queues', i, 'consumer']), field(q, 'consumer'), ['services'], names),
    );
  });

  errors.push(...callCycles(services, queues, names));

  // --- network links name node groups.
  const network = field(root, 'network');
  list(field(network, 'links')).forEach((link, i) => {
    for (const end of ['from', 'to'] as const) {
      errors.push(...nodeRefErrors(formatPath(['network', 'links', i, end]), field(link, end), nodeNames));
    }
  });

  // --- clocks name a node group or one replica; one clock per node, or which one would win?
  const clockUse = new Map<string, string>();
  list(field(root, 'clocks')).forEach((clock, i) => {
    const node = field(clock, 'node');
    if (typeof node !== 'string' || node === '') return;
    const path = formatPath(['clocks', i, 'node']);
    const problem = clockNodeProblem(node, ['clients', 'services'], names);
    if (problem !== undefined) {
      errors.push(foundAllowed(path, JSON.stringify(node), problem));
      return;
    }
    const previous = clockUse.get(node);
    if (previous !== undefined) {
      errors.push({
        path,
        message: `duplicate clock for ${JSON.stringify(node)}, already given at ${previous}`,
        found: JSON.stringify(node),
        allowed: 'one clock per node',
      });
    } else clockUse.set(node, path);
  });

  return errors;
}

/** The parameter rules of each distribution of the topology: service times, think times, latencies. */
export function topologyDistributionErrors(root: Rec): ValidationError[] {
  const errors: ValidationError[] = [];
  const clients = list(root['clients']);
  const services = list(root['services']);
  const network = field(root, 'network');
  const distributionAt = (path: PathSegment[], raw: unknown): void => {
    if (raw === undefined) return;
    const parsed = DistributionSchema.safeParse(raw);
    if (parsed.success) errors.push(...distributionErrors(parsed.data, path));
  };
  services.forEach((s, i) => {
    distributionAt(['services', i, 'serviceTime'], field(s, 'serviceTime'));
  });
  clients.forEach((c, i) => {
    const arrival = field(c, 'arrival');
    if (field(arrival, 'kind') === 'closed')
      distributionAt(['clients', i, 'arrival', 'thinkTime'], field(arrival, 'thinkTime'));
  });
  distributionAt(['network', 'latency'], field(network, 'latency'));
  list(field(network, 'links')).forEach((link, i) => {
    distributionAt(['network', 'links', i, 'latency'], field(link, 'latency'));
  });
  return errors;
}

/** `once` arrivals happen during the run. */
export function onceArrivalErrors(clients: unknown[], durationMs: number | undefined): ValidationError[] {
  const errors: ValidationError[] = [];
  clients.forEach((c, i) => {
    const arrival = field(c, 'arrival');
    if (field(arrival, 'kind') === 'once')
      errors.push(...beforeEnd(['clients', i, 'arrival', 'atMs'], field(arrival, 'atMs'), durationMs));
  });
  return errors;
}

/**
 * Reports each cycle of calls and queues once, at the edge that closes it: a call
 * (`services[i].calls[j].service`) or a queue's consumer (`queues[k].consumer`); then a call
 * graph deeper than {@link MAX_CALL_DEPTH}, once, at the calls of the service the deepest chain
 * starts from. Depth-first without recursion: a chain of thousands of services is a valid
 * question, not a stack overflow.
 */
export function callCycles(services: unknown[], queues: unknown[], names: Names): ValidationError[] {
  const errors: ValidationError[] = [];
  /** The edges out of a service (its calls) or a queue (its consumer), with the field of each. */
  const edges = (name: string): { to: string; path: string }[] => {
    const service = names.serviceByName.get(name);
    if (service !== undefined) {
      return list(field(service.raw, 'calls')).flatMap((call, j) => {
        const to = field(call, 'service');
        const path = formatPath(['services', service.index, 'calls', j, 'service']);
        return typeof to === 'string' ? [{ to, path }] : [];
      });
    }
    const queue = names.queueByName.get(name);
    const to = field(queue?.raw, 'consumer');
    if (queue === undefined || typeof to !== 'string') return [];
    return [{ to, path: formatPath(['queues', queue.index, 'consumer']) }];
  };
  const known = (name: string): boolean => names.serviceByName.has(name) || names.queueByName.has(name);
  // Visit state per name: absent = unvisited, 1 = on the current path, 2 = done.
  const state = new Map<string, 1 | 2>();
  /** Services and queues on the longest chain from a name (itself included), and the next one on it. */
  const depth = new Map<string, { levels: number; next: string | undefined }>();
  const stack: string[] = [];
  const visit = (root: string): void => {
    const frames: { name: string; edges: { to: string; path: string }[]; i: number }[] = [];
    const enter = (name: string): void => {
      state.set(name, 1);
      stack.push(name);
      frames.push({ name, edges: edges(name), i: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame.i < frame.edges.length) {
        const edge = frame.edges[frame.i++];
        if (!known(edge.to)) continue;
        const seen = state.get(edge.to);
        if (seen === 1) {
          const cycle = [...stack.slice(stack.indexOf(edge.to)), edge.to].join(' -> ');
          errors.push({
            path: edge.path,
            message: `calls form a cycle: ${cycle}; the call graph must be acyclic`,
            found: cycle,
            allowed: 'calls that never lead back to the caller',
          });
        } else if (seen === undefined) enter(edge.to);
        continue;
      }
      // Done: its depth is one more than its deepest callee's (callees on the path are a cycle).
      let best: { levels: number; next: string | undefined } = { levels: 1, next: undefined };
      for (const edge of frame.edges) {
        const d = depth.get(edge.to);
        if (d !== undefined && d.levels + 1 > best.levels) best = { levels: d.levels + 1, next: edge.to };
      }
      depth.set(frame.name, best);
      frames.pop();
      stack.pop();
      state.set(frame.name, 2);
    }
  };
  // In file order, so the same file always reports the same cycles in the same order.
  for (const s of services) {
    const name = field(s, 'name');
    if (typeof name === 'string' && names.serviceByName.get(name)?.raw === s && !state.has(name)) visit(name);
  }
  for (const q of queues) {
    const name = field(q, 'name');
    if (typeof name === 'string' && names.queueByName.get(name)?.raw === q && !state.has(name)) visit(name);
  }
  const depthError = callDepthError(depth, names);
  if (depthError !== undefined) errors.push(depthError);
  return errors;
}

/** The error for a call graph deeper than {@link MAX_CALL_DEPTH}, at the service its deepest chain starts from. */
function callDepthError(
  depth: Map<string, { levels: number; next: string | undefined }>,
  names: Names,
): ValidationError | undefined {
  let start: string | undefined;
  for (const [name, d] of depth) {
    if (names.serviceByName.has(name) && (start === undefined || d.levels > (depth.get(start)?.levels ?? 0)))
      start = name;
  }
  const levels = start === undefined ? 0 : (depth.get(start)?.levels ?? 0);
  if (start === undefined || levels <= MAX_CALL_DEPTH) return undefined;
  const chain: string[] = [];
  for (let at: string | undefined = start; at !== undefined; at = depth.get(at)?.next) chain.push(at);
  const shown =
    chain.length > 4
      ? `${chain
          .slice(0, 3)
          .map((n) => JSON.stringify(n))
          .join(' -> ')} -> … -> ${JSON.stringify(chain[chain.length - 1])}`
      : chain.map((n) => JSON.stringify(n)).join(' -> ');
  const index = names.serviceByName.get(start)?.index ?? 0;
  const error = foundAllowed(
    formatPath(['services', index, 'calls']),
    `calls ${levels} services and queues deep (${shown})`,
    `at most ${MAX_CALL_DEPTH} services and queues on the longest chain of calls`,
  );
  error.message += ' (the most the engine holds)';
  return error;
}

/**
 * A cache is keyed by the client's keys: a client without keys whose requests reach a cached
 * service (directly, through calls or through queues) is an error at its `keys`.
 */
export function cacheKeyErrors(clients: unknown[], names: Names): ValidationError[] {
  const next = (name: string): string[] => {
    const service = names.serviceByName.get(name);
    if (service !== undefined)
      return list(field(service.raw, 'calls'))
        .map((c) => field(c, 'service'))
        .filter(isString);
    const consumer = field(names.queueByName.get(name)?.raw, 'consumer');
    return isString(consumer) ? [consumer] : [];
  };
  const errors: ValidationError[] = [];
  clients.forEach((c, i) => {
    const client = wellFormedName(field(c, 'name'));
    const target = wellFormedName(field(c, 'target'));
    const keys = field(c, 'keys');
    if (client === undefined || target === undefined || (keys !== undefined && keys !== null)) return;
    // Breadth first, so the nearest cached service is named, with the way to it.
    const via = new Map<string, string>([[target, client]]);
    const todo = [target];
    for (let k = 0; k < todo.length; k++) {
      const name = todo[k];
      if (hasCache(names, name)) {
        const route = [name];
        for (let at = name; at !== target; ) {
          at = via.get(at) as string;
          route.unshift(at);
        }
        route.unshift(client);
        const allowed = 'an object {"count": ..., "zipfS": ...}';
        errors.push({
          path: formatPath(['clients', i, 'keys']),
          message: `${keys === null ? 'found null' : 'missing'}; service ${JSON.stringify(name)} has a cache and client ${JSON.stringify(client)} reaches it (${route.join(' -> ')}), so its requests need keys; allowed: ${allowed}`,
          ...(keys === null ? { found: 'null' } : {}),
          allowed,
        });
        return;
      }
      for (const to of next(name)) {
        if (!via.has(to) && (names.services.has(to) || names.queues.has(to))) {
          via.set(to, name);
          todo.push(to);
        }
      }
    }
  });
  return errors;
}
