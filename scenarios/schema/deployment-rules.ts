/**
 * Rules of a service's versions and deployment that its schema can't express: version names
 * once each and not "stable", a deployment to a version that exists, maxSurge and maxUnavailable
 * not both 0, and no store beside a deployment (its replicas hold data). An autoscaler beside a
 * deployment scales it (`sim-core/model/control/rollout.ts`).
 */
import { STABLE_VERSION } from '../../sim-core/scenario/deployment-spec.ts';
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import { field, list, quotedList, wellFormedName } from './raw.ts';
import { ServicePolicySchema } from './service-policies.ts';

/** The deployment rules of one service at `path` (the service). */
export function deploymentErrors(raw: unknown, path: PathSegment[]): ValidationError[] {
  const errors: ValidationError[] = [];
  const names: string[] = [];
  list(field(raw, 'versions')).forEach((v, k) => {
    const n = wellFormedName(field(v, 'name'));
    if (n === undefined) return;
    const at = formatPath([...path, 'versions', k, 'name']);
    if (n === STABLE_VERSION)
      errors.push(
        foundAllowed(
          at,
          JSON.stringify(n),
          `a name other than "${STABLE_VERSION}" (the service's own settings)`,
        ),
      );
    else if (names.includes(n))
      errors.push({
        path: at,
        message: `duplicate version name ${JSON.stringify(n)}`,
        found: JSON.stringify(n),
        allowed: 'each version name once',
      });
    names.push(n);
  });
  const parsed = ServicePolicySchema.shape.deployment.safeParse(field(raw, 'deployment'));
  if (!parsed.success || parsed.data === null) return errors;
  const d = parsed.data;
  const at = (...rest: PathSegment[]) => formatPath([...path, 'deployment', ...rest]);
  if (!names.includes(d.version) || d.version === STABLE_VERSION)
    errors.push(
      foundAllowed(
        at('version'),
        JSON.stringify(d.version),
        `a version of the service's versions: ${quotedList(names.filter((x) => x !== STABLE_VERSION))}`,
      ),
    );
  const s = d.strategy;
  if (s.kind === 'rolling') {
    const zero = (v: number | string) => v === 0 || v === '0%';
    if (zero(s.maxSurge) && zero(s.maxUnavailable))
      errors.push(
        foundAllowed(
          at('strategy', 'maxUnavailable'),
          JSON.stringify(s.maxUnavailable),
          'a count or percentage > 0 when maxSurge is 0 (both 0 could never make progress)',
        ),
      );
  }
  if (field(raw, 'store') !== undefined && field(raw, 'store') !== null)
    errors.push({
      path: at(),
      message: 'a replicated store cannot be deployed (its replicas hold data)',
      allowed: 'store: null, or no deployment',
    });
  return errors;
}
