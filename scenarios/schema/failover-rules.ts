/**
 * Rules of a service's failover that its schema can't express: a heartbeat timeout within the
 * interval (one heartbeat in flight per replica), and no autoscaler beside it (both would own the
 * replica set).
 */
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import { field, num } from './raw.ts';
import { ServicePolicySchema } from './service-policies.ts';

/** The failover rules of one service at `path` (the service). */
export function failoverErrors(raw: unknown, path: PathSegment[]): ValidationError[] {
  const parsed = ServicePolicySchema.shape.failover.safeParse(field(raw, 'failover'));
  if (!parsed.success || parsed.data === null) return [];
  const f = parsed.data;
  const errors: ValidationError[] = [];
  if (f.detector.timeoutMs > f.detector.intervalMs)
    errors.push(
      foundAllowed(
        formatPath([...path, 'failover', 'detector', 'timeoutMs']),
        num(f.detector.timeoutMs),
        `a number > 0 and <= intervalMs (${num(f.detector.intervalMs)})`,
      ),
    );
  const autoscaling = field(raw, 'autoscaling');
  if (autoscaling !== undefined && autoscaling !== null) {
    const error = foundAllowed(
      formatPath([...path, 'failover']),
      'failover beside autoscaling',
      'failover or autoscaling, not both',
    );
    error.message += ' (both would own the replica set: set autoscaling to null or remove failover)';
    errors.push(error);
  }
  return errors;
}
