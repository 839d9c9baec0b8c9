import { afterAll, describe, expect, it } from 'vitest';
import { auditRecordPool } from '../../../sim-core/model/audited-records.ts';
import { runScenario } from '../../../sim-core/run/simulation.ts';
import { loadBuiltIn } from '../../support/scenarios.ts';

/**
 * Lessons whose runs recycle their records, with retries, timeouts, deadlines, crashes,
 * partitions, shedding, rate limits, breakers and closed-loop users between them.
 */
const MIX = [
  'three-tier',
  'retry-storm',
  'layered-retries',
  'closed-loop',
  'replica-crash-ejection',
  'network-partition',
  'metastable-failure',
  'cascading-failure',
  'load-shedding-priority',
  'rate-limit-runaway',
];

describe('the record pool under its audit', () => {
  afterAll(() => auditRecordPool(null));

  it('over more than a million releases no released record is used, and recycling changes no trace', () => {
    const audit = { releases: 0 };
    for (const id of MIX) {
      auditRecordPool(null);
      const recycled = runScenario(loadBuiltIn(id)).traceHash;
      auditRecordPool(audit);
      const before = audit.releases;
      // A use after release throws inside the run (the audit poisons every released record).
      expect(runScenario(loadBuiltIn(id)).traceHash, id).toBe(recycled);
      expect(audit.releases - before, id).toBeGreaterThan(10_000);
    }
    expect(audit.releases).toBeGreaterThan(1_000_000);
  }, 180_000);
});
