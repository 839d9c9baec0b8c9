/**
 * Rules of the resilience patterns a schema can't express: settings that contradict each other
 * (a backoff cap below its base, adaptive limits out of order, priority thresholds that grow
 * with the tier) and replica overrides of replicas that exist, once each.
 */
import type { AdaptiveLimitSpec } from '../../sim-core/scenario/spec.ts';
import { autoscalingErrors } from './autoscaling-rules.ts';
import { CallPolicySchema } from './call-policies.ts';
import { deploymentErrors } from './deployment-rules.ts';
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import { failoverErrors } from './failover-rules.ts';
import { field, isRecord, list, num, wellFormedName } from './raw.ts';
import { ServicePolicySchema } from './service-policies.ts';
import { ServiceSchema } from './topology.ts';

/** The pattern rules of every client, every call and every service, in file order. */
export function patternErrors(clients: unknown[], services: unknown[]): ValidationError[] {
  const errors: ValidationError[] = [];
  clients.forEach((c, i) => {
    errors.push(...callPolicyErrors(c, ['clients', i]));
  });
  services.forEach((s, i) => {
    list(field(s, 'calls')).forEach((call, j) => {
      errors.push(...callPolicyErrors(call, ['services', i, 'calls', j]));
    });
    errors.push(...servicePolicyErrors(s, ['services', i]));
    errors.push(...autoscalingErrors(s, ['services', i]));
    errors.push(...failoverErrors(s, ['services', i]));
    errors.push(...deploymentErrors(s, ['services', i]));
  });
  return errors;
}

/** Rules of a client's or a call's patterns, at `path` (the client or the call). */
function callPolicyErrors(raw: unknown, path: PathSegment[]): ValidationError[] {
  const errors: ValidationError[] = [];
  // A preset is the library's own setting; only objects written here are checked.
  const retryRaw = field(raw, 'retry');
  const retry = CallPolicySchema.shape.retry.safeParse(retryRaw);
  if (isRecord(retryRaw) && retry.success && retry.data !== null) {
    const { baseMs, capMs } = retry.data.backoff;
    if (capMs < baseMs) {
      const error = foundAllowed(
        formatPath([...path, 'retry', 'backoff', 'capMs']),
        num(capMs),
        `a number >= baseMs (${num(baseMs)})`,
      );
      // A cap the user never wrote is the default: say so, or the error names a value not in the file.
      if (field(field(retryRaw, 'backoff'), 'capMs') === undefined)
        error.message += ' (capMs was not given: that is its default)';
      errors.push(error);
    }
  }
  const limit = CallPolicySchema.shape.adaptiveLimit.safeParse(field(raw, 'adaptiveLimit'));
  if (limit.success && limit.data !== null)
    errors.push(...adaptiveLimitErrors(limit.data, [...path, 'adaptiveLimit']));
  return errors;
}

/** minLimit <= initialLimit <= maxLimit, and Vegas's alpha <= beta. */
function adaptiveLimitErrors(limit: AdaptiveLimitSpec, path: PathSegment[]): ValidationError[] {
  const at = (key: string): string => formatPath([...path, key]);
  const errors: ValidationError[] = [];
  if (limit.algorithm !== 'vegas' && limit.minLimit > limit.initialLimit) {
    errors.push(
      foundAllowed(
        at('minLimit'),
        num(limit.minLimit),
        `an integer <= initialLimit (${num(limit.initialLimit)})`,
      ),
    );
  }
  if (limit.initialLimit > limit.maxLimit) {
    errors.push(
      foundAllowed(
        at('maxLimit'),
        num(limit.maxLimit),
        `an integer >= initialLimit (${num(limit.initialLimit)})`,
      ),
    );
  }
  if (limit.algorithm === 'vegas' && limit.beta < limit.alpha) {
    errors.push(foundAllowed(at('beta'), num(limit.beta), `a number >= alpha (${num(limit.alpha)})`));
  }
  return errors;
}

