/**
 * Scenario rules a schema can't express: names that must refer to something, an acyclic call
 * graph, orderings between fields, the parameter combinations of some distributions, and
 * `params` whose every value must give a valid scenario.
 *
 * These checks read the raw input defensively instead of a parsed {@link Scenario}, so they can
 * run even when the schema rejected other parts: a user fixing a file sees every problem at
 * once. A rule is checked only where the values it needs are well-formed; a malformed value is
 * the schema's to report, and reporting it twice would only add noise.
 */
import type { AdaptiveLimitSpec, DistributionSpec } from '../../sim-core/scenario/spec.ts';
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import { issueErrors } from './issues.ts';
import { applyOverrides } from './overrides.ts';
import {
  CallPolicySchema,
  DistributionSchema,
  defaultFaultName,
  HypothesisSchema,
  MetricsSchema,
  NAME_PATTERN,
  ParamSchema,
  ScenarioSchema,
  ServicePolicySchema,
  ServiceSchema,
} from './scenario-schema.ts';

/** The standard normal quantile at 0.99: a lognormal's p99 is exp(mu + Z99 * sigma). */
export const Z99 = 2.3263478740408408;

/**
 * The most buckets a series may have. A tiny bucketMs over a long run would otherwise allocate
 * arrays the size of the run, freezing a browser tab before the first event.
 */
export const MAX_BUCKETS = 1_000_000;

/** Tolerance on the sum of hyperexponential branch probabilities. */
const P_SUM_TOLERANCE = 1e-9;

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** A name worth resolving: malformed names are the schema's to report. */
function wellFormedName(value: unknown): string | undefined {
  return typeof value === 'string' && NAME_PATTERN.test(value) ? value : undefined;
}

/** A finite number worth comparing: anything else is the schema's to report. */
function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function quotedList(names: Iterable<string>): string {
  const all = [...names].map((n) => JSON.stringify(n));
  return all.length === 0 ? '(none defined)' : all.join(', ');
}

/** Formats a number for a message without float noise such as 0.30000000000000004. */
function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** What the names of a scenario refer to, gathered once. */
interface Names {
  clients: Set<string>;
  services: Set<string>;
  queues: Set<string>;
  /** Where each name is first defined (`clients[0].name`), for every kind. */
  firstUse: Map<string, string>;
  /** Raw service objects by name (the first one, if a name is duplicated). */
  serviceByName: Map<string, { raw: unknown; index: number }>;
  /** Raw queue objects by name (the first one, if a name is duplicated). */
  queueByName: Map<string, { raw: unknown; index: number }>;
}

type Group = 'clients' | 'services' | 'queues';
const ALL_GROUPS: Group[] = ['clients', 'services', 'queues'];
const NOUN: Record<Group, string> = { clients: 'client', services: 'service', queues: 'queue' };

/** Options of {@link semanticErrors}. */
export interface SemanticOptions {
  /** Dry-run every `params` value (default true); the dry runs themselves don't, or they would recurse. */
  params?: boolean;
}

/**
 * Checks the rules a schema can't express, on any input (valid or not).
 *
 * Reports: duplicate client/service/queue names; unknown `target`, call `service` (a service or a
 * queue), queue `consumer`, link `from`/`to` and clock `node` names (a replica `service/index`
 * needs index < replicas); cycles of calls and queues; lognormal, empirical, hyperexponential
 * and uniform parameter rules; `warmupMs < durationMs`; at most {@link MAX_BUCKETS} metric
 * buckets; `once` arrivals, faults and hypothesis windows inside the run; pattern settings that
 * contradict each other; clients without keys that reach a cache; fault targets; hypothesis
 * metrics; and `params` values that would not give a valid scenario. Each error names the field
 * it is in.
 */
