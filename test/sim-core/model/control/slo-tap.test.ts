import { describe, expect, it } from 'vitest';
import type { MetricsSink } from '../../../../sim-core/metrics/sink.ts';
import { SloTap } from '../../../../sim-core/model/control/slo-tap.ts';
import { SloTracker } from '../../../../sim-core/model/control/slo-tracker.ts';
import { FAILED, SUCCEEDED, TIMED_OUT } from '../../../../sim-core/model/outcome.ts';

describe('the SLO tap', () => {
  it('passes every report on to the recorder unchanged', () => {
    const calls: string[] = [];
    const inner = new Proxy(
      {},
      {
        get:
          (_, name) =>
          (...args: unknown[]) => {
            calls.push(`${String(name)}(${args.join(',')})`);
            return 42;
          },
      },
    ) as MetricsSink;
    const none = Array.from({ length: 20 }, () => []);
    const tap = new SloTap(inner, none, none);
    const methods = Object.getOwnPropertyNames(SloTap.prototype).filter((n) => n !== 'constructor');
    const expected: string[] = [];
    for (const name of methods) {
      const method = (tap as unknown as Record<string, (...args: unknown[]) => unknown>)[name];
      // Distinct arguments, as many as the method declares: a dropped or swapped one shows.
      const args = [10, 11, 12, 13, 14].slice(0, method.length);
      expected.push(`${name}(${args.join(',')})`);
      expect(method.apply(tap, args)).toBe(name === 'timelineStarted' ? 42 : undefined);
    }
    // Every method of the sink interface (compile-time: SloTap implements MetricsSink) is there.
    expect(methods.length).toBe(40);
    expect(calls).toEqual(expected);
  });

  it('counts the ends of the measured client and service only, by outcome or by duration', () => {
    const avail = new SloTracker(
      {
        name: 'a',
        client: 'users',
        service: null,
        objective: { kind: 'availability', target: 0.9 },
        windowMs: null,
      },
      1000,
    );
    const fast = new SloTracker(
      {
        name: 'f',
        client: null,
        service: 'db',
        objective: { kind: 'latency', target: 0.9, thresholdMs: 50 },
        windowMs: null,
      },
      0,
    );
    const sink = { clientEnded: () => {}, serviceAnswered: () => {} } as unknown as MetricsSink;
    const tap = new SloTap(sink, [[], [avail]], [[fast]]);
    tap.clientEnded(0, FAILED, 0, 10); // another client: not measured
    tap.clientEnded(1, SUCCEEDED, 0, 500); // before the compliance window
    tap.clientEnded(1, TIMED_OUT, 900, 1100);
    tap.clientEnded(1, SUCCEEDED, 1000, 1200);
    tap.serviceAnswered(0, FAILED, 100, 150); // fast, although failed
    tap.serviceAnswered(0, SUCCEEDED, 100, 151); // 51 ms: slow
    expect([avail.good, avail.total, avail.windowGood, avail.windowTotal]).toEqual([2, 3, 1, 2]);
    expect([fast.good, fast.total]).toEqual([1, 2]);
  });
});
