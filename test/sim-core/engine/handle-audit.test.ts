import { afterEach, describe, expect, it } from 'vitest';
import { builtInScenario, builtInScenarioIds } from '../../../scenarios/index.ts';
import { applyOverrides, formatErrors, parseScenario } from '../../../scenarios/schema/index.ts';
import { Engine } from '../../../sim-core/engine/engine.ts';
import { auditTimerHandles, EventQueue } from '../../../sim-core/engine/event-queue.ts';
import { runScenario } from '../../../sim-core/run/simulation.ts';

/** Runs `body` with the audit on; returns every stale use it reported. */
function audited(body: () => void): string[] {
  const stale: string[] = [];
  auditTimerHandles((use, handle) => stale.push(`${use} ${handle}`));
  try {
    body();
  } finally {
    auditTimerHandles(null);
  }
  return stale;
}

afterEach(() => auditTimerHandles(null));

describe('timer handles', () => {
  it('stay small integers (below 2^30) however often a slot is reused, and still tell a reused slot apart', () => {
    const q = new EventQueue<number>(16);
    let handle = q.push(1, 0, 0, 0);
    let max = handle;
    // One slot, pushed and popped 10,000 times: its generation wraps at 64.
    for (let i = 1; i <= 10_000; i++) {
      q.pop();
      const next = q.push(i + 1, 0, 0, i);
      expect(q.cancel(handle)).toBe(false);
      handle = next;
      max = Math.max(max, handle);
    }
    expect(max).toBeLessThan(2 ** 30);
    expect(q.isPending(handle)).toBe(true);
    expect(q.cancel(handle)).toBe(true);
    expect(q.size).toBe(0);
  });

  it('under the audit, a cancel or isPending of a handle whose event ran or was cancelled is reported', () => {
    let ran = -1;
    let cancelled = -1;
    const stale = audited(() => {
      const q = new EventQueue<number>(16);
      ran = q.push(1, 0, 0, 1);
      cancelled = q.push(2, 0, 0, 2);
      expect(q.cancel(cancelled)).toBe(true);
      q.pop();
      expect(q.isFiring(ran)).toBe(true);
      expect(q.isPending(ran)).toBe(false);
      expect(q.cancel(cancelled)).toBe(false);
      // -1 is "no timer", not a handle: not reported.
      expect(q.cancel(-1)).toBe(false);
      const live = q.push(3, 0, 0, 3);
      expect(q.isFiring(ran)).toBe(false);
      expect(q.isPending(live)).toBe(true);
    });
    expect(stale).toEqual([`isPending ${ran}`, `cancel ${cancelled}`]);
  });

  it('an engine handler sees its own event as firing, and no other', () => {
    const engine = new Engine<undefined>();
    const seen: boolean[] = [];
    let first = -1;
    let second = -1;
    const kind = engine.defineKind('tick', (entity) => {
      seen.push(
        engine.isFiring(entity === 1 ? first : second),
        engine.isFiring(entity === 1 ? second : first),
      );
    });
    first = engine.at(1, kind, 1);
    second = engine.at(2, kind, 2);
    engine.runUntil(10);
    expect(seen).toEqual([true, false, true, false]);
  });

  it('no library scenario, nor any run its hypotheses ask for, uses a handle after its event ran or was cancelled', () => {
    const runs: string[] = [];
    const stale = audited(() => {
      for (const id of builtInScenarioIds()) {
        const data = builtInScenario(id) as { hypotheses?: { set?: string[] }[] };
        const variants = new Map<string, string[]>([['[]', []]]);
        for (const h of data.hypotheses ?? []) variants.set(JSON.stringify(h.set ?? []), h.set ?? []);
        for (const sets of variants.values()) {
          // As `faultline check` runs a variant: its own params and hypotheses dropped.
          const raw = applyOverrides(data, sets.length === 0 ? [] : [...sets, 'params=[]', 'hypotheses=[]']);
          if (!raw.ok) throw new Error(formatErrors(raw.errors));
          const parsed = parseScenario(raw.value);
          if (!parsed.ok) throw new Error(formatErrors(parsed.errors));
          runScenario(parsed.scenario);
          runs.push(`${id} ${sets.join(' ')}`);
        }
      }
    });
    expect(stale).toEqual([]);
    expect(runs.length).toBeGreaterThan(builtInScenarioIds().length);
  }, 300_000);
});
