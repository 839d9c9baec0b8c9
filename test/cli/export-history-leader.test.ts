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

  it('draws each term a replica led on its leadership thread, its lease nested: term 1’s lease outlives the cut by 1.5 s, into term 2', () => {
    expect(storeSpans([])).toEqual([
      { name: 'leader term 1', thread: 'kv/3 leadership', fromMs: 169, toMs: 6009 },
      { name: 'lease (term 1)', thread: 'kv/3 leadership', fromMs: 169, toMs: 4495 },
      { name: 'leader term 2', thread: 'kv/4 leadership', fromMs: 3158, toMs: 10000 },
      { name: 'lease (term 2)', thread: 'kv/4 leadership', fromMs: 3158, toMs: 10000 },
    ]);
    // The partition starts at 3 s with the leader's clock at a tenth of real speed: its 150 ms
    // lease holds 1.5 s of true time, and overlaps term 2 from 3,158 ms: the split brain. The
    // trace is of the run `faultline run` makes: the lesson's baseline hash.
    const trace = exportTrace('lease-split-brain', [], undefined, { window: null, sample: 0.01 });
    expect(trace.text).toContain('"traceHash":"4a8d5b3f68e937cb"');
  });

  it('with fencing the old leader is deposed at 3,188 ms, 30 ms into term 2: its lease is cut there, not at 4,495', () => {
    expect(storeSpans(['services.kv.store.fencing=true'])).toEqual([
      { name: 'leader term 1', thread: 'kv/3 leadership', fromMs: 169, toMs: 3188 },
      { name: 'lease (term 1)', thread: 'kv/3 leadership', fromMs: 169, toMs: 3188 },
      { name: 'leader term 2', thread: 'kv/4 leadership', fromMs: 3158, toMs: 6010 },
      { name: 'lease (term 2)', thread: 'kv/4 leadership', fromMs: 3158, toMs: 6010 },
      { name: 'leader term 4', thread: 'kv/4 leadership', fromMs: 6167, toMs: 10000 },
      { name: 'lease (term 4)', thread: 'kv/4 leadership', fromMs: 6167, toMs: 10000 },
    ]);
  });
});

/** The store slices of lease-split-brain's trace (with `sets`): name, thread, whole ms. */
function storeSpans(sets: string[]) {
  const trace = exportTrace('lease-split-brain', sets, undefined, { window: null, sample: 0.01 });
  const events = (JSON.parse(trace.text) as { traceEvents: TraceEvent[] }).traceEvents;
  const threads = new Map(
    events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}/${e.tid}`, e.args?.['name']]),
  );
  return events
    .filter((e) => e.cat === 'store' && e.ph === 'X')
    .map((e) => ({
      name: e.name,
      thread: threads.get(`${e.pid}/${e.tid}`),
      fromMs: Math.round(e.ts / 1000),
      toMs: Math.round((e.ts + (e.dur ?? 0)) / 1000),
    }));
}
