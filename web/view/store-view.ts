/**
 * Replicated stores as the lab shows them: per store, the consistency it paid over time (stale
 * reads, lost writes, split-brain writes, refused operations per second), its replicas at the
 * viewed moment (applied version, lag, and for a leader-based store the leader and its term),
 * and the lesson's moments: the first stale read, the first lost write, the first split-brain
 * write, a leader change. Read from `summary.stores` / `series.stores`; a result without stores
 * (or saved before they existed) has none.
 */
import { ownEntry } from '../../sim-core/metrics/by-name.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';

/** The per-bucket series of one store, as far as the lab reads them. */
export interface StoreSeriesView {
  readsPerSec: number[];
  writesPerSec: number[];
  staleReadsPerSec: number[];
  lostWritesPerSec: number[];
  splitBrainWritesPerSec: number[];
  unavailablePerSec: number[];
  replicas: { lagMs: number[]; appliedVersion: number[] }[];
  /** Leader-based stores: the leader's replica index at each bucket's end (null: none). */
  leader?: (number | null)[];
  /** Leader-based stores: the highest term at each bucket's end. */
  term?: number[];
  /** Conflicts per second (absent in results saved before it existed). */
  conflictsPerSec?: number[];
  /** Siblings stores only: the most siblings one read returned per bucket. */
  siblingsMax?: number[];
}

/** The consistency rates drawn, in this order, with their labels. */
export const STORE_RATES = [
  { key: 'staleReadsPerSec', label: 'stale reads' },
  { key: 'lostWritesPerSec', label: 'lost writes' },
  { key: 'splitBrainWritesPerSec', label: 'split-brain writes' },
  { key: 'unavailablePerSec', label: 'refused (no quorum or leader)' },
] as const;

export type StoreRateKey = (typeof STORE_RATES)[number]['key'];

export interface StoreMoment {
  /** Start of the bucket where it first happened. */
  atMs: number;
  label: string;
}

export interface StoreView {
  name: string;
  series: StoreSeriesView;
  moments: StoreMoment[];
}

export function storeViews(result: RunResult | null): StoreView[] {
  const stores = (result?.series as { stores?: Record<string, StoreSeriesView> } | undefined)?.stores;
  if (result === null || stores === undefined) return [];
  const startMs = result.series.startMs;
  return Object.keys(stores).map((name) => {
    const series = ownEntry(stores, name) as StoreSeriesView;
    const moments: StoreMoment[] = [];
    const first = (values: readonly number[] | undefined, label: string) => {
      const i = values?.findIndex((v) => v > 0) ?? -1;
      if (i >= 0) moments.push({ atMs: startMs[i] ?? 0, label });
    };
    first(series.staleReadsPerSec, 'first stale read');
    first(series.lostWritesPerSec, 'first lost write');
    first(series.splitBrainWritesPerSec, 'first split-brain write');
    first(
      series.siblingsMax?.map((v) => (v > 1 ? v : 0)),
      'first read with siblings',
    );
    const leader = series.leader;
    if (leader !== undefined) {
      for (let i = 1; i < leader.length; i++) {
        if (leader[i] !== leader[i - 1] && leader[i - 1] !== null && leader[i] !== null) {
          moments.push({ atMs: startMs[i] ?? 0, label: `new leader: replica ${leader[i]}` });
          break;
        }
      }
    }
    moments.sort((a, b) => a.atMs - b.atMs);
    return { name, series, moments };
  });
}

export interface StoreReplicaState {
  replica: number;
  appliedVersion: number | null;
  lagMs: number | null;
  leader: boolean;
}

/** The replicas of a store at bucket `b` (clamped to the buckets computed). */
export function storeReplicasAt(
  view: StoreView,
  b: number,
): { term: number | null; replicas: StoreReplicaState[] } {
  const at = <T>(values: readonly T[] | undefined): T | null => {
    if (values === undefined || values.length === 0 || b < 0) return null;
    return values[Math.min(b, values.length - 1)] ?? null;
  };
  const leader = at(view.series.leader);
  return {
    term: at(view.series.term),
    replicas: view.series.replicas.map((r, i) => ({
      replica: i,
      appliedVersion: at(r.appliedVersion),
      lagMs: at(r.lagMs),
      leader: leader === i,
    })),
  };
}
