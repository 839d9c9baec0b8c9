/**
 * Autoscaling of a service's replica count (`services.<s>.autoscaling`): a target metric
 * averaged over a trailing window, evaluated every period by a policy (the Kubernetes HPA rule
 * or AWS-style step scaling), within min/max replicas; new replicas serve after a provisioning
 * delay, removed ones drain first.
 *
 * @module
 */

/**
 * What the controller measures, per replica, as a mean over the trailing `windowMs`:
 * `utilisation` busy workers / workers of the serving replicas (0..1, Kubernetes' CPU
 * utilisation against the request); `queue-depth` requests waiting per serving replica;
 * `requests-per-second` arrivals per second per serving replica.
 */
export type AutoscalingMetricKind = 'utilisation' | 'queue-depth' | 'requests-per-second';

export interface AutoscalingMetricSpec {
  kind: AutoscalingMetricKind;
  /** The per-replica value the policy aims at (the HPA's target; step scaling ignores it). */
  target: number | null;
  /** The trailing window the metric is averaged over: it lags the truth by about half of it. */
  windowMs: number;
}

/** One HPA rate policy: at most `value` pods (or percent) of change per `periodMs`. */
export interface HpaRatePolicySpec {
  type: 'Pods' | 'Percent';
  value: number;
  periodMs: number;
}

/** The HPA's `behavior.scaleUp` / `behavior.scaleDown`. */
export interface HpaScalingRulesSpec {
  /** Recommendations over this trailing window are combined (min for up, max for down). */
  stabilizationWindowMs: number;
  /** Which policy wins when several allow different changes: the larger change (Max) or the smaller (Min); Disabled: never in this direction. */
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HpaRatePolicySpec[];
}

export interface HpaPolicySpec {
  kind: 'hpa';
  /** No change while |metric / target - 1| is at most this (0.1 in Kubernetes). */
  tolerance: number;
  scaleUp: HpaScalingRulesSpec;
  scaleDown: HpaScalingRulesSpec;
}

/** One band of step scaling: metric values in [lowerBound, upperBound) add `adjustment` replicas. */
export interface ScalingStepSpec {
  /** Inclusive; null: no lower bound. */
  lowerBound: number | null;
  /** Exclusive; null: no upper bound. */
  upperBound: number | null;
  /** Replicas added (negative: removed). */
  adjustment: number;
}

export interface StepPolicySpec {
  kind: 'step';
  steps: ScalingStepSpec[];
  /** After a change, no other change for this long (AWS's cooldown). */
  cooldownMs: number;
}

export type AutoscalingPolicySpec = HpaPolicySpec | StepPolicySpec;

export interface AutoscalingSpec {
  minReplicas: number;
  maxReplicas: number;
  /** Time between evaluations (the HPA's sync period, 15 s). */
  periodMs: number;
  /** From the decision until a new replica serves (scheduling, image pull, start-up). */
  provisioningDelayMs: number;
  /** A draining replica that still holds work after this long is stopped, its work lost (Kubernetes' terminationGracePeriodSeconds, 30 s). */
  drainTimeoutMs: number;
  metric: AutoscalingMetricSpec;
  policy: AutoscalingPolicySpec;
}
