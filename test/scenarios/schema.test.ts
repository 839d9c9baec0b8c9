import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOverrides,
  formatErrors,
  locateJsonError,
  parseJson,
  parseScenario,
  parseScenarioJson,
  SCENARIO_SCHEMA_ID,
  scenarioJsonSchema,
  type ValidationError,
} from '../../scenarios/schema/index.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import {
  CALL_POLICY_DEFAULTS,
  errorsOf,
  minimal,
  resolved,
  scenarioOf,
  service,
  withFields,
} from './scenario-helpers.ts';

function withServiceTime(serviceTime: unknown): Record<string, unknown> {
  return withFields({ services: [{ name: 'api', serviceTime }] });
}

describe('parseScenario: defaults', () => {
  it('fills in every default of a minimal scenario', () => {
    const expected: Scenario = {
      id: 'minimal',
      title: 'Minimal',
      description: '',
      seed: 1,
      durationMs: 10_000,
      metrics: { bucketMs: 1000, warmupMs: 0 },
      budget: { maxEvents: 200_000_000, maxInFlight: 1_000_000 },
      clients: [
        {
          name: 'users',
          target: 'api',
          arrival: { kind: 'poisson', ratePerSec: 50 },
          tier: 0,
          keys: null,
          zone: null,
          ...CALL_POLICY_DEFAULTS,
        },
      ],
      services: [
        {
          name: 'api',
          replicas: 1,
          loadBalancer: 'round-robin',
          concurrency: 1,
          queue: { capacity: null, discipline: 'fifo' },
          serviceTime: { kind: 'exponential', meanMs: 10 },
          callMode: 'sequential',
          calls: [],
          zones: [],
          zoneAware: null,
          store: null,
          rateLimit: null,
          shedding: null,
          adaptiveLimit: null,
          outlierDetection: null,
          healthCheck: null,
          probes: null,
          restartDelayMs: 1000,
          restartPolicy: null,
          coldStart: null,
          cache: null,
          errorProbability: 0,
          writes: false,
          optimisticConcurrency: false,
          replicaOverrides: [],
          autoscaling: null,
          failover: null,
          versions: [],
          deployment: null,
        },
      ],
      network: { latency: { kind: 'constant', valueMs: 0 }, loss: 0, links: [], crossZone: null },
      clocks: [],
      queues: [],
      faults: [],
      slos: [],
      alerts: [],
      hypotheses: [],
      lesson: null,
      params: [],
    };
    expect(parseScenario(minimal())).toEqual({ ok: true, scenario: expected });
  });

  it('fills defaults inside partly given objects and list elements', () => {
    const s = resolved({
      metrics: { warmupMs: 500 },
      services: [service('api', ['db']), service('db', [], { queue: { capacity: 10 } })],
      network: { loss: 0.01, links: [{ from: 'api', to: 'db' }] },
      clocks: [{ node: 'db/0' }],
    });
    expect(s.metrics).toEqual({ bucketMs: 1000, warmupMs: 500 });
    expect(s.services[0].calls).toEqual([{ service: 'db', ...CALL_POLICY_DEFAULTS }]);
    expect(s.services[1].queue).toEqual({ capacity: 10, discipline: 'fifo' });
    expect(s.network).toEqual({
      latency: { kind: 'constant', valueMs: 0 },
      loss: 0.01,
      links: [{ from: 'api', to: 'db' }],
      crossZone: null,
    });
    expect(s.clocks).toEqual([{ node: 'db/0', offsetMs: 0, driftPpm: 0 }]);
  });

  it('is idempotent: a resolved scenario parses to itself', () => {
    const full = resolved({
      services: [service('api', ['db'], { replicas: 3 }), service('db')],
      clients: [
        {
          name: 'users',
          target: 'api',
          arrival: { kind: 'closed', users: 20, thinkTime: { kind: 'lognormal', meanMs: 100, p99Ms: 900 } },
          timeoutMs: 2000,
          tier: 1,
        },
      ],
      clocks: [{ node: 'api/2', offsetMs: -50, driftPpm: 200 }],
    });
    expect(scenarioOf(full)).toEqual(full);
  });

  it('gives fresh default objects on every parse, so one run cannot change another', () => {
    const a = scenarioOf(minimal());
    const b = scenarioOf(minimal());
    expect(a.network.latency).not.toBe(b.network.latency);
    expect(a.services[0].calls).not.toBe(b.services[0].calls);
  });

  it('ignores a top-level $schema string and never mutates its input', () => {
    const input = withFields({ $schema: './scenario.schema.json' });
    const before = structuredClone(input);
    expect(scenarioOf(input)).toEqual(scenarioOf(minimal()));
    expect(input).toEqual(before);
  });

  it('accepts every arrival and distribution kind', () => {
    const arrivals = [
      { kind: 'poisson', ratePerSec: 1 },
      { kind: 'constant', ratePerSec: 1 },
      { kind: 'on-off', ratePerSec: 10, offRatePerSec: 0, onMs: 100, offMs: 900 },
      { kind: 'ramp', fromPerSec: 0, toPerSec: 100, overMs: 5000 },
      { kind: 'closed', users: 3, thinkTime: { kind: 'constant', valueMs: 0 } },
      { kind: 'once', users: 100, atMs: 0 },
    ];
    const distributions = [
      { kind: 'constant', valueMs: 0 },
      { kind: 'exponential', meanMs: 1 },
      { kind: 'uniform', minMs: 1, maxMs: 1 },
      { kind: 'normal', meanMs: 5, stdDevMs: 1 },
      { kind: 'lognormal', meanMs: 10, p99Ms: 100 },
      { kind: 'lognormal', mu: 2, sigma: 0.5 },
      {
        kind: 'hyperexponential',
        branches: [
          { p: 0.9, meanMs: 1 },
          { p: 0.1, meanMs: 100 },
        ],
      },
      { kind: 'empirical', samplesMs: [1, 2, 3] },
      {
        kind: 'empirical',
        cdf: [
          { valueMs: 0, p: 0 },
          { valueMs: 10, p: 0.5 },
          { valueMs: 10, p: 1 },
        ],
      },
    ];
    for (const arrival of arrivals) {
      scenarioOf(withFields({ clients: [{ name: 'users', target: 'api', arrival }] }));
    }
    for (const serviceTime of distributions) scenarioOf(withServiceTime(serviceTime));
  });
});

