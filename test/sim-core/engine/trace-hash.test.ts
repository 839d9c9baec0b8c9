import { describe, expect, it } from 'vitest';
import { Engine } from '../../../sim-core/engine/engine.ts';
import { TraceHash } from '../../../sim-core/engine/trace-hash.ts';

/** An engine whose events reschedule themselves at irregular times, with the events it ran. */
function busyEngine(): { engine: Engine<undefined>; seen: [number, number, number][] } {
  const engine = new Engine<undefined>();
  const seen: [number, number, number][] = [];
  let n = 0;
  const kinds: number[] = [];
  for (let k = 0; k < 3; k++) {
    kinds.push(
      engine.defineKind(`k${k}`, (entity) => {
        n++;
        if (n < 5000)
          engine.after(((n * 7919) % 1000) / 7 + 0.1, kinds[(n + entity) % 3], (entity * 31 + n) % 977);
      }),
    );
  }
  engine.observe((t, kind, entity) => seen.push([t, kind, entity]));
  for (let i = 0; i < 20; i++) engine.at(i * 1.5, kinds[i % 3], i);
  return { engine, seen };
}

describe('trace hash', () => {
  it("the run loop's inline fold equals TraceHash.add over the same events", () => {
    const { engine, seen } = busyEngine();
    engine.runUntil(Number.POSITIVE_INFINITY);
    const reference = new TraceHash();
    for (const [t, kind, entity] of seen) reference.add(t, kind, entity);
    expect(seen.length).toBeGreaterThan(4000);
    expect(engine.traceHash()).toBe(reference.hex());
  });

  it('is the same when the run is cut into slices or stopped by an event budget and resumed', () => {
    const whole = busyEngine().engine;
    whole.runUntil(Number.POSITIVE_INFINITY);
    const sliced = busyEngine().engine;
    expect(sliced.runUntil(Number.POSITIVE_INFINITY, 1234)).toBe('max-events');
    for (let t = sliced.now; sliced.pending > 0; t += 97.5) sliced.runUntil(t);
    expect(sliced.processed).toBe(whole.processed);
    expect(sliced.traceHash()).toBe(whole.traceHash());
  });

  it("stops at exactly the event budget, on and off the run loop's batch boundaries (256 events)", () => {
    for (const budget of [1, 255, 256, 257, 512, 1000]) {
      const { engine } = busyEngine();
      expect(engine.runUntil(Number.POSITIVE_INFINITY, budget)).toBe('max-events');
      expect(engine.processed).toBe(budget);
      // A slice that ends before the next event leaves the budget untouched and moves the clock.
      const next = engine.peek();
      expect(engine.runUntil(next - 1e-9, budget + 10)).toBeNull();
      expect(engine.processed).toBe(budget);
      expect(engine.now).toBe(next - 1e-9);
    }
  });

  it('changes when one event time changes in its last bit', () => {
    const a = new TraceHash();
    const b = new TraceHash();
    a.add(1.5, 2, 3);
    b.add(1.5000000000000002, 2, 3);
    expect(a.hex()).not.toBe(b.hex());
  });
});
