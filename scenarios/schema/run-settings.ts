/**
 * The schema of how a run is measured and bounded: metric buckets, the event budget and the memory guard. Their
 * rules are in `run-settings-rules.ts`.
 */
import { z } from 'zod';
import { intAtLeast, nonNegative, positive } from './fields.ts';

/** How metrics are bucketed. */
export const MetricsSchema = z
  .strictObject({
    bucketMs: positive().default(1000).describe('Width of a time-series bucket, in ms (> 0).'),
    warmupMs: nonNegative()
      .default(0)
      .describe('Requests issued before this time are left out of the summary, in ms (>= 0, < durationMs).'),
  })
  .describe('How metrics are collected.');

/**
 * User requests in flight at once before a run stops. An overloaded service with an unbounded
 * queue holds about 0.5 KB per waiting request, so a million stay well under 1.5 GB of memory
 * (measured: see the README's Scenarios section, "Budgets"), and no scenario of the library comes near.
 */
export const DEFAULT_MAX_IN_FLIGHT = 1_000_000;

/** Limits that stop a runaway run. */
export const BudgetSchema = z
  .strictObject({
    maxEvents: intAtLeast(1)
      .default(200_000_000)
      .describe('Stop with a clear message after processing this many events (an integer >= 1).'),
    maxInFlight: intAtLeast(1)
      .default(DEFAULT_MAX_IN_FLIGHT)
      .describe(
        'Stop with a clear message once more than this many user requests are in flight at once (an integer >= 1): bounds the memory of an overloaded run (about 0.5 KB per request).',
      ),
  })
  .describe('Limits that stop a runaway run.');
