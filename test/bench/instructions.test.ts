import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatInstructions, hasBench, type InstructionCount } from '../../bench/instructions.ts';

function count(
  perEvent: number,
  range: [number, number],
  runs: number,
  events = 1_000_000,
): InstructionCount {
  return {
    instructions: 6e9,
    setupInstructions: 6e9 - perEvent * events,
    events,
    requests: events / 2,
    perEvent,
    perEventRange: range,
    runs,
  };
}

describe('bench --instructions report', () => {
  it('prints instructions per event, the start-up excluded, and the range over runs', () => {
    expect(formatInstructions(['mm1-1x'], [count(4540.4, [4500, 4600], 3)], null)).toEqual([
      'mm1-1x  4,540 [4,500-4,600] instructions/event  (4.54 G for 1,000,000 events; start-up 1.46 G excluded)',
    ]);
  });

  it('with --against, the other build per event and the ratio here / against', () => {
    const [line] = formatInstructions(
      ['wide'],
      [count(6000, [6000, 6000], 1)],
      [count(6400, [6400, 6400], 1)],
    );
    expect(line).toBe(
      'wide    6,000 instructions/event  (6.00 G for 1,000,000 events; start-up 0.00 G excluded)  against: 6,400, here / against = 0.9375',
    );
  });

  it('says when the two builds ran a different number of events (not the same work)', () => {
    const [line] = formatInstructions(
      ['tiers'],
      [count(100, [100, 100], 1, 10)],
      [count(100, [100, 100], 1, 12)],
    );
    expect(line).toMatch(/\(events differ: 12 there\)$/);
  });

  it('--against accepts a directory with a bench only', () => {
    expect(hasBench(fileURLToPath(new URL('../..', import.meta.url)))).toBe(true);
    const empty = mkdtempSync(join(tmpdir(), 'faultline-no-bench-'));
    expect(hasBench(empty)).toBe(false);
    mkdirSync(join(empty, 'bench'));
    writeFileSync(join(empty, 'bench', 'main.ts'), '');
    expect(hasBench(empty)).toBe(true);
  });
});
