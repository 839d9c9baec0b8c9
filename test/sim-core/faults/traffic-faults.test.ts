import { describe, expect, it } from 'vitest';
import { constant, scenario, story } from './harness.ts';

/** A client sending 1 request/s to `svc` for 5 s, with the given faults. */
function steady(
  faults: unknown[],
  service: Record<string, unknown> = {},
  client: Record<string, unknown> = {},
) {
  return story(
    scenario({
      durationMs: 5000,
      clients: [{ name: 'users', target: 'svc', arrival: { kind: 'constant', ratePerSec: 1 }, ...client }],
      services: [{ name: 'svc', concurrency: 20, serviceTime: constant(10), ...service }],
      faults,
    }),
  );
}

describe('client burst', () => {
  it('adds exactly N user requests, all at the fault instant', () => {
    const base = steady([]);
    const burst = steady([{ kind: 'client-burst', atMs: 2500, client: 'users', requests: 7 }]);
    const extra = [...burst.issued.users];
    for (const t of base.issued.users) extra.splice(extra.indexOf(t), 1);
    expect(extra).toEqual(Array(7).fill(2500));
    expect(burst.result.summary.clients.users.offered).toBe(base.result.summary.clients.users.offered + 7);
    // They are real requests: served like the others.
    expect(burst.result.summary.clients.users.succeeded).toBe(
      base.result.summary.clients.users.succeeded + 7,
    );
    expect(burst.trace.filter((l) => l.startsWith('2510 work-done'))).toHaveLength(7);
  });

  it('a burst has nothing to undo: its duration changes nothing', () => {
    const a = steady([{ kind: 'client-burst', atMs: 2500, client: 'users', requests: 3 }]);
    const b = steady([{ kind: 'client-burst', atMs: 2500, durationMs: 1000, client: 'users', requests: 3 }]);
    expect(b.result.traceHash).toBe(a.result.traceHash);
  });
});

describe('load step', () => {
  it('adds Poisson requests at the extra rate, only inside the fault window', () => {
    const base = steady([]);
    const step = steady([
      { kind: 'load-step', atMs: 1000, durationMs: 3000, client: 'users', extraPerSec: 200 },
    ]);
    const extra = [...step.issued.users];
    for (const t of base.issued.users) extra.splice(extra.indexOf(t), 1);
    expect(Math.min(...extra)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...extra)).toBeLessThan(4000);
    // 600 expected over 3 s; a Poisson count is within 4 sigma (~98) of its mean.
    expect(Math.abs(extra.length - 600)).toBeLessThan(98);
    // The client's own arrivals do not move: their stream is untouched.
    for (const t of base.issued.users) expect(step.issued.users).toContain(t);
  });
});

describe('cache flush', () => {
  // One key, a 10 s TTL: the first request misses and fills the cache, every later one hits.
  const cached = (faults: unknown[]) => steady(faults, { cache: { ttlMs: 10_000 } }, { keys: { count: 1 } });

  it('makes the next lookup miss and go to the service; the refill serves hits again', () => {
    const base = cached([]);
    const flushed = cached([{ kind: 'cache-flush', atMs: 2500, service: 'svc' }]);
    const b = base.result.summary.services.svc.cache!;
    const f = flushed.result.summary.services.svc.cache!;
    expect(b.misses).toBe(1);
    expect(f.misses).toBe(2);
    expect(f.hits).toBe(b.hits - 1);
    // Work at the service: the first request, then the first request after the flush (at 3000).
    const first = base.issued.users[0];
    expect(base.trace.filter((l) => l.includes('work-done'))).toEqual([`${first + 10} work-done svc/0`]);
    expect(flushed.trace.filter((l) => l.includes('work-done'))).toEqual([
      `${first + 10} work-done svc/0`,
      '3010 work-done svc/0',
    ]);
  });
});