const SERVICE_FIELDS = [
  'name, replicas, loadBalancer, concurrency, queue, serviceTime, callMode, calls, zones, zoneAware, store',
  'rateLimit, shedding, adaptiveLimit, outlierDetection, healthCheck, probes, restartDelayMs, restartPolicy, coldStart, cache',
  'errorProbability, writes, optimisticConcurrency, replicaOverrides, autoscaling, failover, versions, deployment',
].join(', ');

describe('parseScenario: schema errors', () => {
  const cases: [string, unknown, ValidationError][] = [
    [
      'an unknown arrival kind',
      withFields({ clients: [{ name: 'users', target: 'api', arrival: { kind: 'poison', ratePerSec: 1 } }] }),
      {
        path: 'clients[0].arrival.kind',
        message:
          'found "poison"; allowed: "poisson", "constant", "on-off", "ramp", "closed", "once"; did you mean "poisson"?',
        found: '"poison"',
        allowed: '"poisson", "constant", "on-off", "ramp", "closed", "once"',
      },
    ],
    [
      'zero replicas',
      withFields({ services: [service('api', [], { replicas: 0 })] }),
      {
        path: 'services[0].replicas',
        message: 'found 0; allowed: an integer >= 1',
        found: '0',
        allowed: 'an integer >= 1',
      },
    ],
    [
      'a fractional concurrency',
      withFields({ services: [service('api', [], { concurrency: 2.5 })] }),
      {
        path: 'services[0].concurrency',
        message: 'found 2.5; allowed: an integer >= 1',
        found: '2.5',
        allowed: 'an integer >= 1',
      },
    ],
    [
      'a typo in a field name',
      withFields({ services: [service('api', [], { replicaz: 2 })] }),
      {
        path: 'services[0].replicaz',
        message: `unknown field; allowed fields: ${SERVICE_FIELDS}; did you mean "replicas"?`,
        found: '"replicaz"',
        allowed: SERVICE_FIELDS,
      },
    ],
    [
      'a negative queue capacity',
      withFields({ services: [service('api', [], { queue: { capacity: -1 } })] }),
      {
        path: 'services[0].queue.capacity',
        message: 'found -1; allowed: an integer >= 0 or null',
        found: '-1',
        allowed: 'an integer >= 0 or null',
      },
    ],
    [
      'an unknown load balancer',
      withFields({ services: [service('api', [], { loadBalancer: 'rr' })] }),
      {
        path: 'services[0].loadBalancer',
        message: 'found "rr"; allowed: "round-robin", "random", "least-outstanding", "power-of-two"',
        found: '"rr"',
        allowed: '"round-robin", "random", "least-outstanding", "power-of-two"',
      },
    ],
    [
      'a loss probability above 1',
      withFields({ network: { loss: 1.5 } }),
      {
        path: 'network.loss',
        message: 'found 1.5; allowed: a number in [0, 1]',
        found: '1.5',
        allowed: 'a number in [0, 1]',
      },
    ],
    [
      'a missing service time',
      withFields({ services: [{ name: 'api' }] }),
      {
        path: 'services[0].serviceTime',
        message:
          'missing required field; allowed: an object with "kind" one of "constant", "exponential", "uniform", "normal", "lognormal", "hyperexponential", "empirical"',
        allowed:
          'an object with "kind" one of "constant", "exponential", "uniform", "normal", "lognormal", "hyperexponential", "empirical"',
      },
    ],
    [
      'a missing distribution kind',
      withServiceTime({ meanMs: 3 }),
      {
        path: 'services[0].serviceTime.kind',
        message:
          'missing required field; allowed: "constant", "exponential", "uniform", "normal", "lognormal", "hyperexponential", "empirical"',
        allowed:
          '"constant", "exponential", "uniform", "normal", "lognormal", "hyperexponential", "empirical"',
      },
    ],
    [
      'a missing field of a distribution',
      withServiceTime({ kind: 'exponential' }),
      {
        path: 'services[0].serviceTime.meanMs',
        message: 'missing required field; allowed: a number > 0',
        allowed: 'a number > 0',
      },
    ],
    [
      'a name with a slash',
      withFields({ clients: [{ name: 'a/b', target: 'api', arrival: { kind: 'poisson', ratePerSec: 1 } }] }),
      {
        path: 'clients[0].name',
        message: 'found "a/b"; allowed: a string matching /^[A-Za-z0-9_-]+$/',
        found: '"a/b"',
        allowed: 'a string matching /^[A-Za-z0-9_-]+$/',
      },
    ],
    [
      'a bad id',
      withFields({ id: 'Retry Storm' }),
      {
        path: 'id',
        message: 'found "Retry Storm"; allowed: a string matching /^[a-z0-9][a-z0-9-]*$/',
        found: '"Retry Storm"',
        allowed: 'a string matching /^[a-z0-9][a-z0-9-]*$/',
      },
    ],
    [
      'a NaN rate (from a JS caller)',
      withFields({
        clients: [{ name: 'users', target: 'api', arrival: { kind: 'poisson', ratePerSec: Number.NaN } }],
      }),
      {
        path: 'clients[0].arrival.ratePerSec',
        message: 'found NaN; allowed: a number > 0',
        found: 'NaN',
        allowed: 'a number > 0',
      },
    ],
    [
      'a zero duration',
      withFields({ durationMs: 0 }),
      { path: 'durationMs', message: 'found 0; allowed: a number > 0', found: '0', allowed: 'a number > 0' },
    ],
    [
      'no clients',
      withFields({ clients: [] }),
      {
        path: 'clients',
        message: 'found []; allowed: a non-empty list',
        found: '[]',
        allowed: 'a non-empty list',
      },
    ],
    [
      'a clock that runs backwards',
      withFields({ clocks: [{ node: 'api', driftPpm: -1_000_000 }] }),
      {
        path: 'clocks[0].driftPpm',
        message: 'found -1000000; allowed: a number > -1000000 and <= 1000000',
        found: '-1000000',
        allowed: 'a number > -1000000 and <= 1000000',
      },
    ],
    [
      'not an object at all',
      'hello',
      { path: '', message: 'found "hello"; allowed: an object', found: '"hello"', allowed: 'an object' },
    ],
  ];
  it.each(cases)('reports %s', (_label, input, expected) => {
    expect(errorsOf(input)).toEqual([expected]);
  });

  it('reports every error at once, schema and semantic together', () => {
    const errors = errorsOf({
      id: 'bad id',
      title: 'Many errors',
      durationMs: 1000,
      extra: true,
      clients: [{ name: 'users', target: 'nowhere', arrival: { kind: 'poisson', ratePerSec: -1 } }],
      services: [service('api', [], { replicas: 0 }), service('api')],
      metrics: { warmupMs: 1000 },
    });
    expect(errors.map((e) => e.path)).toEqual([
      'id',
      'clients[0].arrival.ratePerSec',
      'services[0].replicas',
      'extra',
      'services[1].name',
      'clients[0].target',
      'metrics.warmupMs',
    ]);
  });

  it('lists every missing required field of an empty object', () => {
    expect(formatErrors(errorsOf({}))).toBe(
      [
        'id: missing required field; allowed: a string matching /^[a-z0-9][a-z0-9-]*$/',
        'title: missing required field; allowed: a non-empty string',
        'durationMs: missing required field; allowed: a number > 0',
        'clients: missing required field; allowed: a non-empty list',
        'services: missing required field; allowed: a non-empty list',
      ].join('\n'),
    );
  });

  it('formats one line per error, with (root) for the whole input', () => {
    expect(formatErrors([])).toBe('');
    expect(formatErrors(errorsOf(7))).toBe('(root): found 7; allowed: an object');
  });
});

