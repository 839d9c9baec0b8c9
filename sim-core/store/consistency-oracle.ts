import { PrefixMax } from './prefix-max.ts';

/**
 * The omniscient consistency accounting of one store: exact, from the true times of every
 * operation's invocation and completion (the simulator sees them all; nothing is sampled).
 *
 * Real-time order, as in linearizability (Herlihy & Wing 1990): write `a` PRECEDES write `b`
 * when `a` was acknowledged before `b` was invoked. A value that precedes some other
 * acknowledged write can no longer be the register's current value.
 * - stale read: the read returned a write (or nothing) that precedes a write acknowledged
 *   before the read was invoked;
 * - read-your-writes violation: the same, counting only the reading client's own writes;
 * - monotonic-read violation: the read returned a write that precedes the write an earlier
 *   read of the same client and key (completed before this one began) returned;
 * - lost write: an acknowledged write such that, at the end, every replica holds a write that
 *   precedes it (or nothing): the final state reflects neither it nor anything ordered after it.
 */
export class ConsistencyOracle {
  private readonly writes: WriteRecord[] = [];
  /** Per key: acknowledged writes' invocation times, by acknowledgement time. */
  private readonly ackedByKey = new Map<number, PrefixMax>();
  /** Per client and key: the client's own acknowledged writes. */
  private readonly ownAcked = new Map<string, PrefixMax>();
  /** Per client and key: the invocation time of the write each completed read returned. */
  private readonly readReturned = new Map<string, PrefixMax>();
  /** Counts, for the summary and the buckets. */
  staleReads = 0;
  readYourWritesViolations = 0;
  monotonicReadViolations = 0;

  /** Records a write's invocation; returns its id (the value it writes). */
  writeInvoked(client: number, key: number, nowMs: number): number {
    const id = this.writes.length + 1;
    this.writes.push({ id, client, key, invokeMs: nowMs, ackMs: null });
    return id;
  }

  /** The write `id` was acknowledged to its client. */
  writeAcked(id: number, nowMs: number): void {
    const w = this.write(id);
    w.ackMs = nowMs;
    prefixFor(this.ackedByKey, w.key).add(nowMs, w.invokeMs);
    prefixFor(this.ownAcked, `${w.client}/${w.key}`).add(nowMs, w.invokeMs);
  }

  /** The write `id` (from {@link writeInvoked}). */
  write(id: number): WriteRecord {
    return this.writes[id - 1];
  }

  /**
   * A read of `key` by `client`, invoked at `invokeMs`, returned write `returned` (null: no
   * value; a list: siblings, all of them returned) at `nowMs`. Returns which anomalies it shows
   * (each is also counted). Siblings are judged by the newest of them: the read is not stale
   * when any sibling it returned does not precede the write it is compared with.
   */
  readCompleted(
    client: number,
    key: number,
    invokeMs: number,
    returned: number | null | readonly number[],
    nowMs: number,
  ): ReadVerdict {
    // When the returned write finished (-Infinity: the initial empty value precedes everything;
    // +Infinity: not acknowledged yet, so it precedes nothing), and when it began.
    let returnedAck = Number.NEGATIVE_INFINITY;
    let returnedInvoke = Number.NEGATIVE_INFINITY;
    if (typeof returned === 'number') {
      const r = this.write(returned);
      returnedAck = r.ackMs ?? Number.POSITIVE_INFINITY;
      returnedInvoke = r.invokeMs;
    } else if (returned !== null) {
      for (const id of returned) {
        const r = this.write(id);
        returnedAck = Math.max(returnedAck, r.ackMs ?? Number.POSITIVE_INFINITY);
        returnedInvoke = Math.max(returnedInvoke, r.invokeMs);
      }
    }
    const stale = returnedAck < (this.ackedByKey.get(key)?.maxBefore(invokeMs) ?? Number.NEGATIVE_INFINITY);
    const scope = `${client}/${key}`;
    const ryw = returnedAck < (this.ownAcked.get(scope)?.maxBefore(invokeMs) ?? Number.NEGATIVE_INFINITY);
    const monotonic =
      returnedAck < (this.readReturned.get(scope)?.maxBefore(invokeMs) ?? Number.NEGATIVE_INFINITY);
    prefixFor(this.readReturned, scope).add(nowMs, returnedInvoke);
    if (stale) this.staleReads++;
    if (ryw) this.readYourWritesViolations++;
    if (monotonic) this.monotonicReadViolations++;
    return { stale, readYourWrites: ryw, monotonic };
  }

  /**
   * The ids of acknowledged writes lost at the end, given what each replica holds per key
   * (`held(key)`: the write ids the replicas hold, one per replica, null for none; with siblings,
   * every sibling of every replica).
   */
  lostWrites(held: (key: number) => readonly (number | null)[]): number[] {
    const lost: number[] = [];
    const heldByKey = new Map<number, readonly (number | null)[]>();
    for (const w of this.writes) {
      if (w.ackMs === null) continue;
      let h = heldByKey.get(w.key);
      if (h === undefined) {
        h = held(w.key);
        heldByKey.set(w.key, h);
      }
      // A held write survives for `w` unless it precedes it (acknowledged before `w` began).
      const survives = h.some((id) => {
        if (id === null) return false;
        const hw = this.write(id);
        return hw.ackMs === null || hw.ackMs >= w.invokeMs;
      });
      if (!survives) lost.push(w.id);
    }
    return lost;
  }
}

/** One write as the oracle knows it. */
export interface WriteRecord {
  readonly id: number;
  readonly client: number;
  readonly key: number;
  readonly invokeMs: number;
  ackMs: number | null;
}

/** The anomalies one read shows. */
export interface ReadVerdict {
  readonly stale: boolean;
  readonly readYourWrites: boolean;
  readonly monotonic: boolean;
}

function prefixFor<K>(map: Map<K, PrefixMax>, key: K): PrefixMax {
  let p = map.get(key);
  if (p === undefined) {
    p = new PrefixMax();
    map.set(key, p);
  }
  return p;
}
