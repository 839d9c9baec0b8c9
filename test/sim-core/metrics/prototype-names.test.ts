import { describe, expect, it } from 'vitest';
import { evaluateHypotheses } from '../../../sim-core/hypotheses/evaluate.ts';
import { resolveMetric } from '../../../sim-core/hypotheses/resolve.ts';
import { byName, ownEntry } from '../../../sim-core/metrics/by-name.ts';
import { runScenario } from '../../../sim-core/run/simulation.ts';
import {
  clientsNamedLikePrototype as clientScenario,
  PROTOTYPE_NAMES,
  servicesNamedLikePrototype as serviceScenario,
} from '../../support/prototype-names.ts';
import { parse } from '../../support/scenarios.ts';

const clientsNamedLikePrototype = () => parse(clientScenario());
const servicesNamedLikePrototype = () => parse(serviceScenario());

describe('names that are also Object.prototype properties', () => {
  it('covers __proto__, constructor and the rest of Object.prototype', () => {
    expect(PROTOTYPE_NAMES).toEqual(
      expect.arrayContaining(['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']),
    );
    expect(PROTOTYPE_NAMES.length).toBeGreaterThanOrEqual(12);
  });

  it('keeps every such client in the summary and the series, with its edge', () => {
    const s = clientsNamedLikePrototype();
    const r = runScenario(s);
    expect(Object.keys(r.summary.clients)).toEqual(PROTOTYPE_NAMES);
    expect(Object.keys(r.series.clients)).toEqual(PROTOTYPE_NAMES);
    PROTOTYPE_NAMES.forEach((name, i) => {
      expect(Object.hasOwn(r.summary.clients, name)).toBe(true);
      expect(r.summary.clients[name].offered).toBe(10);
      expect(r.summary.clients[name].succeeded).toBe(10);
      expect(r.series.clients[name].offeredPerSec).toEqual([10, 10]);
      expect(r.summary.edges[`${name}->s${i}`].calls).toBe(10);
    });
    // The JSON a user reads holds them too, and parses back to the same names.
    const parsed = JSON.parse(JSON.stringify(r));
    expect(Object.keys(parsed.summary.clients)).toEqual(PROTOTYPE_NAMES);
    expect(Object.hasOwn(parsed.summary.clients, '__proto__')).toBe(true);
  });

  it('keeps every such service in the summary and the series', () => {
    const r = runScenario(servicesNamedLikePrototype());
    expect(Object.keys(r.summary.services)).toEqual(PROTOTYPE_NAMES);
    expect(Object.keys(r.series.services)).toEqual(PROTOTYPE_NAMES);
    for (const name of PROTOTYPE_NAMES) {
      expect(r.summary.services[name].attempts).toBe(10);
      expect(r.summary.services[name].latencyMs.p50).toBe(10);
      expect(r.series.services[name].attemptsPerSec).toEqual([10, 10]);
    }
    expect(Object.keys(r.summary.edges)).toEqual(PROTOTYPE_NAMES.map((name, i) => `u${i}->${name}`));
  });

  it('evaluates a hypothesis on each of them, on the result and on its JSON copy', () => {
    for (const s of [clientsNamedLikePrototype(), servicesNamedLikePrototype()]) {
      const r = runScenario(s);
      for (const result of [r, JSON.parse(JSON.stringify(r)), structuredClone(r)]) {
        const outcomes = evaluateHypotheses(s, result);
        expect(outcomes.map((o) => [o.name, o.passed, o.measured])).toEqual(
          s.hypotheses.map((h) => [h.name, true, 10]),
        );
      }
    }
  });

  it('says an entity does not exist rather than resolving to Object.prototype', () => {
    const r = runScenario(clientsNamedLikePrototype());
    const plain = JSON.parse(JSON.stringify(runScenario(servicesNamedLikePrototype())));
    for (const name of PROTOTYPE_NAMES) {
      // r's services are s0, s1, ..., so each of these lookups names a service that does not exist.
      const m = resolveMetric(r, `services.${name}.attempts`);
      expect(m.ok, `services.${name}.attempts`).toBe(false);
      if (!m.ok) expect(m.error).toContain(`summary.services has no '${name}'`);
      const c = resolveMetric(plain, `clients.${name}.goodputPerSec`, 'series');
      expect(c.ok, `clients.${name}.goodputPerSec`).toBe(false);
      // Top-level lookups too: `constructor` is no field of the summary or the result.
      expect(resolveMetric(r, name).ok).toBe(false);
    }
  });
});

describe('byName and ownEntry', () => {
  it('store a __proto__ entry as data, and find only own entries', () => {
    const o = byName<number>();
    for (const [i, name] of PROTOTYPE_NAMES.entries()) o[name] = i;
    expect(Object.keys(o)).toEqual(PROTOTYPE_NAMES);
    expect(JSON.parse(JSON.stringify(o))).toEqual(Object.fromEntries(PROTOTYPE_NAMES.map((n, i) => [n, i])));
    const empty = byName<number>();
    const parsed: Record<string, number> = JSON.parse('{"__proto__": 7}');
    for (const name of PROTOTYPE_NAMES) {
      expect(ownEntry(empty, name)).toBeUndefined();
      expect(ownEntry({}, name)).toBeUndefined();
    }
    expect(ownEntry(parsed, '__proto__')).toBe(7);
    expect(ownEntry(parsed, 'constructor')).toBeUndefined();
    expect(ownEntry(undefined, 'toString')).toBeUndefined();
  });
});
