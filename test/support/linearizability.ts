/**
 * A linearizability checker for histories of read/write registers, one register per key, in the
 * Jepsen history shape the stores export ({@link HistoryEntry}).
 *
 * Linearizability is local (Herlihy & Wing, "Linearizability: A Correctness Condition for
 * Concurrent Objects", TOPLAS 1990, §3.3): a history is linearizable iff its restriction to
 * every key is, so each key is checked alone (Porcupine calls this P-compositionality). Per key,
 * the search is Wing & Gong's ("Testing and Verifying Concurrent Objects", JPDC 1993): pick,
 * among the operations not yet linearized, one that no pending operation finished before, apply
 * it to a model register, recurse, and backtrack when a read does not match; with Lowe's
 * memoisation ("Testing for linearizability", CCPE 2017, as Knossos and Porcupine do) of the
 * (linearized set, register value) configurations already explored, so each is tried once.
 *
 * Outcomes as Jepsen reads them: `ok` happened within its interval; `fail` did not happen;
 * `info` is indeterminate: a write may take effect at any time after its invocation, or never;
 * an indeterminate read has no effect and is dropped.
 */
import { type HistoryEntry, HistoryLog } from '../../sim-core/store/history.ts';
import type { OperationRecord } from '../../sim-core/store/leaderless-store.ts';

/** One operation of one key, its interval closed by its completion (Infinity: indeterminate). */
interface Operation {
  readonly f: 'read' | 'write';
  readonly value: number | null;
  readonly invoke: number;
  readonly complete: number;
  /** Must be linearized (false for indeterminate writes, which may never have happened). */
  readonly required: boolean;
}

/** The verdict: linearizable, or the first key (in order of first appearance) that is not. */
export interface LinearizabilityResult {
  readonly linearizable: boolean;
  readonly key?: string;
  /** Configurations the search explored, over every key (the memo's size). */
  readonly explored: number;
}

/**
 * Pairs invocations with completions: a write by its value (write ids are unique), a read by its
 * process and key in order. A process's reads of one key must not overlap (Jepsen's processes
 * are single-threaded); an overlap throws rather than guess the pairing.
 */
/** A single register's value: a siblings read (a list) has no single-register meaning. */
function registerValue(e: HistoryEntry): number | null {
  if (typeof e.value === 'object' && e.value !== null)
    throw new Error(`entry ${e.index} holds siblings: not a single-register history`);
  return e.value;
}

function operationsByKey(history: readonly HistoryEntry[]): Map<string, Operation[]> {
  const open = new Map<string, HistoryEntry>();
  const byKey = new Map<string, Operation[]>();
  const slot = (e: HistoryEntry) => (e.f === 'write' ? `w/${e.value}` : `r/${e.process}/${e.key}`);
  for (const e of history) {
    if (!byKey.has(e.key)) byKey.set(e.key, []);
    if (e.type === 'invoke') {
      if (open.has(slot(e))) throw new Error(`process ${e.process} has overlapping ${e.f}s of ${e.key}`);
      open.set(slot(e), e);
      continue;
    }
    const inv = open.get(slot(e));
    if (inv === undefined)
      throw new Error(`a ${e.type} of ${e.f} ${e.key} (index ${e.index}) has no invocation`);
    open.delete(slot(e));
    if (e.type === 'fail' || (e.type === 'info' && e.f === 'read')) continue;
    byKey.get(e.key)?.push({
      f: e.f,
      value: registerValue(e),
      invoke: inv.time,
      complete: e.type === 'info' ? Number.POSITIVE_INFINITY : e.time,
      required: e.type === 'ok',
    });
  }
  // Still open at the end of the history: indeterminate.
  for (const inv of open.values()) {
    if (inv.f === 'write') {
      byKey.get(inv.key)?.push({
        f: 'write',
        value: registerValue(inv),
        invoke: inv.time,
        complete: Number.POSITIVE_INFINITY,
        required: false,
      });
    }
  }
  // An indeterminate write no read returned may be left out: it constrains nothing (whatever
  // a linearization with it satisfies, the same order without it does), and keeping it would
  // double the search space per such write.
  const read = new Set<number | null>();
  for (const ops of byKey.values()) for (const o of ops) if (o.f === 'read') read.add(o.value);
  for (const [key, ops] of byKey)
    byKey.set(
      key,
      ops.filter((o) => o.required || o.f === 'read' || read.has(o.value)),
    );
  return byKey;
}

/** Wing & Gong search over one register's operations; returns [linearizable, configurations explored]. */
function checkRegister(ops: readonly Operation[]): [boolean, number] {
  const n = ops.length;
  const done = new Uint8Array(n);
  let required = ops.filter((o) => o.required).length;
  const seen = new Set<string>();
  const signature = (value: number | null): string => {
    let s = value === null ? 'n' : String(value);
    for (let i = 0; i < n; i++) s += done[i] === 1 ? '1' : '0';
    return s;
  };
  const search = (value: number | null): boolean => {
    if (required === 0) return true;
    const sig = signature(value);
    if (seen.has(sig)) return false;
    seen.add(sig);
    // An operation may go next only if no pending operation completed before it was invoked.
    let firstCompletion = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++)
      if (done[i] === 0 && ops[i].complete < firstCompletion) firstCompletion = ops[i].complete;
    for (let i = 0; i < n; i++) {
      const op = ops[i];
      if (done[i] === 1 || op.invoke > firstCompletion) continue;
      if (op.f === 'read' && op.value !== value) continue;
      done[i] = 1;
      if (op.required) required--;
      const ok = search(op.f === 'write' ? op.value : value);
      done[i] = 0;
      if (op.required) required++;
      if (ok) return true;
    }
    return false;
  };
  return [search(null), seen.size];
}

/** Checks a history of single-register operations per key (the initial value of every key is null). */
export function checkLinearizable(history: readonly HistoryEntry[]): LinearizabilityResult {
  let explored = 0;
  for (const [key, ops] of operationsByKey(history)) {
    const [ok, count] = checkRegister(ops);
    explored += count;
    if (!ok) return { linearizable: false, key, explored };
  }
  return { linearizable: true, explored };
}

/**
 * A store run's history with one process per operation: a client of the stores issues operations
 * without waiting for the previous one, so its own operations may overlap. Built from the finished
 * operations; a write still pending at the end is left open (indeterminate).
 */
export function perOperationHistory(
  operations: readonly OperationRecord[],
  history: readonly HistoryEntry[],
): HistoryEntry[] {
  const log = new HistoryLog();
  const finished = new Set(operations.filter((o) => o.f === 'write').map((o) => o.value));
  const events: { t: number; add: () => void }[] = [];
  operations.forEach((o, p) => {
    const key = Number(o.key);
    events.push({
      t: o.invokeMs,
      add: () => log.add(p, 'invoke', o.f, key, o.f === 'write' ? o.value : null, o.invokeMs),
    });
    events.push({ t: o.endMs, add: () => log.add(p, o.outcome, o.f, key, o.value, o.endMs) });
  });
  for (const e of history) {
    if (e.type !== 'invoke' || e.f !== 'write' || finished.has(registerValue(e))) continue;
    const key = Number(e.key.slice(1));
    const process = -1 - events.length;
    events.push({
      t: e.time / 1e6,
      add: () => log.add(process, 'invoke', 'write', key, e.value, e.time / 1e6),
    });
  }
  events.sort((a, b) => a.t - b.t);
  for (const e of events) e.add();
  return [...log.entries];
}
