import { describe, expect, it } from 'vitest';
import type { TraceDigest } from '../../workers/protocol.ts';
import { firstDifference, traceEvent } from '../../workers/trace-diff.ts';

function digest(events: [number, number, number][], hash = 'h'): TraceDigest {
  return {
    traceHash: hash,
    events: events.length,
    trace: Float64Array.from(events.flat()),
    kinds: ['arrival', 'work-done'],
    nodes: ['users', 'web/0'],
  };
}

describe('firstDifference', () => {
  const base: [number, number, number][] = [
    [0, 0, 0],
    [1.5, 1, 1],
    [2, 0, 0],
  ];

  it('finds none between identical traces', () => {
    expect(firstDifference(digest(base), digest(base))).toBeNull();
  });

  it('names the first differing event by index, time, kind and entity on both sides', () => {
    const other = digest([base[0], [1.5, 0, 1], base[2]]);
    expect(firstDifference(digest(base), other)).toEqual({
      index: 1,
      left: { index: 1, timeMs: 1.5, kind: 'work-done', entity: 'web/0' },
      right: { index: 1, timeMs: 1.5, kind: 'arrival', entity: 'web/0' },
    });
  });

  it('tells times apart to the last bit', () => {
    const other = digest([base[0], [1.5000000000000002, 1, 1], base[2]]);
    expect(firstDifference(digest(base), other)?.index).toBe(1);
  });

  it('reports where the shorter trace ends', () => {
    const diff = firstDifference(digest(base), digest(base.slice(0, 2)));
    expect(diff?.index).toBe(2);
    expect(diff?.left?.kind).toBe('arrival');
    expect(diff?.right).toBeNull();
  });

  it('compares hashes and counts when no trace was kept', () => {
    const a = { ...digest(base, 'aaaa'), trace: null };
    expect(firstDifference(a, { ...a })).toBeNull();
    expect(firstDifference(a, { ...a, traceHash: 'bbbb' })).toEqual({ index: -1, left: null, right: null });
  });

  it('reads events by name', () => {
    expect(traceEvent(digest(base), 1)).toEqual({
      index: 1,
      timeMs: 1.5,
      kind: 'work-done',
      entity: 'web/0',
    });
    expect(traceEvent(digest(base), 3)).toBeNull();
  });
});
