/**
 * Rules of store services a schema can't express: quorums within N (the service's replicas, or
 * a ring's n, itself within the replicas), and a
 * store's replicas answer from their data, so they make no downstream calls.
 */
import { formatPath, foundAllowed, type ValidationError } from './errors.ts';
import { field, list, num } from './raw.ts';
import { ServiceSchema } from './topology.ts';

/** The store rules of every service, in file order. */
export function storeErrors(services: unknown[]): ValidationError[] {
  const errors: ValidationError[] = [];
  services.forEach((s, i) => {
    const store = field(s, 'store');
    if (store === undefined || store === null) return;
    const replicas = ServiceSchema.shape.replicas.safeParse(field(s, 'replicas'));
    if (replicas.success) {
      const replicaCount = replicas.data;
      let n = replicaCount;
      const ringN = field(field(store, 'ring'), 'n');
      if (typeof ringN === 'number' && Number.isInteger(ringN) && ringN >= 1) {
        if (ringN > replicaCount)
          errors.push(
            foundAllowed(
              formatPath(['services', i, 'store', 'ring', 'n']),
              num(ringN),
              `an integer from 1 to ${replicaCount} (the service's replicas)`,
            ),
          );
        else n = ringN;
      }
      const whose = n === replicaCount ? `the service's replicas: N = ${n}` : `the ring's n: N = ${n}`;
      for (const q of ['r', 'w'] as const) {
        const value = field(store, q);
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value <= n) continue;
        const error = foundAllowed(
          formatPath(['services', i, 'store', q]),
          num(value),
          `an integer from 1 to ${n} (${whose})`,
        );
        error.message += `; a quorum cannot be larger than N`;
        errors.push(error);
      }
    }
    if (field(store, 'family') === 'leader')
      errors.push(...leaderErrors(i, store, replicas.success ? replicas.data : null));
    const calls = list(field(s, 'calls'));
    if (calls.length > 0) {
      errors.push(
        foundAllowed(
          formatPath(['services', i, 'calls']),
          `${calls.length} ${calls.length === 1 ? 'call' : 'calls'}`,
          'no downstream calls on a store service (its replicas answer from their own data)',
        ),
      );
    }
  });
  return errors;
}

/** A leader store's rules: semi-sync waits for at most every follower; election timeouts are a range. */
function leaderErrors(i: number, store: unknown, n: number | null): ValidationError[] {
  const errors: ValidationError[] = [];
  const k = field(field(store, 'replication'), 'semiSync');
  if (n !== null && typeof k === 'number' && Number.isInteger(k) && k >= 1 && k > n - 1) {
    errors.push(
      foundAllowed(
        formatPath(['services', i, 'store', 'replication', 'semiSync']),
        num(k),
        `an integer from 1 to ${n - 1} (the followers of the service's ${n} replicas)`,
      ),
    );
  }
  const timeout = field(field(store, 'election'), 'electionTimeoutMs');
  const min = field(timeout, 'min');
  const max = field(timeout, 'max');
  if (typeof min === 'number' && typeof max === 'number' && max < min) {
    errors.push(
      foundAllowed(
        formatPath(['services', i, 'store', 'election', 'electionTimeoutMs', 'max']),
        num(max),
        `a number >= electionTimeoutMs.min (${num(min)})`,
      ),
    );
  }
  return errors;
}
