/**
 * The names a scenario defines (clients, services, queues) and the references to them: gathered
 * once, then asked by every rule that resolves a name, with the same "found ...; allowed: ..."
 * wording wherever a reference is wrong.
 */
import { formatPath, foundAllowed, type ValidationError } from './errors.ts';
import { field, isRecord, list, num, quotedList, wellFormedName } from './raw.ts';
import { didYouMean } from './suggest.ts';
import { ServiceSchema } from './topology.ts';

/** What the names of a scenario refer to, gathered once. */
export interface Names {
  clients: Set<string>;
  services: Set<string>;
  queues: Set<string>;
  /** Where each name is first defined (`clients[0].name`), for every kind. */
  firstUse: Map<string, string>;
  /** Raw service objects by name (the first one, if a name is duplicated). */
  serviceByName: Map<string, { raw: unknown; index: number }>;
  /** Raw queue objects by name (the first one, if a name is duplicated). */
  queueByName: Map<string, { raw: unknown; index: number }>;
  /** Availability zones a client or a service's replicas live in, in order of first mention. */
  zones: Set<string>;
}

/** The three kinds of named things; their names share one namespace. */
export type Group = 'clients' | 'services' | 'queues';
/** Every group, in file order. */
export const ALL_GROUPS: Group[] = ['clients', 'services', 'queues'];
/** A group's singular noun, for messages. */
export const NOUN: Record<Group, string> = { clients: 'client', services: 'service', queues: 'queue' };

/**
 * Gathers the client, service and queue names, reporting duplicates: unique across the three
 * kinds, because links, clocks, partitions and metrics name any of them.
 */
export function gatherNames(
  clients: unknown[],
  services: unknown[],
  queues: unknown[],
  errors: ValidationError[],
): Names {
  const names: Names = {
    clients: new Set(),
    services: new Set(),
    queues: new Set(),
    firstUse: new Map(),
    serviceByName: new Map(),
    queueByName: new Map(),
    zones: new Set(),
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
  const zone = (z: unknown): void => {
    if (typeof z === 'string' && z !== '') names.zones.add(z);
  };
  clients.forEach((c, i) => {
    register('clients', i, c);
    zone(field(c, 'zone'));
  });
  services.forEach((s, i) => {
    register('services', i, s);
    for (const z of list(field(s, 'zones'))) zone(z);
  });
  queues.forEach((q, i) => {
    register('queues', i, q);
  });
  return names;
}

/** `client`, `service or queue`, `client, service or queue`. */
export function nounOf(groups: Group[]): string {
  const nouns = groups.map((g) => NOUN[g]);
  return nouns.length > 1 ? `${nouns.slice(0, -1).join(', ')} or ${nouns[nouns.length - 1]}` : nouns[0];
}

/**
 * A reference to a client, service or queue of one of the `groups`, or why it isn't one:
 * `found "apx"; allowed: a service or queue name: "api", "jobs"`.
 */
export function refErrors(path: string, value: unknown, groups: Group[], names: Names): ValidationError[] {
  const name = wellFormedName(value);
  if (name === undefined || groups.some((g) => names[g].has(name))) return [];
  const noun = nounOf(groups);
  const candidates = groups.flatMap((g) => [...names[g]]);
  const error = foundAllowed(path, JSON.stringify(name), `a ${noun} name: ${quotedList(candidates)}`);
  const actual = ALL_GROUPS.find((g) => names[g].has(name));
  if (actual !== undefined) error.message += ` (${JSON.stringify(name)} is a ${NOUN[actual]}, not a ${noun})`;
  else error.message += didYouMean(name, candidates);
  return [error];
}

/** A reference to a network node group: a client or service. */
export function nodeRefErrors(path: string, value: unknown, nodeNames: string[]): ValidationError[] {
  const name = wellFormedName(value);
  if (name === undefined || nodeNames.includes(name)) return [];
  const error = foundAllowed(
    path,
    JSON.stringify(name),
    `a client or service name: ${quotedList(nodeNames)}`,
  );
  error.message += didYouMean(name, nodeNames);
  return [error];
}

/** A service's replica count, if well-formed. */
export function replicasOf(names: Names, service: string): number | undefined {
  const entry = names.serviceByName.get(service);
  if (entry === undefined) return undefined;
  const replicas = ServiceSchema.shape.replicas.safeParse(field(entry.raw, 'replicas'));
  if (!replicas.success) return undefined;
  // A failover service's standbys are replicas too (slots after the active ones).
  const standbys = field(field(entry.raw, 'failover'), 'standbys');
  const failover = field(entry.raw, 'failover');
  if (failover === undefined || failover === null) return replicas.data;
  return (
    replicas.data +
    (typeof standbys === 'number' && Number.isInteger(standbys) && standbys > 0 ? standbys : 1)
  );
}

/** `index` must be a replica of `service`; nothing to say if either is malformed or unknown. */
export function replicaErrors(
  path: string,
  index: unknown,
  service: unknown,
  names: Names,
): ValidationError[] {
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
 * Why a clock's (or a clock fault's) `node` names nothing, or undefined when it names a node:
 * one of `groups` (a service meaning all its replicas), or a replica `service/index`.
 */
export function clockNodeProblem(node: string, groups: Group[], names: Names): string | undefined {
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

/** Whether a service has a cache (well-formed or not: a malformed one is the schema's to report). */
export function hasCache(names: Names, service: string): boolean {
  return isRecord(field(names.serviceByName.get(service)?.raw, 'cache'));
}

/** True when the service's raw entry has a store object (a malformed one is the schema's to report). */
export function hasStore(names: Names, service: string): boolean {
  return isRecord(field(names.serviceByName.get(service)?.raw, 'store'));
}

/** The services that have a store, in file order. */
export function storeServices(names: Names): string[] {
  return [...names.services].filter((n) => hasStore(names, n));
}
