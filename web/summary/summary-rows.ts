/**
 * The key numbers of a run as table rows: the text alternative to the charts. Pure, so the same
 * numbers are checked in Node and read by screen readers and the e2e test.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { formatTime, formatValue } from '../charts/format.ts';

export interface SummaryTable {
  id: string;
  caption: string;
  head: string[];
  rows: string[][];
}

const pct = (v: number) => formatValue(v, '%');
/** The slowest request: in ms while short, in seconds once it is a matter of seconds. */
const slowest = (ms: number | null) =>
  ms === null ? '—' : ms < 10_000 ? formatValue(ms, 'ms') : formatTime(ms);

export function summaryTables(result: RunResult): SummaryTable[] {
  const s = result.summary;
  const tables: SummaryTable[] = [
    {
      id: 'clients',
      caption: `Clients (requests issued from ${formatTime(s.window.fromMs)} to ${formatTime(s.window.toMs)})`,
      // "calls" and "slowest" are the numbers lessons quote (e.g. jitter-comparison: total calls
      // and, for requests all issued at once, the time until the last one is done).
      head: [
        'client',
        'offered',
        'goodput',
        'error rate',
        'p50',
        'p99',
        'p99.9',
        'attempts / request',
        'calls',
        'slowest',
      ],
      rows: Object.entries(s.clients).map(([name, c]) => [
        name,
        formatValue(c.offeredPerSec, 'req/s'),
        formatValue(c.goodputPerSec, 'req/s'),
        pct(c.errorRate),
        formatValue(c.latencyMs.p50, 'ms'),
        formatValue(c.latencyMs.p99, 'ms'),
        formatValue(c.latencyMs.p999, 'ms'),
        formatValue(c.offered > 0 ? c.attempts / c.offered : null, 'x'),
        c.attempts.toLocaleString('en-US'),
        slowest(c.latencyMs.max),
      ]),
    },
    {
      id: 'services',
      caption: 'Services',
      head: [
        'service',
        'attempts',
        'amplification',
        'utilisation',
        'queue mean / max',
        'p99',
        'errors',
        'late answers',
      ],
      rows: Object.entries(s.services).map(([name, v]) => {
        const errors = Object.values(v.errors).reduce((a, b) => a + b, 0);
        return [
          name,
          formatValue(v.attemptsPerSec, 'req/s'),
          formatValue(v.amplification, 'x'),
          pct(v.utilisation),
          `${formatValue(v.queueDepth.mean, 'requests')} / ${formatValue(v.queueDepth.max, 'requests')}`,
          formatValue(v.latencyMs.p99, 'ms'),
          String(errors),
          String(v.late),
        ];
      }),
    },
    {
      id: 'edges',
      caption: 'Calls (caller -> target)',
      head: [
        'edge',
        'calls',
        'attempts',
        'retries',
        'retries suppressed',
        'refused',
        'fallbacks',
        'breaker opened',
      ],
      rows: Object.entries(s.edges).map(([name, e]) => [
        name,
        String(e.calls),
        String(e.attempts),
        String(e.retries),
        String(e.retriesSuppressed),
        String(Object.values(e.refused).reduce((a, b) => a + b, 0)),
        String(e.fallbacks),
        e.breaker === null ? '—' : `${e.breaker.opened}x`,
      ]),
    },
  ];
  if (s.faults.length > 0) {
    tables.push({
      id: 'faults',
      caption: 'Faults and recovery',
      head: ['fault', 'kind', 'from', 'to', 'goodput before', 'recovered after', 'state'],
      rows: s.faults.map((f) => [
        f.name,
        f.kind,
        formatTime(f.startMs),
        f.endMs === null ? 'end' : formatTime(f.endMs),
        formatValue(f.preFaultGoodputPerSec, 'req/s'),
        f.recoveryMs === null ? '—' : formatValue(f.recoveryMs, 'ms'),
        f.state,
      ]),
    });
  }
  return tables;
}
