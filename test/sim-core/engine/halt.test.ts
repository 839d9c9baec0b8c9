import { describe, expect, it } from 'vitest';
import { Engine } from '../../../sim-core/engine/engine.ts';

/** An engine with one event per ms (0, 1, 2, ...); the event at `haltAt` ms calls halt(). */
function ticking(haltAt: number): Engine<undefined> {
  const engine = new Engine<undefined>();
  const tick = engine.defineKind('tick', (entity) => {
    if (entity === haltAt) engine.halt();
    if (entity < 5000) engine.after(1, tick, entity + 1);
  });
  engine.at(0, tick, 0);
  return engine;
}

describe('Engine.halt', () => {
  it('stops the run right after the event that called it, with the clock at that event', () => {
    const engine = ticking(700);
    expect(engine.runUntil(Number.POSITIVE_INFINITY)).toBe('halted');
    expect(engine.processed).toBe(701);
    expect(engine.now).toBe(700);
    expect(engine.isHalted).toBe(true);
    // Later slices and a bigger event budget process nothing more.
    expect(engine.runUntil(Number.POSITIVE_INFINITY, 1e9)).toBe('halted');
    expect(engine.processed).toBe(701);
    expect(engine.now).toBe(700);
  });

  it('stops at the same event whatever the slicing (inside a batch, on its edge, at a slice end)', () => {
    const whole = ticking(700);
    whole.runUntil(Number.POSITIVE_INFINITY);
    for (const width of [0.5, 1, 7, 255, 256, 700, 701]) {
      const sliced = ticking(700);
      let reason: string | null = null;
      for (let t = width; reason !== 'halted' && t < 10_000; t += width) reason = sliced.runUntil(t);
      expect(reason, `slices of ${width} ms`).toBe('halted');
      expect(sliced.processed, `slices of ${width} ms`).toBe(whole.processed);
      expect(sliced.now, `slices of ${width} ms`).toBe(700);
      expect(sliced.traceHash(), `slices of ${width} ms`).toBe(whole.traceHash());
    }
  });

  it('wins over an event budget that runs out at the same event', () => {
    const engine = ticking(99);
    expect(engine.runUntil(Number.POSITIVE_INFINITY, 100)).toBe('halted');
    expect(engine.processed).toBe(100);
  });

  it('an engine never halted runs as before', () => {
    const engine = ticking(-1);
    expect(engine.runUntil(Number.POSITIVE_INFINITY)).toBe('drained');
    expect(engine.processed).toBe(5001);
    expect(engine.isHalted).toBe(false);
  });
});
