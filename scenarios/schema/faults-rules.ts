/**
 * Rules of faults a schema can't express: targets that exist (services, replicas, clients, nodes,
 * caches), faults that start during the run, unique names, and fields that exclude each other.
 */
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import { defaultFaultName } from './faults.ts';
import {
  ALL_GROUPS,
  clockNodeProblem,
  hasCache,
  hasStore,
  type Names,
  refErrors,
  replicaErrors,
  storeServices,
} from './names.ts';
import { field, finite, isRecord, list, num, quotedList, wellFormedName } from './raw.ts';
import { beforeEnd } from './run-settings-rules.ts';
import { didYouMean } from './suggest.ts';

/** Fault kinds whose `service` must name a service, and whether they have a `replica`. */
const SERVICE_FAULTS: Record<string, boolean> = {
  crash: true,
  errors: true,
  capacity: true,
  pause: true,
  'disk-stall': true,
  corrupt: true,
  leak: true,
  'cache-flush': false,
  'chaos-crash': false,
  'chaos-partition': false,
  latency: false,
};

/** Fault targets exist, faults start during the run, and fault names are unique. */
export function faultErrors(
  faults: unknown[],
  durationMs: number | undefined,
  names: Names,
): ValidationError[] {
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
      case 'partition':
      case 'link-flap':
        errors.push(...cutErrors(f, kind, at, names));
        break;
      case 'clock-step':
      case 'clock-drift': {
        const node = field(f, 'node');
        if (typeof node !== 'string' || node === '') break;
        const problem = clockNodeProblem(node, ['clients', 'services', 'queues'], names);
        if (problem !== undefined) errors.push(foundAllowed(at('node'), JSON.stringify(node), problem));
        break;
      }
      case 'client-burst':
      case 'load-step':
        errors.push(...refErrors(at('client'), field(f, 'client'), ['clients'], names));
        break;
      case 'disk-stall': {
        const target = wellFormedName(service);
        if (target === undefined || !names.services.has(target)) break;
        if (!hasStore(names, target)) {
          const stores = storeServices(names);
          const error = foundAllowed(
            at('service'),
            JSON.stringify(target),
            `a service with a store: ${quotedList(stores)}`,
          );
          error.message += ` (${JSON.stringify(target)} has no store: only a store's replicas have data to apply)`;
          errors.push(error);
        }
        break;
      }
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
      case 'zone-outage': {
        const zone = wellFormedName(field(f, 'zone'));
        if (zone === undefined || names.zones.has(zone)) break;
        const known = [...names.zones];
        const error = foundAllowed(
          at('zone'),
          JSON.stringify(zone),
          known.length === 0
            ? 'a zone, but no client or service has one (give services "zones" and clients "zone")'
            : `a zone a client or service lives in: ${quotedList(known)}`,
        );
        error.message += didYouMean(zone, known);
        errors.push(error);
        break;
      }
      default:
        break;
    }
  });
  return errors;
}

/**
 * The two sides of a partition or a link flap: names that exist (a replica `service/index` cuts
 * off one node, a zone's share of a service; a link flap may also name a failover monitor
 * `service~monitor`), and none on both sides.
 */
function cutErrors(
  f: unknown,
  kind: 'partition' | 'link-flap',
  at: (...rest: PathSegment[]) => string,
  names: Names,
): ValidationError[] {
  const errors: ValidationError[] = [];
  const sides = { from: list(field(f, 'from')), to: list(field(f, 'to')) };
  for (const side of ['from', 'to'] as const) {
    sides[side].forEach((n, k) => {
      if (kind === 'link-flap' && typeof n === 'string' && n.endsWith(MONITOR_SUFFIX)) {
        const problem = monitorProblem(n.slice(0, -MONITOR_SUFFIX.length), names);
        if (problem !== undefined) errors.push(foundAllowed(at(side, k), JSON.stringify(n), problem));
        return;
      }
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
        message: `${JSON.stringify(n)} is on both sides of the ${kind}; allowed: a name that is not in from`,
        found: JSON.stringify(n),
        allowed: 'a name that is not in from',
      });
    }
  });
  return errors;
}

const MONITOR_SUFFIX = '~monitor';

/** Why `service~monitor` names no monitor (the service has no failover), or undefined. */
function monitorProblem(service: string, names: Names): string | undefined {
  const hasFailover = (name: string) => isRecord(field(names.serviceByName.get(name)?.raw, 'failover'));
  if (hasFailover(service)) return undefined;
  const monitors = [...names.services].filter(hasFailover).map((x) => `${x}${MONITOR_SUFFIX}`);
  return `the monitor of a service with failover: ${quotedList(monitors)}`;
}
