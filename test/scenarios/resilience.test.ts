/**
 * The scenario schema's resilience parts: patterns and their presets, queues, faults,
 * hypotheses, the lesson and params — defaults, preset expansion and the semantic rules.
 */
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../scenarios/schema/index.ts';
import {
  ADAPTIVE_LIMIT_PRESETS,
  BREAKER_PRESETS,
  BULKHEAD_PRESETS,
  OUTLIER_PRESETS,
  RETRY_BUDGET_PRESETS,
  RETRY_PRESETS,
} from '../../sim-core/patterns/presets.ts';
import {
  CALL_POLICY_DEFAULTS,
  client,
  errorsOf,
  linesOf,
  resolved,
  scenarioOf,
  service,
  withFields,
} from './scenario-helpers.ts';

/** A scenario that uses every new feature at least once. */
function full(): Record<string, unknown> {
  return {
    id: 'everything',
    title: 'Every feature',
    durationMs: 60_000,
    clients: [
      client('users', 'api', {
        keys: { count: 1000, zipfS: 0.9 },
        timeoutMs: 1000,
        deadlineMs: 3000,
        propagateDeadline: true,
        retry: 'aws-standard',
        breaker: 'resilience4j-default',
        bulkhead: 'envoy-default',
        rateLimit: { ratePerSec: 100, burst: 20 },
        hedge: { delayMs: 50 },
        fallback: { kind: 'cache', maxAgeMs: 5000 },
        adaptiveLimit: { algorithm: 'gradient2' },
        idempotencyKeys: true,
        validateResponses: true,
      }),
      client('herd', 'api', {
        arrival: { kind: 'once', users: 500, atMs: 30_000 },
        tier: 2,
        keys: { count: 10 },
      }),
      client('producer', 'jobs'),
    ],
    services: [
      service('api', [], {
        replicas: 3,
        calls: [
          {
            service: 'db',
            timeoutMs: 200,
            retry: { maxAttempts: 3, budget: 'finagle-default', jitter: 'decorrelated' },
            breaker: { failureRateThreshold: 25, slidingWindowType: 'time' },
            fallback: { kind: 'static' },
          },
          { service: 'jobs', bulkhead: { maxConcurrent: 8 } },
        ],
        rateLimit: { ratePerSec: 500, burst: 50 },
        shedding: { kind: 'priority', thresholds: [100, 50, 50, 10] },
        adaptiveLimit: { algorithm: 'aimd', maxLimit: 400 },
        outlierDetection: 'envoy-default',
        healthCheck: {},
        cache: { ttlMs: 10_000, ttlJitter: 0.1, coalesce: true },
        errorProbability: 0.001,
        replicaOverrides: [{ replica: 2, serviceTimeFactor: 3, concurrency: 2, errorProbability: 0.2 }],
      }),
      service('db', [], {
        replicas: 2,
        writes: true,
        optimisticConcurrency: true,
        adaptiveLimit: { algorithm: 'vegas' },
        shedding: { kind: 'codel' },
        outlierDetection: { consecutiveErrors: 3 },
      }),
      service('worker', ['db'], { shedding: { kind: 'queue-length', maxQueue: 100 } }),
    ],
    queues: [{ name: 'jobs', consumer: 'worker', consumers: 4, capacity: 10_000 }],
    faults: [
      { kind: 'crash', atMs: 10_000, durationMs: 5000, service: 'db', replica: 1 },
      { kind: 'latency', atMs: 1000, service: 'api', addMs: 50, multiply: 2 },
      { kind: 'latency', name: 'slow-link', atMs: 1000, link: { from: 'api', to: 'db' }, addMs: 20 },
      { kind: 'errors', atMs: 2000, service: 'api', replica: 1, probability: 0.5 },
      { kind: 'capacity', atMs: 3000, service: 'db', workers: 0 },
      { kind: 'pause', atMs: 4000, durationMs: 200, service: 'api', replica: 0 },
      { kind: 'partition', atMs: 5000, from: ['api'], to: ['db', 'jobs'], oneWay: true },
      {
        kind: 'packet-loss',
        atMs: 6000,
        from: 'users',
        to: 'api',
        loss: 0,
        gilbertElliott: { pGoodToBad: 0.01, pBadToGood: 0.3 },
      },
      { kind: 'clock-step', atMs: 7000, node: 'api/1', stepMs: -500 },
      { kind: 'clock-drift', atMs: 8000, node: 'users', driftPpm: 500 },
      { kind: 'client-burst', atMs: 9000, client: 'users', requests: 1000 },
      { kind: 'cache-flush', atMs: 11_000, service: 'api', keys: 10 },
      { kind: 'leak', atMs: 12_000, service: 'db', replica: 0, latencyGrowthPerSec: 1.01 },
      { kind: 'corrupt', atMs: 13_000, service: 'db', probability: 0.01 },
      {
        kind: 'chaos-crash',
        atMs: 14_000,
        durationMs: 20_000,
        service: 'api',
        meanIntervalMs: 5000,
        downMs: 1000,
      },
      { kind: 'chaos-partition', atMs: 15_000, service: 'worker', meanIntervalMs: 5000, downMs: 500 },
    ],
    hypotheses: [
      { name: 'p99 stays low', metric: 'clients.users.latencyMs.p99', op: '<', value: 500 },
      {
        name: 'goodput recovers',
        metric: 'clients.users.goodputPerSec',
        op: '>=',
        value: 0.95,
        window: { fromMs: 40_000, toMs: 60_000 },
        relativeTo: { fromMs: 0, toMs: 10_000 },
      },
      { name: 'db recovers', metric: 'faults.crash@10000.recoveryMs', op: '<', value: 5000 },
      { name: 'link', metric: 'faults.slow-link.recoveryMs', op: '<', value: 5000 },
      { name: 'breaker stays shut', metric: 'breakers.api->db.opened', op: '==', value: 0 },
      {
        name: 'few retries',
        metric: 'patterns.retries',
        op: '<=',
        value: 100,
        mode: 'every-bucket',
        window: { fromMs: 0, toMs: 60_000 },
      },
      { name: 'queue drains', metric: 'queues.jobs.depth', op: '<', value: 10 },
      { name: 'amplification', metric: 'services.db.amplification', op: '<', value: 3 },
    ],
    lesson: { what: 'It falls over.', why: 'Retries.', watch: 'The retry chart.', tryNext: 'A budget.' },
    params: [
      { path: 'services.api.replicas', label: 'API replicas', values: [3, 4, 5] },
      { path: 'clients.users.retry', label: 'Retry policy', values: ['aws-standard', 'grpc-default', null] },
      { path: 'services.api.cache.ttlJitter', label: 'TTL jitter', values: [0, 0.5] },
    ],
  };
}

