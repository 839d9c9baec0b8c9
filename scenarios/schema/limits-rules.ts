/**
 * The sizes the engine can hold (`sim-core/scenario/limits.ts`), checked at validation: each error
 * names the field, the value and the limit. Only well-formed values are judged (a count the
 * schema rejects is the schema's to report).
 */

import { deploymentSlots } from '../../sim-core/model/control/rollout-plan.ts';
import {
  MAX_BURST_REQUESTS,
  MAX_CALLS_PER_SERVICE,
  MAX_CLIENTS,
  MAX_FAULTS,
  MAX_HYPOTHESES,
  MAX_LINKS,
  MAX_NODES,
  MAX_QUEUES,
  MAX_REPLICAS,
  MAX_SERVICES,
  MAX_USERS,
} from '../../sim-core/scenario/limits.ts';
import { DeploymentSchema } from './deployment.ts';
import { formatPath, foundAllowed, type ValidationError } from './errors.ts';
import { field, list, type Rec } from './raw.ts';

/** A whole number the schema would accept, or undefined. */
function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function tooMany(path: string, n: number, max: number, what: string): ValidationError {
  const error = foundAllowed(path, `${n} ${what}`, `at most ${max} ${what}`);
  error.message += ' (the most the engine holds)';
  return error;
}

function tooLarge(path: string, n: number, max: number, what: string): ValidationError {
  const error = foundAllowed(path, String(n), `an integer from 1 to ${max}`);
  error.message += ` (the most ${what} the engine holds)`;
  return error;
}

/** Every size limit of the engine, on any input. */
export function limitErrors(root: Rec): ValidationError[] {
  const errors: ValidationError[] = [];
  const clients = list(root['clients']);
  const services = list(root['services']);
  const queues = list(root['queues']);
  const lists: [string, unknown[], number, string][] = [
    ['clients', clients, MAX_CLIENTS, 'clients'],
    ['services', services, MAX_SERVICES, 'services'],
    ['queues', queues, MAX_QUEUES, 'queues'],
    ['faults', list(root['faults']), MAX_FAULTS, 'faults'],
    ['hypotheses', list(root['hypotheses']), MAX_HYPOTHESES, 'hypotheses'],
    ['network.links', list(field(root['network'], 'links')), MAX_LINKS, 'links'],
  ];
  for (const [path, items, max, what] of lists) {
    if (items.length > max) errors.push(tooMany(path, items.length, max, what));
  }

  let replicas = 0;
  services.forEach((s, i) => {
    const given = field(s, 'replicas') === undefined ? 1 : count(field(s, 'replicas'));
    if (given === undefined) return;
    if (given > MAX_REPLICAS)
      errors.push(
        tooLarge(formatPath(['services', i, 'replicas']), given, MAX_REPLICAS, 'replicas per service'),
      );
    // An autoscaled service has a node for every replica it may grow to.
    const most = count(field(field(s, 'autoscaling'), 'maxReplicas'));
    if (most !== undefined && most > MAX_REPLICAS)
      errors.push(
        tooLarge(
          formatPath(['services', i, 'autoscaling', 'maxReplicas']),
          most,
          MAX_REPLICAS,
          'replicas per service',
        ),
      );
    // A deployment has a node for every surge, canary or green replica it may create.
    const deployment = DeploymentSchema.safeParse(field(s, 'deployment'));
    // With an autoscaler too, the rollout's sets may be sized up to maxReplicas.
    const n = deployment.success
      ? deployment.data !== null && most !== undefined
        ? deploymentSlots(given, deployment.data, most)
        : Math.max(deploymentSlots(given, deployment.data), most ?? 0)
      : Math.max(given, most ?? 0);
    replicas += n;
    const calls = list(field(s, 'calls'));
    if (calls.length > MAX_CALLS_PER_SERVICE)
      errors.push(
        tooMany(formatPath(['services', i, 'calls']), calls.length, MAX_CALLS_PER_SERVICE, 'calls'),
      );
  });
  const nodes = clients.length + replicas + queues.length;
  if (nodes > MAX_NODES) {
    const error = foundAllowed(
      '',
      `${nodes} nodes (${plural(clients.length, 'client')} + ${plural(replicas, 'replica')} + ${plural(queues.length, 'queue')})`,
      `at most ${MAX_NODES} nodes in all`,
    );
    error.message += ' (the most the engine holds)';
    errors.push(error);
  }

  let users = 0;
  clients.forEach((c, i) => {
    const arrival = field(c, 'arrival');
    const kind = field(arrival, 'kind');
    if (kind !== 'closed' && kind !== 'once') return;
    const n = count(field(arrival, 'users'));
    if (n === undefined) return;
    users += n;
    if (n > MAX_USERS)
      errors.push(tooLarge(formatPath(['clients', i, 'arrival', 'users']), n, MAX_USERS, 'users per client'));
  });
  if (users > MAX_USERS && !errors.some((e) => e.path.endsWith('.arrival.users'))) {
    const error = foundAllowed('clients', `${users} users in all`, `at most ${MAX_USERS} users in all`);
    error.message += ' (the most the engine holds: each user waits on a pending event)';
    errors.push(error);
  }

  list(root['faults']).forEach((f, i) => {
    if (field(f, 'kind') !== 'client-burst') return;
    const n = count(field(f, 'requests'));
    if (n !== undefined && n > MAX_BURST_REQUESTS)
      errors.push(tooLarge(formatPath(['faults', i, 'requests']), n, MAX_BURST_REQUESTS, 'burst requests'));
  });
  return errors;
}
