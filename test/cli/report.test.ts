/** The pieces of the terminal report and the CSV, in process (the e2e tests run the command). */
import { describe, expect, it } from 'vitest';
import { count, duration, ms, percent, sig3 } from '../../cli/report/format.ts';
import { downsample, sparkline } from '../../cli/report/sparkline.ts';
import { width } from '../../cli/report/style.ts';
import { tableWidth } from '../../cli/report/table.ts';
import { recoveryText, renderReport } from '../../cli/report/terminal.ts';
import { builtInScenario } from '../../scenarios/index.ts';
import { applyOverrides, parseScenario } from '../../scenarios/schema/index.ts';
import type { FaultRecovery, RunResult } from '../../sim-core/metrics/result.ts';
import { seriesCsv } from '../../sim-core/metrics/series-csv.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { parse } from '../support/scenarios.ts';

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

describe('renderReport: SLOs and alerts', () => {
  it('shows each SLO with its budget spent and each alert with its firings, detection and mitigation', () => {
    // The lesson moved earlier and cut short: fired at 7 s, shedding on at 9 s, cleared at 16 s.
    const r = shortRun('slo-alert-shedding', 16_000, 'faults.db-slowdown.atMs=5000');
    const text = renderReport(r, { colour: false, wallMs: 1 });
    const slo = r.summary.slos.availability;
    expect(text).toMatch(
      new RegExp(
        `availability\\s+client users\\s+available 99\\.0%\\s+${count(slo.good)} / ${count(slo.total)}\\s+${percent(slo.sli!).replace('.', '\\.')}\\s+${percent(slo.errorBudgetSpent).replace('.', '\\.')}`,
      ),
    );
    expect(text).toMatch(/page\s+availability\s+7\.00 s–16\.0 s\s+2\.00 s\s+4\.00 s/);
    for (const line of text.split('\n')) expect(width(line)).toBeLessThanOrEqual(100);
    expect(renderReport(shortRun('mm1', 2000), { colour: false, wallMs: 1 })).not.toMatch(
      /budget spent|detect/,
    );
  });
});

describe('seriesCsv', () => {
  it('has the same columns whichever entities a scenario has', () => {
    const header = (csv: string) => csv.split('\n')[0];
    expect(header(seriesCsv(shortRun('mm1', 3000)))).toBe(header(seriesCsv(shortRun('three-tier', 3000))));
  });

  it('has one column per metric name: client, then service, edge and queue metrics not seen yet', () => {
    const header = seriesCsv(shortRun('mm1', 1000)).split('\n')[0].split(',');
    expect(new Set(header).size).toBe(header.length);
    for (const m of [
      'errorsPerSec.breakerOpen',
      'degradedPerSec',
      'errorsPerSec.shed',
      'retriesPerSec',
      'breakerOpen',
      'limit',
      'depthMean',
      'deliveredPerSec',
    ])
      expect(header).toContain(m);
    expect(header.indexOf('attemptsPerSec')).toBeLessThan(header.indexOf('queueDepthMean'));
  });
});

/**
 * A client that retries behind a breaker and calls an API (with a static fallback on its call to
 * a database) that fails most requests from 2 s to 4 s.
 */
function patterned(client: Record<string, unknown> = {}): Scenario {
  return parse({
    id: 'patterns',
    title: 'patterns',
    durationMs: 8000,
    clients: [
      {
        name: 'users',
        target: 'api',
        arrival: { kind: 'poisson', ratePerSec: 200 },
        timeoutMs: 50,
        retry: { maxAttempts: 3 },
        breaker: { slidingWindowSize: 20, minimumNumberOfCalls: 20, waitDurationInOpenStateMs: 500 },
        ...client,
      },
    ],
    services: [
      {
        name: 'api',
        concurrency: 8,
        serviceTime: { kind: 'exponential', meanMs: 5 },
        calls: [{ service: 'db', timeoutMs: 20, fallback: { kind: 'static' } }],
      },
      { name: 'db', concurrency: 8, serviceTime: { kind: 'exponential', meanMs: 5 } },
    ],
    faults: [{ kind: 'errors', service: 'api', atMs: 2000, durationMs: 2000, probability: 0.9 }],
  });
}

const lines = (text: string) => text.split('\n');
const headerOf = (text: string, first: string) => lines(text).filter((l) => l.startsWith(`${first} `));

