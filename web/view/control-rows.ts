/**
 * The control plane as the lab draws it: one row per service that the control plane touched
 * (chaos hits, probes, restarts, scaling, rollouts), plus a row for run-wide events such as SLO
 * alerts. Built from `summary.timeline` (intervals on replicas), `summary.controlEvents`
 * (instants) and, when the run has them, the `replicas` / `readyReplicas` series of a service
 * whose replica set changes. Kinds the lab does not know are still drawn, in a neutral colour:
 * the result's kinds only grow.
 */

import { ownEntry } from '../../sim-core/metrics/by-name.ts';
import type { ControlEvent, RunResult, TimelineEntry } from '../../sim-core/metrics/result.ts';

/** The row that holds events without a service (an SLO alert, a whole-run decision). */
export const RUN_ROW = 'run';

export interface ControlRow {
  /** The service's name, or {@link RUN_ROW}. */
  key: string;
  /** Interval entries on the service's replicas, in order of start. */
  intervals: TimelineEntry[];
  /** Instants, in time order. */
  events: ControlEvent[];
  /** Lanes the intervals need: one per replica index seen (at least 1). */
  lanes: number;
  /** Total replicas per bucket (null: the service's replica set does not change). */
  replicas: (number | null)[] | null;
  /** Ready replicas per bucket (null: not recorded). */
  ready: (number | null)[] | null;
}

interface ReplicaSeries {
  replicas?: (number | null)[];
  readyReplicas?: (number | null)[];
}

/** The rows, services in the result's order of first appearance, then the run row. */
export function controlRows(result: RunResult | null): ControlRow[] {
  if (result === null) return [];
  const rows = new Map<string, ControlRow>();
  const rowOf = (key: string): ControlRow => {
    let row = rows.get(key);
    if (row === undefined) {
      row = { key, intervals: [], events: [], lanes: 1, replicas: null, ready: null };
      rows.set(key, row);
    }
    return row;
  };
  for (const e of result.summary.timeline) {
    const row = rowOf(e.service);
    row.intervals.push(e);
    row.lanes = Math.max(row.lanes, e.replica + 1);
  }
  for (const e of result.summary.controlEvents ?? []) {
    const row = rowOf(e.service ?? RUN_ROW);
    row.events.push(e);
    if (e.replica !== null) row.lanes = Math.max(row.lanes, e.replica + 1);
  }
  for (const name of Object.keys(result.series.services)) {
    const s = ownEntry(result.series.services, name) as ReplicaSeries | undefined;
    if (s?.replicas === undefined) continue;
    const total = s.replicas;
    // A set that never changes says nothing the topology does not already show.
    const first = total.find((v) => v !== null);
    if (total.every((v) => v === null || v === first) && !rows.has(name)) continue;
    const row = rowOf(name);
    row.replicas = total;
    row.ready = s.readyReplicas ?? null;
  }
  const ordered = [...rows.values()].filter((r) => r.key !== RUN_ROW);
  const run = rows.get(RUN_ROW);
  if (run !== undefined) ordered.push(run);
  return ordered;
}

/** What an entry or event kind is, for its colour and legend. */
export type ControlFamily =
  | 'down'
  | 'cut-off'
  | 'not-ready'
  | 'starting'
  | 'draining'
  | 'change'
  | 'rollout'
  | 'rollback'
  | 'alert'
  | 'alert-ended'
  | 'standby'
  | 'failover'
  | 'false-failover'
  | 'leadership'
  | 'stepped-down'
  | 'semi-sync-fallback'
  | 'semi-sync-restored'
  | 'other';

const FAMILY: Readonly<Record<string, ControlFamily>> = {
  crash: 'down',
  restart: 'down',
  'liveness-failed': 'down',
  'startup-failed': 'down',
  'startup-passed': 'starting',
  restarted: 'starting',
  partition: 'cut-off',
  'zone-outage': 'down',
  'not-ready': 'not-ready',
  'readiness-failed': 'not-ready',
  'readiness-passed': 'starting',
  provisioning: 'starting',
  provisioned: 'starting',
  draining: 'draining',
  drained: 'draining',
  scale: 'change',
  // A deployment's steps (branch cp-deploy): progress in one colour, the abort in another.
  'rollout-started': 'rollout',
  'rollout-step': 'rollout',
  'rollout-paused': 'rollout',
  'analysis-started': 'rollout',
  'analysis-passed': 'rollout',
  'rollout-complete': 'rollout',
  'analysis-failed': 'rollback',
  rollback: 'rollback',
  promoted: 'change',
  failover: 'change',
  // A leader-based store's leadership and replication mode (branch store-audit): each in its own
  // colour, since a step-down or a fallback is no scaling and no alert.
  'leader-elected': 'leadership',
  'leader-stepped-down': 'stepped-down',
  'semi-sync-fallback': 'semi-sync-fallback',
  'semi-sync-restored': 'semi-sync-restored',
  'alert-fired': 'alert',
  'alert-cleared': 'alert',
  'alert-action': 'alert',
  'alert-action-ended': 'alert-ended',
  standby: 'standby',
  'failover-detected': 'failover',
  'failover-promoted': 'failover',
  'failover-demoted': 'failover',
  failback: 'failover',
  'false-failover': 'false-failover',
};

/** Every timeline and control-event kind the lab draws in a colour of its own. */
export const KNOWN_CONTROL_KINDS: readonly string[] = Object.keys(FAMILY);

export function controlFamily(kind: string): ControlFamily {
  return Object.hasOwn(FAMILY, kind) ? FAMILY[kind] : 'other';
}

/** Intervals of a row that are in force at `tMs` (an open end runs to the end of the run). */
export function intervalsAt(row: ControlRow, tMs: number): TimelineEntry[] {
  return row.intervals.filter((e) => e.startMs <= tMs && (e.endMs === null || tMs < e.endMs));
}

/** Events of a row within `halfWindowMs` of `tMs`, nearest first. */
export function eventsNear(row: ControlRow, tMs: number, halfWindowMs: number): ControlEvent[] {
  return row.events
    .filter((e) => Math.abs(e.atMs - tMs) <= halfWindowMs)
    .sort((a, b) => Math.abs(a.atMs - tMs) - Math.abs(b.atMs - tMs));
}

/** A one-line description of an event for a tooltip: its kind, replica and details. */
export function describeEvent(e: ControlEvent): string {
  const who = e.replica === null ? '' : ` #${e.replica}`;
  const detail = Object.entries(e.detail)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${e.kind}${who} (${e.source})${detail === '' ? '' : `: ${detail}`}`;
}
