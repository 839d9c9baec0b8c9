import { describe, expect, it } from 'vitest';
import { resolveMetric } from '../../../../sim-core/hypotheses/resolve.ts';
import type { RunResult } from '../../../../sim-core/metrics/result.ts';
import { runScenario, Simulation } from '../../../../sim-core/run/simulation.ts';
import { parse } from '../../../support/scenarios.ts';

/**
 * 100 requests/s, one every 10 ms, each answered 1 ms after it is issued; from 10 s to 15 s every
 * request fails (500 of them: those that end at 10 001 ms ... 14 991 ms). The SLO's budget is
 * 1 - 0.75 = 0.25, so the burn rate over a window is its error rate x 4, and burn rate > 2 means
 * more than half the window's requests failed. Every count below follows from that arithmetic.
 */
function errorsStory(extra: Record<string, unknown> = {}) {
  return {
    id: 'slo-story',
    title: 'SLO story',
    durationMs: 20_000,
    clients: [{ name: 'users', target: 'api', arrival: { kind: 'constant', ratePerSec: 100 } }],
    services: [{ name: 'api', replicas: 1, concurrency: 10, serviceTime: { kind: 'constant', valueMs: 1 } }],
    faults: [{ kind: 'errors', name: 'bad', atMs: 10_000, durationMs: 5000, service: 'api', probability: 1 }],
    slos: [{ name: 'avail', client: 'users', objective: { kind: 'availability', target: 0.75 } }],
    alerts: [
      {
        name: 'fast',
        slo: 'avail',
        rule: { longWindowMs: 4000, shortWindowMs: 1000, burnRate: 2 },
        evaluationPeriodMs: 500,
      },
      {
        name: 'slow',
        slo: 'avail',
        rule: { longWindowMs: 4000, shortWindowMs: 3500, burnRate: 2 },
        evaluationPeriodMs: 500,
      },
    ],
    ...extra,
  };
}

const run = (raw: unknown, seed?: number): RunResult =>
  runScenario(parse(raw), seed === undefined ? {} : { seed });

