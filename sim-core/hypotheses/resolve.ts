/**
 * Metric paths: how a hypothesis's `metric` names a number (or a series of numbers) in a run's
 * result.
 *
 * A path is dot-separated and resolves generically into the result JSON, so a metric the engine
 * adds later is addressable without changes here:
 *
 * - summary mode: `result.summary.<path>`, e.g. `clients.users.goodputPerSec`,
 *   `services.db.amplification`, `clients.users.latencyMs.p99`, `services.db.errors.rejected`,
 *   `userRequests`, `network.lost`. A first segment the summary lacks but the result has at its
 *   top level (other than `summary`/`series`) is looked up there, e.g. `events`.
 * - series mode: `result.series.<path>`, an array with one value per bucket, e.g.
 *   `clients.users.goodputPerSec`, `services.db.errorsPerSec.rejected`.
 * - `faults.<name>.<field>` (summary mode): recovery of a fault (see `metrics/recovery.ts`):
 *   `recoveryMs`, `recoveredAtMs`, `preFaultGoodputPerSec`, `thresholdPerSec`, `metastable`
 *   (1 or 0). Read from `result.summary.faults` when the result carries that fault and field,
 *   otherwise from the recovery the caller computed (`context.recovery`).
 * - `breakers.<edge>.<metric>`: the edge's breaker, `summary.edges[<edge>].breaker` (e.g.
 *   `breakers.web->api.opened`); in series mode `series.edges[<edge>]`, where `open` reads
 *   `breakerOpen`. A `breakers` section in the result, if the engine adds one, wins.
 * - `patterns.<counter>`: `summary.patterns` if the result has it, else totals over every edge
 *   and service (see {@link patternTotals}): `patterns.retries`, `patterns.breakerOpens`, ...
 * - A list of entries that have a `name` (like the recovery list) is addressed by name.
 *
 * Summary and series spell a few metrics differently; either spelling works in either mode:
 * `latencyMs.p99` <-> `latencyP99Ms`, `queueDepth.mean` <-> `queueDepthMean` (and `.max`).
 * Counts are not aliased to rates: `errors.rejected` (a count, summary) and
 * `errorsPerSec.rejected` (a rate, series) are different metrics.
 *
 * Segments match keys greedily, so a key containing a dot still resolves. Booleans read as 1/0.
 * A path that does not resolve gives an error naming the path and what exists at the last valid
 * segment; resolution never throws.
 */
import { byName } from '../metrics/by-name.ts';
import type { FaultRecovery } from '../metrics/recovery.ts';
import type { RunResult } from '../metrics/result.ts';

export type MetricMode = 'summary' | 'series';

export interface ResolveContext {
  /** Recovery per fault, for `faults.<name>.*` when the result does not carry `summary.faults`. */
  recovery?: readonly FaultRecovery[];
}

export type ResolvedMetric =
  | { ok: true; kind: 'scalar'; path: string; value: number | null }
  | { ok: true; kind: 'series'; path: string; values: (number | null)[] }
  | { ok: false; path: string; error: string };

type Walked = { ok: true; value: unknown; at: string } | { ok: false; error: string };

/** Resolves `path` to a summary value (`mode` 'summary') or a per-bucket series ('series'). */
export function resolveMetric(
  result: RunResult,
  path: string,
  mode: MetricMode = 'summary',
  context: ResolveContext = {},
): ResolvedMetric {
  const segments = path.split('.');
  if (path === '' || segments.some((s) => s === '')) {
    return { ok: false, path, error: `metric path '${path}' is malformed: empty segment` };
  }
  return mode === 'summary' ? resolveSummary(result, path, segments, context) : resolveSeries(result, path);
}

function resolveSummary(
  result: RunResult,
  path: string,
  segments: string[],
  context: ResolveContext,
): ResolvedMetric {
  const summary = result.summary as unknown as Record<string, unknown>;
  if (segments[0] === 'faults') {
    // The result's own recovery list wins; the computed one fills in what it lacks (an engine
    // that leaves summary.faults empty, or a field it does not report).
    const carried = hasKey(summary, 'faults')
      ? walk(summary['faults'], 'summary.faults', segments.slice(1))
      : null;
    if (carried?.ok) return scalar(path, carried);
    if (context.recovery !== undefined)
      return scalar(path, walk(context.recovery, 'faults', segments.slice(1)));
    if (carried !== null) return { ok: false, path, error: `metric '${path}' not found: ${carried.error}` };
    return {
      ok: false,
      path,
      error: `metric '${path}': no recovery data (the result has no summary.faults and none was computed)`,
    };
  }
  if (segments[0] === 'breakers' && !hasKey(summary, 'breakers')) {
    return scalar(path, walkBreaker(summary['edges'], 'summary.edges', segments.slice(1)));
  }
  if (segments[0] === 'patterns' && !hasKey(summary, 'patterns')) {
    return scalar(path, walk(patternTotals(summary), 'patterns', segments.slice(1)));
  }
  let root: unknown = summary;
  let label = 'summary';
  const top = result as unknown as Record<string, unknown>;
  if (
    !hasKey(summary, segments[0]) &&
    segments[0] !== 'summary' &&
    segments[0] !== 'series' &&
    hasKey(top, segments[0])
  ) {
    root = top;
    label = 'result';
  }
  const walked = walk(root, label, segments);
  if (walked.ok) return scalar(path, walked);
  const alias = toSummarySpelling(path);
  if (alias !== path) {
    const again = walk(root, label, alias.split('.'));
    if (again.ok) return scalar(path, again);
  }
  return { ok: false, path, error: `metric '${path}' not found: ${walked.error}` };
}

