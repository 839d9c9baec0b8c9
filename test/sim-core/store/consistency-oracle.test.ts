import { describe, expect, it } from 'vitest';
import { ConsistencyOracle } from '../../../sim-core/store/consistency-oracle.ts';

describe('consistency oracle: real-time order, exact', () => {
  it('a read is stale only when what it returned precedes a write acknowledged before it began', () => {
    const o = new ConsistencyOracle();
    const w1 = o.writeInvoked(0, 0, 0);
    o.writeAcked(w1, 5);
    const w2 = o.writeInvoked(0, 0, 10);
    // Concurrent with w2 (invoked before its ack): either value is fine.
    expect(o.readCompleted(1, 0, 12, w1, 14)).toEqual({
      stale: false,
      readYourWrites: false,
      monotonic: false,
    });
    o.writeAcked(w2, 20);
    // w2 acknowledged at 20, read invoked at 20: not yet "before" the read.
    expect(o.readCompleted(1, 0, 20, w1, 25).stale).toBe(false);
    // Invoked at 21: w1 (acked 5) precedes w2 (invoked 10): stale, and client 0's own write.
    expect(o.readCompleted(0, 0, 21, w1, 26)).toEqual({
      stale: true,
      readYourWrites: true,
      monotonic: false,
    });
    // Another key is independent; nothing there was written.
    expect(o.readCompleted(0, 1, 30, null, 31).stale).toBe(false);
    expect(o.staleReads).toBe(1);
    expect(o.readYourWritesViolations).toBe(1);
  });

  it('a monotonic-read violation: a later read of the same client returns a value preceding an earlier one', () => {
    const o = new ConsistencyOracle();
    const w1 = o.writeInvoked(0, 0, 0);
    o.writeAcked(w1, 1);
    const w2 = o.writeInvoked(0, 0, 10); // never acknowledged: in flight
    expect(o.readCompleted(1, 0, 11, w2, 12).monotonic).toBe(false);
    // Client 1 saw w2, then reads w1 (acked before w2 began): it went back in time.
    expect(o.readCompleted(1, 0, 13, w1, 14)).toEqual({
      stale: false,
      readYourWrites: false,
      monotonic: true,
    });
    // A read overlapping the first one (invoked before it completed) is not ordered after it.
    expect(o.readCompleted(2, 0, 12, w2, 15).monotonic).toBe(false);
    expect(o.readCompleted(2, 0, 11.5, w1, 16).monotonic).toBe(false);
    expect(o.monotonicReadViolations).toBe(1);
  });

  it('an acknowledged write is lost when every replica holds a write preceding it', () => {
    const o = new ConsistencyOracle();
    const a = o.writeInvoked(0, 0, 0);
    o.writeAcked(a, 2);
    const b = o.writeInvoked(1, 0, 50);
    o.writeAcked(b, 52);
    const c = o.writeInvoked(1, 0, 51); // concurrent with b, never acknowledged
    expect(o.lostWrites(() => [a, a, null])).toEqual([b]);
    expect(o.lostWrites(() => [a, b, null])).toEqual([]);
    // c is concurrent with b, so holding c keeps b (LWW may order c after b); a precedes c.
    expect(o.lostWrites(() => [c, c, c])).toEqual([]);
    expect(o.lostWrites(() => [null, null, null])).toEqual([a, b]);
  });
});