describe('renderReport: resilience patterns', () => {
  const scenario = patterned();
  const result = runScenario(scenario);

  it('fits the width, with or without colour, however many columns the causes add', () => {
    for (const max of [100, 120]) {
      for (const colour of [false, true]) {
        const text = renderReport(result, { colour, wallMs: 5, width: max, scenario });
        for (const line of lines(text)) expect(width(line), line).toBeLessThanOrEqual(max);
      }
    }
  });

  it('has an edges table with every edge, and the breaker column', () => {
    const text = renderReport(result, { colour: false, wallMs: 5, scenario });
    expect(headerOf(text, 'edge')).toHaveLength(1);
    expect(headerOf(text, 'edge')[0].trim().split(/\s+/)).toEqual([
      'edge',
      'calls',
      'attempts',
      'retries',
      'hedges',
      'suppressed',
      'refused',
      'fallbacks',
      'ampl',
      'opened',
    ]);
    const edges = Object.keys(result.summary.edges);
    expect(edges).toEqual(['users->api', 'api->db']);
    for (const e of edges) expect(text).toMatch(new RegExp(`^${e}\\s`, 'm'));
    expect(text).toContain('edge ampl = attempts per call');
  });

  it('leaves the edges table out when no pattern is configured and none acted', () => {
    const plain = shortRun('three-tier', 3000);
    expect(Object.keys(plain.summary.edges).length).toBeGreaterThan(0);
    const text = renderReport(plain, { colour: false, wallMs: 1 });
    expect(headerOf(text, 'edge')).toEqual([]);
    expect(text).not.toContain('edge ampl');
  });

  it('shows the edges table when the scenario configures a pattern, even one that never acted', () => {
    const quiet = parse({
      id: 'quiet',
      title: 'quiet',
      durationMs: 2000,
      clients: [
        {
          name: 'users',
          target: 'svc',
          arrival: { kind: 'constant', ratePerSec: 10 },
          retry: 'aws-standard',
        },
      ],
      services: [{ name: 'svc', serviceTime: { kind: 'constant', valueMs: 1 } }],
    });
    const r = runScenario(quiet);
    expect(r.summary.edges['users->svc'].retries).toBe(0);
    expect(headerOf(renderReport(r, { colour: false, wallMs: 1, scenario: quiet }), 'edge')).toHaveLength(1);
    // Without the scenario, the result alone shows nothing worth the table.
    expect(headerOf(renderReport(r, { colour: false, wallMs: 1 }), 'edge')).toEqual([]);
  });

  it('adds the rare causes that happened to the client table, or a second table when they do not fit', () => {
    const c = result.summary.clients['users'];
    expect(c.errors.breakerOpen).toBeGreaterThan(0);
    const wide = renderReport(result, { colour: false, wallMs: 5, width: 200, scenario });
    expect(headerOf(wide, 'client')).toHaveLength(1);
    expect(headerOf(wide, 'client')[0]).toMatch(/\bdropped\s+breakerOpen\b/);
    const narrow = renderReport(result, { colour: false, wallMs: 5, scenario });
    const headers = headerOf(narrow, 'client');
    expect(headers).toHaveLength(2);
    expect(headers[0]).not.toContain('breakerOpen');
    expect(headers[1]).toContain('breakerOpen');
    expect(narrow).toContain('more errors');
    for (const line of lines(narrow)) expect(width(line)).toBeLessThanOrEqual(100);
    // Causes that never happened get no column.
    for (const absent of ['shed', 'rateLimited', 'bulkheadFull', 'limited', 'corrupt']) {
      expect(wide).not.toMatch(new RegExp(`\\s${absent}(\\s|$)`, 'm'));
    }
  });

  it('shows degraded answers (a fallback answered) in their own column', () => {
    const text = renderReport(result, { colour: false, wallMs: 5, width: 200, scenario });
    const c = result.summary.clients['users'];
    // The api's call to the db times out now and then, and its static fallback answers.
    expect(result.summary.edges['api->db'].fallbacks).toBeGreaterThan(0);
    expect(c.degraded).toBeGreaterThan(0);
    const [header] = headerOf(text, 'client');
    const row = lines(text).find((l) => l.startsWith('users '))!;
    const columns = header.trim().split(/\s+/);
    expect(row.trim().split(/\s+/)[columns.indexOf('degraded')]).toBe(String(c.degraded));
    // Not in a plain run.
    expect(renderReport(shortRun('mm1', 2000), { colour: false, wallMs: 1 })).not.toContain('degraded');
  });

  it('lists each fault with its window and recovery', () => {
    const text = renderReport(result, { colour: false, wallMs: 5, scenario });
    const line = lines(text).find((l) => l.startsWith('errors@2000 '));
    expect(line).toBeDefined();
    expect(line).toMatch(/errors@2000\s+errors\s+2\.00 s–4\.00 s\s+[\d.,]+\s+\S/);
    expect(line).toContain(recoveryText(result.summary.faults[0], result).text);
  });
});

