/**
 * The schema of what a scenario claims and teaches (`sim-core/scenario/hypothesis-spec.ts`):
 * hypotheses, the lesson and the parameters a learner may change. Their rules are in
 * `hypotheses-rules.ts` and `params-rules.ts`.
 */
import { z } from 'zod';
import { nonNegative, positive } from './fields.ts';

// ---------------------------------------------------------------- hypotheses, lesson, parameters

const WindowSchema = z
  .strictObject({
    fromMs: nonNegative().describe('Start of the window, in ms (>= 0, < toMs).'),
    toMs: positive().describe('End of the window, exclusive, in ms (> fromMs, <= durationMs).'),
  })
  .describe('A time window [fromMs, toMs).');

/** A steady-state hypothesis, checked after a run; an omitted `mode` follows from `window`. */
export const HypothesisSchema = z
  .strictObject({
    name: z.string().min(1).describe('What is claimed, in words.'),
    metric: z
      .string()
      .min(1)
      .describe(
        'A path into the result: clients.<name>.<metric>, services.<name>.<metric>, queues.<name>.<metric>, breakers.<edge>.<metric>, faults.<name>.<metric>, slos.<name>.<metric>, alerts.<name>.<metric> or patterns.<counter>, e.g. "clients.users.latencyMs.p99".',
      ),
    op: z.enum(['<', '<=', '>', '>=', '==']).describe('How the metric compares with the bound.'),
    value: z.number().describe('The bound; with relativeTo, a factor on the metric’s mean over that window.'),
    mode: z
      .enum(['summary', 'window', 'every-bucket'])
      .optional()
      .describe(
        'summary: the whole-run value; window: the mean over window; every-bucket: each bucket in window. Defaults to window if a window is given, else summary.',
      ),
    window: WindowSchema.nullable()
      .default(null)
      .describe('The window that window and every-bucket modes look at; null for summary.'),
    relativeTo: WindowSchema.nullable()
      .default(null)
      .describe(
        'If set, the bound is value × the metric’s mean over this window: "after >= 0.95 × before". null: value is absolute.',
      ),
    set: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'The `--set path=value` overrides of the run this hypothesis is checked on, e.g. ["clients.users.retry.budget="finagle-default""] to check the mitigated variant; [] (default): the scenario as it is. Hypotheses with the same overrides share one run.',
      ),
  })
  .transform(({ mode, ...rest }) => ({
    ...rest,
    mode: mode ?? (rest.window === null ? 'summary' : 'window'),
  }))
  .describe('A steady-state hypothesis: a metric compared with a bound after the run.');

/** The lesson text of a scenario. */
export const LessonSchema = z
  .strictObject({
    what: z.string().min(1).describe('What happens.'),
    why: z.string().min(1).describe('Why it happens.'),
    watch: z.string().min(1).describe('What to watch, on which chart.'),
    tryNext: z.string().min(1).describe('What to try next.'),
  })
  .describe('The lesson a scenario teaches.');

/** A parameter a learner may change. */
export const ParamSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .describe('A --set path, e.g. "services.api.replicas"; every value must give a valid scenario.'),
    label: z.string().min(1).describe('The control’s label.'),
    values: z
      .array(
        z
          .union([z.number(), z.string(), z.boolean(), z.null()])
          .describe('A value to set: a number, a string, true, false or null.'),
      )
      .min(1)
      .describe('The values offered, in order.'),
  })
  .describe('A parameter a learner may change: a control of the lab and an axis of sweeps.');