describe('resilience: defaults', () => {
  it('parses a scenario that uses every feature, and the result parses to itself', () => {
    const s = scenarioOf(full());
    expect(scenarioOf(structuredClone(s))).toEqual(s);
    expect(s.queues).toEqual([
      {
        name: 'jobs',
        consumer: 'worker',
        consumers: 4,
        visibilityTimeoutMs: 30_000,
        maxDeliveries: 20,
        capacity: 10_000,
      },
    ]);
    expect(s.lesson).toEqual(full()['lesson']);
    expect(s.params[1].values).toEqual(['aws-standard', 'grpc-default', null]);
  });

  it('fills every default of a client with keys and a call to a queue', () => {
    const s = resolved({
      clients: [client('users', 'api', { keys: { count: 5 } })],
      services: [service('api', ['jobs']), service('worker')],
      queues: [{ name: 'jobs', consumer: 'worker' }],
    });
    expect(s.clients[0].keys).toEqual({ count: 5, zipfS: 1 });
    expect(s.services[0].calls).toEqual([{ service: 'jobs', ...CALL_POLICY_DEFAULTS }]);
    expect(s.queues).toEqual([
      {
        name: 'jobs',
        consumer: 'worker',
        consumers: 1,
        visibilityTimeoutMs: 30_000,
        maxDeliveries: 20,
        capacity: null,
      },
    ]);
  });

  it('fills the defaults of a retry given only maxAttempts', () => {
    const s = resolved({ clients: [client('users', 'api', { retry: { maxAttempts: 3 } })] });
    expect(s.clients[0].retry).toEqual({
      maxAttempts: 3,
      retryOn: ['failed', 'timedOut', 'rejected', 'shed'],
      backoff: { kind: 'exponential', baseMs: 100, multiplier: 2, capMs: 10_000 },
      jitter: 'full',
      budget: null,
    });
  });

  it('takes the reference library defaults for every unset sub-field', () => {
    const s = resolved({
      clients: [
        client('users', 'api', {
          keys: { count: 100 },
          breaker: {},
          bulkhead: { maxConcurrent: 4 },
          hedge: { delayMs: 10 },
          adaptiveLimit: { algorithm: 'aimd' },
          retry: { maxAttempts: 2, backoff: { kind: 'linear' }, budget: { kind: 'aws-quota' } },
        }),
      ],
      services: [
        service('api', [], {
          outlierDetection: {},
          healthCheck: {},
          cache: { ttlMs: 1000 },
          shedding: { kind: 'codel' },
          adaptiveLimit: { algorithm: 'gradient2' },
        }),
      ],
    });
    const c = s.clients[0];
    expect(c.breaker).toEqual(BREAKER_PRESETS['resilience4j-default']);
    expect(c.bulkhead).toEqual({ maxConcurrent: 4, maxWaitMs: BULKHEAD_PRESETS['envoy-default'].maxWaitMs });
    expect(c.hedge).toEqual({ delayMs: 10, maxHedges: 1 });
    expect(c.adaptiveLimit).toEqual(ADAPTIVE_LIMIT_PRESETS['aimd-default']);
    expect(c.retry?.backoff).toEqual({ kind: 'linear', baseMs: 100, multiplier: 2, capMs: 10_000 });
    expect(c.retry?.budget).toEqual(RETRY_BUDGET_PRESETS['aws-standard']);
    const api = s.services[0];
    expect(api.outlierDetection).toEqual(OUTLIER_PRESETS['envoy-default']);
    expect(api.healthCheck).toEqual({
      intervalMs: 10_000,
      timeoutMs: 1000,
      unhealthyThreshold: 3,
      healthyThreshold: 1,
      costMs: 1,
    });
    expect(api.cache).toEqual({
      ttlMs: 1000,
      ttlJitter: 0,
      coalesce: false,
      hitLatency: { kind: 'constant', valueMs: 0 },
    });
    expect(api.shedding).toEqual({ kind: 'codel', targetMs: 5, intervalMs: 100 });
    expect(api.adaptiveLimit).toEqual(ADAPTIVE_LIMIT_PRESETS['gradient2-default']);
  });

  it.each([
    ['finagle', 'finagle-default'],
    ['aws-quota', 'aws-standard'],
    ['grpc-throttle', 'grpc-default'],
    ['envoy', 'envoy-default'],
  ])('a %s retry budget with no fields is its library default, preset %s', (kind, preset) => {
    const s = resolved({
      clients: [client('users', 'api', { retry: { maxAttempts: 2, budget: { kind } } })],
    });
    expect(s.clients[0].retry?.budget).toEqual(RETRY_BUDGET_PRESETS[preset]);
  });

  it('names a fault "<kind>@<atMs>" unless it has a name, and fills its defaults', () => {
    const s = resolved({
      services: [service('api', [], { replicas: 2 })],
      faults: [
        { kind: 'crash', atMs: 1500, service: 'api' },
        { kind: 'latency', name: 'slow', atMs: 1500.5, service: 'api' },
        { kind: 'partition', atMs: 0, from: ['users'], to: ['api'] },
        { kind: 'packet-loss', atMs: 0, from: 'users', to: 'api', loss: 0.1 },
        {
          kind: 'packet-loss',
          atMs: 1,
          from: 'users',
          to: 'api',
          loss: 0,
          gilbertElliott: { pGoodToBad: 0.1, pBadToGood: 0.5 },
        },
      ],
    });
    expect(s.faults).toEqual([
      { kind: 'crash', name: 'crash@1500', atMs: 1500, durationMs: null, service: 'api', replica: null },
      {
        kind: 'latency',
        name: 'slow',
        atMs: 1500.5,
        durationMs: null,
        service: 'api',
        link: null,
        addMs: 0,
        multiply: 1,
      },
      {
        kind: 'partition',
        name: 'partition@0',
        atMs: 0,
        durationMs: null,
        from: ['users'],
        to: ['api'],
        oneWay: false,
      },
      {
        kind: 'packet-loss',
        name: 'packet-loss@0',
        atMs: 0,
        durationMs: null,
        from: 'users',
        to: 'api',
        loss: 0.1,
        gilbertElliott: null,
      },
      {
        kind: 'packet-loss',
        name: 'packet-loss@1',
        atMs: 1,
        durationMs: null,
        from: 'users',
        to: 'api',
        loss: 0,
        gilbertElliott: { pGoodToBad: 0.1, pBadToGood: 0.5, lossGood: 0, lossBad: 1 },
      },
    ]);
  });

  it('checks a hypothesis over a window when it has one, else over the summary', () => {
    const base = { metric: 'clients.users.goodputPerSec', op: '>', value: 1 };
    const s = resolved({
      hypotheses: [
        { name: 'summary', ...base },
        { name: 'window', ...base, window: { fromMs: 0, toMs: 5000 } },
        { name: 'each', ...base, mode: 'every-bucket', window: { fromMs: 0, toMs: 5000 } },
      ],
    });
    expect(s.hypotheses).toEqual([
      { name: 'summary', ...base, mode: 'summary', window: null, relativeTo: null, set: [] },
      {
        name: 'window',
        ...base,
        mode: 'window',
        window: { fromMs: 0, toMs: 5000 },
        relativeTo: null,
        set: [],
      },
      {
        name: 'each',
        ...base,
        mode: 'every-bucket',
        window: { fromMs: 0, toMs: 5000 },
        relativeTo: null,
        set: [],
      },
    ]);
  });
});

