import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../sim-core/metrics/series-csv.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { resultsCsv } from '../../web/share/results-csv.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

/** The page's (and the CLI's) hand-written CSV against a CSV library, on the same table. */
function viaLibrary(csv: string): string {
  const rows = csv
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'unix' });
}

describe("the lab's results CSV", () => {
  it('is what csv-stringify writes for the same cells (clients, services, edges, queues, empty cells)', () => {
    const result = runScenario(loadBuiltIn('queue-shock-absorber', ['durationMs=20000', 'hypotheses=[]']), {
      seed: 5,
    });
    expect(Object.keys(result.series.queues)).toHaveLength(1);
    const csv = resultsCsv(result);
    expect(csv.split('\n')[0].split(',')).toEqual([...CSV_COLUMNS]);
    expect(csv).toBe(viaLibrary(csv));
  });

  it('quotes a cell with a comma or a quote as RFC 4180 says', () => {
    const result = runScenario(loadBuiltIn('mm1', ['durationMs=2000', 'metrics.warmupMs=0']));
    const odd = 'a "quoted", name';
    result.series.clients = { [odd]: result.series.clients.users };
    const line = resultsCsv(result).split('\n')[1];
    expect(line.startsWith('0,client,"a ""quoted"", name",')).toBe(true);
    expect(line).toBe(
      stringify([[0, 'client', odd, ...line.split('"a ""quoted"", name",')[1].split(',')]], {
        record_delimiter: 'unix',
      }).trimEnd(),
    );
  });
});
