/**
 * Scenarios whose clients or services are named like Object.prototype's properties
 * (`__proto__`, `constructor`, `toString`, ...): names a plain `{}` would lose or misread.
 */

/** Every name Object.prototype defines: `__proto__`, `constructor`, `toString`, `valueOf`, ... */
export const PROTOTYPE_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

const constant = (valueMs: number) => ({ kind: 'constant', valueMs });
const tenPerSecond = { kind: 'constant', ratePerSec: 10 };

/**
 * One client per prototype name, each calling its own service `s<i>` (10 requests/s, 10 ms of
 * work, 1 s in two 500 ms buckets): each client offers and completes 10 requests.
 */
export function clientsNamedLikePrototype(): Record<string, unknown> {
  return {
    id: 'proto-clients',
    title: 'clients named like Object.prototype',
    durationMs: 1000,
    metrics: { bucketMs: 500, warmupMs: 0 },
    clients: PROTOTYPE_NAMES.map((name, i) => ({ name, target: `s${i}`, arrival: tenPerSecond })),
    services: PROTOTYPE_NAMES.map((_, i) => ({ name: `s${i}`, serviceTime: constant(10) })),
    hypotheses: PROTOTYPE_NAMES.map((name) => ({
      name: `${name} is served`,
      metric: `clients.${name}.goodputPerSec`,
      op: '==',
      value: 10,
    })),
  };
}

/** One service per prototype name, each called by its own client `u<i>` (as above). */
export function servicesNamedLikePrototype(): Record<string, unknown> {
  return {
    id: 'proto-services',
    title: 'services named like Object.prototype',
    durationMs: 1000,
    metrics: { bucketMs: 500, warmupMs: 0 },
    clients: PROTOTYPE_NAMES.map((name, i) => ({ name: `u${i}`, target: name, arrival: tenPerSecond })),
    services: PROTOTYPE_NAMES.map((name) => ({ name, serviceTime: constant(10) })),
    hypotheses: PROTOTYPE_NAMES.map((name) => ({
      name: `${name} serves`,
      metric: `services.${name}.attempts`,
      op: '==',
      value: 10,
    })),
  };
}
