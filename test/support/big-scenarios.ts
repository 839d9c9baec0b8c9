/** Scenarios at the edge of what the engine must hold, for the bounded-resource tests. */

/**
 * The overloaded M/M/1 of issue 10: 20,000 requests/s into one 1 ms constant worker with an
 * unbounded queue, for an hour. The queue grows by about 19,000 requests a second, so only the
 * memory guard (`budget.maxInFlight`) stops it.
 */
export function overloadedMm1(
  budget: { maxInFlight?: number; maxEvents?: number } = {},
): Record<string, unknown> {
  return {
    id: 'overloaded-mm1',
    title: 'Overloaded M/M/1',
    seed: 1,
    durationMs: 3_600_000,
    ...(Object.keys(budget).length > 0 ? { budget } : {}),
    clients: [{ name: 'users', target: 'server', arrival: { kind: 'poisson', ratePerSec: 20_000 } }],
    services: [{ name: 'server', concurrency: 1, serviceTime: { kind: 'constant', valueMs: 1 } }],
  };
}

/**
 * 50,000 nodes (the validation limit): a chain of five services of 10,000 replicas (the last
 * 9,999) behind one client, with a partition between two whole tiers for half a second.
 */
export function fiftyThousandNodes(): Record<string, unknown> {
  const names = ['web', 'api', 'db', 'cache', 'store'];
  return {
    id: 'fifty-thousand-nodes',
    title: '50,000 nodes',
    seed: 1,
    durationMs: 2000,
    network: { latency: { kind: 'constant', valueMs: 0.2 } },
    clients: [{ name: 'users', target: 'web', arrival: { kind: 'poisson', ratePerSec: 2000 } }],
    services: names.map((name, i) => ({
      name,
      replicas: i === names.length - 1 ? 9999 : 10_000,
      concurrency: 1,
      serviceTime: { kind: 'constant', valueMs: 0.5 },
      ...(i + 1 < names.length ? { calls: [{ service: names[i + 1] }] } : {}),
    })),
    faults: [{ kind: 'partition', atMs: 500, durationMs: 500, from: ['api'], to: ['db'] }],
  };
}

/**
 * The deepest legal call chain: `services` services in a line (validation allows 100 on a chain),
 * no network latency and no work, so each answer unwinds every level in one synchronous call
 * chain (Server.respond -> Caller.onAnswer -> Caller.endCall -> Server.onChildEnded -> ...).
 */
export function deepChain(services = 100): Record<string, unknown> {
  return {
    id: 'deep-chain',
    title: 'Deep call chain',
    seed: 1,
    durationMs: 1000,
    clients: [{ name: 'users', target: 's0', arrival: { kind: 'poisson', ratePerSec: 100 } }],
    services: Array.from({ length: services }, (_, i) => ({
      name: `s${i}`,
      concurrency: 1,
      serviceTime: { kind: 'constant', valueMs: 0 },
      ...(i + 1 < services ? { calls: [{ service: `s${i + 1}` }] } : {}),
    })),
  };
}