describe('parseScenario: semantic errors', () => {
  it('reports a client target that names no service', () => {
    expect(
      errorsOf(
        withFields({
          clients: [{ name: 'users', target: 'apx', arrival: { kind: 'poisson', ratePerSec: 1 } }],
        }),
      ),
    ).toEqual([
      {
        path: 'clients[0].target',
        message: 'found "apx"; allowed: a service or queue name: "api"; did you mean "api"?',
        found: '"apx"',
        allowed: 'a service or queue name: "api"',
      },
    ]);
  });

  it('says when a target names a client rather than a service', () => {
    const errors = errorsOf(
      withFields({
        clients: [
          { name: 'users', target: 'api', arrival: { kind: 'poisson', ratePerSec: 1 } },
          { name: 'bots', target: 'users', arrival: { kind: 'poisson', ratePerSec: 1 } },
        ],
      }),
    );
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'clients[1].target: found "users"; allowed: a service or queue name: "api" ("users" is a client, not a service or queue)',
    ]);
  });

  it('reports a call to an unknown service', () => {
    const errors = errorsOf(withFields({ services: [service('api', ['db'])] }));
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'services[0].calls[0].service: found "db"; allowed: a service or queue name: "api"',
    ]);
  });

  it('reports a call cycle with its members', () => {
    const errors = errorsOf(
      withFields({ services: [service('api', ['db']), service('db', ['cache', 'api']), service('cache')] }),
    );
    expect(errors).toEqual([
      {
        path: 'services[1].calls[1].service',
        message: 'calls form a cycle: api -> db -> api; the call graph must be acyclic',
        found: 'api -> db -> api',
        allowed: 'calls that never lead back to the caller',
      },
    ]);
  });

  it('reports a service that calls itself', () => {
    expect(errorsOf(withFields({ services: [service('api', ['api'])] })).map((e) => e.message)).toEqual([
      'calls form a cycle: api -> api; the call graph must be acyclic',
    ]);
  });

  it('accepts a diamond (shared downstream is not a cycle)', () => {
    resolved({
      services: [service('api', ['a', 'b']), service('a', ['db']), service('b', ['db']), service('db')],
    });
  });

  it('reports duplicate names across clients and services', () => {
    const errors = errorsOf(
      withFields({
        clients: [{ name: 'api', target: 'api', arrival: { kind: 'poisson', ratePerSec: 1 } }],
        services: [service('api'), service('db'), service('db')],
      }),
    );
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'services[0].name: duplicate name "api", already used at clients[0].name; client, service and queue names must be unique',
      'services[2].name: duplicate name "db", already used at services[1].name; client, service and queue names must be unique',
      // The only "api" service is shadowed by the client, so the target no longer names a service.
      'clients[0].target: found "api"; allowed: a service or queue name: "db" ("api" is a client, not a service or queue)',
    ]);
  });

  it('checks clock nodes: names, replica indexes and duplicates', () => {
    const errors = errorsOf(
      withFields({
        services: [service('api', [], { replicas: 2 })],
        clocks: [
          { node: 'users' },
          { node: 'api' },
          { node: 'api/1' },
          { node: 'api/2' },
          { node: 'api/x' },
          { node: 'nope' },
          { node: 'users/0' },
          { node: 'api' },
        ],
      }),
    );
    const nodes = 'a client or service name ("users", "api") or a replica "service/index"';
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'clocks[3].node: found "api/2"; allowed: a replica of "api" from "api/0" to "api/1" (it has 2 replicas)',
      `clocks[4].node: found "api/x"; allowed: ${nodes}`,
      `clocks[5].node: found "nope"; allowed: ${nodes}`,
      `clocks[6].node: found "users/0"; allowed: ${nodes}`,
      'clocks[7].node: duplicate clock for "api", already given at clocks[1].node',
    ]);
  });

  it('checks that links name clients or services', () => {
    const errors = errorsOf(
      withFields({
        network: {
          links: [
            { from: 'users', to: 'api' },
            { from: 'api', to: 'db' },
          ],
        },
      }),
    );
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'network.links[1].to: found "db"; allowed: a client or service name: "users", "api"',
    ]);
  });

  const lognormalCases: [string, unknown, string[]][] = [
    [
      'both parameter sets',
      { kind: 'lognormal', meanMs: 10, p99Ms: 50, mu: 1 },
      [
        'services[0].serviceTime: lognormal has meanMs, p99Ms, mu; allowed: meanMs and p99Ms, or mu and sigma, not both',
      ],
    ],
    [
      'no parameters',
      { kind: 'lognormal' },
      ['services[0].serviceTime: lognormal has no parameters; allowed: meanMs and p99Ms, or mu and sigma'],
    ],
    [
      'meanMs without p99Ms',
      { kind: 'lognormal', meanMs: 10 },
      ['services[0].serviceTime.p99Ms: missing; lognormal needs meanMs and p99Ms, or mu and sigma'],
    ],
    [
      'sigma without mu',
      { kind: 'lognormal', sigma: 1 },
      ['services[0].serviceTime.mu: missing; lognormal needs meanMs and p99Ms, or mu and sigma'],
    ],
    [
      'p99Ms not above meanMs',
      { kind: 'lognormal', meanMs: 10, p99Ms: 10 },
      [
        'services[0].serviceTime.p99Ms: found 10; allowed: a number > meanMs (10) and <= 149.68 (about 14.97 × meanMs)',
      ],
    ],
    [
      'p99Ms too far above meanMs (no real sigma)',
      { kind: 'lognormal', meanMs: 10, p99Ms: 150 },
      [
        'services[0].serviceTime.p99Ms: found 150; allowed: a number > meanMs (10) and <= 149.68 (about 14.97 × meanMs); no lognormal has a p99 that far above its mean',
      ],
    ],
    [
      'an infinite mean',
      { kind: 'lognormal', mu: 700, sigma: 10 },
      [
        'services[0].serviceTime: mu 700 and sigma 10 give an infinite mean; allowed: exp(mu + sigma²/2) finite',
      ],
    ],
  ];
  it.each(lognormalCases)('reports a lognormal with %s', (_label, serviceTime, expected) => {
    expect(errorsOf(withServiceTime(serviceTime)).map((e) => `${e.path}: ${e.message}`)).toEqual(expected);
  });

  it('accepts the largest p99Ms a lognormal allows', () => {
    scenarioOf(withServiceTime({ kind: 'lognormal', meanMs: 10, p99Ms: 149.68 }));
  });

  const otherDistributionCases: [string, unknown, string[]][] = [
    [
      'an empirical with both samples and cdf',
      { kind: 'empirical', samplesMs: [1], cdf: [{ valueMs: 1, p: 1 }] },
      ['services[0].serviceTime: empirical has both samplesMs and cdf; allowed: either samplesMs or cdf'],
    ],
    [
      'an empirical with neither',
      { kind: 'empirical' },
      ['services[0].serviceTime: empirical has neither samplesMs nor cdf; allowed: either samplesMs or cdf'],
    ],
    [
      'an empirical with no samples',
      { kind: 'empirical', samplesMs: [] },
      ['services[0].serviceTime.samplesMs: found []; allowed: a non-empty list of samples'],
    ],
    [
      'an empirical cdf that goes down and ends below 1',
      {
        kind: 'empirical',
        cdf: [
          { valueMs: 5, p: 0.2 },
          { valueMs: 4, p: 0.6 },
          { valueMs: 9, p: 0.5 },
        ],
      },
      [
        'services[0].serviceTime.cdf[1].valueMs: found 4; allowed: a number >= the previous valueMs (5)',
        'services[0].serviceTime.cdf[2].p: found 0.5; allowed: a number >= the previous p (0.6)',
        'services[0].serviceTime.cdf[2].p: found 0.5; allowed: 1 (the last point)',
      ],
    ],
    [
      'hyperexponential probabilities that do not sum to 1',
      {
        kind: 'hyperexponential',
        branches: [
          { p: 0.5, meanMs: 1 },
          { p: 0.3, meanMs: 2 },
        ],
      },
      ['services[0].serviceTime.branches: branch probabilities sum to 0.8; allowed: a sum of 1'],
    ],
    [
      'a uniform with min above max',
      { kind: 'uniform', minMs: 10, maxMs: 5 },
      ['services[0].serviceTime.maxMs: found 5; allowed: a number >= minMs (10)'],
    ],
  ];
  it.each(otherDistributionCases)('reports %s', (_label, serviceTime, expected) => {
    expect(errorsOf(withServiceTime(serviceTime)).map((e) => `${e.path}: ${e.message}`)).toEqual(expected);
  });

  it('accepts hyperexponential probabilities that sum to 1 up to float rounding', () => {
    const branches = [0.1, 0.2, 0.3, 0.4].map((p) => ({ p, meanMs: 1 }));
    scenarioOf(withServiceTime({ kind: 'hyperexponential', branches }));
  });

  it('checks distributions wherever they appear', () => {
    const bad = { kind: 'uniform', minMs: 2, maxMs: 1 };
    const errors = errorsOf(
      withFields({
        clients: [{ name: 'users', target: 'api', arrival: { kind: 'closed', users: 1, thinkTime: bad } }],
        network: { latency: bad, links: [{ from: 'users', to: 'api', latency: bad }] },
      }),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'clients[0].arrival.thinkTime.maxMs',
      'network.latency.maxMs',
      'network.links[0].latency.maxMs',
    ]);
  });

  it('reports warmupMs not below durationMs, and too many metric buckets', () => {
    const errors = errorsOf(withFields({ durationMs: 1000, metrics: { warmupMs: 1000, bucketMs: 0.0001 } }));
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'metrics.warmupMs: found 1000; allowed: a number >= 0 and < durationMs (1000)',
      'metrics.bucketMs: found 0.0001; allowed: a number >= durationMs / 1000000 (0.001); a series may have at most 1000000 buckets',
    ]);
  });

  it('expands the probe and restart presets, and names a bad probe field, preset or back-off', () => {
    const ok = scenarioOf(
      withFields({
        services: [
          {
            name: 'api',
            serviceTime: { kind: 'constant', valueMs: 1 },
            probes: { liveness: 'kubernetes-default', readiness: { periodMs: 2000 } },
            restartPolicy: 'crash-loop-backoff',
          },
        ],
      }),
    ).services[0];
    expect(ok.probes).toEqual({
      liveness: {
        periodMs: 10_000,
        timeoutMs: 1000,
        failureThreshold: 3,
        successThreshold: 1,
        initialDelayMs: 0,
        costMs: 1,
      },
      readiness: {
        periodMs: 2000,
        timeoutMs: 1000,
        failureThreshold: 3,
        successThreshold: 1,
        initialDelayMs: 0,
        costMs: 1,
      },
      startup: null,
      adminPath: false,
    });
    expect(ok.restartPolicy).toEqual({
      initialMs: 10_000,
      multiplier: 2,
      maxMs: 300_000,
      resetAfterMs: 600_000,
    });
    expect(ok.restartDelayMs).toBe(1000);
    const errors = errorsOf(
      withFields({
        services: [
          {
            name: 'api',
            serviceTime: { kind: 'constant', valueMs: 1 },
            probes: { readiness: 'kubernetes-defaul', liveness: { periodMs: -1 } },
            restartPolicy: { initialMs: 10, maxMs: 5 },
          },
        ],
      }),
    );
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'services[0].probes.readiness: found "kubernetes-defaul"; allowed: a probe preset ("kubernetes-default") or an object or null; did you mean "kubernetes-default"?',
      'services[0].probes.liveness.periodMs: found -1; allowed: a number > 0',
      'services[0].restartPolicy.maxMs: found 5; allowed: a number >= initialMs (10)',
    ]);
  });

  it('still checks semantics in parts that parsed when other parts did not', () => {
    const errors = errorsOf(
      withFields({
        services: [service('api', ['db'], { replicas: 'two' }), service('db', ['api'])],
      }),
    );
    expect(errors.map((e) => e.path)).toEqual(['services[0].replicas', 'services[1].calls[0].service']);
  });

  it('does not report a malformed name twice', () => {
    const errors = errorsOf(
      withFields({
        clients: [{ name: 'users', target: 'a/b', arrival: { kind: 'poisson', ratePerSec: 1 } }],
      }),
    );
    expect(errors.map((e) => e.path)).toEqual(['clients[0].target']);
  });
});

