import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportTrace } from '../../cli/commands/export.ts';
import { type ExportOptions, perfettoTrace, type TraceEvent } from '../../cli/export/perfetto.ts';
import { createRecording, sampleUnit } from '../../cli/export/recorder.ts';
import { loadScenario } from '../../cli/load-scenario.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { Simulation } from '../../sim-core/run/simulation.ts';
import { faultline, STACK_LINE, tempDir } from './cli-helpers.ts';

/**
 * Four seconds that exercise every span and instant kind: a client with retries and timeouts,
 * a service that sheds and fans out in parallel to a database (breaker, retries; one replica
 * crashes, then it slows down) and a hedged cache, and a message queue with its consumer.
 */
const KITCHEN_SINK = {
  id: 'kitchen-sink',
  title: 'Every span and instant kind, in a few seconds',
  seed: 3,
  durationMs: 4000,
  metrics: { bucketMs: 250, warmupMs: 0 },
  clients: [
    {
      name: 'users',
      target: 'api',
      arrival: { kind: 'poisson', ratePerSec: 400 },
      timeoutMs: 300,
      retry: {
        maxAttempts: 3,
        retryOn: ['timedOut', 'failed', 'shed', 'rejected'],
        backoff: { kind: 'exponential', baseMs: 10, multiplier: 2, capMs: 100 },
        jitter: 'full',
        budget: null,
      },
    },
    { name: 'producer', target: 'jobs', arrival: { kind: 'poisson', ratePerSec: 50 } },
  ],
  services: [
    {
      name: 'api',
      replicas: 2,
      concurrency: 4,
      queue: { capacity: 30, discipline: 'fifo' },
      serviceTime: { kind: 'exponential', meanMs: 2 },
      shedding: { kind: 'queue-length', maxQueue: 12 },
      callMode: 'parallel',
      calls: [
        {
          service: 'db',
          timeoutMs: 80,
          retry: {
            maxAttempts: 2,
            retryOn: ['timedOut', 'failed'],
            backoff: { kind: 'constant', baseMs: 5, capMs: 5 },
            jitter: 'none',
            budget: null,
          },
          breaker: {
            slidingWindowType: 'count',
            slidingWindowSize: 20,
            minimumNumberOfCalls: 10,
            failureRateThreshold: 30,
            slowCallRateThreshold: 100,
            slowCallDurationThresholdMs: 1000,
            waitDurationInOpenStateMs: 200,
            permittedNumberOfCallsInHalfOpenState: 3,
            recordFailures: ['timedOut', 'failed'],
          },
        },
        { service: 'cache', timeoutMs: 50, hedge: { delayMs: 8, maxHedges: 1 } },
      ],
    },
    {
      name: 'db',
      replicas: 2,
      concurrency: 3,
      queue: { capacity: 40, discipline: 'fifo' },
      serviceTime: { kind: 'lognormal', meanMs: 6, p99Ms: 30 },
    },
    { name: 'cache', replicas: 2, concurrency: 8, serviceTime: { kind: 'exponential', meanMs: 3 } },
    { name: 'worker', replicas: 1, concurrency: 2, serviceTime: { kind: 'exponential', meanMs: 15 } },
  ],
  queues: [
    {
      name: 'jobs',
      consumer: 'worker',
      consumers: 2,
      visibilityTimeoutMs: 500,
      maxDeliveries: 3,
      capacity: null,
    },
  ],
  network: { latency: { kind: 'lognormal', meanMs: 0.5, p99Ms: 2 } },
  faults: [
    { name: 'db-crash', kind: 'crash', service: 'db', replica: 0, atMs: 1500, durationMs: 800 },
    { name: 'db-slow', kind: 'latency', service: 'db', multiply: 4, atMs: 2500, durationMs: 600 },
  ],
};

interface TraceDocument {
  displayTimeUnit: string;
  otherData: { scenario: string; seed: number; traceHash: string; sample: number };
  traceEvents: TraceEvent[];
}

/**
 * Everything a trace viewer relies on, as a list of problems (empty when the trace is sound):
 * each event has name/ph/ts/pid/tid; complete events have dur >= 0 and nest perfectly on their
 * thread (the JSON format's rule: Perfetto drops or misdraws overlapping slices); events are
 * sorted by ts; every pid and (pid, tid) used is named by metadata.
 */
