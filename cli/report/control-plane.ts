/**
 * The control plane in `faultline run`'s report: per service what its probes, orchestrator,
 * autoscaler and failover did (probes sent and failed, restarts, scale decisions, the fewest
 * replicas ready, failovers), each deployment's rollout, and a count of the control events by
 * kind. Every number is one of the result's (`summary.services.<s>.probes` / `failover`,
 * `summary.deployments[]`, `summary.controlEvents`, `series.services.<s>.readyReplicas`):
 * the report reads them, never recomputes the model.
 */
import type { DeploymentSummary, RunResult } from '../../sim-core/metrics/result.ts';
import { count, duration, percent } from './format.ts';
import type { Style } from './style.ts';
import { wrapText } from './style.ts';
import { renderTable, type Table } from './table.ts';

/** One service's control-plane numbers; null cells did not apply. */
interface ControlRow {
  service: string;
  probes: string;
  failed: string;
  restarts: string;
  scale: string;
  ready: string;
  failovers: string;
}

const dash = '—';

/** A bucket's mean count to a tenth: `3`, `4.5`. */
const tenths = (n: number): string => String(Math.round(n * 10) / 10);

/** The fewest replicas ready in a bucket after the warm-up, against the most that existed then. */
function readyRange(r: RunResult, service: string): string | null {
  const s = Object.hasOwn(r.series.services, service) ? r.series.services[service] : undefined;
  if (s === undefined) return null;
  const from = r.series.startMs.findIndex((t) => t >= r.summary.window.fromMs);
  if (from < 0) return null;
  const ready = s.readyReplicas.slice(from);
  const total = s.replicas.slice(from);
  const minReady = Math.min(...ready);
  const maxTotal = Math.max(...total);
  return minReady >= Math.min(...total) ? null : `${tenths(minReady)} of ${tenths(maxTotal)}`;
}

function rowsOf(r: RunResult): ControlRow[] {
  const rows: ControlRow[] = [];
  for (const [service, v] of Object.entries(r.summary.services)) {
    const scale = r.summary.controlEvents.filter((e) => e.kind === 'scale' && e.service === service);
    const ups = scale.filter((e) => Number(e.detail.to) > Number(e.detail.from)).length;
    const ready = readyRange(r, service);
    if (v.probes === null && v.failover === undefined && scale.length === 0 && ready === null) continue;
    const p = v.probes;
    rows.push({
      service,
      probes: p === null ? dash : count(p.sent),
      failed: p === null ? dash : `${count(p.failed)} / ${count(p.timedOut)}`,
      restarts: p === null ? dash : count(p.restarts),
      scale: scale.length === 0 ? dash : `+${ups} / -${scale.length - ups}`,
      ready: ready ?? dash,
      failovers:
        v.failover === undefined
          ? dash
          : `${v.failover.failovers}${v.failover.falseFailovers > 0 ? ` (${v.failover.falseFailovers} false)` : ''}`,
    });
  }
  return rows;
}

function serviceTable(rows: ControlRow[], max: number, s: Style): string[] {
  const table: Table = {
    columns: [
      { header: 'control', align: 'left' },
      { header: 'probes', align: 'right' },
      { header: 'failed / timed out', align: 'right' },
      { header: 'restarts', align: 'right' },
      { header: 'scale up / down', align: 'right' },
      { header: 'fewest ready', align: 'right' },
      { header: 'failovers', align: 'right' },
    ],
    rows: rows.map((x) => [x.service, x.probes, x.failed, x.restarts, x.scale, x.ready, x.failovers]),
    colour: (_, column, text) => (column === 0 ? s.bold(text) : text),
  };
  return renderTable(table, max, s);
}

function rolloutText(d: DeploymentSummary): string {
  return d.endMs === null ? d.outcome : `${d.outcome} ${duration(d.endMs)}`;
}

const abortText = (d: DeploymentSummary): string =>
  d.abortedAtMs === null ? dash : `${duration(d.abortedAtMs)} ${d.abortedBy ?? ''}`.trim();

function deploymentTable(r: RunResult, max: number, s: Style): string[] {
  const list = r.summary.deployments ?? [];
  const table: Table = {
    columns: [
      { header: 'rollout', align: 'left' },
      { header: 'version', align: 'left' },
      { header: 'strategy', align: 'left' },
      { header: 'outcome', align: 'left' },
      { header: 'aborted', align: 'left' },
      { header: 'mitigate', align: 'right' },
      { header: 'blast radius', align: 'right' },
      { header: 'analyses', align: 'right' },
    ],
    rows: list.map((d) => [
      d.service,
      d.version,
      d.strategy,
      rolloutText(d),
      abortText(d),
      d.timeToMitigateMs === null ? dash : duration(d.timeToMitigateMs),
      d.blastRadius.fraction === null
        ? dash
        : `${percent(d.blastRadius.fraction)} (${count(d.blastRadius.failed)})`,
      `${d.analyses.passed} / ${d.analyses.failed}`,
    ]),
    colour: (row, column, text) => {
      if (column === 0) return s.bold(text);
      return column === 4 && list[row].abortedAtMs !== null ? s.yellow(text) : text;
    },
  };
  return renderTable(table, max, s);
}

/** The control events by kind, in order of first occurrence: `restart ×12, scale ×3`. */
export function controlEventCounts(r: RunResult): string {
  const counts = new Map<string, number>();
  for (const e of r.summary.controlEvents ?? []) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${kind} ×${n}`).join(', ');
}

/** The section, or null when the run had no control plane. */
export function controlPlaneSection(r: RunResult, max: number, s: Style): string[] | null {
  const rows = rowsOf(r);
  const deployments = r.summary.deployments ?? [];
  const events = controlEventCounts(r);
  if (rows.length === 0 && deployments.length === 0 && events === '') return null;
  const lines: string[] = [];
  if (rows.length > 0) lines.push(...serviceTable(rows, max, s));
  if (deployments.length > 0) lines.push(...(lines.length > 0 ? [''] : []), ...deploymentTable(r, max, s));
  const notes: string[] = [];
  if (rows.length > 0)
    notes.push(
      'probes = probes and health checks sent; failed = answered with an error; restarts = by the orchestrator after liveness or startup failures; fewest ready = the fewest replicas ready (up, started, readiness passing) in a bucket after the warm-up, of the most that existed.',
    );
  if (deployments.length > 0)
    notes.push(
      'aborted = when, and by what (analysis or alert:<name>); mitigate = from the rollout start to all traffic on the stable version again; blast radius = errors of the new version / all answers since the rollout started; analyses = passed / failed.',
    );
  if (events !== '') notes.push(`control events: ${events}.`);
  for (const note of notes) lines.push(...wrapText(note, max).map(s.dim));
  return lines;
}
