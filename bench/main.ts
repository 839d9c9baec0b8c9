/**
 * `npm run bench`: speed and memory of the engine (not part of the tests: this machine is shared
 * and noisy, so figures are reported, never asserted).
 *
 * Cases: `hold` (the classic hold model: 1e5 pending events, pop one, push one), `mm1` (M/M/1 at
 * rho 0.9, 5 million requests through the normal scenario path with metrics on), `tiers` (the
 * three-tier call graph with network latency and timeouts). With `--json` it prints one object
 * `{ "<case>": { eventsPerSec, requestsPerSec, events, heapMB } }`.
 */

import { builtInScenario } from '../scenarios/index.ts';
import { applyOverrides, formatErrors, parseScenario } from '../scenarios/schema/index.ts';
import { Engine } from '../sim-core/engine/engine.ts';
import { EventQueue } from '../sim-core/engine/event-queue.ts';
import { createSampler } from '../sim-core/random/distributions.ts';
import { RandomStreams } from '../sim-core/random/streams.ts';
import { Simulation } from '../sim-core/run/simulation.ts';
import type { Scenario } from '../sim-core/scenario/spec.ts';
import { ObjectHeap } from './object-heap.ts';

interface CaseResult {
  eventsPerSec: number;
  requestsPerSec: number;
  events: number;
  heapMB: number;
  wallMs: number;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.includes('--case') ? args[args.indexOf('--case') + 1] : undefined;

function heapMB(): number {
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function benchHold(pending = 100_000, operations = 5_000_000): CaseResult {
  gc();
  const engine = new Engine<undefined>();
  const rng = new RandomStreams(1).stream('bench/hold');
  const exp = createSampler({ kind: 'exponential', meanMs: 1 });
  let left = operations;
  const HOLD = engine.defineKind('hold', (entity) => {
    if (--left > 0) engine.after(exp.sample(rng) * pending, HOLD, entity);
  });
  for (let i = 0; i < pending; i++) engine.at(exp.sample(rng) * pending, HOLD, i);
  let peak = heapMB();
  const t0 = performance.now();
  while (engine.pending > 0) {
    engine.runUntil(engine.now + pending);
    peak = Math.max(peak, heapMB());
  }
  const wallMs = performance.now() - t0;
  return {
    eventsPerSec: (engine.processed / wallMs) * 1000,
    requestsPerSec: 0,
    events: engine.processed,
    heapMB: peak,
    wallMs,
  };
}

function loadScenario(id: string, sets: string[]): Scenario {
  const raw = applyOverrides(builtInScenario(id), sets);
  if (!raw.ok) throw new Error(formatErrors(raw.errors));
  const parsed = parseScenario(raw.value);
  if (!parsed.ok) throw new Error(formatErrors(parsed.errors));
  return parsed.scenario;
}

function benchScenario(scenario: Scenario, sliceMs: number): CaseResult {
  gc();
  const sim = new Simulation(scenario);
  let peak = heapMB();
  const t0 = performance.now();
  while (!sim.done) {
    sim.advance(sim.now + sliceMs);
    peak = Math.max(peak, heapMB());
  }
  const wallMs = performance.now() - t0;
  const result = sim.result();
  let completed = 0;
  for (const c of Object.values(result.summary.clients)) {
    completed += c.succeeded + c.errors.failed + c.errors.rejected + c.errors.timedOut + c.errors.dropped;
  }
  return {
    eventsPerSec: (result.events / wallMs) * 1000,
    requestsPerSec: (completed / wallMs) * 1000,
    events: result.events,
    heapMB: peak,
    wallMs,
  };
}

/** The typed-array queue against a heap of objects, on the same hold workload. */
function compareQueues(pending = 100_000, operations = 3_000_000): { typedArray: number; objects: number } {
  const rng = new RandomStreams(2).stream('bench/queues');
  const times = new Float64Array(operations + pending);
  for (let i = 0; i < times.length; i++) times[i] = rng.next() * pending;
  const typed = new EventQueue<undefined>(pending);
  const objects = new ObjectHeap();
  for (let i = 0; i < pending; i++) {
    typed.push(times[i], 0, i, undefined);
    objects.push(times[i], 0, i);
  }
  let t0 = performance.now();
  for (let i = 0; i < operations; i++) {
    const s = typed.pop();
    typed.push(typed.time(s) + times[pending + i], 0, 0, undefined);
  }
  const typedMs = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < operations; i++) {
    const e = objects.pop();
    objects.push(e.time + times[pending + i], 0, 0);
  }
  const objectMs = performance.now() - t0;
  return { typedArray: (operations / typedMs) * 1000, objects: (operations / objectMs) * 1000 };
}

const cases: Record<string, () => CaseResult> = {
  hold: () => benchHold(),
  // 5 million requests at 900/s.
  mm1: () => benchScenario(loadScenario('mm1', ['durationMs=5560000', 'metrics.warmupMs=0']), 100_000),
  tiers: () => benchScenario(loadScenario('three-tier', ['durationMs=1000000']), 10_000),
};

const results: Record<string, CaseResult> = {};
for (const [name, run] of Object.entries(cases)) {
  if (only !== undefined && only !== name) continue;
  results[name] = run();
  if (!json) {
    const r = results[name];
    console.log(
      `${name.padEnd(6)} ${(r.eventsPerSec / 1e6).toFixed(2)} M events/s  ${(r.requestsPerSec / 1e6).toFixed(2)} M requests/s  ` +
        `${r.events} events in ${(r.wallMs / 1000).toFixed(2)} s  peak heap ${r.heapMB.toFixed(0)} MB`,
    );
  }
}
if (json) {
  const out: Record<string, Omit<CaseResult, 'wallMs'>> = {};
  for (const [k, r] of Object.entries(results)) {
    out[k] = {
      eventsPerSec: Math.round(r.eventsPerSec),
      requestsPerSec: Math.round(r.requestsPerSec),
      events: r.events,
      heapMB: Math.round(r.heapMB * 10) / 10,
    };
  }
  console.log(JSON.stringify(out));
} else if (only === undefined || only === 'queues') {
  const q = compareQueues();
  console.log(
    `queue  typed-array heap ${(q.typedArray / 1e6).toFixed(2)} M ops/s vs object heap ${(q.objects / 1e6).toFixed(2)} M ops/s (pop+push, 1e5 pending)`,
  );
}
