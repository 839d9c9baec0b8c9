/**
 * Rules of a distribution a schema can't express: the lognormal and empirical parameter
 * combinations, uniform bounds in order, hyperexponential probabilities that sum to 1.
 */
import { MAX_BRANCHES, MAX_EMPIRICAL_POINTS } from '../../sim-core/scenario/limits.ts';
import type { DistributionSpec } from '../../sim-core/scenario/spec.ts';
import { formatPath, foundAllowed, type PathSegment, type ValidationError } from './errors.ts';
import { num } from './raw.ts';

/** The standard normal quantile at 0.99: a lognormal's p99 is exp(mu + Z99 * sigma). */
export const Z99 = 2.3263478740408408;

/** Tolerance on the sum of hyperexponential branch probabilities. */
const P_SUM_TOLERANCE = 1e-9;

/** The parameter rules of one well-formed distribution at `path`. */
export function distributionErrors(d: DistributionSpec, path: PathSegment[]): ValidationError[] {
  const at = (...rest: PathSegment[]): string => formatPath([...path, ...rest]);
  const errors: ValidationError[] = [];
  const sizes: [PathSegment, number | undefined, number, string][] = [
    ['samplesMs', d.kind === 'empirical' ? d.samplesMs?.length : undefined, MAX_EMPIRICAL_POINTS, 'samples'],
    ['cdf', d.kind === 'empirical' ? d.cdf?.length : undefined, MAX_EMPIRICAL_POINTS, 'points'],
    ['branches', d.kind === 'hyperexponential' ? d.branches.length : undefined, MAX_BRANCHES, 'branches'],
  ];
  for (const [key, n, max, what] of sizes) {
    if (n === undefined || n <= max) continue;
    const error = foundAllowed(at(key), `${n} ${what}`, `at most ${max} ${what}`);
    error.message += ' (the most the engine holds)';
    errors.push(error);
  }
  switch (d.kind) {
    case 'uniform':
      if (d.minMs > d.maxMs)
        errors.push(foundAllowed(at('maxMs'), num(d.maxMs), `a number >= minMs (${num(d.minMs)})`));
      break;
    case 'lognormal': {
      const moments = d.meanMs !== undefined || d.p99Ms !== undefined;
      const normal = d.mu !== undefined || d.sigma !== undefined;
      const given = (['meanMs', 'p99Ms', 'mu', 'sigma'] as const).filter((k) => d[k] !== undefined);
      const allowed = 'meanMs and p99Ms, or mu and sigma';
      if (moments && normal) {
        errors.push({
          path: at(),
          message: `lognormal has ${given.join(', ')}; allowed: ${allowed}, not both`,
          found: given.join(', '),
          allowed,
        });
      } else if (!moments && !normal) {
        errors.push({
          path: at(),
          message: `lognormal has no parameters; allowed: ${allowed}`,
          found: 'none',
          allowed,
        });
      } else if (moments) {
        if (d.meanMs === undefined || d.p99Ms === undefined) {
          const missing = d.meanMs === undefined ? 'meanMs' : 'p99Ms';
          errors.push({ path: at(missing), message: `missing; lognormal needs ${allowed}`, allowed });
        } else {
          errors.push(...lognormalMomentErrors(d.meanMs, d.p99Ms, at('p99Ms')));
        }
      } else if (d.mu === undefined || d.sigma === undefined) {
        const missing = d.mu === undefined ? 'mu' : 'sigma';
        errors.push({ path: at(missing), message: `missing; lognormal needs ${allowed}`, allowed });
      } else if (!Number.isFinite(Math.exp(d.mu + (d.sigma * d.sigma) / 2))) {
        // Every sample would overflow to Infinity; say so here rather than in the charts.
        errors.push({
          path: at(),
          message: `mu ${num(d.mu)} and sigma ${num(d.sigma)} give an infinite mean; allowed: exp(mu + sigma²/2) finite`,
          found: `mu ${num(d.mu)}, sigma ${num(d.sigma)}`,
          allowed: 'exp(mu + sigma²/2) finite',
        });
      }
      break;
    }
    case 'hyperexponential': {
      const sum = d.branches.reduce((acc, b) => acc + b.p, 0);
      if (Math.abs(sum - 1) > P_SUM_TOLERANCE) {
        errors.push({
          path: at('branches'),
          message: `branch probabilities sum to ${num(sum)}; allowed: a sum of 1`,
          found: `a sum of ${num(sum)}`,
          allowed: 'a sum of 1',
        });
      }
      break;
    }
    case 'empirical':
      errors.push(...empiricalErrors(d, at));
      break;
    default:
      break;
  }
  return errors;
}

/**
 * meanMs + p99Ms pin a lognormal only when p99Ms > meanMs and
 * sigma = Z99 - sqrt(Z99² - 2 ln(p99/mean)) is real, i.e. p99/mean <= exp(Z99²/2) ≈ 14.97.
 * Validation may use Math.log: it decides no simulated outcome.
 */
function lognormalMomentErrors(meanMs: number, p99Ms: number, path: string): ValidationError[] {
  const maxRatio = Math.exp((Z99 * Z99) / 2);
  if (p99Ms > meanMs && Z99 * Z99 >= 2 * Math.log(p99Ms / meanMs)) return [];
  // Rounded down, so a value copied from the message is accepted.
  const limit = Math.floor(meanMs * maxRatio * 100) / 100;
  const range = `a number > meanMs (${num(meanMs)}) and <= ${num(limit)} (about ${maxRatio.toFixed(2)} × meanMs)`;
  const error = foundAllowed(path, num(p99Ms), range);
  if (p99Ms > meanMs) error.message += '; no lognormal has a p99 that far above its mean';
  return [error];
}

function empiricalErrors(
  d: Extract<DistributionSpec, { kind: 'empirical' }>,
  at: (...rest: PathSegment[]) => string,
): ValidationError[] {
  const allowed = 'either samplesMs or cdf';
  if (d.samplesMs !== undefined && d.cdf !== undefined) {
    return [
      {
        path: at(),
        message: `empirical has both samplesMs and cdf; allowed: ${allowed}`,
        found: 'both',
        allowed,
      },
    ];
  }
  if (d.samplesMs === undefined && d.cdf === undefined) {
    return [
      {
        path: at(),
        message: `empirical has neither samplesMs nor cdf; allowed: ${allowed}`,
        found: 'neither',
        allowed,
      },
    ];
  }
  if (d.samplesMs !== undefined) {
    return d.samplesMs.length === 0
      ? [foundAllowed(at('samplesMs'), '[]', 'a non-empty list of samples')]
      : [];
  }
  const cdf = d.cdf ?? [];
  if (cdf.length === 0) return [foundAllowed(at('cdf'), '[]', 'a non-empty list of points')];
  const errors: ValidationError[] = [];
  for (let i = 1; i < cdf.length; i++) {
    const prev = cdf[i - 1];
    const point = cdf[i];
    if (point.valueMs < prev.valueMs) {
      errors.push(
        foundAllowed(
          at('cdf', i, 'valueMs'),
          num(point.valueMs),
          `a number >= the previous valueMs (${num(prev.valueMs)})`,
        ),
      );
    }
    if (point.p < prev.p) {
      errors.push(
        foundAllowed(at('cdf', i, 'p'), num(point.p), `a number >= the previous p (${num(prev.p)})`),
      );
    }
  }
  const last = cdf.length - 1;
  if (cdf[last].p !== 1)
    errors.push(foundAllowed(at('cdf', last, 'p'), num(cdf[last].p), '1 (the last point)'));
  return errors;
}
