import { describe, expect, it } from 'vitest';
import { seriesCsv } from '../../cli/report/csv.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { resultsCsv } from '../../web/share/results-csv.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

describe("the lab's results CSV", () => {
  it('is byte for byte the CLI’s `run --csv` (clients, services, edges, queues, empty cells)', () => {
    const result = runScenario(loadBuiltIn('queue-shock-absorber', ['durationMs=20000', 'hypotheses=[]']), {
      seed: 5,
    });
    expect(Object.keys(result.series.queues)).toHaveLength(1);
    expect(resultsCsv(result)).toBe(seriesCsv(result));
  });

  it('matches the CLI for a scenario with faults and retries too', () => {
    const result = runScenario(loadBuiltIn('retry-storm', ['durationMs=45000', 'hypotheses=[]']), {
      seed: 1,
    });
    expect(resultsCsv(result)).toBe(seriesCsv(result));
  });
});