describe('applyOverrides', () => {
  function applied(sets: string[], raw: unknown = minimal()): Record<string, unknown> {
    const result = applyOverrides(raw, sets);
    if (!result.ok) throw new Error(formatErrors(result.errors));
    return result.value as Record<string, unknown>;
  }
  function overrideErrors(sets: string[], raw: unknown = minimal()): string[] {
    const result = applyOverrides(raw, sets);
    if (result.ok) throw new Error('expected the overrides to fail');
    return result.errors.map((e) => `${e.path}: ${e.message}`);
  }

  it('sets a field by index and by name, and the result validates', () => {
    const value = applied([
      'services.0.replicas=3',
      'clients.users.arrival.ratePerSec=900',
      'services.api.concurrency=8',
    ]);
    const s = scenarioOf(value);
    expect(s.services[0].replicas).toBe(3);
    expect(s.services[0].concurrency).toBe(8);
    expect(s.clients[0].arrival).toEqual({ kind: 'poisson', ratePerSec: 900 });
  });

  it('parses JSON values and keeps anything else as a plain string', () => {
    const value = applied([
      'services.api.loadBalancer=random',
      'title="42"',
      'description=a = b',
      'seed=7',
      'clients.users.timeoutMs=null',
      'services.api.queue={"capacity":5,"discipline":"lifo"}',
      'services.api.calls=[]',
      'network.loss=0.25',
    ]);
    const s = scenarioOf(value);
    expect(s.services[0].loadBalancer).toBe('random');
    expect(s.title).toBe('42');
    expect(s.description).toBe('a = b');
    expect(s.seed).toBe(7);
    expect(s.clients[0].timeoutMs).toBeNull();
    expect(s.services[0].queue).toEqual({ capacity: 5, discipline: 'lifo' });
    expect(s.network.loss).toBe(0.25);
  });

  it('creates objects that only exist as defaults', () => {
    expect(
      scenarioOf(applied(['metrics.bucketMs=250', 'services.api.queue.capacity=4'])).services[0].queue,
    ).toEqual({
      capacity: 4,
      discipline: 'fifo',
    });
  });

  it('creates an object where a path goes through null', () => {
    const raw = withFields({ clients: [{ ...(minimal()['clients'] as object[])[0], retry: null }] });
    expect(scenarioOf(applied(['clients.users.retry.maxAttempts=3'], raw)).clients[0].retry).toEqual({
      maxAttempts: 3,
      retryOn: ['failed', 'timedOut', 'rejected', 'shed'],
      backoff: { kind: 'exponential', baseMs: 100, multiplier: 2, capMs: 10_000 },
      jitter: 'full',
      budget: null,
    });
  });

  it('replaces a whole element named in the last segment', () => {
    const value = applied(['services.api={"name":"api","serviceTime":{"kind":"constant","valueMs":3}}']);
    expect(scenarioOf(value).services[0].serviceTime).toEqual({ kind: 'constant', valueMs: 3 });
  });

  it('lets the schema report a new key that is a typo', () => {
    const errors = errorsOf(applied(['services.api.replicaz=2']));
    expect(errors.map((e) => e.path)).toEqual(['services[0].replicaz']);
  });

  it('never mutates its input', () => {
    const raw = minimal();
    const before = structuredClone(raw);
    applied(['services.api.replicas=3', 'metrics.bucketMs=5'], raw);
    expect(raw).toEqual(before);
  });

  it('reports an unknown name or index with the available choices', () => {
    expect(overrideErrors(['services.web.replicas=2', 'clients.3.tier=1'])).toEqual([
      'services.web: found "web"; allowed: index 0 or a name: api',
      'clients.3: found 3; allowed: index 0 or a name: users',
    ]);
  });

  it('reports a malformed --set, an empty path part and a path through a value', () => {
    expect(
      overrideErrors(['replicas', 'services..replicas=1', 'id.part=1', 'services.api.name.x=1']),
    ).toEqual([
      '--set: found "replicas" (no "="); allowed: path=value, e.g. services.api.replicas=3',
      '--set: found "services..replicas=1"; allowed: a dot-separated path with no empty parts: path=value, e.g. services.api.replicas=3',
      'id.part: cannot set a field inside id, which is "minimal"; allowed: a path through objects and lists',
      'services.api.name.x: cannot set a field inside services.api.name, which is "api"; allowed: a path through objects and lists',
    ]);
  });

  it('refuses prototype keys', () => {
    expect(overrideErrors(['__proto__.polluted=1'])).toEqual([
      '__proto__: found "__proto__"; allowed: a scenario field name',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(overrideErrors(['services.0.constructor.x=1', 'clients.0.prototype=1'])).toEqual([
      'services.0.constructor: found "constructor"; allowed: a scenario field name',
      'clients.0.prototype: found "prototype"; allowed: a scenario field name',
    ]);
  });

  it('finds a list element named like a prototype key by its name', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString']) {
      const raw = withFields({ services: [service('api'), service(name)] });
      const out = applied([`services.${name}.replicas=4`], raw) as { services: { replicas?: number }[] };
      expect(
        out.services.map((s) => s.replicas),
        name,
      ).toEqual([undefined, 4]);
    }
  });

  it('reports an ambiguous name', () => {
    const raw = withFields({ services: [service('api'), service('api')] });
    expect(overrideErrors(['services.api.replicas=2'], raw)).toEqual([
      'services.api: name "api" matches elements 0, 1; use an index',
    ]);
  });
});

