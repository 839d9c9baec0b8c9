import { type LeaderlessStoreConfig, runLeaderlessStore } from '../../sim-core/store/leaderless-store.ts';

/** One leaderless store run (sim-core/store): its hash, summary, series and history, as JSON. */
export function runStore(configJson: string): string {
  const r = runLeaderlessStore(JSON.parse(configJson) as LeaderlessStoreConfig);
  return JSON.stringify({
    traceHash: r.traceHash,
    summary: r.summary,
    series: r.series,
    history: r.history.entries,
  });
}