describe('recoveryText', () => {
  const base: FaultRecovery = {
    name: 'f',
    kind: 'crash',
    startMs: 10_000,
    endMs: 20_000,
    preFaultGoodputPerSec: 100,
    recoveredAtMs: null,
    recoveryMs: null,
    metastable: false,
    state: 'recovered',
  };
  /** Goodput per 1 s bucket: 100/s, or `dip` during the fault (10-20 s). */
  const run = (faults: FaultRecovery[], dip = 100) =>
    ({
      simTimeMs: 60_000,
      summary: { faults },
      series: {
        bucketMs: 1000,
        startMs: Array.from({ length: 60 }, (_, b) => b * 1000),
        clients: {
          users: { goodputPerSec: Array.from({ length: 60 }, (_, b) => (b >= 10 && b < 20 ? dip : 100)) },
        },
      },
    }) as unknown as RunResult;
  const text = (f: Partial<FaultRecovery>, others: FaultRecovery[] = []) => {
    const fault = { ...base, ...f };
    return recoveryText(fault, run([fault, ...others]));
  };

  it('says how long recovery took, or that goodput never dropped', () => {
    expect(text({ recoveredAtMs: 23_000, recoveryMs: 3000 })).toEqual({
      text: 'recovered 3.00 s after the end',
      tone: 'plain',
    });
    expect(text({ recoveredAtMs: 20_000, recoveryMs: 0 }).text).toBe('goodput never dropped');
    const fault = { ...base, recoveredAtMs: 20_000, recoveryMs: 0 };
    expect(recoveryText(fault, run([fault], 20)).text).toBe('dipped during the fault, back as it ended');
  });

  it('names a metastable failure and a fault still going on', () => {
    expect(text({ metastable: true })).toEqual({
      text: 'metastable: goodput never came back',
      tone: 'error',
    });
    expect(text({ endMs: null })).toEqual({ text: 'ongoing', tone: 'warn' });
    expect(text({ endMs: 60_000 }).text).toBe('ongoing');
  });

  it('explains the other ways a recovery is unknown', () => {
    expect(text({ preFaultGoodputPerSec: null }).text).toBe('no goodput before it to recover to');
    expect(text({}, [{ ...base, name: 'g', startMs: 21_000, endMs: 25_000 }]).text).toBe(
      'not back when the next fault started',
    );
    expect(text({}).text).toBe('not back yet: too little run left to tell');
  });
});

describe('tableWidth', () => {
  it('is the width of the table with columns one space apart, group labels included', () => {
    const columns = [
      { header: 'name', align: 'left' as const },
      { header: 'n', align: 'right' as const },
    ];
    expect(tableWidth({ columns, rows: [['abcdef', '12345']] })).toBe(6 + 1 + 5);
    expect(
      tableWidth({ columns, rows: [['ab', '1']], groups: [{ label: 'a long label', from: 1, to: 1 }] }),
    ).toBe(4 + 1 + 14);
  });
});

describe('the terminal report of a store', () => {
  it('has a store table with the oracle’s counts, and none without a store', () => {
    const result = shortRun('lww-clock-skew', 3000);
    const store = result.summary.stores.kv;
    const lines = renderReport(result, { colour: false, wallMs: 1 }).split('\n');
    const header = lines.findIndex((l) => l.startsWith('store  reads  writes  stale'));
    expect(header).toBeGreaterThan(0);
    const row = lines[header + 1].trim().split(/\s+/);
    expect(row.slice(0, 4)).toEqual(['kv', count(store.reads), count(store.writes), count(store.staleReads)]);
    expect(store.staleReads).toBeGreaterThan(0);
    expect(renderReport(shortRun('mm1', 1000), { colour: false, wallMs: 1 })).not.toContain('store  reads');
  });
});
