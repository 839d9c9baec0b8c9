import { describe, expect, it } from 'vitest';
import { computeRecovery, recoveryInputOf } from '../../../sim-core/metrics/recovery.ts';
import { Simulation } from '../../../sim-core/run/simulation.ts';
import type { FaultSpec, Scenario } from '../../../sim-core/scenario/spec.ts';
import { constant, ends, faultEvents, herd, scenario, story } from './harness.ts';

const base = (faults: unknown[] = [], durationMs = 2000) =>
  scenario({
    durationMs,
    clients: [herd('users', 'svc', 1000, 1, { timeoutMs: 300 })],
    services: [{ name: 'svc', replicas: 2, serviceTime: constant(100) }],
    faults,
  });

describe('the fault injector', () => {
  it('schedules each start and end as a control event naming the fault’s node, in fault order', () => {
    const { trace } = story(
      base([
        { kind: 'errors', atMs: 500, durationMs: 100, service: 'svc', replica: 1, probability: 0.5 },
        { kind: 'pause', atMs: 500, durationMs: 100, service: 'svc' },
        { kind: 'client-burst', atMs: 700, client: 'users', requests: 1 },
        { kind: 'crash', atMs: 1500, durationMs: null, service: 'svc' },
      ]),
    );
    expect(faultEvents(trace)).toEqual([
      '500 svc/1',
      '500 svc/0',
      '600 svc/1',
      '600 svc/0',
      '700 users',
      '1500 svc/0',
    ]);
  });

  it('a fault acts before ordinary events at the same instant', () => {
    const { endings } = story(base([{ kind: 'crash', atMs: 1000, durationMs: 50, service: 'svc' }]));
    // The request arrives at 1000, after the crash: lost, timed out.
    expect(ends(endings)).toEqual(['users timedOut 1300']);
  });

  it('a fault starting after the run’s end does nothing (not even in the trace)', () => {
    // The validator refuses such a fault; the engine must not care if one gets through.
    const crash: FaultSpec = {
      name: 'late',
      kind: 'crash',
      atMs: 2500,
      durationMs: 100,
      service: 'svc',
      replica: null,
    };
    const s: Scenario = { ...base(), faults: [crash] };
    const { result, endings } = story(s);
    expect(ends(endings)).toEqual(['users succeeded 1100']);
    expect(result.traceHash).toBe(story(base()).result.traceHash);
  });

  it('a target that does not resolve fails at construction with an error naming the field', () => {
    const ok = base();
    const bad = (fault: Record<string, unknown>): Scenario => ({
      ...ok,
      faults: [{ name: 'f', atMs: 0, durationMs: null, ...fault } as FaultSpec],
    });
    expect(() => new Simulation(bad({ kind: 'crash', service: 'nope', replica: null }))).toThrow(
      'faults[0].service (fault "f"): no service "nope"; services: svc',
    );
    expect(() => new Simulation(bad({ kind: 'pause', service: 'svc', replica: 2 }))).toThrow(
      'faults[0].replica (fault "f"): no replica 2 of "svc" (it has 2)',
    );
    expect(() => new Simulation(bad({ kind: 'cache-flush', service: 'svc', keys: null }))).toThrow(
      'faults[0].service (fault "f"): service "svc" has no cache to flush',
    );
    expect(() => new Simulation(bad({ kind: 'clock-step', node: 'svc/7', stepMs: 5 }))).toThrow(
      'faults[0].node (fault "f"): no client, queue, service or replica "svc/7"',
    );
    expect(
      () => new Simulation(bad({ kind: 'partition', from: ['users'], to: ['ghost'], oneWay: false })),
    ).toThrow('faults[0].to[0] (fault "f"): no client, service or queue "ghost"');
    expect(
      () => new Simulation(bad({ kind: 'latency', service: null, link: null, addMs: 1, multiply: 1 })),
    ).toThrow('faults[0].link (fault "f"): a latency fault needs a service or a link');
  });
});

describe('recovery in the summary', () => {
  // 100 requests/s for 30 s in 1 s buckets; the replica is down from 10 s to 12 s.
  const steady = (faults: unknown[]) =>
    scenario({
      durationMs: 30_000,
      metrics: { bucketMs: 1000, warmupMs: 0 },
      clients: [
        { name: 'users', target: 'svc', arrival: { kind: 'constant', ratePerSec: 100 }, timeoutMs: 500 },
      ],
      services: [{ name: 'svc', concurrency: 4, serviceTime: constant(10) }],
      faults,
    });

  it('lists every fault with its kind and the recovery computed from the run’s goodput', () => {
    const s = steady([
      { kind: 'crash', atMs: 10_000, durationMs: 2000, service: 'svc' },
      { name: 'forever', kind: 'latency', atMs: 20_000, service: 'svc', addMs: 1 },
    ]);
    const result = new Simulation(s).run();
    const [crash, forever] = result.summary.faults;
    expect(crash).toMatchObject({
      name: 'crash@10000',
      kind: 'crash',
      startMs: 10_000,
      endMs: 12_000,
      metastable: false,
    });
    expect(crash.preFaultGoodputPerSec).toBeGreaterThan(99);
    // Goodput is back in the first bucket after the end.
    expect(crash.recoveredAtMs).toBe(12_000);
    expect(crash.recoveryMs).toBe(0);
    expect(forever).toMatchObject({
      name: 'forever',
      kind: 'latency',
      endMs: null,
      recoveryMs: null,
      metastable: false,
    });

    const expected = computeRecovery(recoveryInputOf(result, s.faults, s.metrics.warmupMs));
    expect(
      result.summary.faults.map((f) => [f.name, f.preFaultGoodputPerSec, f.recoveredAtMs, f.recoveryMs]),
    ).toEqual(expected.map((f) => [f.name, f.preFaultGoodputPerSec, f.recoveredAtMs, f.recoveryMs]));
  });

  it('is empty without faults', () => {
    expect(new Simulation(steady([])).run().summary.faults).toEqual([]);
  });
});
