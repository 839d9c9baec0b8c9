import { addSibling } from './siblings.ts';
import { compareVersions, type Version } from './version.ts';

/**
 * One replica's data: the newest version it has APPLIED per key, and a disk stall.
 *
 * A write that arrives while the disk is stalled is queued and applied (in arrival order) when
 * the stall ends: the replica stays reachable and keeps answering reads from what it has
 * applied, so a stalled replica serves stale data instead of refusing (the `disk-stall` fault).
 */
export class ReplicaState {
  private readonly applied = new Map<number, Version>();
  private readonly pending: { key: number; version: Version; onApplied: () => void }[] = [];
  /** Siblings mode: the concurrent versions applied per key (see `siblings.ts`). */
  private readonly siblings: Map<number, Version[]> | null;
  private stalledUntilMs = Number.NEGATIVE_INFINITY;

  constructor(
    /** The replica's index in its store. */
    readonly index: number,
    /** Keep concurrent versions as siblings instead of last-writer-wins. */
    keepSiblings = false,
  ) {
    this.siblings = keepSiblings ? new Map() : null;
  }

  /** The applied version of `key` under last-writer-wins (undefined: never written here). */
  read(key: number): Version | undefined {
    return this.applied.get(key);
  }

  /** Every version of `key` held: its siblings, or the one LWW version (empty: never written here). */
  readAll(key: number): readonly Version[] {
    if (this.siblings !== null) return this.siblings.get(key) ?? [];
    const v = this.applied.get(key);
    return v === undefined ? [] : [v];
  }

  /** True while the disk is stalled at true time `nowMs`. */
  isStalled(nowMs: number): boolean {
    return nowMs < this.stalledUntilMs;
  }

  /** The stall's end (true time), or -Infinity when the replica never stalled. */
  get stallEndMs(): number {
    return this.stalledUntilMs;
  }

  /** Stalls the disk until true time `untilMs` (a later stall extends it). */
  stallUntil(untilMs: number): void {
    if (untilMs > this.stalledUntilMs) this.stalledUntilMs = untilMs;
  }

  /**
   * Receives a write at true time `nowMs`: applies it now, or queues it while stalled.
   * `onApplied` runs once it is applied (the replica's acknowledgement is sent then).
   */
  receive(nowMs: number, key: number, version: Version, onApplied: () => void): void {
    if (this.isStalled(nowMs)) {
      this.pending.push({ key, version, onApplied });
      return;
    }
    this.apply(key, version);
    onApplied();
  }

  /** The stall ended: applies the queued writes in arrival order. */
  drainStalled(): void {
    const queued = this.pending.splice(0, this.pending.length);
    for (const w of queued) {
      this.apply(w.key, w.version);
      w.onApplied();
    }
  }

  /**
   * Last-writer-wins keeps the incoming version only when it beats the applied one; siblings
   * keep it beside the versions it does not descend from.
   */
  private apply(key: number, version: Version): void {
    if (this.siblings !== null) {
      let held = this.siblings.get(key);
      if (held === undefined) {
        held = [];
        this.siblings.set(key, held);
      }
      addSibling(held, version);
      return;
    }
    const current = this.applied.get(key);
    if (current === undefined || compareVersions(version, current) > 0) this.applied.set(key, version);
  }
}
