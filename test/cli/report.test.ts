/** The pieces of the terminal report and the CSV, in process (the e2e tests run the command). */
import { describe, expect, it } from 'vitest';
import { seriesCsv } from '../../cli/report/csv.ts';
import { count, duration, ms, percent, sig3 } from '../../cli/report/format.ts';
import { downsample, sparkline } from '../../cli/report/sparkline.ts';
import { width } from '../../cli/report/style.ts';
import { renderReport } from '../../cli/report/terminal.ts';
import { builtInScenario } from '../../scenarios/index.ts';
import { applyOverrides, parseScenario } from '../../scenarios/schema/index.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';

function shortRun(id: string, durationMs: number, ...sets: string[]) {
  const raw = applyOverrides(builtInScenario(id), [
    `durationMs=${durationMs}`,
    'metrics.warmupMs=0',
    ...sets,
  ]);
  if (!raw.ok) throw new Error('bad override');
  const parsed = parseScenario(raw.value);
  if (!parsed.ok) throw new Error('bad scenario');
  return runScenario(parsed.scenario);
}

describe('sparkline', () => {
  it('scales from zero to the maximum, one character per value, null as a gap', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, null, 10])).toBe('█ █');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([null, null])).toBe('  ');
  });

  it('merges neighbouring buckets to fit', () => {
    expect(downsample([1, 3, 5, 7], 2, 'mean')).toEqual([2, 6]);
    expect(downsample([1, 3, 5, 7], 2, 'max')).toEqual([3, 7]);
    expect(downsample([null, null, 1, null], 2, 'mean')).toEqual([null, 1]);
    expect(downsample([1, 2], 10, 'mean')).toEqual([1, 2]);
  });
});

describe('number formatting', () => {
  it('is locale-independent and short', () => {
    expect(count(1234567)).toBe('1,234,567');
    expect(sig3(0.5123)).toBe('0.512');
    expect(sig3(12.34)).toBe('12.3');
    expect(sig3(1234.5)).toBe('1,235');
    expect(sig3(0.00001)).toBe('<0.001');
    expect(ms(null)).toBe('—');
    expect(percent(0)).toBe('0%');
    expect(percent(0.0712)).toBe('7.12%');
    expect(duration(850)).toBe('850 ms');
    expect(duration(120_000)).toBe('120 s');
  });
});

describe('renderReport', () => {
  const result = shortRun('three-tier', 8000);

  it('fits 100 columns, with or without colour', () => {
    for (const colour of [false, true]) {
      const text = renderReport(result, { colour, wallMs: 123 });
      for (const line of text.split('\n')) expect(width(line)).toBeLessThanOrEqual(100);
      expect(text.includes('\u001b[')).toBe(colour);
    }
  });

  it('compresses a long series to fit', () => {
    const long = shortRun('mm1', 200_000, 'metrics.bucketMs=1000');
    expect(long.series.startMs).toHaveLength(200);
    const text = renderReport(long, { colour: false, wallMs: 1 });
    expect(text).toMatch(/one character per 4 buckets/);
    for (const line of text.split('\n')) expect(width(line)).toBeLessThanOrEqual(100);
    expect(text).toMatch(/goodput\/s\s+[▁▂▃▄▅▆▇█]{50}\s/);
  });
});

describe('seriesCsv', () => {
  it('has the same columns whichever entities a scenario has', () => {
    const header = (csv: string) => csv.split('\n')[0];
    expect(header(seriesCsv(shortRun('mm1', 3000)))).toBe(header(seriesCsv(shortRun('three-tier', 3000))));
  });
});