function traceProblems(doc: TraceDocument): string[] {
  const problems: string[] = [];
  if (doc.displayTimeUnit !== 'ms') problems.push(`displayTimeUnit ${doc.displayTimeUnit}`);
  if (!Array.isArray(doc.traceEvents)) return [...problems, 'traceEvents is not an array'];
  const processNames = new Set<number>();
  const threadNames = new Set<string>();
  const usedThreads = new Set<string>();
  const usedProcesses = new Set<number>();
  const open = new Map<string, number[]>();
  let previous = Number.NEGATIVE_INFINITY;
  for (const e of doc.traceEvents) {
    const text = JSON.stringify(e);
    if (typeof e.name !== 'string' || e.name === '') problems.push(`no name: ${text}`);
    if (!['X', 'i', 'M'].includes(e.ph)) problems.push(`unexpected ph: ${text}`);
    if (typeof e.ts !== 'number' || !Number.isFinite(e.ts) || e.ts < 0) problems.push(`bad ts: ${text}`);
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid)) problems.push(`bad pid/tid: ${text}`);
    if (e.ts < previous) problems.push(`not sorted by ts: ${text}`);
    previous = e.ts;
    if (e.ph === 'M') {
      if (e.name === 'process_name') processNames.add(e.pid);
      if (e.name === 'thread_name') threadNames.add(`${e.pid}/${e.tid}`);
      continue;
    }
    usedProcesses.add(e.pid);
    usedThreads.add(`${e.pid}/${e.tid}`);
    if (e.ph === 'i' && !['g', 'p', 't'].includes(e.s ?? '')) problems.push(`instant without scope: ${text}`);
    if (e.ph !== 'X') continue;
    if (typeof e.dur !== 'number' || !(e.dur >= 0)) {
      problems.push(`X without dur >= 0: ${text}`);
      continue;
    }
    // The enclosing spans still open on this thread (by their end): a span must end inside the innermost one.
    const key = `${e.pid}/${e.tid}`;
    const stack = open.get(key) ?? [];
    const end = e.ts + e.dur;
    const slack = 1e-6;
    while (stack.length > 0 && stack[stack.length - 1] <= e.ts + slack) stack.pop();
    if (stack.length > 0 && end > stack[stack.length - 1] + slack)
      problems.push(`overlaps its enclosing span on ${key}: ${text}`);
    stack.push(end);
    open.set(key, stack);
  }
  for (const t of usedThreads) if (!threadNames.has(t)) problems.push(`thread ${t} has no thread_name`);
  for (const p of usedProcesses) if (!processNames.has(p)) problems.push(`process ${p} has no process_name`);
  return problems;
}

/** A run recorded through a probe passed at construction, as sim-core intends: its result and trace. */
function probedExport(scenarioFile: string, options: ExportOptions) {
  const { scenario } = loadScenario(scenarioFile);
  const rate = options.sample;
  const recording = createRecording(rate >= 1 ? () => true : (root) => sampleUnit(root) < rate);
  const sim = new Simulation(scenario, { probe: recording.probe });
  recording.attach(sim.world);
  const result = sim.run();
  return {
    sim,
    result,
    trace: perfettoTrace(sim.world, result, recording.finish(result.simTimeMs), options),
  };
}

const names = (doc: TraceDocument, name: string, pid?: number) =>
  doc.traceEvents
    .filter((e) => e.ph === 'M' && e.name === name && (pid === undefined || e.pid === pid))
    .map((e) => String(e.args?.['name']));

const spans = (doc: TraceDocument, name: string) =>
  doc.traceEvents.filter((e) => e.ph === 'X' && e.name === name);
const instants = (doc: TraceDocument, name: string) =>
  doc.traceEvents.filter((e) => e.ph === 'i' && e.name === name);
const pidOf = (doc: TraceDocument, process: string) =>
  doc.traceEvents.find((e) => e.ph === 'M' && e.name === 'process_name' && e.args?.['name'] === process)!.pid;

