import { vi } from 'vitest';
import type { RunResult } from '../../../sim-core/metrics/result.ts';
import { OUTCOMES, type Outcome } from '../../../sim-core/model/outcome.ts';
import { Simulation } from '../../../sim-core/run/simulation.ts';
import type { Scenario } from '../../../sim-core/scenario/spec.ts';
import { parse } from '../../support/scenarios.ts';

/** Small fault stories: a scenario from a few fields and a run that records what happened. */

type Doc = Record<string, unknown>;

export const constant = (valueMs: number) => ({ kind: 'constant', valueMs });

/** A client `name` whose `users` users each send one request to `target` at `atMs`. */
export function herd(name: string, target: string, atMs: number, users = 1, extra: Doc = {}): Doc {
  return { name, target, arrival: { kind: 'once', users, atMs }, ...extra };
}

/** A validated scenario: `id`, `title` and a 2 s duration filled in, everything else from `doc`. */
export function scenario(doc: Doc): Scenario {
  return parse({ id: 'fault-story', title: 'fault story', durationMs: 2000, ...doc });
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
  /** Every processed event as `time kind node`, e.g. `1050 fault api/0`. */
  trace: string[];
  /** Every user request that ended, in order of ending. */
  endings: Ending[];
  /** Times user requests were issued, per client, in order. */
  issued: Record<string, number[]>;
  /** Per service, the most workers busy at once. */
  peakBusy: Record<string, number>;
}

/**
 * Runs `s` to its end, recording the trace, issued and ended user requests and busy workers.
 * `before` runs on the fresh simulation, before its first event (to add spies).
 */
export function story(s: Scenario, seed?: number, before?: (sim: Simulation) => void): Story {
  const sim = new Simulation(s, seed === undefined ? {} : { seed });
  const world = sim.world;
  const trace: string[] = [];
  const endings: Ending[] = [];
  const names = s.clients.map((c) => c.name);
  const issued: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const services = s.services.map((x) => x.name);
  const busy = services.map(() => 0);
  const peakBusy: Record<string, number> = Object.fromEntries(services.map((n) => [n, 0]));
  world.engine.observe((time, kind, entity) => {
    trace.push(`${time} ${world.engine.kindName(kind)} ${world.nodeNames[entity]}`);
  });
  const m = sim.metrics;
  const offered = m.clientOffered.bind(m);
  vi.spyOn(m, 'clientOffered').mockImplementation((c, t) => {
    issued[names[c]].push(t);
    offered(c, t);
  });
  const ended = m.clientEnded.bind(m);
  vi.spyOn(m, 'clientEnded').mockImplementation((c, outcome, issuedAt, t) => {
    endings.push({ client: names[c], outcome: OUTCOMES[outcome], issuedAt, endedAt: t });
    ended(c, outcome, issuedAt, t);
  });
  const busyChanged = m.busyChanged.bind(m);
  vi.spyOn(m, 'busyChanged').mockImplementation((svc, delta, t) => {
    busy[svc] += delta;
    peakBusy[services[svc]] = Math.max(peakBusy[services[svc]], busy[svc]);
    busyChanged(svc, delta, t);
  });
  before?.(sim);
  const result = sim.run();
  return { sim, result, trace, endings, issued, peakBusy };
}

/** `client outcome endedAt` of every ending, in order of ending. */
export function ends(endings: readonly Ending[]): string[] {
  return endings.map((e) => `${e.client} ${e.outcome} ${e.endedAt}`);
}

/** The processed fault (control) events, as `time node`. */
export function faultEvents(trace: readonly string[]): string[] {
  return trace.filter((line) => line.split(' ')[1] === 'fault').map((line) => line.replace(' fault', ''));
}

/** A `before` hook for {@link story}: records `time crash|restart replica` of every real crash and restart. */
export function recordCrashes(log: string[]) {
  return (sim: Simulation) => {
    const server = sim.model.server;
    const crash = server.crash.bind(server);
    const restart = server.restart.bind(server);
    vi.spyOn(server, 'crash').mockImplementation((r) => {
      log.push(`${sim.world.engine.now} crash ${r.name}`);
      crash(r);
    });
    vi.spyOn(server, 'restart').mockImplementation((r) => {
      log.push(`${sim.world.engine.now} restart ${r.name}`);
      restart(r);
    });
  };
}