function resolveSeries(result: RunResult, path: string): ResolvedMetric {
  const series = result.series as unknown as Record<string, unknown>;
  const segments = path.split('.');
  if (segments[0] === 'breakers' && !hasKey(series, 'breakers')) {
    // `breakers.<edge>.open` is the edge's `breakerOpen` series.
    const edge = matchKey(series['edges'], segments, 1);
    if (edge !== null) {
      const rest = segments.slice(1 + edge.used);
      const direct = walk(edge.node, `series.edges.${edge.key}`, rest);
      if (direct.ok) return seriesOf(path, direct);
      if (rest.length === 1) {
        const prefixed = walk(edge.node, `series.edges.${edge.key}`, [`breaker${capitalise(rest[0])}`]);
        if (prefixed.ok) return seriesOf(path, prefixed);
      }
      return { ok: false, path, error: `metric '${path}' has no series: ${direct.error}` };
    }
  }
  const walked = walk(series, 'series', segments);
  if (walked.ok) return seriesOf(path, walked);
  const alias = toSeriesSpelling(path);
  if (alias !== path) {
    const again = walk(series, 'series', alias.split('.'));
    if (again.ok) return seriesOf(path, again);
  }
  // A whole-run value with no series: say so rather than "not found".
  const inSummary = resolveSummary(result, path, path.split('.'), {});
  if (inSummary.ok || path.startsWith('faults.')) {
    return {
      ok: false,
      path,
      error: `metric '${path}' is a whole-run value with no per-bucket series; use mode 'summary' (${walked.error})`,
    };
  }
  return { ok: false, path, error: `metric '${path}' has no series: ${walked.error}` };
}

/**
 * `breakers.<edge>.<metric>` when the result has no `breakers` section: the breaker of
 * `summary.edges[<edge>]` (`opened`, ...).
 */
function walkBreaker(edges: unknown, label: string, segments: string[]): Walked {
  const edge = matchKey(edges, segments, 0);
  if (edge === null) return walk(edges, label, segments);
  const breaker = isRecord(edge.node) ? edge.node['breaker'] : undefined;
  if (breaker === null || breaker === undefined) {
    return { ok: false, error: `${label}.${edge.key} has no circuit breaker (breaker is null)` };
  }
  return walk(breaker, `${label}.${edge.key}.breaker`, segments.slice(edge.used));
}

/**
 * `patterns.<counter>` when the result has no `patterns` section: totals over every edge
 * (calls, attempts, retries, hedges, retriesSuppressed, fallbacks, corruptDetected, ... every
 * numeric edge count but amplification; `refused` summed over its guards; `breakerOpens`) and
 * every service (duplicates, deduplicated, ejections, late, shed).
 */
function patternTotals(summary: Record<string, unknown>): Record<string, number> {
  const totals = byName<number>();
  const add = (key: string, v: unknown) => {
    if (typeof v === 'number') totals[key] = (totals[key] ?? 0) + v;
  };
  const edges = summary['edges'];
  if (isRecord(edges)) {
    for (const e of Object.values(edges)) {
      if (!isRecord(e)) continue;
      for (const [k, v] of Object.entries(e)) if (k !== 'amplification') add(k, v);
      const refused = e['refused'];
      if (isRecord(refused)) for (const v of Object.values(refused)) add('refused', v);
      const breaker = e['breaker'];
      add('breakerOpens', isRecord(breaker) ? breaker['opened'] : 0);
    }
  }
  const services = summary['services'];
  if (isRecord(services)) {
    for (const svc of Object.values(services)) {
      if (!isRecord(svc)) continue;
      for (const k of ['duplicates', 'deduplicated', 'ejections', 'late']) add(k, svc[k]);
      add('shed', isRecord(svc['errors']) ? svc['errors']['shed'] : undefined);
    }
  }
  return totals;
}

/** The longest run of `segments` from `from` that is a key of `node`, or null. */
function matchKey(
  node: unknown,
  segments: string[],
  from: number,
): { key: string; node: unknown; used: number } | null {
  if (!isRecord(node)) return null;
  for (let j = segments.length - from; j >= 1; j--) {
    const key = segments.slice(from, from + j).join('.');
    if (hasKey(node, key)) return { key, node: node[key], used: j };
  }
  return null;
}

function capitalise(text: string): string {
  return text === '' ? text : `${text[0].toUpperCase()}${text.slice(1)}`;
}

/** `latencyMs.p99` -> `latencyP99Ms`, `queueDepth.mean` -> `queueDepthMean`. */
function toSeriesSpelling(path: string): string {
  return path
    .replace(/\.latencyMs\.p(\d+)$/, '.latencyP$1Ms')
    .replace(/\.queueDepth\.(mean|max)$/, (_, m: string) => `.queueDepth${m[0].toUpperCase()}${m.slice(1)}`);
}