export function semanticErrors(input: unknown, options: SemanticOptions = {}): ValidationError[] {
  const errors: ValidationError[] = [];
  const root = isRecord(input) ? input : {};
  const clients = list(root['clients']);
  const services = list(root['services']);
  const queues = list(root['queues']);

  // --- names: unique across clients, services and queues, because links, clocks, partitions
  // and metrics name any of them.
  const names: Names = {
    clients: new Set(),
    services: new Set(),
    queues: new Set(),
    firstUse: new Map(),
    serviceByName: new Map(),
    queueByName: new Map(),
  };
  const register = (group: Group, index: number, raw: unknown): void => {
    const name = field(raw, 'name');
    if (typeof name !== 'string') return;
    const path = formatPath([group, index, 'name']);
    const previous = names.firstUse.get(name);
    if (previous !== undefined) {
      errors.push({
        path,
        message: `duplicate name ${JSON.stringify(name)}, already used at ${previous}; client, service and queue names must be unique`,
        found: JSON.stringify(name),
        allowed: 'a name no other client, service or queue uses',
      });
      return;
    }
    names.firstUse.set(name, path);
    names[group].add(name);
    if (group === 'services') names.serviceByName.set(name, { raw, index });
    if (group === 'queues') names.queueByName.set(name, { raw, index });
  };
  clients.forEach((c, i) => {
    register('clients', i, c);
  });
  services.forEach((s, i) => {
    register('services', i, s);
  });
  queues.forEach((q, i) => {
    register('queues', i, q);
  });
  /** Nodes of the network: clients and services (queues are not on links or clocks). */
  const nodeNames = [...names.firstUse.keys()].filter((n) => !names.queues.has(n));

  // --- references: a request goes to a service or a queue; a queue feeds a service.
  const destinations: Group[] = ['services', 'queues'];
  clients.forEach((c, i) => {
    errors.push(...refErrors(formatPath(['clients', i, 'target']), field(c, 'target'), destinations, names));
  });
  services.forEach((s, i) => {
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

  // --- distributions, wherever one may appear.
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

  errors.push(...runLengthErrors(root));

  // --- things that happen at a time must happen during the run.
  const duration = ScenarioSchema.shape.durationMs.safeParse(root['durationMs']);
  const durationMs = duration.success ? duration.data : undefined;
  clients.forEach((c, i) => {
    const arrival = field(c, 'arrival');
    if (field(arrival, 'kind') === 'once')
      errors.push(...beforeEnd(['clients', i, 'arrival', 'atMs'], field(arrival, 'atMs'), durationMs));
  });

  // --- resilience patterns.
  clients.forEach((c, i) => {
    errors.push(...callPolicyErrors(c, ['clients', i]));
  });
  services.forEach((s, i) => {
    list(field(s, 'calls')).forEach((call, j) => {
      errors.push(...callPolicyErrors(call, ['services', i, 'calls', j]));
    });
    errors.push(...servicePolicyErrors(s, ['services', i]));
  });
  errors.push(...cacheKeyErrors(clients, names));

  // --- faults and hypotheses.
  errors.push(...faultErrors(list(root['faults']), durationMs, names));
  errors.push(...hypothesisErrors(root, durationMs, names));

  // --- params and hypothesis variants: last, because the dry runs compare their errors with the ones found so far.
  if (options.params !== false) {
    errors.push(...paramErrors(root, errors));
    errors.push(...variantErrors(root));
  }
  return errors;
}

// ---------------------------------------------------------------- names and the call graph

/** `client`, `service or queue`, `client, service or queue`. */
function nounOf(groups: Group[]): string {
  const nouns = groups.map((g) => NOUN[g]);
  return nouns.length > 1 ? `${nouns.slice(0, -1).join(', ')} or ${nouns[nouns.length - 1]}` : nouns[0];
}

/**
 * A reference to a client, service or queue of one of the `groups`, or why it isn't one:
 * `found "apx"; allowed: a service or queue name: "api", "jobs"`.
 */
function refErrors(path: string, value: unknown, groups: Group[], names: Names): ValidationError[] {
  const name = wellFormedName(value);
  if (name === undefined || groups.some((g) => names[g].has(name))) return [];
  const noun = nounOf(groups);
  const error = foundAllowed(
    path,
    JSON.stringify(name),
    `a ${noun} name: ${quotedList(groups.flatMap((g) => [...names[g]]))}`,
  );
  const actual = ALL_GROUPS.find((g) => names[g].has(name));
  if (actual !== undefined) error.message += ` (${JSON.stringify(name)} is a ${NOUN[actual]}, not a ${noun})`;
  return [error];
}

/** A reference to a network node group: a client or service. */
function nodeRefErrors(path: string, value: unknown, nodeNames: string[]): ValidationError[] {
  const name = wellFormedName(value);
  if (name === undefined || nodeNames.includes(name)) return [];
  return [foundAllowed(path, JSON.stringify(name), `a client or service name: ${quotedList(nodeNames)}`)];
}

/** A service's replica count, if well-formed. */
function replicasOf(names: Names, service: string): number | undefined {
  const entry = names.serviceByName.get(service);
  if (entry === undefined) return undefined;
  const replicas = ServiceSchema.shape.replicas.safeParse(field(entry.raw, 'replicas'));
  return replicas.success ? replicas.data : undefined;
}

/** `index` must be a replica of `service`; nothing to say if either is malformed or unknown. */
function replicaErrors(path: string, index: unknown, service: unknown, names: Names): ValidationError[] {
  const name = wellFormedName(service);
  const n = name === undefined ? undefined : replicasOf(names, name);
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || n === undefined || index < n)
    return [];
  return [
    foundAllowed(
      path,
      num(index),
      `a replica index of ${JSON.stringify(name)} from 0 to ${n - 1} (it has ${n} ${n === 1 ? 'replica' : 'replicas'})`,
    ),
  ];
}

/**
 * Reports each cycle of calls and queues once, at the edge that closes it: a call
 * (`services[i].calls[j].service`) or a queue's consumer (`queues[k].consumer`).
 */
function callCycles(services: unknown[], queues: unknown[], names: Names): ValidationError[] {
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
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 1);
    stack.push(name);
    for (const edge of edges(name)) {
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
      } else if (seen === undefined) visit(edge.to);
    }
    stack.pop();
    state.set(name, 2);
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
  return errors;
}

