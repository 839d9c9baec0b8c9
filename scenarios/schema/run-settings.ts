/**
 * The schema of how a run is measured and bounded: metric buckets and the event budget. Their
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

/** Limits that stop a runaway run. */
export const BudgetSchema = z
  .strictObject({
    maxEvents: intAtLeast(1)
      .default(200_000_000)
      .describe('Stop with a clear message after processing this many events (an integer >= 1).'),
  })
  .describe('Limits that stop a runaway run.');
