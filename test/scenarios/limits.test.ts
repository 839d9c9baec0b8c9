import { describe, expect, it } from 'vitest';
import {
  applyOverrides,
  formatErrors,
  parseScenario,
  parseScenarioJson,
} from '../../scenarios/schema/index.ts';
import { resolveScenario } from '../../scenarios/schema/resolve.ts';
import {
  MAX_CALL_DEPTH,
  MAX_NESTING,
  MAX_REPLICAS,
  MAX_SERVICES,
  MAX_USERS,
} from '../../sim-core/scenario/limits.ts';
import { minimal } from './scenario-helpers.ts';

function errorsOf(input: unknown): string[] {
  const r = parseScenario(input);
  return r.ok ? [] : r.errors.map((e) => formatErrors([e]));
}

const constant = { kind: 'constant', valueMs: 1 };

/** A chain of `n` services, s0 -> s1 -> ... -> s(n-1), each with one replica. */
function chain(n: number): Record<string, unknown> {
  return {
    ...minimal(),
    clients: [{ name: 'users', target: 's0', arrival: { kind: 'poisson', ratePerSec: 1 } }],
    services: Array.from({ length: n }, (_, i) => ({
      name: `s${i}`,
      serviceTime: constant,
      calls: i + 1 < n ? [{ service: `s${i + 1}` }] : [],
    })),
  };
}

describe('the limits the engine can hold', () => {
  it('are the documented numbers', () => {
    expect([MAX_REPLICAS, MAX_SERVICES, MAX_USERS, MAX_CALL_DEPTH, MAX_NESTING]).toEqual([
      10_000, 2_000, 1_000_000, 100, 64,
    ]);
  });

  it('refuse too many replicas, users and burst requests, naming the field, the value and the limit', () => {
    const s = minimal();
    s['services'] = [{ name: 'api', replicas: 70_000, serviceTime: constant }];
    s['clients'] = [
      { name: 'users', target: 'api', arrival: { kind: 'closed', users: 10_000_000, thinkTime: constant } },
    ];
    s['faults'] = [{ kind: 'client-burst', client: 'users', atMs: 1, requests: 20_000_000 }];
    expect(errorsOf(s)).toEqual([
      'services[0].replicas: found 70000; allowed: an integer from 1 to 10000 (the most replicas per service the engine holds)',
      '(root): found 70001 nodes (1 client + 70000 replicas + 0 queues); allowed: at most 50000 nodes in all (the most the engine holds)',
      'clients[0].arrival.users: found 10000000; allowed: an integer from 1 to 1000000 (the most users per client the engine holds)',
      'faults[0].requests: found 20000000; allowed: an integer from 1 to 1000000 (the most burst requests the engine holds)',
    ]);
  });

  it('count users of every closed-loop and once client together', () => {
    const s = minimal();
    s['clients'] = [
      { name: 'a', target: 'api', arrival: { kind: 'closed', users: 600_000, thinkTime: constant } },
      { name: 'b', target: 'api', arrival: { kind: 'once', users: 600_000, atMs: 0 } },
    ];
    expect(errorsOf(s)).toEqual([
      'clients: found 1200000 users in all; allowed: at most 1000000 users in all (the most the engine holds: each user waits on a pending event)',
    ]);
  });

  it('refuse 100,000 clients and an empirical distribution of 200,000 samples', () => {
    const s = minimal();
    s['clients'] = Array.from({ length: 100_000 }, (_, i) => ({
      name: `c${i}`,
      target: 'api',
      arrival: { kind: 'poisson', ratePerSec: 1 },
    }));
    s['services'] = [
      { name: 'api', serviceTime: { kind: 'empirical', samplesMs: new Array(200_000).fill(1) } },
    ];
    expect(errorsOf(s)).toEqual([
      'services[0].serviceTime.samplesMs: found 200000 samples; allowed: at most 100000 samples (the most the engine holds)',
      'clients: found 100000 clients; allowed: at most 10000 clients (the most the engine holds)',
      '(root): found 100001 nodes (100000 clients + 1 replica + 0 queues); allowed: at most 50000 nodes in all (the most the engine holds)',
    ]);
  });

  it(`accept a call chain ${MAX_CALL_DEPTH} deep and refuse one deeper, once, where the chain starts`, () => {
    expect(errorsOf(chain(MAX_CALL_DEPTH))).toEqual([]);
    expect(errorsOf(chain(MAX_CALL_DEPTH + 1))).toEqual([
      'services[0].calls: found calls 101 services and queues deep ("s0" -> "s1" -> "s2" -> … -> "s100"); allowed: at most 100 services and queues on the longest chain of calls (the most the engine holds)',
    ]);
  });

  it('check a chain of 5,000 services without overflowing the stack (and a cycle in it)', () => {
    const deep = chain(5_000);
    const errors = errorsOf(deep);
    expect(errors).toContain(
      'services[0].calls: found calls 5000 services and queues deep ("s0" -> "s1" -> "s2" -> … -> "s4999"); allowed: at most 100 services and queues on the longest chain of calls (the most the engine holds)',
    );
    expect(errors).toContain(
      'services: found 5000 services; allowed: at most 2000 services (the most the engine holds)',
    );
    const services = deep['services'] as { calls: { service: string }[] }[];
    services[4_999].calls = [{ service: 's0' }];
    const cyclic = errorsOf(deep);
    expect(cyclic[0]).toMatch(
      /^services\[4999\]\.calls\[0\]\.service: calls form a cycle: s0 -> s1 -> .* -> s4999 -> s0;/,
    );
  });
});

describe('data nested too deeply', () => {
  const nested = (levels: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = [v];
    return v;
  };

  it(`is refused past ${MAX_NESTING} levels with the path, before any copy (no "--set" blamed)`, () => {
    const s = { ...minimal(), description: nested(10_000) };
    const r = resolveScenario(s, []);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.stage).toBe('scenario');
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].path).toBe(`description${'[0]'.repeat(MAX_NESTING - 1)}`);
      expect(r.errors[0].message).toBe(
        'nested too deeply: more than 64 levels of objects and arrays; allowed: at most 64 levels',
      );
    }
    // Written out by hand: JSON.stringify itself would overflow the stack on 10,000 levels.
    const text = JSON.stringify(minimal()).replace(
      /}$/,
      `,"description":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`,
    );
    const fromText = parseScenarioJson(text, 'deep.json', ['seed=2']);
    expect(fromText.ok ? [] : fromText.errors.map((e) => e.message)).toEqual([
      'nested too deeply: more than 64 levels of objects and arrays; allowed: at most 64 levels',
    ]);
  });

  it('a scenario as deep as the limit still parses (as a description it is the schema’s to refuse)', () => {
    const s = { ...minimal(), description: nested(MAX_NESTING - 1) };
    expect(errorsOf(s)).toEqual([
      `description: found ${JSON.stringify(nested(MAX_NESTING - 1)).slice(0, 59)}…; allowed: a string`,
    ]);
    expect(applyOverrides(s, ['seed=2']).ok).toBe(true);
  });
});

describe('a seed beyond 2^53', () => {
  it('gives the whole allowed range and says the value may have been rounded', () => {
    const r = parseScenarioJson(
      JSON.stringify({ ...minimal(), seed: 1 }).replace('"seed":1', '"seed":9007199254740993'),
      'f.json',
    );
    expect(r.ok ? [] : r.errors.map((e) => formatErrors([e]))).toEqual([
      'seed: found 9007199254740992 (or a number that rounds to it: integers beyond 9007199254740991 are not exact); allowed: an integer in [0, 9007199254740991]',
    ]);
  });
});
