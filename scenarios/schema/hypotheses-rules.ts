/**
 * Rules of hypotheses a schema can't express: windows inside the run, a window where the mode
 * needs one, and metric paths that name a client, service, queue, edge, fault, SLO or alert that exists.
 */
import { formatPath, foundAllowed, type ValidationError } from './errors.ts';
import { defaultFaultName } from './faults.ts';
import { HypothesisSchema } from './hypotheses.ts';
import { type Group, type Names, NOUN, storeServices } from './names.ts';
import { field, finite, list, num, quotedList, type Rec } from './raw.ts';

/** The first segment of a metric path and how the rest is formed. */
const METRIC_ROOTS = [
  'clients',
  'services',
  'queues',
  'edges',
  'breakers',
  'faults',
  'slos',
  'alerts',
  'patterns',
  'network',
  'stores',
  'deployments',
];
/** Whole-run numbers addressed by one segment. */
const METRIC_TOTALS = ['userRequests', 'events'];
const METRIC_FORM =
  '"<group>.<name>.<metric>" with group clients, services, queues, edges, breakers, faults, slos, alerts, stores or deployments; "patterns.<counter>"; "network.<metric>"; "userRequests" or "events"';
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
export function hypothesisErrors(root: Rec, durationMs: number | undefined, names: Names): ValidationError[] {
  const errors: ValidationError[] = [];
  const faultNames = list(root['faults']).flatMap((f) => {
    const given = field(f, 'name');
    const kind = field(f, 'kind');
    const atMs = finite(field(f, 'atMs'));
    if (typeof given === 'string') return [given];
    return typeof kind === 'string' && atMs !== undefined ? [defaultFaultName(kind, atMs)] : [];
  });
  const edges = edgesOf(root);
  const named = (key: string): Set<string> =>
    new Set(
      list(root[key]).flatMap((x) =>
        typeof field(x, 'name') === 'string' ? [field(x, 'name') as string] : [],
      ),
    );
  const deployed = new Set(
    list(root['services']).flatMap((x) => {
      const n = field(x, 'name');
      const d = field(x, 'deployment');
      return typeof n === 'string' && d !== undefined && d !== null ? [n] : [];
    }),
  );
  const controlNames = { slos: named('slos'), alerts: named('alerts'), deployments: deployed };
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
      const problem = metricProblem(metric, names, faultNames, edges, controlNames);
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
  controlNames: { slos: Set<string>; alerts: Set<string>; deployments: Set<string> },
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
  if (root === 'slos' || root === 'alerts') {
    const noun = root === 'slos' ? 'an SLO' : 'an alert';
    if (controlNames[root].has(name)) return undefined;
    return {
      allowed: `"${root}.<name>.<metric>" with ${noun} name: ${quotedList(controlNames[root])}`,
      note: `no ${root === 'slos' ? 'SLO' : 'alert'} has that name`,
    };
  }
  if (root === 'deployments') {
    const deployed = controlNames.deployments;
    if (deployed.has(name)) return undefined;
    return {
      allowed: `"deployments.<service>.<metric>" with a service that has a deployment: ${quotedList(deployed)}`,
      note: `${JSON.stringify(name)} has no deployment`,
    };
  }
  if (root === 'stores') {
    const stores = storeServices(names);
    if (stores.includes(name)) return undefined;
    return {
      allowed: `"stores.<service>.<metric>" with a service that has a store: ${quotedList(stores)}`,
      note: `${JSON.stringify(name)} is not a store service`,
    };
  }
  const group = root as Group;
  if (names[group].has(name)) return undefined;
  return {
    allowed: `"${group}.<name>.<metric>" with a ${NOUN[group]} name: ${quotedList(names[group])}`,
    note: `${JSON.stringify(name)} is not a ${NOUN[group]}`,
  };
}