/** `latencyP99Ms` -> `latencyMs.p99`, `queueDepthMean` -> `queueDepth.mean`. */
function toSummarySpelling(path: string): string {
  return path
    .replace(/\.latencyP(\d+)Ms$/, '.latencyMs.p$1')
    .replace(/\.queueDepth(Mean|Max)$/, (_, m: string) => `.queueDepth.${m.toLowerCase()}`);
}

function scalar(path: string, walked: Walked): ResolvedMetric {
  if (!walked.ok) return { ok: false, path, error: `metric '${path}' not found: ${walked.error}` };
  const v = walked.value;
  if (v === null) return { ok: true, kind: 'scalar', path, value: null };
  if (typeof v === 'number') return { ok: true, kind: 'scalar', path, value: v };
  if (typeof v === 'boolean') return { ok: true, kind: 'scalar', path, value: v ? 1 : 0 };
  return { ok: false, path, error: `metric '${path}': ${walked.at} ${notANumber(v)}` };
}

function seriesOf(path: string, walked: Walked): ResolvedMetric {
  if (!walked.ok) return { ok: false, path, error: `metric '${path}' has no series: ${walked.error}` };
  const v = walked.value;
  if (!Array.isArray(v)) return { ok: false, path, error: `metric '${path}': ${walked.at} ${notAList(v)}` };
  const values: (number | null)[] = [];
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (x === null || typeof x === 'number') values.push(x);
    else if (typeof x === 'boolean') values.push(x ? 1 : 0);
    else return { ok: false, path, error: `metric '${path}': ${walked.at}[${i}] is not a number` };
  }
  return { ok: true, kind: 'series', path, values };
}

function notANumber(v: unknown): string {
  if (Array.isArray(v)) return 'is a per-bucket list, not a single value';
  if (isRecord(v)) return `is a group, not a number; it has: ${keyList(v)}`;
  return `is ${typeof v === 'string' ? `text ('${v}')` : typeof v}, not a number`;
}

function notAList(v: unknown): string {
  if (isRecord(v)) return `is a group, not a series; it has: ${keyList(v)}`;
  return `is ${v === null ? 'null' : typeof v}, not a per-bucket series`;
}

/** Follows `segments` from `root`, matching the longest dotted key at each level. */
function walk(root: unknown, rootLabel: string, segments: string[]): Walked {
  let node = root;
  let at = rootLabel;
  let i = 0;
  while (i < segments.length) {
    if (Array.isArray(node) && node.some(named)) {
      // A list of named entries (e.g. one per fault) is addressed by name (longest match first).
      const list = node.filter(named);
      let entry: Record<string, unknown> | undefined;
      let j = segments.length - i;
      for (; j >= 1 && entry === undefined; j--) {
        const key = segments.slice(i, i + j).join('.');
        entry = list.find((e) => e['name'] === key);
      }
      if (entry === undefined) {
        const names = list.map((e) => String(e['name']));
        return { ok: false, error: `${at} has no entry named '${segments[i]}'; it has: ${names.join(', ')}` };
      }
      node = entry;
      at = `${at}.${String(entry['name'])}`;
      i += j + 1;
      continue;
    }
    if (
      Array.isArray(node) &&
      /^\d+$/.test(segments[i]) &&
      i === segments.length - 1 &&
      !node.some(Array.isArray)
    ) {
      // A summary list of numbers (e.g. shedByTier) is indexed by position; in series mode this
      // would be a bucket, which hypotheses address by window instead.
      const index = Number(segments[i]);
      if (index >= node.length)
        return { ok: false, error: `${at} has ${node.length} entries, so it has no '${segments[i]}'` };
      node = node[index];
      at = `${at}.${segments[i]}`;
      i++;
      continue;
    }
    if (!isRecord(node)) {
      const what = Array.isArray(node) ? 'a list' : node === null ? 'null' : `a ${typeof node}`;
      return { ok: false, error: `${at} is ${what}, so it has no '${segments[i]}'` };
    }
    let matched = 0;
    for (let j = segments.length - i; j >= 1; j--) {
      if (hasKey(node, segments.slice(i, i + j).join('.'))) {
        matched = j;
        break;
      }
    }
    if (matched === 0) {
      const keys = Object.keys(node);
      const has = keys.length === 0 ? 'it is empty' : `it has: ${keyList(node)}`;
      return { ok: false, error: `${at} has no '${segments[i]}'; ${has}` };
    }
    const key = segments.slice(i, i + matched).join('.');
    node = node[key];
    at = `${at}.${key}`;
    i += matched;
  }
  return { ok: true, value: node, at };
}

function named(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && typeof v['name'] === 'string';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasKey(o: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(o, key);
}

function keyList(o: Record<string, unknown>): string {
  const keys = Object.keys(o);
  const shown = keys.slice(0, 24).join(', ');
  return keys.length > 24 ? `${shown}, … (${keys.length} in all)` : shown;
}
