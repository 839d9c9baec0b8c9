/**
 * Rules of a service's autoscaling that its schema can't express: min <= max, a target for the HPA, a window of whole periods, step bands in order and apart.
 */
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import { field, num } from './raw.ts';
import { ServicePolicySchema } from './service-policies.ts';

/** The autoscaling rules of one service at `path` (the service). */
export function autoscalingErrors(raw: unknown, path: PathSegment[]): ValidationError[] {
  const parsed = ServicePolicySchema.shape.autoscaling.safeParse(field(raw, 'autoscaling'));
  if (!parsed.success || parsed.data === null) return [];
  const a = parsed.data;
  const at = (...rest: PathSegment[]) => formatPath([...path, 'autoscaling', ...rest]);
  const errors: ValidationError[] = [];
  if (a.maxReplicas < a.minReplicas)
    errors.push(
      foundAllowed(
        at('maxReplicas'),
        num(a.maxReplicas),
        `an integer >= minReplicas (${num(a.minReplicas)})`,
      ),
    );
  const periods = a.metric.windowMs / a.periodMs;
  if (!Number.isInteger(periods))
    errors.push(
      foundAllowed(
        at('metric', 'windowMs'),
        num(a.metric.windowMs),
        `a whole number of periodMs (${num(a.periodMs)})`,
      ),
    );
  if (a.policy.kind === 'hpa' && a.metric.target === null) {
    errors.push({
      path: at('metric', 'target'),
      message: 'missing: the hpa policy needs a target (the per-replica metric value it aims at, > 0)',
      found: 'null',
      allowed: 'a number > 0',
    });
  }
  if (a.policy.kind === 'step') {
    const steps = a.policy.steps;
    steps.forEach((s, k) => {
      if (s.lowerBound !== null && s.upperBound !== null && s.upperBound <= s.lowerBound)
        errors.push(
          foundAllowed(
            at('policy', 'steps', k, 'upperBound'),
            num(s.upperBound),
            `a number > lowerBound (${num(s.lowerBound)})`,
          ),
        );
      for (let j = 0; j < k; j++) {
        const o = steps[j];
        const lo = Math.max(
          s.lowerBound ?? Number.NEGATIVE_INFINITY,
          o.lowerBound ?? Number.NEGATIVE_INFINITY,
        );
        const hi = Math.min(
          s.upperBound ?? Number.POSITIVE_INFINITY,
          o.upperBound ?? Number.POSITIVE_INFINITY,
        );
        if (lo < hi) {
          errors.push({
            path: at('policy', 'steps', k),
            message: `overlaps step ${j}: a metric value must fall in one band at most`,
            found: `[${num(s.lowerBound ?? Number.NEGATIVE_INFINITY)}, ${num(s.upperBound ?? Number.POSITIVE_INFINITY)})`,
            allowed: 'bands that do not overlap',
          });
        }
      }
    });
  }
  return errors;
}