describe('burn-rate alerts (The Site Reliability Workbook, ch. 5)', () => {
  const r = run(errorsStory());

  it('fires at the first evaluation where both windows burn faster than the threshold', () => {
    // Long window [t - 4000, t): (t - 10 000) / 10 failures of 400; > 200 first at t = 12 500,
    // where the short window [11 500, 12 500) is all failures.
    expect(r.summary.alerts.fast.fired[0].atMs).toBe(12_500);
    expect(r.summary.alerts.fast.timeToDetectMs).toBe(2500);
    const fired = r.summary.controlEvents.find((e) => e.kind === 'alert-fired' && e.source === 'fast');
    expect(fired).toEqual({
      atMs: 12_500,
      kind: 'alert-fired',
      service: null,
      replica: null,
      source: 'fast',
      detail: { slo: 'avail', burnRateLong: 2.5, burnRateShort: 4, threshold: 2 },
    });
  });

  it('clears soon after the errors stop thanks to the short window, while the long one still burns', () => {
    // At 15 500 the short window [14 500, 15 500) holds 50 failures of 100: burn rate 2, not > 2;
    // the long window still burns at 3.5.
    expect(r.summary.alerts.fast.fired).toEqual([{ atMs: 12_500, clearedAtMs: 15_500 }]);
    const cleared = r.summary.controlEvents.find((e) => e.kind === 'alert-cleared' && e.source === 'fast');
    expect(cleared?.detail).toEqual({ slo: 'avail', burnRateLong: 3.5, burnRateShort: 2, threshold: 2 });
    // A short window almost as long as the long one keeps firing until the long window is clean
    // enough: (19 000 - t) / 10 <= 200 first at t = 17 000.
    expect(r.summary.alerts.slow.fired).toEqual([{ atMs: 12_500, clearedAtMs: 17_000 }]);
    expect(r.summary.alerts.slow.firings).toBe(1);
    expect(r.summary.alerts.slow.firing).toBe(false);
    expect(r.summary.controlEvents.map((e) => `${e.atMs} ${e.kind} ${e.source}`)).toEqual([
      '12500 alert-fired fast',
      '12500 alert-fired slow',
      '15500 alert-cleared fast',
      '17000 alert-cleared slow',
    ]);
  });

  it('does not fire while a window burns at the threshold or below it', () => {
    // Over 1 s ending on an evaluation the error rate peaks at 1 (burn 4), never above: burn rate
    // 4 is not > 4.
    const quiet = run(
      errorsStory({
        alerts: [
          {
            name: 'high',
            slo: 'avail',
            rule: { longWindowMs: 1000, shortWindowMs: 500, burnRate: 4 },
            evaluationPeriodMs: 500,
          },
        ],
      }),
    );
    expect(quiet.summary.alerts.high.fired).toEqual([]);
    expect(quiet.summary.alerts.high.timeToDetectMs).toBeNull();
    expect(quiet.summary.controlEvents).toEqual([]);
  });

  it('reports the SLO and its error budget over the compliance window', () => {
    expect(r.summary.slos.avail).toEqual({
      client: 'users',
      service: null,
      objective: { kind: 'availability', target: 0.75, thresholdMs: null },
      window: { fromMs: 0, toMs: 20_000 },
      good: 1500,
      total: 2000,
      sli: 0.75,
      attained: true,
      errorBudgetSpent: 1,
    });
    // The last 8 s: requests ending in [12 000, 20 000), 300 of 800 failed, budget 200.
    const late = run(
      errorsStory({
        slos: [
          {
            name: 'avail',
            client: 'users',
            objective: { kind: 'availability', target: 0.75 },
            windowMs: 8000,
          },
        ],
      }),
    );
    expect(late.summary.slos.avail).toMatchObject({
      window: { fromMs: 12_000, toMs: 20_000 },
      good: 500,
      total: 800,
      sli: 0.625,
      attained: false,
      errorBudgetSpent: 1.5,
    });
  });

  it('measures a latency objective at a service, whatever the outcome', () => {
    // 2 s of +10 ms work: 200 attempts take 11 ms, the other 1800 take 1 ms.
    const slow = run({
      ...errorsStory(),
      faults: [{ kind: 'latency', name: 'slow', atMs: 10_000, durationMs: 2000, service: 'api', addMs: 10 }],
      slos: [
        { name: 'fast-api', service: 'api', objective: { kind: 'latency', target: 0.75, thresholdMs: 5 } },
      ],
      alerts: [],
    });
    expect(slow.summary.slos['fast-api']).toMatchObject({
      client: null,
      service: 'api',
      objective: { kind: 'latency', target: 0.75, thresholdMs: 5 },
      good: 1800,
      total: 2000,
      sli: 0.9,
      attained: true,
      errorBudgetSpent: 0.4,
    });
    expect(slow.summary.alerts).toEqual({});
  });

  it('lets hypotheses read the SLO and alert summaries', () => {
    const value = (path: string) => {
      const m = resolveMetric(r, path);
      if (!m.ok || m.kind !== 'scalar') throw new Error(`${path} did not resolve`);
      return m.value;
    };
    expect(value('alerts.fast.timeToDetectMs')).toBe(2500);
    expect(value('alerts.slow.firings')).toBe(1);
    expect(value('slos.avail.errorBudgetSpent')).toBe(1);
    expect(value('slos.avail.attained')).toBe(1);
    expect(value('alerts.fast.timeToMitigateMs')).toBeNull();
  });
});

/**
 * One worker serving 80 requests/s of 10 ms each; from 10 s to 20 s its work takes twice as long
 * (capacity 50/s): the queue grows, every request waits past its 200 ms timeout, and goodput
 * falls to 0 and stays there (the backlog outlives the fault). The service declares queue-length
 * shedding but leaves it off; the alert turns it on 1 s after it fires.
 */
function overloadStory(action: unknown) {
  return {
    id: 'slo-action',
    title: 'SLO action',
    durationMs: 30_000,
    clients: [
      { name: 'users', target: 'api', arrival: { kind: 'constant', ratePerSec: 80 }, timeoutMs: 200 },
    ],
    services: [
      {
        name: 'api',
        replicas: 1,
        concurrency: 1,
        serviceTime: { kind: 'constant', valueMs: 10 },
        shedding: { kind: 'queue-length', maxQueue: 5, enabled: false },
      },
    ],
    faults: [
      { kind: 'latency', name: 'slow', atMs: 10_000, durationMs: 10_000, service: 'api', multiply: 2 },
    ],
    slos: [{ name: 'avail', client: 'users', objective: { kind: 'availability', target: 0.99 } }],
    alerts: [
      {
        name: 'page',
        slo: 'avail',
        rule: { longWindowMs: 5000, shortWindowMs: 1000, burnRate: 10 },
        evaluationPeriodMs: 500,
        action,
      },
    ],
  };
}

