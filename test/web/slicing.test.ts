import { describe, expect, it } from 'vitest';
import { fullSlice, pacedSlice, parseSpeed, SPEEDS, speedLabel } from '../../web/runner/slicing.ts';

describe('slicing a streamed run', () => {
  it('a full-speed slice covers 1% of the run and stops at its end', () => {
    expect(fullSlice(0, 120_000)).toBe(1200);
    expect(fullSlice(119_500, 120_000)).toBe(120_000);
  });

  it('a paced slice moves speed x wall time, capped at 2% of the run', () => {
    expect(pacedSlice(1000, 120_000, 10, 16, 50)).toBe(1160);
    expect(pacedSlice(1000, 120_000, 100, 5000, 50)).toBe(1000 + 2400);
  });

  it('a paced slice waits for another frame when too little time is due, except at the end', () => {
    expect(pacedSlice(1000, 120_000, 1, 16, 50)).toBeNull();
    expect(pacedSlice(119_990, 120_000, 1, 16, 50)).toBe(120_000);
  });

  it('speeds read and print the same way', () => {
    for (const s of SPEEDS) expect(parseSpeed(String(s))).toBe(s);
    expect(parseSpeed('warp')).toBe('max');
    expect(speedLabel(30)).toBe('30x');
  });
});

describe('slicing a short run with wide buckets', () => {
  it('never waits for more than a capped slice', () => {
    // 2 s run, 10 s buckets: the minimum step is capped by the 2% slice (40 ms).
    expect(pacedSlice(0, 2000, 100, 0.2, 500)).toBeNull();
    expect(pacedSlice(0, 2000, 100, 0.5, 500)).toBe(40);
    expect(pacedSlice(0, 2000, 100, 16, 500)).toBe(40);
  });
});

describe('the shared time axis', () => {
  it('ticks at round seconds and minutes', async () => {
    const { timeTicks, timeTickFormat } = await import('../../web/charts/time-axis.ts');
    expect(timeTicks(120_000, 12)).toEqual(Array.from({ length: 13 }, (_, i) => i * 10_000));
    const long = timeTicks(600_000, 12);
    expect(long[1]).toBe(60_000);
    expect(long.map(timeTickFormat(600_000)).slice(0, 3)).toEqual(['0:00', '1:00', '2:00']);
  });
});
