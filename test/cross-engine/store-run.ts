import { type LeaderStoreConfig, runLeaderBasedStore } from '../../sim-core/store/leader-based-store.ts';
import {
  type LeaderlessStoreConfig,
  runLeaderlessStore,
  type StoreResult,
} from '../../sim-core/store/leaderless-store.ts';

/** What both engines compare for a store run: hash, summary, series and history (plus extras). */
function report(r: StoreResult, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    traceHash: r.traceHash,
    summary: r.summary,
    series: r.series,
    ...extra,
    history: r.history.entries,
  });
}

/** One leaderless store run (sim-core/store): its hash, summary, series and history, as JSON. */
export function runStore(configJson: string): string {
  return report(runLeaderlessStore(JSON.parse(configJson) as LeaderlessStoreConfig));
}

/** One leader-based store run: the same, with its leadership (terms, elections, redirects). */
export function runLeaderStore(configJson: string): string {
  const r = runLeaderBasedStore(JSON.parse(configJson) as LeaderStoreConfig);
  return report(r, { leadership: r.leadership });
}