describe('resilience: presets', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ...Object.entries(RETRY_PRESETS).map(([n, p]): [string, string, Record<string, unknown>] => [
      'retry',
      n,
      p as never,
    ]),
    ...Object.entries(BREAKER_PRESETS).map(([n, p]): [string, string, Record<string, unknown>] => [
      'breaker',
      n,
      p as never,
    ]),
    ...Object.entries(BULKHEAD_PRESETS).map(([n, p]): [string, string, Record<string, unknown>] => [
      'bulkhead',
      n,
      p as never,
    ]),
    ...Object.entries(ADAPTIVE_LIMIT_PRESETS).map(([n, p]): [string, string, Record<string, unknown>] => [
      'adaptiveLimit',
      n,
      p as never,
    ]),
  ];
  it.each(cases)(
    'expands %s preset %s on a client and a call into a copy of the preset',
    (key, presetName, preset) => {
      const s = resolved({
        clients: [client('users', 'api', { [key]: presetName })],
        services: [service('api', [], { calls: [{ service: 'db', [key]: presetName }] }), service('db')],
      });
      const onClient = (s.clients[0] as unknown as Record<string, unknown>)[key];
      const onCall = (s.services[0].calls[0] as unknown as Record<string, unknown>)[key];
      expect(onClient).toEqual(preset);
      expect(onCall).toEqual(preset);
      expect(onClient).not.toBe(preset);
      expect(onClient).not.toBe(onCall);
    },
  );

  it.each(Object.entries(OUTLIER_PRESETS))('expands outlier detection preset %s', (presetName, preset) => {
    const s = resolved({ services: [service('api', [], { outlierDetection: presetName })] });
    expect(s.services[0].outlierDetection).toEqual(preset);
    expect(s.services[0].outlierDetection).not.toBe(preset);
  });

  it.each(Object.entries(ADAPTIVE_LIMIT_PRESETS))(
    'expands adaptive limit preset %s on a service',
    (presetName, preset) => {
      const s = resolved({ services: [service('api', [], { adaptiveLimit: presetName })] });
      expect(s.services[0].adaptiveLimit).toEqual(preset);
      expect(s.services[0].adaptiveLimit).not.toBe(preset);
    },
  );

  it.each(Object.entries(ADAPTIVE_LIMIT_PRESETS))(
    'an adaptive limit given only its algorithm is preset %s',
    (_presetName, preset) => {
      const s = resolved({
        services: [service('api', [], { adaptiveLimit: { algorithm: preset.algorithm } })],
      });
      expect(s.services[0].adaptiveLimit).toEqual(preset);
    },
  );

  it.each(Object.entries(RETRY_BUDGET_PRESETS))('expands retry budget preset %s', (presetName, preset) => {
    const s = resolved({
      clients: [client('users', 'api', { retry: { maxAttempts: 2, budget: presetName } })],
    });
    expect(s.clients[0].retry?.budget).toEqual(preset);
  });

  it('gives each run a deep copy, so changing one changes neither the table nor another run', () => {
    const before = structuredClone(RETRY_PRESETS['grpc-default']);
    const a = resolved({ clients: [client('users', 'api', { retry: 'grpc-default' })] });
    const b = resolved({ clients: [client('users', 'api', { retry: 'grpc-default' })] });
    const retry = a.clients[0].retry;
    if (retry === null || retry.budget === null) throw new Error('expected the gRPC preset');
    retry.backoff.baseMs = 1;
    retry.retryOn.push('breakerOpen');
    (retry.budget as { maxTokens: number }).maxTokens = 1;
    expect(RETRY_PRESETS['grpc-default']).toEqual(before);
    expect(b.clients[0].retry).toEqual(before);
  });

  it('reports an unknown preset name with the known ones', () => {
    const retries = Object.keys(RETRY_PRESETS)
      .map((n) => JSON.stringify(n))
      .join(', ');
    const budgets = Object.keys(RETRY_BUDGET_PRESETS)
      .map((n) => JSON.stringify(n))
      .join(', ');
    const outliers = Object.keys(OUTLIER_PRESETS)
      .map((n) => JSON.stringify(n))
      .join(', ');
    expect(
      errorsOf(
        withFields({
          clients: [client('users', 'api', { retry: 'grpc' })],
          services: [
            service('api', [], {
              calls: [{ service: 'db', retry: { maxAttempts: 2, budget: 'aws' } }],
              outlierDetection: 'istio',
            }),
            service('db'),
          ],
        }),
      ),
    ).toEqual([
      {
        path: 'clients[0].retry',
        message: `found "grpc"; allowed: a retry preset (${retries}) or an object or null`,
        found: '"grpc"',
        allowed: `a retry preset (${retries}) or an object or null`,
      },
      {
        path: 'services[0].calls[0].retry.budget',
        message: `found "aws"; allowed: a retry budget preset (${budgets}) or an object with "kind" one of "finagle", "aws-quota", "grpc-throttle", "envoy" or null`,
        found: '"aws"',
        allowed: `a retry budget preset (${budgets}) or an object with "kind" one of "finagle", "aws-quota", "grpc-throttle", "envoy" or null`,
      },
      {
        path: 'services[0].outlierDetection',
        message: `found "istio"; allowed: an outlier detection preset (${outliers}) or an object or null`,
        found: '"istio"',
        allowed: `an outlier detection preset (${outliers}) or an object or null`,
      },
    ]);
  });

  it('points into the object when a pattern is an object with a bad field', () => {
    expect(
      linesOf(
        withFields({
          clients: [
            client('users', 'api', {
              retry: { backoff: { capMs: 'long' } },
              breaker: { failureRateThreshold: 0, permittedNumberOfCallsInHalfOpenState: 0, extra: 1 },
              bulkhead: 7,
            }),
          ],
        }),
      ),
    ).toEqual([
      'clients[0].retry.maxAttempts: missing required field; allowed: an integer >= 1',
      'clients[0].retry.backoff.capMs: found "long"; allowed: a number >= 0',
      'clients[0].breaker.failureRateThreshold: found 0; allowed: a number > 0 and <= 100',
      'clients[0].breaker.permittedNumberOfCallsInHalfOpenState: found 0; allowed: an integer >= 1',
      `clients[0].breaker.extra: unknown field; allowed fields: ${Object.keys(BREAKER_PRESETS['resilience4j-default']).join(', ')}`,
      'clients[0].bulkhead: found 7; allowed: a bulkhead preset ("envoy-default") or an object or null',
    ]);
  });

  it('shows the preset names as an enum in the JSON Schema', () => {
    type Node = { anyOf?: Node[]; enum?: string[]; properties?: Record<string, Node>; items?: Node };
    const schema = scenarioJsonSchema() as Node;
    const enumsOf = (node: Node | undefined): string[][] =>
      node === undefined
        ? []
        : [...(node.enum === undefined ? [] : [node.enum]), ...(node.anyOf ?? []).flatMap(enumsOf)];
    const clientProps = schema.properties?.['clients'].items?.properties ?? {};
    const callProps = schema.properties?.['services'].items?.properties?.['calls'].items?.properties ?? {};
    const serviceProps = schema.properties?.['services'].items?.properties ?? {};
    expect(enumsOf(clientProps['retry'])).toEqual([Object.keys(RETRY_PRESETS)]);
    expect(enumsOf(callProps['breaker'])).toEqual([Object.keys(BREAKER_PRESETS)]);
    expect(enumsOf(clientProps['bulkhead'])).toEqual([Object.keys(BULKHEAD_PRESETS)]);
    expect(enumsOf(serviceProps['outlierDetection'])).toEqual([Object.keys(OUTLIER_PRESETS)]);
    expect(enumsOf(serviceProps['adaptiveLimit'])).toEqual([Object.keys(ADAPTIVE_LIMIT_PRESETS)]);
    expect(enumsOf(callProps['adaptiveLimit'])).toEqual([Object.keys(ADAPTIVE_LIMIT_PRESETS)]);
    const retryObject = clientProps['retry'].anyOf?.flatMap((b) => b.anyOf ?? [b]).find((b) => b.properties);
    expect(enumsOf(retryObject?.properties?.['budget'])).toEqual([Object.keys(RETRY_BUDGET_PRESETS)]);
  });
});