describe('parseScenarioJson and parseJson', () => {
  function jsonErrors(text: string): string[] {
    const result = parseScenarioJson(text, 'scenario.json');
    if (result.ok) throw new Error('expected a JSON error');
    return result.errors.map((e) => `${e.path}: ${e.message}`);
  }

  it('parses, overrides and validates a file', () => {
    const result = parseScenarioJson(JSON.stringify(minimal(), null, 2), 'minimal.json', ['seed=9']);
    expect(result.ok && result.scenario.seed).toBe(9);
  });

  it('ignores a byte-order mark', () => {
    expect(parseJson(`\ufeff${JSON.stringify(minimal())}`, 'bom.json').ok).toBe(true);
  });

  it('reports JSON syntax errors with source, line, column and a reason', () => {
    expect(jsonErrors('{\n  "id": "x",\n  "title": tru\n}')).toEqual([
      `scenario.json:3:12: invalid JSON: unexpected character "t"; expected a value (JSON has no NaN, Infinity or unquoted words) near '"title": tru'`,
    ]);
    expect(jsonErrors('{\n  "id": "x",\n}')).toEqual([
      `scenario.json:3:1: invalid JSON: trailing comma before "}" near '}'`,
    ]);
    expect(jsonErrors('{"id": "x" "title": "y"}')).toEqual([
      `scenario.json:1:12: invalid JSON: unexpected character "\\""; expected "," or "}" after a property value near '{"id": "x" "title": "y"}'`,
    ]);
    expect(jsonErrors('')).toEqual([
      'scenario.json:1:1: invalid JSON: unexpected end of input; expected a value',
    ]);
    expect(jsonErrors("{'id': 1}")).toEqual([
      `scenario.json:1:2: invalid JSON: unexpected character "'"; expected a double-quoted property name (strings use double quotes) near '{'id': 1}'`,
    ]);
  });

  it('does not throw on syntax errors and reports what it found', () => {
    const result = parseJson('[1, 2', 'x.json');
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'x.json:1:6',
          message: `invalid JSON: unexpected end of input; expected "," or "]" after an array element near '[1, 2'`,
          found: 'end of input',
        },
      ],
    });
  });

  it('agrees with JSON.parse on which texts are JSON', () => {
    const accepts = (text: string): boolean => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    // Valid JSON, and JSON with one character inserted or removed: mostly invalid, near-valid text.
    const text = fc.oneof(
      fc.json(),
      fc
        .tuple(
          fc.json(),
          fc.nat(),
          fc.constantFrom(',', '}', ']', '"', '0', '-', '.', 'e', '\\', ' ', 'x', '\n'),
        )
        .map(([j, at, c]) => j.slice(0, at % (j.length + 1)) + c + j.slice(at % (j.length + 1))),
      fc
        .tuple(fc.json(), fc.nat())
        .map(([j, at]) => j.slice(0, at % (j.length + 1)) + j.slice((at % (j.length + 1)) + 1)),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(locateJsonError(t) === undefined).toBe(accepts(t));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('scenarioJsonSchema', () => {
  const schema = scenarioJsonSchema() as {
    $id: string;
    title: string;
    type: string;
    properties: Record<string, { description?: string; default?: unknown }>;
    required: string[];
  };

  it('is an object schema with an id, a title and described clients and services', () => {
    expect(schema.$id).toBe(SCENARIO_SCHEMA_ID);
    expect(schema.title).toBe('Faultline scenario');
    expect(schema.type).toBe('object');
    expect(schema.properties.clients.description).toMatch(/client/i);
    expect(schema.properties.services.description).toMatch(/service/i);
  });

  it('requires only the fields without defaults, and shows the defaults', () => {
    expect([...schema.required].sort()).toEqual(['clients', 'durationMs', 'id', 'services', 'title']);
    expect(schema.properties.seed.default).toBe(1);
    expect(schema.properties.metrics.default).toEqual({ bucketMs: 1000, warmupMs: 0 });
  });

  it('describes every field, however deep', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      const properties = (n['properties'] ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, child] of Object.entries(properties)) {
        if (typeof child['description'] !== 'string' || child['description'] === '')
          undescribed.push(`${at}.${key}`);
        walk(child, `${at}.${key}`);
      }
      for (const key of ['items', 'anyOf', 'oneOf']) {
        const sub = n[key];
        if (Array.isArray(sub)) {
          sub.forEach((s, i) => {
            walk(s, `${at}.${key}[${i}]`);
          });
        } else walk(sub, `${at}.${key}`);
      }
    };
    walk(schema, '');
    expect(undescribed).toEqual([]);
  });

  it('is plain JSON and a fresh object each call', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(scenarioJsonSchema()).not.toBe(scenarioJsonSchema());
  });
});