describe('an alert that acts: enable-shedding', () => {
  const without = run(overloadStory(null));
  const withAction = run(overloadStory({ kind: 'enable-shedding', service: 'api', delayMs: 1000 }));

  it('turns on the declared shedding delayMs after firing, and time to mitigate is measured', () => {
    const page = withAction.summary.alerts.page;
    expect(page.fired[0].atMs).toBe(11_000);
    expect(page.timeToDetectMs).toBe(1000);
    expect(page.actionAtMs).toBe(12_000);
    expect(page.timeToMitigateMs).toBe(2000);
    const action = withAction.summary.controlEvents.find((e) => e.kind === 'alert-action');
    expect(action).toEqual({
      atMs: 12_000,
      kind: 'alert-action',
      service: 'api',
      replica: null,
      source: 'page',
      detail: { action: 'enable-shedding', shedding: 'queue-length', changed: 1 },
    });
    expect(without.summary.alerts.page.timeToMitigateMs).toBeNull();
    expect(without.summary.alerts.page.actionAtMs).toBeNull();
  });

  it('changes goodput after the action: shed requests let the rest finish in time', () => {
    const g0 = without.series.clients.users.goodputPerSec;
    const g1 = withAction.series.clients.users.goodputPerSec;
    // Identical up to the action (same arrivals, same fault).
    expect(g1.slice(0, 12)).toEqual(g0.slice(0, 12));
    expect(without.summary.services.api.errors.shed).toBe(0);
    expect(withAction.summary.services.api.errors.shed).toBeGreaterThan(0);
    // During the rest of the fault the worker serves 50/s that all succeed; without shedding, none.
    expect(g1.slice(14, 20)).toEqual([50, 50, 50, 50, 50, 50]);
    expect(g0.slice(14, 20)).toEqual([0, 0, 0, 0, 0, 0]);
    // After the fault: back to the offered 80/s, while without the action the backlog still times out.
    expect(g1.slice(21)).toEqual(new Array(9).fill(80));
    expect(g0.slice(21)).toEqual(new Array(9).fill(0));
    expect(withAction.summary.slos.avail.errorBudgetSpent).toBeLessThan(
      without.summary.slos.avail.errorBudgetSpent,
    );
    expect(withAction.summary.alerts.page.fired).toEqual([{ atMs: 11_000, clearedAtMs: 21_000 }]);
    expect(without.summary.alerts.page.firing).toBe(true);
  });
});