describe('faultline export --format perfetto', () => {
  let dir: string;
  let file: string;
  let full: TraceDocument;
  let result: RunResult;
  beforeAll(() => {
    dir = tempDir();
    file = join(dir, 'kitchen-sink.json');
    writeFileSync(file, JSON.stringify(KITCHEN_SINK, null, 2));
    full = JSON.parse(exportTrace(file, [], undefined, { window: null, sample: 1 }).text) as TraceDocument;
    const run = faultline('run', file, '--json');
    expect(run.status).toBe(0);
    result = JSON.parse(run.stdout) as RunResult;
  });

  it('writes a structurally sound Chrome trace: named, timed, sorted, perfectly nested', () => {
    expect(full.traceEvents.length).toBeGreaterThan(1000);
    expect(traceProblems(full)).toEqual([]);
  });

  it('exports the very run `faultline run` makes (the hooks change nothing)', () => {
    expect(full.otherData).toMatchObject({
      scenario: 'kitchen-sink',
      seed: 3,
      traceHash: result.traceHash,
      sample: 1,
    });
  });

  it('records through the run probe alone: no method of the world is replaced', () => {
    const { sim, result: probed, trace } = probedExport(file, { window: null, sample: 1 });
    expect(probed.traceHash).toBe(result.traceHash);
    expect(JSON.parse(trace.text)).toEqual(full);
    for (const part of [sim.model.server, sim.model.caller] as object[]) {
      const own = Object.entries(part).filter(([, v]) => typeof v === 'function');
      expect(own.map(([k]) => k)).toEqual([]);
    }
  });

  it("shows every chaos hit as a slice on its replica's hits thread, from its start to its end", () => {
    const scenarioFile = join(dir, 'chaos.json');
    writeFileSync(
      scenarioFile,
      JSON.stringify({
        id: 'chaos',
        title: 'Chaos crashes and partitions on two replicas',
        seed: 4,
        durationMs: 6000,
        clients: [
          { name: 'users', target: 'api', arrival: { kind: 'poisson', ratePerSec: 50 }, timeoutMs: 200 },
        ],
        services: [
          {
            name: 'api',
            replicas: 2,
            concurrency: 4,
            serviceTime: { kind: 'constant', valueMs: 5 },
            calls: [{ service: 'db', timeoutMs: 100 }],
          },
          { name: 'db', replicas: 2, concurrency: 4, serviceTime: { kind: 'constant', valueMs: 5 } },
        ],
        faults: [
          {
            name: 'monkey',
            kind: 'chaos-crash',
            atMs: 1000,
            durationMs: null,
            service: 'db',
            meanIntervalMs: 400,
            downMs: 300,
          },
          {
            name: 'cut',
            kind: 'chaos-partition',
            atMs: 1000,
            durationMs: 3000,
            service: 'api',
            meanIntervalMs: 1000,
            downMs: 200,
          },
        ],
      }),
    );
    const { result: run, trace } = probedExport(scenarioFile, { window: null, sample: 1 });
    const doc = JSON.parse(trace.text) as TraceDocument;
    expect(traceProblems(doc)).toEqual([]);
    const timeline = run.summary.timeline;
    expect(timeline.filter((e) => e.kind === 'crash').length).toBeGreaterThan(2);
    expect(timeline.filter((e) => e.kind === 'partition').length).toBeGreaterThan(0);
    const threadName = (e: TraceEvent) =>
      doc.traceEvents.find(
        (m) => m.ph === 'M' && m.name === 'thread_name' && m.pid === e.pid && m.tid === e.tid,
      )?.args?.['name'];
    const slices = doc.traceEvents
      .filter((e) => e.ph === 'X' && e.cat === 'fault')
      .map((e) => ({
        name: e.name,
        process: doc.traceEvents.find((m) => m.ph === 'M' && m.name === 'process_name' && m.pid === e.pid)
          ?.args?.['name'],
        thread: threadName(e),
        ts: e.ts,
        dur: e.dur,
      }));
    const ns = (ms: number) => Math.round(ms * 1e6);
    const expected = timeline.map((e) => {
      const end = e.endMs ?? run.simTimeMs;
      return {
        name: `${e.kind} (${e.source})`,
        process: e.service,
        thread: `${e.node} hits`,
        ts: ns(e.startMs) / 1000,
        dur: (ns(end) - ns(e.startMs)) / 1000,
      };
    });
    const order = (a: { ts: number; thread: unknown }, b: { ts: number; thread: unknown }) =>
      a.ts - b.ts || String(a.thread).localeCompare(String(b.thread));
    // Overlapping hits on one replica take a second lane ("db/0 hits (2)").
    expect(
      slices.map((s) => ({ ...s, thread: String(s.thread).replace(/ \(\d+\)$/, '') })).sort(order),
    ).toEqual(expected.sort(order));
    // --window keeps only the hits that overlap it.
    const windowed = JSON.parse(
      probedExport(scenarioFile, { window: { fromMs: 0, toMs: 2000 }, sample: 1 }).trace.text,
    ) as TraceDocument;
    expect(windowed.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'fault').length).toBe(
      timeline.filter((e) => e.startMs <= 2000).length,
    );
  });

  it("puts every control event on its service's control thread, whatever its kind, and control slices on the hits thread", () => {
    const scenarioFile = join(dir, 'probes.json');
    writeFileSync(
      scenarioFile,
      JSON.stringify({
        id: 'probes',
        title: 'A replica that fails its probes and is restarted',
        seed: 1,
        durationMs: 20_000,
        clients: [
          { name: 'users', target: 'api', arrival: { kind: 'poisson', ratePerSec: 20 }, timeoutMs: 500 },
        ],
        services: [
          {
            name: 'api',
            replicas: 2,
            serviceTime: { kind: 'constant', valueMs: 5 },
            probes: {
              readiness: { periodMs: 1000, timeoutMs: 300, failureThreshold: 2 },
              liveness: { periodMs: 1000, timeoutMs: 300, failureThreshold: 3 },
            },
            restartDelayMs: 500,
          },
        ],
        faults: [{ name: 'gc', kind: 'pause', service: 'api', replica: 1, atMs: 5000, durationMs: 10_000 }],
      }),
    );
    const { scenario } = loadScenario(scenarioFile);
    const recording = createRecording(() => true);
    const sim = new Simulation(scenario, { probe: recording.probe });
    recording.attach(sim.world);
    const run = sim.run();
    const kinds = new Set(run.summary.controlEvents.map((e) => e.kind));
    expect([...kinds].sort()).toEqual([
      'liveness-failed',
      'readiness-failed',
      'readiness-passed',
      'restart',
      'restarted',
    ]);
    // Kinds of other control loops come through the same way: a service-wide one and one with no service.
    const result: RunResult = {
      ...run,
      summary: {
        ...run.summary,
        controlEvents: [
          ...run.summary.controlEvents,
          {
            atMs: 7000,
            kind: 'scale',
            service: 'api',
            replica: null,
            source: 'hpa',
            detail: { from: 2, to: 3 },
          },
          { atMs: 8000, kind: 'alert-fired', service: null, replica: null, source: 'slo', detail: {} },
        ],
      },
    };
    const doc = JSON.parse(
      perfettoTrace(sim.world, result, recording.finish(result.simTimeMs), { window: null, sample: 1 }).text,
    ) as TraceDocument;
    expect(traceProblems(doc)).toEqual([]);
    const threadName = (e: TraceEvent) =>
      doc.traceEvents.find(
        (m) => m.ph === 'M' && m.name === 'thread_name' && m.pid === e.pid && m.tid === e.tid,
      )?.args?.['name'];
    const control = doc.traceEvents
      .filter((e) => e.ph === 'i' && e.cat === 'control')
      .map((e) => [e.name, e.ts, threadName(e), e.s]);
    const expected = result.summary.controlEvents.map((e) => [
      e.replica === null ? e.kind : `${e.kind} ${e.service}/${e.replica}`,
      Math.round(e.atMs * 1e6) / 1000,
      e.service === null ? 'faults' : 'api control',
      e.service === null ? 'g' : 't',
    ]);
    const byTime = (a: unknown[], b: unknown[]) =>
      Number(a[1]) - Number(b[1]) || String(a[0]).localeCompare(String(b[0]));
    expect(control.sort(byTime)).toEqual(expected.sort(byTime));
    // The api control thread comes first in the api process.
    const apiThreads = names(doc, 'thread_name', pidOf(doc, 'api'));
    expect(apiThreads[0]).toBe('api control');
    // The control timeline (not-ready, restart) is drawn on the replicas' hits threads.
    const slices = doc.traceEvents
      .filter((e) => e.ph === 'X' && e.cat === 'control')
      // Overlapping entries (a restart while not ready) take a second lane: "api/1 hits (2)".
      .map((e) => `${e.name} on ${String(threadName(e)).replace(/ \(\d+\)$/, '')}`);
    expect(new Set(slices)).toEqual(
      new Set(result.summary.timeline.map((e) => `${e.kind} (${e.source}) on ${e.node} hits`)),
    );
    expect(slices.length).toBe(result.summary.timeline.length);
  });

  it('ends an attempt dropped by deadline-aware dequeue as shed (a shed moment), not in flight', () => {
    const scenarioFile = join(dir, 'expire.json');
    writeFileSync(
      scenarioFile,
      JSON.stringify({
        id: 'expire',
        title: 'Timed-out attempts left queued, dropped when dequeued',
        seed: 1,
        durationMs: 1500,
        clients: [
          {
            name: 'users',
            target: 'api',
            arrival: { kind: 'poisson', ratePerSec: 300 },
            timeoutMs: 30,
            propagateDeadline: true,
            retry: {
              maxAttempts: 3,
              retryOn: ['timedOut'],
              backoff: { kind: 'constant', baseMs: 5, capMs: 5 },
              jitter: 'none',
              budget: null,
            },
          },
        ],
        services: [
          {
            name: 'api',
            replicas: 1,
            concurrency: 2,
            queue: { capacity: 100, discipline: 'fifo' },
            serviceTime: { kind: 'exponential', meanMs: 8 },
          },
        ],
      }),
    );
    const { result: run, trace } = probedExport(scenarioFile, { window: null, sample: 1 });
    const doc = JSON.parse(trace.text) as TraceDocument;
    expect(traceProblems(doc)).toEqual([]);
    const shed = run.summary.services['api'].errors.shed;
    expect(shed).toBeGreaterThan(0);
    expect(spans(doc, 'queued').filter((e) => e.args?.['outcome'] === 'shed').length).toBe(shed);
    expect(instants(doc, 'shed').length).toBe(shed);
    // Only the attempts still open at the end are in flight: none lasts from early on to the end.
    const stale = [...spans(doc, 'queued'), ...spans(doc, 'serve')].filter(
      (e) => e.args?.['outcome'] === 'in flight' && e.ts < 1_000_000,
    );
    expect(stale).toEqual([]);
  });

  it('has a process for the clients, each service, the queues and the faults; threads named after replicas', () => {
    expect(names(full, 'process_name')).toEqual([
      'clients',
      'api',
      'db',
      'cache',
      'worker',
      'queues',
      'faults',
    ]);
    const api = names(full, 'thread_name', pidOf(full, 'api'));
    expect(api).toContain('api/0');
    expect(api).toContain('api/1');
    // A replica serving several attempts at once needs more threads: spans on one thread must nest.
    expect(api).toContain('api/0 (2)');
    expect(api.some((n) => /^api\/\d queued/.test(n))).toBe(true);
    expect(names(full, 'thread_name', pidOf(full, 'db'))).toEqual(expect.arrayContaining(['db/0', 'db/1']));
    expect(names(full, 'thread_name', pidOf(full, 'clients'))).toEqual(
      expect.arrayContaining(['users', 'producer']),
    );
    expect(names(full, 'thread_name', pidOf(full, 'queues'))).toContain('jobs');
  });

  it('has a span per attempt at a replica: every attempt the service admitted is queued or served', () => {
    // Attempts at db: none refused, so each one is a serve or a queued span (crashed before a worker).
    const at = (pid: number) =>
      new Set(
        full.traceEvents
          .filter((e) => e.ph === 'X' && e.pid === pid && (e.name === 'serve' || e.name === 'queued'))
          .map((e) => `${e.args?.['call']}#${e.args?.['attempt']}`),
      );
    expect(at(pidOf(full, 'db')).size).toBe(result.summary.services['db'].attempts);
    // At api, shedding refuses some at the door: those are instants, not spans.
    const api = pidOf(full, 'api');
    const shed = instants(full, 'shed').filter((e) => e.pid === api).length;
    expect(shed).toBe(result.summary.services['api'].errors.shed);
    expect(at(api).size + shed).toBe(result.summary.services['api'].attempts);
    expect(spans(full, 'serve').some((e) => e.args?.['outcome'] === 'crashed')).toBe(true);
  });

  it('nests an attempt’s own work and its downstream calls inside its serve span', () => {
    const api = pidOf(full, 'api');
    const calls = full.traceEvents.filter((e) => e.ph === 'X' && e.pid === api && e.name.startsWith('call '));
    expect(new Set(calls.map((e) => e.name))).toEqual(new Set(['call db', 'call cache']));
    const serves = spans(full, 'serve').filter((e) => e.pid === api);
    for (const c of calls.slice(0, 200)) {
      const parent = serves.find(
        (s) => s.tid === c.tid && s.ts <= c.ts && c.ts + c.dur! <= s.ts + s.dur! + 1e-6,
      );
      expect(parent, JSON.stringify(c)).toBeDefined();
    }
    expect(spans(full, 'work').length).toBeGreaterThan(0);
    expect(spans(full, 'request api').length).toBeGreaterThan(0);
    expect(spans(full, 'deliver worker').length).toBeGreaterThan(0);
  });

  it('marks faults, breaker transitions, sheds, timeouts, retries and hedges as instants', () => {
    const faultInstants = full.traceEvents.filter((e) => e.ph === 'i' && e.cat === 'fault');
    expect(faultInstants.map((e) => e.name)).toEqual([
      'fault db-crash starts',
      'fault db-crash ends',
      'fault db-slow starts',
      'fault db-slow ends',
    ]);
    expect(faultInstants.every((e) => e.s === 'g')).toBe(true);
    const transitions = Object.values(result.summary.edges).flatMap((e) => e.breaker?.transitions ?? []);
    expect(transitions.length).toBeGreaterThan(0);
    const breaker = full.traceEvents.filter((e) => e.ph === 'i' && e.cat === 'breaker');
    expect(breaker.map((e) => [e.ts, e.args?.['node'], e.args?.['to']])).toEqual(
      transitions
        .map((t) => [Math.round(t.atMs * 1e6) / 1000, t.node, t.to])
        .sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    expect(instants(full, 'timeout').length).toBeGreaterThan(0);
    expect(instants(full, 'hedge').length).toBeGreaterThan(0);
    const retries = Object.values(result.summary.edges).reduce((n, e) => n + e.retries, 0);
    // A retry is marked when it is sent; a few decided at the very end are never sent.
    expect(instants(full, 'retry').length).toBeGreaterThan(0);
    expect(instants(full, 'retry').length).toBeLessThanOrEqual(retries);
    for (const e of full.traceEvents.filter((x) => x.ph === 'i' && x.cat !== 'fault')) expect(e.s).toBe('p');
  });

  it('--window keeps only the events that overlap it', () => {
    const trace = exportTrace(file, [], undefined, { window: { fromMs: 1400, toMs: 1800 }, sample: 1 });
    const doc = JSON.parse(trace.text) as TraceDocument;
    expect(traceProblems(doc)).toEqual([]);
    const body = doc.traceEvents.filter((e) => e.ph !== 'M');
    expect(body.length).toBeGreaterThan(50);
    expect(body.length).toBeLessThan(full.traceEvents.length / 4);
    for (const e of body) {
      if (e.ph === 'X') {
        expect(e.ts).toBeLessThanOrEqual(1_800_000);
        expect(e.ts + e.dur!).toBeGreaterThanOrEqual(1_400_000);
      } else {
        expect(e.ts).toBeGreaterThanOrEqual(1_400_000);
        expect(e.ts).toBeLessThanOrEqual(1_800_000);
      }
    }
    expect(body.map((e) => e.name)).toContain('fault db-crash starts');
    expect(body.map((e) => e.name)).not.toContain('fault db-slow starts');
  });

  it('--sample keeps a deterministic fraction of user requests, each with everything it caused', () => {
    const rate = 0.25;
    const doc = JSON.parse(
      exportTrace(file, [], undefined, { window: null, sample: rate }).text,
    ) as TraceDocument;
    expect(traceProblems(doc)).toEqual([]);
    const requestsOf = (d: TraceDocument) =>
      new Set(
        d.traceEvents
          .filter((e) => e.args?.['request'] !== undefined)
          .map((e) => Number(e.args?.['request'])),
      );
    const kept = requestsOf(doc);
    const all = requestsOf(full);
    expect([...kept].every((r) => sampleUnit(r) < rate)).toBe(true);
    expect(kept).toEqual(new Set([...all].filter((r) => sampleUnit(r) < rate)));
    expect(kept.size / all.size).toBeGreaterThan(0.15);
    expect(kept.size / all.size).toBeLessThan(0.35);
    // Whole requests: every event of a kept request is there.
    const count = (d: TraceDocument, r: number) =>
      d.traceEvents.filter((e) => e.args?.['request'] === r).length;
    for (const r of [...kept].slice(0, 50)) expect(count(doc, r)).toBe(count(full, r));
    // Breaker transitions and faults are not sampled.
    expect(doc.traceEvents.filter((e) => e.cat === 'breaker' || e.cat === 'fault').length).toBe(
      full.traceEvents.filter((e) => e.cat === 'breaker' || e.cat === 'fault').length,
    );
  });

  it('streams the trace in pieces with the bytes of the one-string layout', () => {
    const out = join(dir, 'streamed.json');
    expect(faultline('export', file, '--seed', '5', '--out', out).status).toBe(0);
    const written = readFileSync(out, 'utf8');
    const doc = JSON.parse(written) as TraceDocument;
    // The layout as it was built in one string: header, one event per line, footer.
    const oneString = `{"displayTimeUnit":"ms","otherData":${JSON.stringify(doc.otherData)},"traceEvents":[\n${doc.traceEvents
      .map((e) => JSON.stringify(e))
      .join(',\n')}\n]}\n`;
    expect(written).toBe(oneString);
    const trace = exportTrace(file, [], 5, { window: null, sample: 1 });
    const chunks: string[] = [];
    trace.write((chunk) => chunks.push(chunk));
    expect(written.length).toBeGreaterThan(64 * 1024);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(written);
    expect(trace.text).toBe(written);
  });

  it('writes the file, says how many events, and gives the same bytes for the same seed', () => {
    const out = join(dir, 'a.json');
    const first = faultline(
      'export',
      file,
      '--seed',
      '5',
      '--format',
      'perfetto',
      '--out',
      out,
      '--sample',
      '0.5',
    );
    expect(first.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    const doc = JSON.parse(text) as TraceDocument;
    expect(first.stderr).toMatch(
      /^faultline: wrote [\d,]+ trace events to .*a\.json \([\d,]+ spans, [\d,]+ instants\)\n$/,
    );
    expect(Number(/wrote ([\d,]+)/.exec(first.stderr)![1].replace(/,/g, ''))).toBe(doc.traceEvents.length);
    expect(doc.otherData.seed).toBe(5);
    const out2 = join(dir, 'b.json');
    expect(faultline('export', file, '--seed', '5', '--out', out2, '--sample', '0.5').status).toBe(0);
    expect(readFileSync(out2, 'utf8')).toBe(text);
    const other = faultline('export', file, '--seed', '6', '--out', out2, '--sample', '0.5');
    expect(other.status).toBe(0);
    expect(readFileSync(out2, 'utf8')).not.toBe(text);
    // '-' writes to stdout (the message still goes to stderr).
    const piped = faultline(
      'export',
      file,
      '--seed',
      '5',
      '--out',
      '-',
      '--window',
      '1000..1100',
      '--sample',
      '0.2',
    );
    expect(piped.status).toBe(0);
    expect(traceProblems(JSON.parse(piped.stdout) as TraceDocument)).toEqual([]);
    expect(piped.stderr).toMatch(/^faultline: wrote [\d,]+ trace events to stdout/);
  });

  it('takes --set like run does', () => {
    const trace = exportTrace(file, ['durationMs=3200'], undefined, { window: null, sample: 1 });
    const doc = JSON.parse(trace.text) as TraceDocument;
    expect(traceProblems(doc)).toEqual([]);
    expect(Math.max(...doc.traceEvents.map((e) => e.ts + (e.dur ?? 0)))).toBe(3_200_000);
  });

  it('reports bad arguments like the other commands', () => {
    const cases: [string[], number, RegExp][] = [
      [['export', file], 2, /required option '--out <file>' not specified/],
      [['export', file, '--out', '-', '--window', '500..100'], 2, /window ends before it starts/],
      [['export', file, '--out', '-', '--window', 'soon'], 2, /Expected from\.\.to in ms/],
      [['export', file, '--out', '-', '--sample', '0'], 2, /Expected a fraction above 0 and at most 1/],
      [['export', file, '--out', '-', '--sample', '1.5'], 2, /Expected a fraction above 0 and at most 1/],
      [['export', file, '--out', '-', '--format', 'otlp'], 2, /Allowed choices are perfetto/],
      [['export', 'no-such-scenario', '--out', '-'], 2, /unknown scenario 'no-such-scenario'/],
      [
        ['export', file, '--out', join(dir, 'missing', 'x.json')],
        1,
        /cannot write .*: its folder does not exist/,
      ],
    ];
    for (const [args, status, message] of cases) {
      const r = faultline(...args);
      expect(r.status, args.join(' ')).toBe(status);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain(STACK_LINE);
    }
  });
});
