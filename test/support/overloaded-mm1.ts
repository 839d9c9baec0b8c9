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
