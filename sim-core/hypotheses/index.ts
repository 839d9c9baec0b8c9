/** Steady-state hypotheses: metric paths into a run's result, and their evaluation. */
export type {
  FaultRecovery,
  FaultWindow,
  RecoveryInput,
  RecoveryOptions,
  RecoveryState,
} from '../metrics/recovery.ts';
export {
  computeRecovery,
  faultWindows,
  RECOVERY_DEFAULTS,
  recoveryInputOf,
  totalGoodput,
} from '../metrics/recovery.ts';
export type { EvaluateOptions, HypothesisMode, HypothesisOp, HypothesisOutcome } from './evaluate.ts';
export { compare, evaluateHypotheses, evaluateHypothesis } from './evaluate.ts';
export { formatAgainst, formatLiteral, formatNumber, formatPercent, formatWindow } from './format.ts';
export type { MetricMode, ResolveContext, ResolvedMetric } from './resolve.ts';
export { resolveMetric } from './resolve.ts';
