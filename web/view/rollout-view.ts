/**
 * A service's deployment as of a moment, read from the run's control events: which version each
 * replica slot runs (its last `provisioned` event names it) and, while a rollout is in progress
 * (between `rollout-started` and `rollout-complete`), the version rolled out and the percent of
 * requests it gets (its last `rollout-step` with a `weight`; null for a rolling update).
 */
import type { ControlEvent, RunResult } from '../../sim-core/metrics/result.ts';

export interface RolloutView {
  /** Per slot: the version it runs, `stable` where no rollout provisioned it. */
  versions: string[];
  /** The rollout in progress, or null. */
  inProgress: { version: string; weight: number | null } | null;
}

/** The deployment of `service` as of `tMs`, or null when it has none (no rollout event). */
export function rolloutAt(result: RunResult | null, service: string, tMs: number): RolloutView | null {
  const events = (result?.summary.controlEvents ?? []).filter(
    (e: ControlEvent) => e.service === service && e.atMs <= tMs,
  );
  if (
    !(result?.summary.controlEvents ?? []).some((e) => e.service === service && e.kind === 'rollout-started')
  )
    return null;
  const versions: string[] = [];
  let inProgress: { version: string; weight: number | null } | null = null as RolloutView['inProgress'];
  for (const e of events) {
    const v = e.detail.version;
    if (e.kind === 'provisioned' && e.replica !== null && typeof v === 'string') {
      while (versions.length <= e.replica) versions.push('stable');
      versions[e.replica] = v;
    } else if (e.kind === 'rollout-started' && typeof v === 'string')
      inProgress = { version: v, weight: null };
    else if (e.kind === 'rollout-step' && inProgress !== null && typeof e.detail.weight === 'number')
      inProgress = { version: inProgress.version, weight: e.detail.weight };
    else if (e.kind === 'rollout-complete') inProgress = null;
  }
  return { versions, inProgress };
}

/** The rollout's words beside the service's name: "v2 10%", "→ v2" (rolling), or "". */
export function rolloutLabel(view: RolloutView | null): string {
  const r = view?.inProgress ?? null;
  if (r === null) return '';
  return r.weight === null ? `→ ${r.version}` : `${r.version} ${r.weight}%`;
}
