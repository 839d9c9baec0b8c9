/**
 * M/M/1 in SimJS (npm `simjs`), a JavaScript discrete-event library built on callbacks, as its
 * documentation writes the model: a source entity with a timer per arrival, one FCFS Facility,
 * and SimJS's own Mersenne Twister for the exponential draws. Same work as the other peers:
 * exactly `requests` Poisson arrivals, run until the last request leaves.
 */
import { createRequire } from 'node:module';
import type { PeerWork } from './work.ts';

/** The part of SimJS's API this model uses (the package ships no types). */
interface SimJsRequest {
  done(
    callback: (this: unknown, argument: number) => void,
    context?: object,
    argument?: number,
  ): SimJsRequest;
}
interface SimJsEntity {
  time(): number;
  setTimer(duration: number): SimJsRequest;
  useFacility(facility: object, duration: number): SimJsRequest;
}
interface SimJsApi {
  Sim: new () => { addEntity(klass: unknown): SimJsEntity; simulate(endTime: number): boolean };
  Entity: new (...args: never[]) => SimJsEntity;
  Facility: new (name: string) => object;
  Random: new (seed: number) => { exponential(rate: number): number };
}

/**
 * SimJS's bundle has no CommonJS export: it only fills `window.Sim` when there is a window, so
 * give it one for the moment it loads.
 */
function loadSimJs(): SimJsApi {
  const global = globalThis as { window?: { Sim?: SimJsApi } };
  const had = 'window' in global;
  const saved = global.window;
  global.window = {};
  try {
    createRequire(import.meta.url)('simjs');
    const api = global.window.Sim;
    if (api === undefined) throw new Error('simjs did not define window.Sim');
    return api;
  } finally {
    if (had) global.window = saved;
    else delete global.window;
  }
}

// Loaded with the module, so that loading is start-up, not simulation.
const SIMJS = loadSimJs();

/** SimJS's version, from its package.json. */
export const SIMJS_VERSION = (createRequire(import.meta.url)('simjs/package.json') as { version: string })
  .version;

/** Runs the model; returns the requests completed and their mean response time. */
export function mm1SimJs(work: PeerWork): { requests: number; meanResponseMs: number } {
  const { Sim, Entity, Facility, Random } = SIMJS;
  const sim = new Sim();
  const server = new Facility('server');
  const random = new Random(work.seed);
  const serviceRate = 1 / work.serviceMeanMs;
  let issued = 0;
  let completed = 0;
  let responseSum = 0;

  class Source extends Entity {
    start(): void {
      this.arrive();
    }
    arrive(): void {
      if (issued === work.requests) return;
      issued++;
      this.setTimer(random.exponential(work.arrivalsPerMs)).done(this.onArrival, this);
    }
    onArrival(): void {
      const arrived = this.time();
      this.useFacility(server, random.exponential(serviceRate)).done(this.onDone, this, arrived);
      this.arrive();
    }
    onDone(arrived: number): void {
      completed++;
      responseSum += this.time() - arrived;
    }
  }

  sim.addEntity(Source);
  sim.simulate(Number.POSITIVE_INFINITY);
  return { requests: completed, meanResponseMs: responseSum / completed };
}