/**
 * Why a clock's (or a clock fault's) `node` names nothing, or undefined when it names a node:
 * one of `groups` (a service meaning all its replicas), or a replica `service/index`.
 */
function clockNodeProblem(node: string, groups: Group[], names: Names): string | undefined {
  const nodeNames = groups.flatMap((g) => [...names[g]]);
  const general = `a ${nounOf(groups)} name (${quotedList(nodeNames)}) or a replica "service/index"`;
  const slash = node.lastIndexOf('/');
  if (slash < 0) return nodeNames.includes(node) ? undefined : general;
  const service = node.slice(0, slash);
  const indexText = node.slice(slash + 1);
  if (!names.services.has(service) || !/^(0|[1-9][0-9]*)$/.test(indexText)) return general;
  const n = replicasOf(names, service);
  // A malformed replica count is the schema's to report; the index can't be judged against it.
  if (n === undefined || Number(indexText) < n) return undefined;
  return `a replica of ${JSON.stringify(service)} from "${service}/0" to "${service}/${n - 1}" (it has ${n} ${n === 1 ? 'replica' : 'replicas'})`;
}

/** A time in the run: `atMs` < durationMs. */
function beforeEnd(path: PathSegment[], atMs: unknown, durationMs: number | undefined): ValidationError[] {
  const at = finite(atMs);
  if (at === undefined || at < 0 || durationMs === undefined || at < durationMs) return [];
  return [foundAllowed(formatPath(path), num(at), `a number >= 0 and < durationMs (${num(durationMs)})`)];
}

// ---------------------------------------------------------------- resilience patterns

/** Rules of a client's or a call's patterns, at `path` (the client or the call). */
function callPolicyErrors(raw: unknown, path: PathSegment[]): ValidationError[] {
  const errors: ValidationError[] = [];
  // A preset is the library's own setting; only objects written here are checked.
  const retryRaw = field(raw, 'retry');
  const retry = CallPolicySchema.shape.retry.safeParse(retryRaw);
  if (isRecord(retryRaw) && retry.success && retry.data !== null) {
    const { baseMs, capMs } = retry.data.backoff;
    if (capMs < baseMs) {
      const error = foundAllowed(
        formatPath([...path, 'retry', 'backoff', 'capMs']),
        num(capMs),
        `a number >= baseMs (${num(baseMs)})`,
      );
      // A cap the user never wrote is the default: say so, or the error names a value not in the file.
      if (field(field(retryRaw, 'backoff'), 'capMs') === undefined)
        error.message += ' (capMs was not given: that is its default)';
      errors.push(error);
    }
  }
  const limit = CallPolicySchema.shape.adaptiveLimit.safeParse(field(raw, 'adaptiveLimit'));
  if (limit.success && limit.data !== null)
    errors.push(...adaptiveLimitErrors(limit.data, [...path, 'adaptiveLimit']));
  return errors;
}

/** minLimit <= initialLimit <= maxLimit, and Vegas's alpha <= beta. */
function adaptiveLimitErrors(limit: AdaptiveLimitSpec, path: PathSegment[]): ValidationError[] {
  const at = (key: string): string => formatPath([...path, key]);
  const errors: ValidationError[] = [];
  if (limit.algorithm !== 'vegas' && limit.minLimit > limit.initialLimit) {
    errors.push(
      foundAllowed(
        at('minLimit'),
        num(limit.minLimit),
        `an integer <= initialLimit (${num(limit.initialLimit)})`,
      ),
    );
  }
  if (limit.initialLimit > limit.maxLimit) {
    errors.push(
      foundAllowed(
        at('maxLimit'),
        num(limit.maxLimit),
        `an integer >= initialLimit (${num(limit.initialLimit)})`,
      ),
    );
  }
  if (limit.algorithm === 'vegas' && limit.beta < limit.alpha) {
    errors.push(foundAllowed(at('beta'), num(limit.beta), `a number >= alpha (${num(limit.alpha)})`));
  }
  return errors;
}

/** Rules of a service's patterns, at `path` (the service). */
function servicePolicyErrors(raw: unknown, path: PathSegment[]): ValidationError[] {
  const errors: ValidationError[] = [];
  const shedding = ServicePolicySchema.shape.shedding.safeParse(field(raw, 'shedding'));
  if (shedding.success && shedding.data?.kind === 'priority') {
    const thresholds = shedding.data.thresholds;
    for (let t = 1; t < thresholds.length; t++) {
      if (thresholds[t] <= thresholds[t - 1]) continue;
      const error = foundAllowed(
        formatPath([...path, 'shedding', 'thresholds', t]),
        num(thresholds[t]),
        `an integer <= the threshold of tier ${t - 1} (${num(thresholds[t - 1])})`,
      );
      error.message +=
        '; thresholds must not increase with the tier: tier 0 is the most important, so it is shed last, at the longest queue';
      errors.push(error);
    }
  }
  const limit = ServicePolicySchema.shape.adaptiveLimit.safeParse(field(raw, 'adaptiveLimit'));
  if (limit.success && limit.data !== null)
    errors.push(...adaptiveLimitErrors(limit.data, [...path, 'adaptiveLimit']));

  // Replica overrides: an existing replica, once each.
  const replicas = ServiceSchema.shape.replicas.safeParse(field(raw, 'replicas'));
  const service = wellFormedName(field(raw, 'name'));
  const seen = new Map<number, string>();
  list(field(raw, 'replicaOverrides')).forEach((o, k) => {
    const index = field(o, 'replica');
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return;
    const at = formatPath([...path, 'replicaOverrides', k, 'replica']);
    if (replicas.success && index >= replicas.data) {
      const n = replicas.data;
      const of = service === undefined ? '' : ` of ${JSON.stringify(service)}`;
      errors.push(
        foundAllowed(
          at,
          num(index),
          `a replica index${of} from 0 to ${n - 1} (it has ${n} ${n === 1 ? 'replica' : 'replicas'})`,
        ),
      );
      return;
    }
    const previous = seen.get(index);
    if (previous !== undefined) {
      errors.push({
        path: at,
        message: `duplicate override for replica ${index}, already given at ${previous}`,
        found: num(index),
        allowed: 'one override per replica',
      });
    } else seen.set(index, at);
  });
  return errors;
}

