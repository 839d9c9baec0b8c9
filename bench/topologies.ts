/**
 * Scenarios built for the bench only (not in the library): topologies large enough to show what
 * a request costs as the number of services and replicas grows. Sizes stay inside the
 * validator's limits (replicas per service <= 10,000, nodes <= 50,000).
 */

/** `wide`: 200 services of 5 replicas (1,000 in all), each behind its own client. */
export function wideScenario(): unknown {
  const services = 200;
  return {
    id: 'bench-wide',
    title: 'Bench: 200 services, 1,000 replicas',
    seed: 1,
    durationMs: 5_000,
    // 200 clients at 500/s each: 100,000 requests/s, 40% utilisation of every replica.
    clients: Array.from({ length: services }, (_, i) => ({
      name: `c${i}`,
      target: `s${i}`,
      arrival: { kind: 'poisson', ratePerSec: 500 },
    })),
    services: Array.from({ length: services }, (_, i) => ({
      name: `s${i}`,
      replicas: 5,
      concurrency: 1,
      serviceTime: { kind: 'exponential', meanMs: 4 },
    })),
  };
}

/** `lb`: one service of 10,000 replicas under least-outstanding balancing. */
export function lbScenario(): unknown {
  return {
    id: 'bench-lb',
    title: 'Bench: 10,000 replicas, least outstanding',
    seed: 1,
    durationMs: 2_000,
    // 2,000 requests in service at a time: 20% of the replicas busy.
    clients: [{ name: 'users', target: 'pool', arrival: { kind: 'poisson', ratePerSec: 20_000 } }],
    services: [
      {
        name: 'pool',
        replicas: 10_000,
        loadBalancer: 'least-outstanding',
        concurrency: 1,
        serviceTime: { kind: 'exponential', meanMs: 100 },
      },
    ],
  };
}
