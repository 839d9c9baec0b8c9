import { describe, expect, it } from 'vitest';
import { exportTrace } from '../../cli/commands/export.ts';
import { exportHistory } from '../../cli/export/history.ts';
import type { TraceEvent } from '../../cli/export/perfetto.ts';
import type { HistoryEntry } from '../../sim-core/store/history.ts';
import { checkLinearizable } from '../support/linearizability.ts';

/** The exported history of lease-split-brain, as a checker reads it (JSON lines back into entries). */
function history(sets: string[]): HistoryEntry[] {
  const out = exportHistory('lease-split-brain', sets, undefined, null);
  return out.text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as HistoryEntry);
}

describe('faultline export --format history of lease-split-brain, through a linearizability checker', () => {
  it('without fencing the history is not linearizable: two leaders acknowledge writes of the same keys', () => {
    const entries = history([]);
    expect(entries.filter((e) => e.type === 'invoke').length).toBeGreaterThan(1900);
    expect(checkLinearizable(entries).linearizable).toBe(false);
  });

  it('with fencing it is still not linearizable: one-follower semi-sync acknowledges writes only 2 of 5 replicas hold', () => {
    const entries = history(['services.kv.store.fencing=true']);
    expect(checkLinearizable(entries).linearizable).toBe(false);
  });

  it('with fencing and the clock right, one-follower semi-sync still is not: it acknowledges a write 2 of 5 replicas hold', () => {
    const entries = history(['services.kv.store.fencing=true', 'faults.slow-leader-clock.driftPpm=0']);
    expect(checkLinearizable(entries).linearizable).toBe(false);
  });

  it('with fencing, the clock right and a majority semi-sync (2 followers), the whole run is linearizable', () => {
    const entries = history([
      'services.kv.store.fencing=true',
      'faults.slow-leader-clock.driftPpm=0',
      'services.kv.store.replication={"semiSync":2}',
    ]);
    expect(entries.filter((e) => e.type === 'ok').length).toBeGreaterThan(1500);
    expect(checkLinearizable(entries).linearizable).toBe(true);
  });

  it('with fencing and a majority semi-sync the slow clock’s run is linearizable too: the old leader hears term 2 and steps down', () => {
    const entries = history([
      'services.kv.store.fencing=true',
      'services.kv.store.replication={"semiSync":2}',
    ]);
    expect(checkLinearizable(entries).linearizable).toBe(true);
  });
});

describe('faultline export (perfetto) of lease-split-brain', () => {
  it('shows each election as an instant on the store’s control thread, with its term and replica', () => {
    const trace = exportTrace('lease-split-brain', [], undefined, { window: null, sample: 0.01 });
    const events = (JSON.parse(trace.text) as { traceEvents: TraceEvent[] }).traceEvents;
    const elected = events.filter((e) => e.cat === 'control' && e.name.startsWith('leader-elected'));
    expect(elected.map((e) => e.name)).toEqual(['leader-elected kv/3', 'leader-elected kv/4']);
    expect(elected.map((e) => e.args?.['detail'])).toEqual([
      { term: 1, replica: 3 },
      { term: 2, replica: 4 },
    ]);
  });
});