/**
 * A cache is keyed by the client's keys: a client without keys whose requests reach a cached
 * service (directly, through calls or through queues) is an error at its `keys`.
 */
function cacheKeyErrors(clients: unknown[], names: Names): ValidationError[] {
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

/** Whether a service has a cache (well-formed or not: a malformed one is the schema's to report). */
function hasCache(names: Names, service: string): boolean {
  return isRecord(field(names.serviceByName.get(service)?.raw, 'cache'));
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

// ---------------------------------------------------------------- faults

/** Fault kinds whose `service` must name a service, and whether they have a `replica`. */
const SERVICE_FAULTS: Record<string, boolean> = {
  crash: true,
  errors: true,
  capacity: true,
  pause: true,
  corrupt: true,
  leak: true,
  'cache-flush': false,
  'chaos-crash': false,
  'chaos-partition': false,
  latency: false,
};

/** Fault targets exist, faults start during the run, and fault names are unique. */
function faultErrors(faults: unknown[], durationMs: number | undefined, names: Names): ValidationError[] {
  const errors: ValidationError[] = [];
  const nameUse = new Map<string, string>();
  faults.forEach((f, i) => {
    const at = (...rest: PathSegment[]): string => formatPath(['faults', i, ...rest]);
    const kind = field(f, 'kind');
    const atMs = field(f, 'atMs');
    errors.push(...beforeEnd(['faults', i, 'atMs'], atMs, durationMs));

    // Names: given, or the default `<kind>@<atMs>`; recovery metrics need them unique.
    const given = field(f, 'name');
    const name =
      typeof given === 'string' && given !== ''
        ? given
        : given === undefined && typeof kind === 'string' && finite(atMs) !== undefined
          ? defaultFaultName(kind, atMs as number)
          : undefined;
    if (name !== undefined) {
      const previous = nameUse.get(name);
      if (previous !== undefined) {
        const how = given === undefined ? ' (the default "<kind>@<atMs>")' : '';
        errors.push({
          path: at('name'),
          message: `duplicate fault name ${JSON.stringify(name)}${how}, already used by ${previous}; give each fault a unique name`,
          found: JSON.stringify(name),
          allowed: 'a name no other fault uses',
        });
      } else nameUse.set(name, formatPath(['faults', i]));
    }

    if (typeof kind !== 'string') return;
    const service = field(f, 'service');
    if (kind in SERVICE_FAULTS && service !== null) {
      errors.push(...refErrors(at('service'), service, ['services'], names));
      if (SERVICE_FAULTS[kind])
        errors.push(...replicaErrors(at('replica'), field(f, 'replica'), service, names));
    }
    switch (kind) {
      case 'latency': {
        const link = field(f, 'link');
        const hasService = service !== undefined && service !== null;
        const hasLink = link !== undefined && link !== null;
        // A malformed link is the schema's to report.
        if (hasService === hasLink && (isRecord(link) || !hasLink)) {
          const allowed = 'either service or link';
          errors.push({
            path: at(),
            message: `latency fault has ${hasService ? 'both service and link' : 'neither service nor link'}; allowed: ${allowed}`,
            found: hasService ? 'both' : 'neither',
            allowed,
          });
        }
        for (const end of ['from', 'to'] as const) {
          errors.push(...refErrors(at('link', end), field(link, end), ALL_GROUPS, names));
        }
        break;
      }
      case 'packet-loss': {
        for (const end of ['from', 'to'] as const) {
          errors.push(...refErrors(at(end), field(f, end), ALL_GROUPS, names));
        }
        // A Gilbert-Elliott chain replaces independent loss: a loss beside it would be ignored.
        const loss = finite(field(f, 'loss'));
        if (isRecord(field(f, 'gilbertElliott')) && loss !== undefined && loss > 0 && loss <= 1) {
          const error = foundAllowed(at('loss'), num(loss), '0 when gilbertElliott is set');
          error.message += '; the Gilbert-Elliott states alone set the loss (lossGood, lossBad)';
          errors.push(error);
        }
        break;
      }
      case 'partition': {
        const sides = { from: list(field(f, 'from')), to: list(field(f, 'to')) };
        for (const side of ['from', 'to'] as const) {
          sides[side].forEach((n, k) => {
            // A replica `service/index` cuts off one node (a zone's share of a service).
            if (typeof n === 'string' && n.includes('/')) {
              const problem = clockNodeProblem(n, ['clients', 'services', 'queues'], names);
              if (problem !== undefined) errors.push(foundAllowed(at(side, k), JSON.stringify(n), problem));
              return;
            }
            errors.push(...refErrors(at(side, k), n, ALL_GROUPS, names));
          });
        }
        sides.to.forEach((n, k) => {
          if (typeof n === 'string' && sides.from.includes(n)) {
            errors.push({
              path: at('to', k),
              message: `${JSON.stringify(n)} is on both sides of the partition; allowed: a name that is not in from`,
              found: JSON.stringify(n),
              allowed: 'a name that is not in from',
            });
          }
        });
        break;
      }
      case 'clock-step':
      case 'clock-drift': {
        const node = field(f, 'node');
        if (typeof node !== 'string' || node === '') break;
        const problem = clockNodeProblem(node, ['clients', 'services', 'queues'], names);
        if (problem !== undefined) errors.push(foundAllowed(at('node'), JSON.stringify(node), problem));
        break;
      }
      case 'client-burst':
        errors.push(...refErrors(at('client'), field(f, 'client'), ['clients'], names));
        break;
      case 'cache-flush': {
        const target = wellFormedName(service);
        if (target === undefined || !names.services.has(target)) break;
        const cache = field(names.serviceByName.get(target)?.raw, 'cache');
        // A malformed cache is the schema's to report.
        if (cache === undefined || cache === null) {
          const cached = [...names.services].filter((n) => hasCache(names, n));
          const error = foundAllowed(
            at('service'),
            JSON.stringify(target),
            `a service with a cache: ${quotedList(cached)}`,
          );
          error.message += ` (${JSON.stringify(target)} has no cache)`;
          errors.push(error);
        }
        break;
      }
      default:
        break;
    }
  });
  return errors;
}

// ---------------------------------------------------------------- hypotheses

/** The first segment of a metric path and how the rest is formed. */
const METRIC_ROOTS = ['clients', 'services', 'queues', 'edges', 'breakers', 'faults', 'patterns', 'network'];
/** Whole-run numbers addressed by one segment. */
const METRIC_TOTALS = ['userRequests', 'events'];
const METRIC_FORM =
  '"<group>.<name>.<metric>" with group clients, services, queues, edges, breakers or faults; "patterns.<counter>"; "network.<metric>"; "userRequests" or "events"';
/** A metric path inside an entity: `goodputPerSec`, `latencyMs.p99`. */
const METRIC_PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

/** The edges of the call graph by result name (`caller->target`), and whether each has a breaker. */
function edgesOf(root: Rec): Map<string, boolean> {
  const edges = new Map<string, boolean>();
  const add = (caller: unknown, target: unknown, policy: unknown): void => {
    if (typeof caller !== 'string' || typeof target !== 'string') return;
    const breaker = field(policy, 'breaker');
    const key = `${caller}->${target}`;
    edges.set(key, edges.get(key) === true || (breaker !== undefined && breaker !== null));
  };
  for (const c of list(root['clients'])) add(field(c, 'name'), field(c, 'target'), c);
  for (const s of list(root['services'])) {
    for (const call of list(field(s, 'calls'))) add(field(s, 'name'), field(call, 'service'), call);
  }
  for (const q of list(root['queues'])) add(field(q, 'name'), field(q, 'consumer'), undefined);
  return edges;
}

/** Windows inside the run, a window where the mode needs one, and metrics that name something. */
function hypothesisErrors(root: Rec, durationMs: number | undefined, names: Names): ValidationError[] {
  const errors: ValidationError[] = [];
  const faultNames = list(root['faults']).flatMap((f) => {
    const given = field(f, 'name');
    const kind = field(f, 'kind');
    const atMs = finite(field(f, 'atMs'));
    if (typeof given === 'string') return [given];
    return typeof kind === 'string' && atMs !== undefined ? [defaultFaultName(kind, atMs)] : [];
  });
  const edges = edgesOf(root);
  list(root['hypotheses']).forEach((h, i) => {
    for (const key of ['window', 'relativeTo'] as const) {
      const window = field(h, key);
      const from = finite(field(window, 'fromMs'));
      const to = finite(field(window, 'toMs'));
      if (from === undefined || to === undefined) continue;
      const end = durationMs === undefined ? '' : ` and <= durationMs (${num(durationMs)})`;
      if (to <= from || (durationMs !== undefined && to > durationMs)) {
        errors.push(
          foundAllowed(
            formatPath(['hypotheses', i, key, 'toMs']),
            num(to),
            `a number > fromMs (${num(from)})${end}`,
          ),
        );
      }
    }

    const mode = HypothesisSchema.in.shape.mode.safeParse(field(h, 'mode'));
    const window = field(h, 'window');
    const hasWindow = window !== undefined && window !== null;
    if (mode.success && mode.data !== undefined && mode.data !== 'summary' && !hasWindow) {
      errors.push({
        path: formatPath(['hypotheses', i, 'window']),
        message: `missing; mode ${JSON.stringify(mode.data)} looks at a window; allowed: an object {"fromMs": ..., "toMs": ...}`,
        allowed: 'an object {"fromMs": ..., "toMs": ...}',
      });
    }
    if (mode.success && mode.data === 'summary' && hasWindow) {
      errors.push({
        path: formatPath(['hypotheses', i, 'window']),
        message:
          'mode "summary" uses the whole run, so this window would be ignored; allowed: null, or mode "window" or "every-bucket"',
        allowed: 'null, or mode "window" or "every-bucket"',
      });
    }

    const metric = field(h, 'metric');
    if (typeof metric === 'string' && metric !== '') {
      const problem = metricProblem(metric, names, faultNames, edges);
      if (problem !== undefined) {
        const error = foundAllowed(
          formatPath(['hypotheses', i, 'metric']),
          JSON.stringify(metric),
          problem.allowed,
        );
        if (problem.note !== undefined)
          error.message = `found ${JSON.stringify(metric)} (${problem.note}); allowed: ${problem.allowed}`;
        errors.push(error);
      }
    }
  });
  return errors;
}

/**
 * Why a hypothesis metric can't name a result value, or undefined if it may. The result's own
 * field names are not checked here (the result grows with the engine); the names of clients,
 * services, queues, edges and faults are.
 */
function metricProblem(
  metric: string,
  names: Names,
  faultNames: string[],
  edges: Map<string, boolean>,
): { allowed: string; note?: string } | undefined {
  if (METRIC_TOTALS.includes(metric)) return undefined;
  const dot = metric.indexOf('.');
  const root = metric.slice(0, dot);
  const rest = metric.slice(dot + 1);
  if (dot < 0 || !METRIC_ROOTS.includes(root)) return { allowed: METRIC_FORM };
  if (root === 'patterns' || root === 'network')
    return METRIC_PATH.test(rest) ? undefined : { allowed: METRIC_FORM };
  if (root === 'faults') {
    // Fault names may hold dots (a default "crash@1500.5"), so match the known names first.
    if (faultNames.some((n) => rest.startsWith(`${n}.`) && METRIC_PATH.test(rest.slice(n.length + 1))))
      return undefined;
    return {
      allowed: `"faults.<name>.<metric>" with a fault name: ${quotedList(new Set(faultNames))}`,
      note: 'no fault has that name',
    };
  }
  const nameEnd = rest.indexOf('.');
  const name = rest.slice(0, nameEnd);
  if (nameEnd <= 0 || !METRIC_PATH.test(rest.slice(nameEnd + 1)) || /\s/.test(name))
    return { allowed: METRIC_FORM };
  if (root === 'edges' || root === 'breakers') {
    const breakers = root === 'breakers';
    const known = [...edges].filter(([, hasBreaker]) => hasBreaker || !breakers).map(([edge]) => edge);
    if (known.includes(name)) return undefined;
    return {
      allowed: `"${root}.<caller>-><target>.<metric>" with an edge${breakers ? ' that has a breaker' : ''}: ${quotedList(known)}`,
      note: `no edge ${JSON.stringify(name)}${breakers ? ' has a breaker' : ''}`,
    };
  }
  const group = root as Group;
  if (names[group].has(name)) return undefined;
  return {
    allowed: `"${group}.<name>.<metric>" with a ${NOUN[group]} name: ${quotedList(names[group])}`,
    note: `${JSON.stringify(name)} is not a ${NOUN[group]}`,
  };
}

// ---------------------------------------------------------------- params

/**
 * Every `params` value must give a valid scenario: a dry run applies `--set path=value` to a
 * copy and validates it (schema and the rules above, not `params` again). Only errors the
 * document doesn't already have are blamed on the value, and only when the document itself
 * passes the schema (otherwise every value would inherit its errors). A path that can't be set
 * (no such element, a new field) is reported once, at `path`.
 */
function paramErrors(root: Rec, known: ValidationError[]): ValidationError[] {
  const params = list(root['params']);
  if (params.length === 0 || !ScenarioSchema.safeParse(root).success) return [];
  const key = (e: ValidationError): string => `${e.path}\u0000${e.message}`;
  const before = new Set(known.map(key));
  const errors: ValidationError[] = [];
  params.forEach((p, i) => {
    const path = ParamSchema.shape.path.safeParse(field(p, 'path'));
    if (!path.success) return;
    const valueSchema = ParamSchema.shape.values.element;
    const values = list(field(p, 'values'));
    for (let j = 0; j < values.length; j++) {
      const value = values[j];
      if (!valueSchema.safeParse(value).success) continue;
      const set = `${path.data}=${JSON.stringify(value)}`;
      const applied = applyOverrides(root, [set]);
      if (!applied.ok) {
        errors.push(pathError(i, path.data, applied.errors[0]));
        return;
      }
      const parsed = ScenarioSchema.safeParse(applied.value);
      const found = parsed.success
        ? []
        : parsed.error.issues.flatMap((issue) => issueErrors(issue, applied.value));
      found.push(...semanticErrors(applied.value, { params: false }).filter((e) => !before.has(key(e))));
      const unknownField = found.find((e) => e.message.startsWith('unknown field'));
      if (unknownField !== undefined) {
        errors.push(pathError(i, path.data, unknownField));
        return;
      }
      if (found.length === 0) continue;
      const first = found[0];
      const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
      errors.push({
        path: formatPath(['params', i, 'values', j]),
        message: `--set ${set} gives an invalid scenario: ${first.path === '' ? '(root)' : first.path}: ${first.message}${more}`,
        found: JSON.stringify(value),
        ...(first.allowed === undefined ? {} : { allowed: first.allowed }),
      });
    }
  });
  return errors;
}

/** Every hypothesis' `set` overrides must apply and give a valid scenario (checked once per distinct list). */
function variantErrors(root: Rec): ValidationError[] {
  const hypotheses = list(root['hypotheses']);
  if (hypotheses.length === 0 || !ScenarioSchema.safeParse(root).success) return [];
  const errors: ValidationError[] = [];
  const seen = new Set<string>();
  hypotheses.forEach((h, i) => {
    const sets = list(field(h, 'set')).filter((x): x is string => typeof x === 'string');
    if (sets.length === 0) return;
    const key = JSON.stringify(sets);
    if (seen.has(key)) return;
    seen.add(key);
    const at = formatPath(['hypotheses', i, 'set']);
    const applied = applyOverrides(root, sets);
    if (!applied.ok) {
      for (const e of applied.errors) errors.push({ ...e, path: at, message: `${e.path}: ${e.message}` });
      return;
    }
    const parsed = ScenarioSchema.safeParse(applied.value);
    const found = parsed.success
      ? []
      : parsed.error.issues.flatMap((issue) => issueErrors(issue, applied.value));
    found.push(...semanticErrors(applied.value, { params: false }));
    if (found.length > 0) {
      const first = found[0];
      errors.push({
        path: at,
        message: `these overrides give an invalid scenario: ${first.path === '' ? '(root)' : first.path}: ${first.message}`,
        found: key,
      });
    }
  });
  return errors;
}

function pathError(i: number, path: string, cause: ValidationError): ValidationError {
  return {
    path: formatPath(['params', i, 'path']),
    message: `${JSON.stringify(path)} is not a settable path: ${cause.path}: ${cause.message}`,
    found: JSON.stringify(path),
    allowed: 'a --set path to an existing field, e.g. "services.api.replicas"',
  };
}

// ---------------------------------------------------------------- distributions

/** The parameter rules of one well-formed distribution at `path`. */
export function distributionErrors(d: DistributionSpec, path: PathSegment[]): ValidationError[] {
  const at = (...rest: PathSegment[]): string => formatPath([...path, ...rest]);
  const errors: ValidationError[] = [];
  switch (d.kind) {
    case 'uniform':
      if (d.minMs > d.maxMs)
        errors.push(foundAllowed(at('maxMs'), num(d.maxMs), `a number >= minMs (${num(d.minMs)})`));
      break;
    case 'lognormal': {
      const moments = d.meanMs !== undefined || d.p99Ms !== undefined;
      const normal = d.mu !== undefined || d.sigma !== undefined;
      const given = (['meanMs', 'p99Ms', 'mu', 'sigma'] as const).filter((k) => d[k] !== undefined);
      const allowed = 'meanMs and p99Ms, or mu and sigma';
      if (moments && normal) {
        errors.push({
          path: at(),
          message: `lognormal has ${given.join(', ')}; allowed: ${allowed}, not both`,
          found: given.join(', '),
          allowed,
        });
      } else if (!moments && !normal) {
        errors.push({
          path: at(),
          message: `lognormal has no parameters; allowed: ${allowed}`,
          found: 'none',
          allowed,
        });
      } else if (moments) {
        if (d.meanMs === undefined || d.p99Ms === undefined) {
          const missing = d.meanMs === undefined ? 'meanMs' : 'p99Ms';
          errors.push({ path: at(missing), message: `missing; lognormal needs ${allowed}`, allowed });
        } else {
          errors.push(...lognormalMomentErrors(d.meanMs, d.p99Ms, at('p99Ms')));
        }
      } else if (d.mu === undefined || d.sigma === undefined) {
        const missing = d.mu === undefined ? 'mu' : 'sigma';
        errors.push({ path: at(missing), message: `missing; lognormal needs ${allowed}`, allowed });
      } else if (!Number.isFinite(Math.exp(d.mu + (d.sigma * d.sigma) / 2))) {
        // Every sample would overflow to Infinity; say so here rather than in the charts.
        errors.push({
          path: at(),
          message: `mu ${num(d.mu)} and sigma ${num(d.sigma)} give an infinite mean; allowed: exp(mu + sigma²/2) finite`,
          found: `mu ${num(d.mu)}, sigma ${num(d.sigma)}`,
          allowed: 'exp(mu + sigma²/2) finite',
        });
      }
      break;
    }
    case 'hyperexponential': {
      const sum = d.branches.reduce((acc, b) => acc + b.p, 0);
      if (Math.abs(sum - 1) > P_SUM_TOLERANCE) {
        errors.push({
          path: at('branches'),
          message: `branch probabilities sum to ${num(sum)}; allowed: a sum of 1`,
          found: `a sum of ${num(sum)}`,
          allowed: 'a sum of 1',
        });
      }
      break;
    }
    case 'empirical':
      errors.push(...empiricalErrors(d, at));
      break;
    default:
      break;
  }
  return errors;
}

/**
 * meanMs + p99Ms pin a lognormal only when p99Ms > meanMs and
 * sigma = Z99 - sqrt(Z99² - 2 ln(p99/mean)) is real, i.e. p99/mean <= exp(Z99²/2) ≈ 14.97.
 * Validation may use Math.log: it decides no simulated outcome.
 */
function lognormalMomentErrors(meanMs: number, p99Ms: number, path: string): ValidationError[] {
  const maxRatio = Math.exp((Z99 * Z99) / 2);
  if (p99Ms > meanMs && Z99 * Z99 >= 2 * Math.log(p99Ms / meanMs)) return [];
  // Rounded down, so a value copied from the message is accepted.
  const limit = Math.floor(meanMs * maxRatio * 100) / 100;
  const range = `a number > meanMs (${num(meanMs)}) and <= ${num(limit)} (about ${maxRatio.toFixed(2)} × meanMs)`;
  const error = foundAllowed(path, num(p99Ms), range);
  if (p99Ms > meanMs) error.message += '; no lognormal has a p99 that far above its mean';
  return [error];
}

function empiricalErrors(
  d: Extract<DistributionSpec, { kind: 'empirical' }>,
  at: (...rest: PathSegment[]) => string,
): ValidationError[] {
  const allowed = 'either samplesMs or cdf';
  if (d.samplesMs !== undefined && d.cdf !== undefined) {
    return [
      {
        path: at(),
        message: `empirical has both samplesMs and cdf; allowed: ${allowed}`,
        found: 'both',
        allowed,
      },
    ];
  }
  if (d.samplesMs === undefined && d.cdf === undefined) {
    return [
      {
        path: at(),
        message: `empirical has neither samplesMs nor cdf; allowed: ${allowed}`,
        found: 'neither',
        allowed,
      },
    ];
  }
  if (d.samplesMs !== undefined) {
    return d.samplesMs.length === 0
      ? [foundAllowed(at('samplesMs'), '[]', 'a non-empty list of samples')]
      : [];
  }
  const cdf = d.cdf ?? [];
  if (cdf.length === 0) return [foundAllowed(at('cdf'), '[]', 'a non-empty list of points')];
  const errors: ValidationError[] = [];
  for (let i = 1; i < cdf.length; i++) {
    const prev = cdf[i - 1];
    const point = cdf[i];
    if (point.valueMs < prev.valueMs) {
      errors.push(
        foundAllowed(
          at('cdf', i, 'valueMs'),
          num(point.valueMs),
          `a number >= the previous valueMs (${num(prev.valueMs)})`,
        ),
      );
    }
    if (point.p < prev.p) {
      errors.push(
        foundAllowed(at('cdf', i, 'p'), num(point.p), `a number >= the previous p (${num(prev.p)})`),
      );
    }
  }
  const last = cdf.length - 1;
  if (cdf[last].p !== 1)
    errors.push(foundAllowed(at('cdf', last, 'p'), num(cdf[last].p), '1 (the last point)'));
  return errors;
}

/** warmupMs < durationMs, and a bounded number of metric buckets. */
function runLengthErrors(root: Rec): ValidationError[] {
  const duration = ScenarioSchema.shape.durationMs.safeParse(root['durationMs']);
  const metrics = root['metrics'];
  if (!duration.success || (metrics !== undefined && !isRecord(metrics))) return [];
  const errors: ValidationError[] = [];
  const warmup = MetricsSchema.shape.warmupMs.safeParse(field(metrics, 'warmupMs'));
  if (warmup.success && warmup.data >= duration.data) {
    errors.push(
      foundAllowed(
        formatPath(['metrics', 'warmupMs']),
        num(warmup.data),
        `a number >= 0 and < durationMs (${num(duration.data)})`,
      ),
    );
  }
  const bucket = MetricsSchema.shape.bucketMs.safeParse(field(metrics, 'bucketMs'));
  if (bucket.success && duration.data / bucket.data > MAX_BUCKETS) {
    const error = foundAllowed(
      formatPath(['metrics', 'bucketMs']),
      num(bucket.data),
      `a number >= durationMs / ${MAX_BUCKETS} (${num(duration.data / MAX_BUCKETS)})`,
    );
    error.message += `; a series may have at most ${MAX_BUCKETS} buckets`;
    errors.push(error);
  }
  return errors;
}
