/**
 * Scenario rules a schema can't express: names that must refer to something, an acyclic call
 * graph, and the parameter combinations of some distributions.
 *
 * These checks read the raw input defensively instead of a parsed {@link Scenario}, so they can
 * run even when the schema rejected other parts: a user fixing a file sees every problem at
 * once. A rule is checked only where the values it needs are well-formed; a malformed value is
 * the schema's to report, and reporting it twice would only add noise.
 */
import type { DistributionSpec } from '../../sim-core/scenario/spec.ts';
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import {
  DistributionSchema,
  MetricsSchema,
  NAME_PATTERN,
  ScenarioSchema,
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

function quotedList(names: Iterable<string>): string {
  const all = [...names].map((n) => JSON.stringify(n));
  return all.length === 0 ? '(none defined)' : all.join(', ');
}

/** Formats a number for a message without float noise such as 0.30000000000000004. */
function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/**
 * Checks the rules a schema can't express, on any input (valid or not).
 *
 * Reports: duplicate client/service names; unknown `target`, call `service`, link `from`/`to`
 * and clock `node` names (a replica `service/index` needs index < replicas); call-graph cycles;
 * lognormal, empirical, hyperexponential and uniform parameter rules; `warmupMs < durationMs`;
 * at most {@link MAX_BUCKETS} metric buckets. Each error names the field it is in.
 */
export function semanticErrors(input: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const root = isRecord(input) ? input : {};
  const clients = list(root['clients']);
  const services = list(root['services']);

  // --- names: unique across clients and services, because links and clocks name either.
  const firstUse = new Map<string, string>();
  const clientNames = new Set<string>();
  const serviceNames = new Set<string>();
  /** Raw service objects by name (the first one, if a name is duplicated). */
  const serviceByName = new Map<string, { raw: unknown; index: number }>();
  const register = (group: 'clients' | 'services', index: number, raw: unknown): void => {
    const name = field(raw, 'name');
    if (typeof name !== 'string') return;
    const path = formatPath([group, index, 'name']);
    const previous = firstUse.get(name);
    if (previous !== undefined) {
      errors.push({
        path,
        message: `duplicate name ${JSON.stringify(name)}, already used at ${previous}; client and service names must be unique`,
        found: JSON.stringify(name),
        allowed: 'a name no other client or service uses',
      });
      return;
    }
    firstUse.set(name, path);
    if (group === 'clients') clientNames.add(name);
    else {
      serviceNames.add(name);
      serviceByName.set(name, { raw, index });
    }
  };
  clients.forEach((c, i) => {
    register('clients', i, c);
  });
  services.forEach((s, i) => {
    register('services', i, s);
  });
  const nodeNames = [...firstUse.keys()];

  const serviceRef = (path: string, value: unknown): void => {
    const name = wellFormedName(value);
    if (name === undefined || serviceNames.has(name)) return;
    const allowed = `a service name: ${quotedList(serviceNames)}`;
    const error = foundAllowed(path, JSON.stringify(name), allowed);
    if (clientNames.has(name)) error.message += ` (${JSON.stringify(name)} is a client, not a service)`;
    errors.push(error);
  };

  // --- references to services.
  clients.forEach((c, i) => {
    serviceRef(formatPath(['clients', i, 'target']), field(c, 'target'));
  });
  services.forEach((s, i) => {
    list(field(s, 'calls')).forEach((call, j) => {
      serviceRef(formatPath(['services', i, 'calls', j, 'service']), field(call, 'service'));
    });
  });

  errors.push(...callCycles(services, serviceByName));

  // --- network links name node groups.
  const network = field(root, 'network');
  list(field(network, 'links')).forEach((link, i) => {
    for (const end of ['from', 'to'] as const) {
      const name = wellFormedName(field(link, end));
      if (name === undefined || firstUse.has(name)) continue;
      errors.push(
        foundAllowed(
          formatPath(['network', 'links', i, end]),
          JSON.stringify(name),
          `a client or service name: ${quotedList(nodeNames)}`,
        ),
      );
    }
  });

  // --- clocks name a node group or one replica; one clock per node, or which one would win?
  const clockUse = new Map<string, string>();
  list(field(root, 'clocks')).forEach((clock, i) => {
    const node = field(clock, 'node');
    if (typeof node !== 'string' || node === '') return;
    const path = formatPath(['clocks', i, 'node']);
    const problem = clockNodeProblem(node, firstUse, serviceNames, serviceByName);
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
  return errors;
}

/** Reports each call-graph cycle once, at the call that closes it. */
function callCycles(
  services: unknown[],
  serviceByName: Map<string, { raw: unknown; index: number }>,
): ValidationError[] {
  const errors: ValidationError[] = [];
  // Visit state per service name: absent = unvisited, 1 = on the current path, 2 = done.
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    const entry = serviceByName.get(name);
    if (entry === undefined) return;
    state.set(name, 1);
    stack.push(name);
    list(field(entry.raw, 'calls')).forEach((call, j) => {
      const next = field(call, 'service');
      if (typeof next !== 'string' || !serviceByName.has(next)) return;
      const seen = state.get(next);
      if (seen === 1) {
        const cycle = [...stack.slice(stack.indexOf(next)), next].join(' -> ');
        errors.push({
          path: formatPath(['services', entry.index, 'calls', j, 'service']),
          message: `calls form a cycle: ${cycle}; the call graph must be acyclic`,
          found: cycle,
          allowed: 'calls that never lead back to the caller',
        });
      } else if (seen === undefined) visit(next);
    });
    stack.pop();
    state.set(name, 2);
  };
  // In file order, so the same file always reports the same cycles in the same order.
  for (const s of services) {
    const name = field(s, 'name');
    if (typeof name === 'string' && serviceByName.get(name)?.raw === s && !state.has(name)) visit(name);
  }
  return errors;
}

/** Why a clock `node` names nothing, or undefined when it names a node. */
function clockNodeProblem(
  node: string,
  firstUse: Map<string, string>,
  serviceNames: Set<string>,
  serviceByName: Map<string, { raw: unknown; index: number }>,
): string | undefined {
  const general = `a client or service name (${quotedList(firstUse.keys())}) or a replica "service/index"`;
  const slash = node.lastIndexOf('/');
  if (slash < 0) return firstUse.has(node) ? undefined : general;
  const service = node.slice(0, slash);
  const indexText = node.slice(slash + 1);
  if (!serviceNames.has(service) || !/^(0|[1-9][0-9]*)$/.test(indexText)) return general;
  const replicas = ServiceSchema.shape.replicas.safeParse(field(serviceByName.get(service)?.raw, 'replicas'));
  // A malformed replica count is the schema's to report; the index can't be judged against it.
  if (!replicas.success || Number(indexText) < replicas.data) return undefined;
  const n = replicas.data;
  return `a replica of ${JSON.stringify(service)} from "${service}/0" to "${service}/${n - 1}" (it has ${n} ${n === 1 ? 'replica' : 'replicas'})`;
}

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
