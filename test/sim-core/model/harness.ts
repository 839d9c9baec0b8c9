import { vi } from 'vitest';
import type { RunResult } from '../../../sim-core/metrics/result.ts';
import { OUTCOMES, type Outcome } from '../../../sim-core/model/outcome.ts';
import { Simulation } from '../../../sim-core/run/simulation.ts';
import type { Scenario } from '../../../sim-core/scenario/spec.ts';
import { parse } from '../../support/scenarios.ts';

/**
 * Small deterministic stories for the model's tests: a scenario from a few fields, a run that
 * records its event trace and the end of every user request.
 */

type Doc = Record<string, unknown>;

/** A validated scenario: `id`, `title` and a 1 s duration filled in, everything else from `doc`. */
export function scenario(doc: Doc, sets: string[] = []): Scenario {
  return parse({ id: 'story', title: 'story', durationMs: 1000, ...doc }, sets);
}

/**
 * The arrival of a client that sends exactly one request, at 1000 ms (a `once` herd of one user).
 * Stories that need "one request at 1000 ms" use this, so they follow any change of that
 * convention in one place. The run must last longer than 1000 ms.
 */
export const ONE_REQUEST_AT_1000: Doc = { kind: 'once', users: 1, atMs: 1000 };

/** A client `name` that sends one request to `target` at 1000 ms. */
export function oneRequestClient(name: string, target: string, extra: Doc = {}): Doc {
  return { name, target, arrival: ONE_REQUEST_AT_1000, ...extra };
}

/** `n` clients u0..u(n-1) that each send one request to `target` at 1000 ms, in that order. */
export function burstClients(n: number, target: string, extra: Doc = {}): Doc[] {
  return Array.from({ length: n }, (_, i) => oneRequestClient(`u${i}`, target, extra));
}

/** A user request that ended: who issued it, how it ended, when. */
export interface Ending {
  client: string;
  outcome: Outcome;
  issuedAt: number;
  endedAt: number;
}

export interface Story {
  sim: Simulation;
  result: RunResult;
  /** Every processed event as `time kind node`, e.g. `1005 work-done api/0`. */
  trace: string[];
  /** Every user request that ended, in order of ending. */
  endings: Ending[];
  /** User requests issued, in order. */
  issued: { client: string; at: number }[];
  /** Per client, the most user requests it had in flight at once. */
  peakInFlight: Record<string, number>;
}

/** Runs `s` to its end, recording the trace, the issued requests and their endings. */
export function story(s: Scenario, seed?: number): Story {
  const sim = new Simulation(s, seed === undefined ? {} : { seed });
  const world = sim.world;
  const trace: string[] = [];
  const endings: Ending[] = [];
  const issued: { client: string; at: number }[] = [];
  world.engine.observe((time, kind, entity) => {
    trace.push(`${time} ${world.engine.kindName(kind)} ${world.nodeNames[entity]}`);
  });
  const names = s.clients.map((c) => c.name);
  const inFlight = names.map(() => 0);
  const peakInFlight: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const offered = sim.metrics.clientOffered.bind(sim.metrics);
  vi.spyOn(sim.metrics, 'clientOffered').mockImplementation((c, t) => {
    issued.push({ client: names[c], at: t });
    peakInFlight[names[c]] = Math.max(peakInFlight[names[c]], ++inFlight[c]);
    offered(c, t);
  });
  const ended = sim.metrics.clientEnded.bind(sim.metrics);
  vi.spyOn(sim.metrics, 'clientEnded').mockImplementation((c, outcome, issuedAt, t) => {
    endings.push({ client: names[c], outcome: OUTCOMES[outcome], issuedAt, endedAt: t });
    inFlight[c]--;
    ended(c, outcome, issuedAt, t);
  });
  const result = sim.run();
  return { sim, result, trace, endings, issued, peakInFlight };
}

/** Latencies (end - issue) of the endings with `outcome`, in order of ending. */
export function latencies(endings: Ending[], outcome: Outcome = 'succeeded'): number[] {
  return endings.filter((e) => e.outcome === outcome).map((e) => e.endedAt - e.issuedAt);
}

/** How many times each value occurs, keys in first-seen order. */
export function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