describe('resilience: semantic errors', () => {
  it('lets clients and calls target queues, and checks queue consumers', () => {
    expect(
      linesOf(
        withFields({
          clients: [client('users', 'jobs')],
          services: [service('api', ['jobs', 'mail']), service('worker')],
          queues: [
            { name: 'jobs', consumer: 'worker' },
            { name: 'mail', consumer: 'users' },
            { name: 'dead', consumer: 'nobody' },
          ],
        }),
      ),
    ).toEqual([
      'queues[1].consumer: found "users"; allowed: a service name: "api", "worker" ("users" is a client, not a service)',
      'queues[2].consumer: found "nobody"; allowed: a service name: "api", "worker"',
    ]);
  });

  it('requires names unique across clients, services and queues', () => {
    expect(
      linesOf(
        withFields({
          queues: [
            { name: 'api', consumer: 'api' },
            { name: 'users', consumer: 'api' },
          ],
        }),
      ),
    ).toEqual([
      'queues[0].name: duplicate name "api", already used at services[0].name; client, service and queue names must be unique',
      'queues[1].name: duplicate name "users", already used at clients[0].name; client, service and queue names must be unique',
    ]);
  });

  it('reports a cycle through a queue, at the edge that closes it', () => {
    expect(
      errorsOf(
        withFields({
          services: [service('api', ['jobs']), service('worker', ['api'])],
          queues: [{ name: 'jobs', consumer: 'worker' }],
        }),
      ),
    ).toEqual([
      {
        path: 'services[1].calls[0].service',
        message: 'calls form a cycle: api -> jobs -> worker -> api; the call graph must be acyclic',
        found: 'api -> jobs -> worker -> api',
        allowed: 'calls that never lead back to the caller',
      },
    ]);
    expect(
      linesOf(
        withFields({
          clients: [client('users', 'jobs')],
          services: [service('worker', ['jobs'])],
          queues: [{ name: 'jobs', consumer: 'worker' }],
        }),
      ),
    ).toEqual([
      'queues[0].consumer: calls form a cycle: worker -> jobs -> worker; the call graph must be acyclic',
    ]);
  });

  it('requires a once arrival and every fault to start before the end of the run', () => {
    expect(
      linesOf(
        withFields({
          durationMs: 1000,
          clients: [client('users', 'api', { arrival: { kind: 'once', users: 10, atMs: 1000 } })],
          faults: [
            { kind: 'pause', atMs: 999, service: 'api' },
            { kind: 'pause', atMs: 1500, service: 'api' },
          ],
        }),
      ),
    ).toEqual([
      'clients[0].arrival.atMs: found 1000; allowed: a number >= 0 and < durationMs (1000)',
      'faults[1].atMs: found 1500; allowed: a number >= 0 and < durationMs (1000)',
    ]);
  });

  it('checks fault targets', () => {
    const services = [service('api', ['db'], { replicas: 2 }), service('db', [], { cache: { ttlMs: 10 } })];
    expect(
      linesOf(
        withFields({
          clients: [client('users', 'api', { keys: { count: 10 } })],
          services,
          queues: [{ name: 'jobs', consumer: 'db' }],
          faults: [
            { kind: 'crash', atMs: 0, service: 'jobs' },
            { kind: 'errors', atMs: 1, service: 'api', replica: 2, probability: 1 },
            { kind: 'leak', atMs: 2, service: 'api', replica: 5, latencyGrowthPerSec: 1.1 },
            { kind: 'client-burst', atMs: 3, client: 'api', requests: 5 },
            { kind: 'clock-step', atMs: 4, node: 'api/2', stepMs: 5 },
            { kind: 'clock-drift', atMs: 5, node: 'nope', driftPpm: 5 },
            { kind: 'partition', atMs: 6, from: ['users', 'api'], to: ['jobs', 'api', 'nope'] },
            { kind: 'packet-loss', atMs: 7, from: 'jobs', to: 'nope', loss: 0.5 },
            { kind: 'latency', atMs: 8, link: { from: 'nope', to: 'db' } },
            { kind: 'latency', atMs: 9 },
            { kind: 'latency', atMs: 10, service: 'api', link: { from: 'api', to: 'db' } },
            { kind: 'cache-flush', atMs: 11, service: 'api' },
            { kind: 'chaos-crash', atMs: 12, service: 'users', meanIntervalMs: 1, downMs: 1 },
            {
              kind: 'packet-loss',
              atMs: 13,
              from: 'users',
              to: 'api',
              loss: 0.1,
              gilbertElliott: { pGoodToBad: 0.1, pBadToGood: 0.5 },
            },
          ],
        }),
      ),
    ).toEqual([
      'faults[0].service: found "jobs"; allowed: a service name: "api", "db" ("jobs" is a queue, not a service)',
      'faults[1].replica: found 2; allowed: a replica index of "api" from 0 to 1 (it has 2 replicas)',
      'faults[2].replica: found 5; allowed: a replica index of "api" from 0 to 1 (it has 2 replicas)',
      'faults[3].client: found "api"; allowed: a client name: "users" ("api" is a service, not a client)',
      'faults[4].node: found "api/2"; allowed: a replica of "api" from "api/0" to "api/1" (it has 2 replicas)',
      'faults[5].node: found "nope"; allowed: a client, service or queue name ("users", "api", "db", "jobs") or a replica "service/index"',
      'faults[6].to[2]: found "nope"; allowed: a client, service or queue name: "users", "api", "db", "jobs"',
      'faults[6].to[1]: "api" is on both sides of the partition; allowed: a name that is not in from',
      'faults[7].to: found "nope"; allowed: a client, service or queue name: "users", "api", "db", "jobs"',
      'faults[8].link.from: found "nope"; allowed: a client, service or queue name: "users", "api", "db", "jobs"',
      'faults[9]: latency fault has neither service nor link; allowed: either service or link',
      'faults[10]: latency fault has both service and link; allowed: either service or link',
      'faults[11].service: found "api"; allowed: a service with a cache: "db" ("api" has no cache)',
      'faults[12].service: found "users"; allowed: a service name: "api", "db" ("users" is a client, not a service)',
      'faults[13].loss: found 0.1; allowed: 0 when gilbertElliott is set; the Gilbert-Elliott states alone set the loss (lossGood, lossBad)',
    ]);
  });

  it('requires unique fault names, defaults included', () => {
    expect(
      linesOf(
        withFields({
          services: [service('api'), service('db')],
          faults: [
            { kind: 'crash', atMs: 5, service: 'api' },
            { kind: 'crash', atMs: 5, service: 'db' },
            { kind: 'pause', name: 'gc', atMs: 1, service: 'api' },
            { kind: 'pause', name: 'gc', atMs: 2, service: 'db' },
          ],
        }),
      ),
    ).toEqual([
      'faults[1].name: duplicate fault name "crash@5" (the default "<kind>@<atMs>"), already used by faults[0]; give each fault a unique name',
      'faults[3].name: duplicate fault name "gc", already used by faults[2]; give each fault a unique name',
    ]);
  });

  it('checks hypothesis windows and modes', () => {
    const metric = 'clients.users.goodputPerSec';
    expect(
      errorsOf(
        withFields({
          hypotheses: [
            { name: 'a', metric, op: '>', value: 1, window: { fromMs: 5000, toMs: 5000 } },
            { name: 'b', metric, op: '>', value: 1, window: { fromMs: 0, toMs: 20_000 } },
            { name: 'c', metric, op: '>', value: 1, relativeTo: { fromMs: 10, toMs: 5 } },
            { name: 'd', metric, op: '>', value: 1, mode: 'every-bucket' },
            { name: 'e', metric, op: '>', value: 1, mode: 'summary', window: { fromMs: 0, toMs: 10 } },
          ],
        }),
      ),
    ).toEqual([
      {
        path: 'hypotheses[0].window.toMs',
        message: 'found 5000; allowed: a number > fromMs (5000) and <= durationMs (10000)',
        found: '5000',
        allowed: 'a number > fromMs (5000) and <= durationMs (10000)',
      },
      {
        path: 'hypotheses[1].window.toMs',
        message: 'found 20000; allowed: a number > fromMs (0) and <= durationMs (10000)',
        found: '20000',
        allowed: 'a number > fromMs (0) and <= durationMs (10000)',
      },
      {
        path: 'hypotheses[2].relativeTo.toMs',
        message: 'found 5; allowed: a number > fromMs (10) and <= durationMs (10000)',
        found: '5',
        allowed: 'a number > fromMs (10) and <= durationMs (10000)',
      },
      {
        path: 'hypotheses[3].window',
        message:
          'missing; mode "every-bucket" looks at a window; allowed: an object {"fromMs": ..., "toMs": ...}',
        allowed: 'an object {"fromMs": ..., "toMs": ...}',
      },
      {
        path: 'hypotheses[4].window',
        message:
          'mode "summary" uses the whole run, so this window would be ignored; allowed: null, or mode "window" or "every-bucket"',
        allowed: 'null, or mode "window" or "every-bucket"',
      },
    ]);
  });

  it('checks the form of hypothesis metrics and the names in them', () => {
    const form =
      '"<group>.<name>.<metric>" with group clients, services, queues, edges, breakers, faults, slos, alerts, stores or deployments; "patterns.<counter>"; "network.<metric>"; "userRequests" or "events"';
    const hypotheses = [
      'client.users.goodputPerSec',
      'clients.users',
      'clients..x',
      'patterns.',
      'userRequests.total',
      'clients.userz.goodputPerSec',
      'services.users.amplification',
      'queues.jobs.depth',
      'faults.crash@7.recoveryMs',
      'edges.users->db.callsPerSec',
      'breakers.users->api.opened',
      'stores.api.staleReads',
    ].map((metric, i) => ({ name: `h${i}`, metric, op: '<', value: 1 }));
    expect(
      linesOf(withFields({ hypotheses, faults: [{ kind: 'pause', atMs: 1.5, service: 'api' }] })),
    ).toEqual([
      `hypotheses[0].metric: found "client.users.goodputPerSec"; allowed: ${form}`,
      `hypotheses[1].metric: found "clients.users"; allowed: ${form}`,
      `hypotheses[2].metric: found "clients..x"; allowed: ${form}`,
      `hypotheses[3].metric: found "patterns."; allowed: ${form}`,
      `hypotheses[4].metric: found "userRequests.total"; allowed: ${form}`,
      'hypotheses[5].metric: found "clients.userz.goodputPerSec" ("userz" is not a client); allowed: "clients.<name>.<metric>" with a client name: "users"',
      'hypotheses[6].metric: found "services.users.amplification" ("users" is not a service); allowed: "services.<name>.<metric>" with a service name: "api"',
      'hypotheses[7].metric: found "queues.jobs.depth" ("jobs" is not a queue); allowed: "queues.<name>.<metric>" with a queue name: (none defined)',
      'hypotheses[8].metric: found "faults.crash@7.recoveryMs" (no fault has that name); allowed: "faults.<name>.<metric>" with a fault name: "pause@1.5"',
      'hypotheses[9].metric: found "edges.users->db.callsPerSec" (no edge "users->db"); allowed: "edges.<caller>-><target>.<metric>" with an edge: "users->api"',
      'hypotheses[10].metric: found "breakers.users->api.opened" (no edge "users->api" has a breaker); allowed: "breakers.<caller>-><target>.<metric>" with an edge that has a breaker: (none defined)',
      'hypotheses[11].metric: found "stores.api.staleReads" ("api" is not a store service); allowed: "stores.<service>.<metric>" with a service that has a store: (none defined)',
    ]);
  });

  it('accepts every documented kind of metric path', () => {
    const metrics = [
      'clients.users.latencyMs.p99',
      'services.api.errors.rejected',
      'queues.jobs.depth',
      'edges.users->jobs.attemptsPerCall',
      'edges.jobs->api.callsPerSec',
      'breakers.users->jobs.opened',
      'faults.pause@1.5.recoveryMs',
      'faults.gc.metastable',
      'patterns.retries',
      'network.lost',
      'userRequests',
      'events',
    ];
    resolved({
      clients: [client('users', 'jobs', { breaker: 'resilience4j-default' })],
      queues: [{ name: 'jobs', consumer: 'api' }],
      faults: [
        { kind: 'pause', atMs: 1.5, service: 'api' },
        { kind: 'pause', name: 'gc', atMs: 2, service: 'api' },
      ],
      hypotheses: metrics.map((metric, i) => ({ name: `h${i}`, metric, op: '<', value: 1 })),
    });
  });

  it('dry-runs every params value and blames only the values that break the scenario', () => {
    expect(
      errorsOf(
        withFields({
          params: [
            { path: 'services.api.replicas', label: 'Replicas', values: [1, 0, 4] },
            { path: 'clients.users.retry', label: 'Retry', values: ['grpc-default', 'grpc', null] },
            { path: 'clients.users.retry.maxAttempts', label: 'Attempts', values: [1, 5] },
          ],
        }),
      ),
    ).toEqual([
      {
        path: 'params[0].values[1]',
        message:
          '--set services.api.replicas=0 gives an invalid scenario: services[0].replicas: found 0; allowed: an integer >= 1',
        found: '0',
        allowed: 'an integer >= 1',
      },
      {
        path: 'params[1].values[1]',
        message: `--set clients.users.retry="grpc" gives an invalid scenario: clients[0].retry: found "grpc"; allowed: a retry preset (${Object.keys(
          RETRY_PRESETS,
        )
          .map((n) => JSON.stringify(n))
          .join(', ')}) or an object or null`,
        found: '"grpc"',
        allowed: `a retry preset (${Object.keys(RETRY_PRESETS)
          .map((n) => JSON.stringify(n))
          .join(', ')}) or an object or null`,
      },
    ]);
  });

  it('reports a params value that breaks a semantic rule, and a path that cannot be set', () => {
    expect(
      linesOf(
        withFields({
          services: [service('api', [], { replicas: 2 })],
          clocks: [{ node: 'api/1' }],
          params: [
            { path: 'services.api.replicas', label: 'Replicas', values: [2, 1] },
            { path: 'services.web.replicas', label: 'Replicas', values: [1, 2] },
            { path: 'services.api.replicaz', label: 'Replicas', values: [1] },
          ],
        }),
      ),
    ).toEqual([
      'params[0].values[1]: --set services.api.replicas=1 gives an invalid scenario: clocks[0].node: found "api/1"; allowed: a replica of "api" from "api/0" to "api/0" (it has 1 replica)',
      'params[1].path: "services.web.replicas" is not a settable path: services.web: found "web"; allowed: index 0 or a name: api',
      `params[2].path: "services.api.replicaz" is not a settable path: services[0].replicaz: unknown field; allowed fields: ${Object.keys(
        resolved({}).services[0],
      ).join(', ')}; did you mean "replicas"?`,
    ]);
  });

  it('does not dry-run params when the scenario itself is invalid', () => {
    expect(
      linesOf(
        withFields({
          durationMs: 0,
          params: [{ path: 'services.api.replicas', label: 'Replicas', values: [0] }],
        }),
      ),
    ).toEqual(['durationMs: found 0; allowed: a number > 0']);
  });

  it('checks retry backoff and adaptive limit orderings', () => {
    expect(
      linesOf(
        withFields({
          clients: [
            client('users', 'api', {
              retry: { maxAttempts: 1.5, backoff: { baseMs: 200, capMs: 100 } },
              adaptiveLimit: { algorithm: 'aimd', minLimit: 50, initialLimit: 20, maxLimit: 10 },
            }),
          ],
          services: [service('api', [], { adaptiveLimit: { algorithm: 'vegas', alpha: 6, beta: 3 } })],
        }),
      ),
    ).toEqual([
      'clients[0].retry.maxAttempts: found 1.5; allowed: an integer >= 1',
      'clients[0].adaptiveLimit.minLimit: found 50; allowed: an integer <= initialLimit (20)',
      'clients[0].adaptiveLimit.maxLimit: found 10; allowed: an integer >= initialLimit (20)',
      'services[0].adaptiveLimit.beta: found 3; allowed: a number >= alpha (6)',
    ]);
    // The backoff is checked once maxAttempts is valid.
    expect(
      linesOf(
        withFields({
          clients: [
            client('users', 'api', { retry: { maxAttempts: 2, backoff: { baseMs: 200, capMs: 100 } } }),
          ],
        }),
      ),
    ).toEqual(['clients[0].retry.backoff.capMs: found 100; allowed: a number >= baseMs (200)']);
    expect(
      linesOf(
        withFields({
          clients: [client('users', 'api', { retry: { maxAttempts: 2, backoff: { baseMs: 20_000 } } })],
        }),
      ),
    ).toEqual([
      'clients[0].retry.backoff.capMs: found 10000; allowed: a number >= baseMs (20000) (capMs was not given: that is its default)',
    ]);
  });

  it('checks priority shedding thresholds and replica overrides', () => {
    expect(
      linesOf(
        withFields({
          services: [
            service('api', [], {
              replicas: 2,
              shedding: { kind: 'priority', thresholds: [10, 20, 20, 5] },
              replicaOverrides: [{ replica: 1, concurrency: 2 }, { replica: 2 }, { replica: 1 }],
            }),
            service('db', [], { shedding: { kind: 'priority', thresholds: [] } }),
          ],
        }),
      ),
    ).toEqual([
      'services[1].shedding.thresholds: found []; allowed: a non-empty list',
      'services[0].shedding.thresholds[1]: found 20; allowed: an integer <= the threshold of tier 0 (10); thresholds must not increase with the tier: tier 0 is the most important, so it is shed last, at the longest queue',
      'services[0].replicaOverrides[1].replica: found 2; allowed: a replica index of "api" from 0 to 1 (it has 2 replicas)',
      'services[0].replicaOverrides[2].replica: duplicate override for replica 1, already given at services[0].replicaOverrides[0].replica',
    ]);
  });

  it('checks cache settings, and that clients reaching a cache send keys', () => {
    expect(
      linesOf(
        withFields({
          clients: [
            client('users', 'api'),
            client('bots', 'jobs', { keys: null }),
            client('keyed', 'db', { keys: { count: 3 } }),
          ],
          services: [
            service('api', [], { cache: { ttlMs: 10, ttlJitter: 1 } }),
            service('worker', ['db']),
            service('db', [], { cache: { ttlMs: 10 } }),
          ],
          queues: [{ name: 'jobs', consumer: 'worker' }],
        }),
      ),
    ).toEqual([
      'services[0].cache.ttlJitter: found 1; allowed: a number >= 0 and < 1',
      'clients[0].keys: missing; service "api" has a cache and client "users" reaches it (users -> api), so its requests need keys; allowed: an object {"count": ..., "zipfS": ...}',
      'clients[1].keys: found null; service "db" has a cache and client "bots" reaches it (bots -> jobs -> worker -> db), so its requests need keys; allowed: an object {"count": ..., "zipfS": ...}',
    ]);
  });
});