describe("an alert's action undone when it clears (until: 'cleared')", () => {
  /** The overload story twice: slow from 10 s to 20 s and again from 30 s to 35 s, over 45 s. */
  const twice = (until: string) => {
    const doc = overloadStory({ kind: 'enable-shedding', service: 'api', delayMs: 1000, until });
    return run({
      ...doc,
      durationMs: 45_000,
      faults: [
        ...doc.faults,
        { kind: 'latency', name: 'again', atMs: 30_000, durationMs: 5000, service: 'api', multiply: 2 },
      ],
    });
  };
  const cleared = twice('cleared');
  const forever = twice('forever');
  const alertEvents = (r: RunResult) =>
    r.summary.controlEvents
      .filter((e) => e.kind.startsWith('alert-'))
      .map((e) => `${e.atMs} ${e.kind} ${e.detail.changed ?? ''}`.trim());

  it('turns shedding back off delayMs after the clearing, and on again at the next firing', () => {
    expect(alertEvents(cleared)).toEqual([
      '11000 alert-fired',
      '12000 alert-action 1',
      '21000 alert-cleared',
      '22000 alert-action-ended 1',
      '31000 alert-fired',
      '32000 alert-action 1',
      '36000 alert-cleared',
      '37000 alert-action-ended 1',
    ]);
    expect(cleared.summary.alerts.page.actions).toEqual([
      { atMs: 12_000, endedAtMs: 22_000 },
      { atMs: 32_000, endedAtMs: 37_000 },
    ]);
    expect(cleared.summary.alerts.page.actionAtMs).toBe(12_000);
    const ended = cleared.summary.controlEvents.find((e) => e.kind === 'alert-action-ended');
    expect(ended).toEqual({
      atMs: 22_000,
      kind: 'alert-action-ended',
      service: 'api',
      replica: null,
      source: 'page',
      detail: { action: 'enable-shedding', shedding: 'queue-length', changed: 1 },
    });
  });

  it('once: fired at 11 s, cleared at 21 s, shedding off from 22 s, one alert-action-ended', () => {
    const doc = overloadStory({ kind: 'enable-shedding', service: 'api', delayMs: 1000, until: 'cleared' });
    const sim = new Simulation(parse(doc));
    const shedding = () => sim.world.services[0].shedding?.kind ?? 'off';
    const states: string[] = [];
    for (const t of [11_999, 12_000, 21_000, 21_999, 22_000, 30_000]) {
      sim.advance(t);
      states.push(`${t} ${shedding()}`);
    }
    // On from the action (12 s) to the undo, delayMs after the clearing (21 s + 1 s).
    expect(states).toEqual([
      '11999 off',
      '12000 queue-length',
      '21000 queue-length',
      '21999 queue-length',
      '22000 off',
      '30000 off',
    ]);
    const r = sim.result();
    expect(r.summary.alerts.page.fired).toEqual([{ atMs: 11_000, clearedAtMs: 21_000 }]);
    expect(r.summary.alerts.page.actions).toEqual([{ atMs: 12_000, endedAtMs: 22_000 }]);
    expect(r.summary.controlEvents.filter((e) => e.kind === 'alert-action-ended').map((e) => e.atMs)).toEqual(
      [22_000],
    );
    // Up to the undo the run is the 'forever' one; after it, arrivals are no longer shed.
    const forever = run(overloadStory({ kind: 'enable-shedding', service: 'api', delayMs: 1000 }));
    expect(r.series.services.api.errorsPerSec.shed.slice(0, 22)).toEqual(
      forever.series.services.api.errorsPerSec.shed.slice(0, 22),
    );
    expect(r.series.services.api.errorsPerSec.shed.slice(22)).toEqual(new Array(8).fill(0));
  });

  it("'forever' keeps today's behaviour: shedding stays on, so the second firing changes nothing", () => {
    // With shedding on, the second slowdown's errors are sheds only: the alert fires 500 ms later.
    expect(alertEvents(forever)).toEqual([
      '11000 alert-fired',
      '12000 alert-action 1',
      '21000 alert-cleared',
      '31500 alert-fired',
      '32500 alert-action 0',
      '36000 alert-cleared',
    ]);
    expect(forever.summary.alerts.page.actions).toEqual([
      { atMs: 12_000, endedAtMs: null },
      { atMs: 32_500, endedAtMs: null },
    ]);
    // Same run as without `until` (the default), event for event.
    const doc = overloadStory({ kind: 'enable-shedding', service: 'api', delayMs: 1000 });
    const byDefault = run({
      ...doc,
      durationMs: 45_000,
      faults: [
        ...doc.faults,
        { kind: 'latency', name: 'again', atMs: 30_000, durationMs: 5000, service: 'api', multiply: 2 },
      ],
    });
    expect(byDefault.traceHash).toBe(forever.traceHash);
  });
});

describe('alerts and determinism', () => {
  it('gives the same trace hash for the same seed, run twice', () => {
    const a = run(overloadStory({ kind: 'enable-shedding', service: 'api', delayMs: 0 }), 7);
    const b = run(overloadStory({ kind: 'enable-shedding', service: 'api', delayMs: 0 }), 7);
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.summary).toEqual(b.summary);
  });

  it('gives the same result advanced in slices as in one go', () => {
    const scenario = parse(overloadStory({ kind: 'enable-shedding', service: 'api', delayMs: 1000 }));
    const whole = runScenario(scenario);
    const sim = new Simulation(scenario);
    while (!sim.done) sim.advance(sim.now + 333);
    const sliced = sim.result();
    expect(sliced.traceHash).toBe(whole.traceHash);
    expect(sliced.summary.alerts).toEqual(whole.summary.alerts);
    expect(sliced.summary.slos).toEqual(whole.summary.slos);
  });

  it('costs a scenario nothing until it has an alert: SLOs alone add no event', () => {
    const plain = run({ ...errorsStory(), slos: [], alerts: [] });
    const slosOnly = run({ ...errorsStory(), alerts: [] });
    expect(slosOnly.traceHash).toBe(plain.traceHash);
    expect(slosOnly.events).toBe(plain.events);
    // Alerts without an action add their evaluations (2 alerts x 40) to the trace, nothing else.
    const alerted = run(errorsStory());
    expect(alerted.traceHash).not.toBe(plain.traceHash);
    expect(alerted.events - plain.events).toBe(2 * 40);
    expect(alerted.summary.clients).toEqual(plain.summary.clients);
  });
});