/** Rules of a service's patterns, at `path` (the service). */
function servicePolicyErrors(raw: unknown, path: PathSegment[]): ValidationError[] {
  const errors: ValidationError[] = [];
  const shedding = ServicePolicySchema.shape.shedding.safeParse(field(raw, 'shedding'));
  if (shedding.success && shedding.data?.kind === 'priority') {
    const thresholds = shedding.data.thresholds;
    for (let t = 1; t < thresholds.length; t++) {
      if (thresholds[t] <= thresholds[t - 1]) continue;
      const error = foundAllowed(
        formatPath([...path, 'shedding', 'thresholds', t]),
        num(thresholds[t]),
        `an integer <= the threshold of tier ${t - 1} (${num(thresholds[t - 1])})`,
      );
      error.message +=
        '; thresholds must not increase with the tier: tier 0 is the most important, so it is shed last, at the longest queue';
      errors.push(error);
    }
  }
  const limit = ServicePolicySchema.shape.adaptiveLimit.safeParse(field(raw, 'adaptiveLimit'));
  if (limit.success && limit.data !== null)
    errors.push(...adaptiveLimitErrors(limit.data, [...path, 'adaptiveLimit']));
  // A preset is the library's own setting; only objects written here are checked.
  const restartRaw = field(raw, 'restartPolicy');
  const restart = ServicePolicySchema.shape.restartPolicy.safeParse(restartRaw);
  if (
    isRecord(restartRaw) &&
    restart.success &&
    restart.data !== null &&
    restart.data.maxMs < restart.data.initialMs
  ) {
    errors.push(
      foundAllowed(
        formatPath([...path, 'restartPolicy', 'maxMs']),
        num(restart.data.maxMs),
        `a number >= initialMs (${num(restart.data.initialMs)})`,
      ),
    );
  }

  errors.push(...probeThresholdErrors(field(raw, 'probes'), [...path, 'probes']));

  // Replica overrides: an existing replica, once each.
  const replicas = ServiceSchema.shape.replicas.safeParse(field(raw, 'replicas'));
  const service = wellFormedName(field(raw, 'name'));
  const seen = new Map<number, string>();
  list(field(raw, 'replicaOverrides')).forEach((o, k) => {
    const index = field(o, 'replica');
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return;
    const at = formatPath([...path, 'replicaOverrides', k, 'replica']);
    const most = ServicePolicySchema.shape.autoscaling.safeParse(field(raw, 'autoscaling'));
    const failover = ServicePolicySchema.shape.failover.safeParse(field(raw, 'failover'));
    // A failover service's standbys are slots after its active replicas.
    const standbys = failover.success ? (failover.data?.standbys ?? 0) : 0;
    const slots = replicas.success
      ? Math.max(replicas.data, most.success ? (most.data?.maxReplicas ?? 0) : 0) + standbys
      : 0;
    if (replicas.success && index >= slots) {
      const n = slots;
      const of = service === undefined ? '' : ` of ${JSON.stringify(service)}`;
      errors.push(
        foundAllowed(
          at,
          num(index),
          `a replica index${of} from 0 to ${n - 1} (it has ${n} ${n === 1 ? 'replica' : 'replicas'})`,
        ),
      );
      return;
    }
    const previous = seen.get(index);
    if (previous !== undefined) {
      errors.push({
        path: at,
        message: `duplicate override for replica ${index}, already given at ${previous}`,
        found: num(index),
        allowed: 'one override per replica',
      });
    } else seen.set(index, at);
  });
  return errors;
}

/**
 * Kubernetes rejects a startup or liveness probe whose successThreshold is not 1 ("Must be 1 for
 * liveness and startup": kubernetes.io, "Configure Liveness, Readiness and Startup Probes"): these
 * probes only decide restarts, and a single pass already ends the failures in a row that count.
 */
function probeThresholdErrors(raw: unknown, path: PathSegment[]): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const role of ['liveness', 'startup'] as const) {
    const probe = field(raw, role);
    if (!isRecord(probe)) continue;
    const threshold = field(probe, 'successThreshold');
    if (threshold === undefined || threshold === 1 || typeof threshold !== 'number') continue;
    const error = foundAllowed(formatPath([...path, role, 'successThreshold']), num(threshold), '1');
    error.message += ` (Kubernetes requires successThreshold 1 for ${role} probes; only readiness may need more passes)`;
    errors.push(error);
  }
  return errors;
}
