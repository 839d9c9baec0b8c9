/**
 * An operation history in the shape Jepsen-family checkers read (Knossos, Porcupine, Elle):
 * one entry per invocation and per completion, in time order. An invocation and its completion
 * share `process`; a read's invocation has value null and its `ok` carries the value read (a
 * store that keeps siblings: the list of every sibling's value, as Elle's set-like reads); a
 * write's value is its write id; `info` means indeterminate (timed out: it may have applied).
 */
export interface HistoryEntry {
  readonly process: number;
  readonly type: 'invoke' | 'ok' | 'fail' | 'info';
  readonly f: 'read' | 'write';
  readonly key: string;
  /** A write's id; a read's value (null: none); a siblings store's read: every sibling's id, ascending. */
  readonly value: number | null | readonly number[];
  /** True time in integer nanoseconds. */
  readonly time: number;
  readonly index: number;
}

/**
 * Collects history entries. A host may add an entry after later ones (a scenario's store records
 * an invocation at the client's send once the coordinator starts it), so {@link entries} puts
 * them in time order (ties: in the order added) and numbers them.
 */
export class HistoryLog {
  private readonly added: HistoryEntry[] = [];
  private sorted: HistoryEntry[] | null = null;

  /** The entries in time order, `index` their position. */
  get entries(): readonly HistoryEntry[] {
    if (this.sorted !== null) return this.sorted;
    const order = this.added.map((e, i) => ({ e, i }));
    order.sort((a, b) => a.e.time - b.e.time || a.i - b.i);
    this.sorted = order.map(({ e }, index) => (e.index === index ? e : { ...e, index }));
    return this.sorted;
  }

  add(
    process: number,
    type: HistoryEntry['type'],
    f: HistoryEntry['f'],
    key: number,
    value: number | null | readonly number[],
    nowMs: number,
  ): void {
    this.sorted = null;
    this.added.push({
      process,
      type,
      f,
      key: `k${key}`,
      value,
      time: Math.round(nowMs * 1e6),
      index: this.added.length,
    });
  }

  /** The history as JSON lines (one entry per line, trailing newline). */
  toJsonLines(): string {
    let out = '';
    for (const e of this.entries) out += `${JSON.stringify(e)}\n`;
    return out;
  }
}
