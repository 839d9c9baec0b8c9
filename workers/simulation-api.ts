/**
 * The {@link SimulationApi} implemented on top of sim-core, with no platform API: the same
 * object is exposed by the browser's Web Worker, by each worker_threads worker of the CLI's pool,
 * and used directly in-process. Results do not depend on where it runs.
 */
import type { RunResult } from '../sim-core/metrics/result.ts';
import { Simulation } from '../sim-core/run/simulation.ts';
import type { EventSample, RunProgress, RunRequest, SimulationApi, TraceDigest } from './protocol.ts';

/** Kind names of an engine, by kind number. */
function kindNames(sim: Simulation): string[] {
  const engine = sim.world.engine;
  return Array.from({ length: engine.kindCount }, (_, k) => engine.kindName(k));
}

function progressOf(sim: Simulation): RunProgress {
  return { simTimeMs: sim.now, events: sim.eventsProcessed, done: sim.done };
}

export function createSimulationApi(): SimulationApi {
  let open: Simulation | null = null;
  let sampleEvery = 0;
  let sampleMax = 0;
  let buffer: number[] = [];
  let seen = 0;

  return {
    run(request: RunRequest): RunResult {
      return new Simulation(request.scenario, { seed: request.seed }).run();
    },

    open(request: RunRequest, sampleEvents: number): RunProgress {
      const sim = new Simulation(request.scenario, { seed: request.seed });
      open = sim;
      sampleMax = Math.max(0, Math.floor(sampleEvents));
      buffer = [];
      seen = 0;
      // Sampling is a pure function of the event sequence (every n-th event), so the animation
      // of a run is the same on every machine; it never changes the run itself.
      sampleEvery = 1;
      if (sampleMax > 0) {
        sim.world.engine.observe((time, kind, entity) => {
          seen++;
          if (seen % sampleEvery !== 0) return;
          if (buffer.length >= sampleMax * 3) {
            // Too many this slice: keep every other one from now on.
            sampleEvery *= 2;
            const kept: number[] = [];
            for (let i = 0; i < buffer.length; i += 6) kept.push(buffer[i], buffer[i + 1], buffer[i + 2]);
            buffer = kept;
          }
          buffer.push(time, kind, entity);
        });
      }
      return progressOf(sim);
    },

    advance(untilMs: number): RunProgress & { sample: EventSample | null } {
      if (open === null) throw new Error('no open run: call open() first');
      const sim = open;
      sim.advance(untilMs);
      let sample: EventSample | null = null;
      if (sampleMax > 0) {
        sample = {
          kinds: kindNames(sim),
          nodes: sim.world.nodeNames.slice(),
          events: Float64Array.from(buffer),
        };
        buffer = [];
        sampleEvery = Math.max(1, sampleEvery >> 1);
      }
      return { ...progressOf(sim), sample };
    },

    result(): RunResult {
      if (open === null) throw new Error('no open run: call open() first');
      return open.result();
    },

    close(): void {
      open = null;
      buffer = [];
    },

    trace(request: RunRequest, keepTrace: boolean): TraceDigest {
      const sim = new Simulation(request.scenario, { seed: request.seed });
      const trace: number[] = [];
      if (keepTrace) sim.world.engine.observe((time, kind, entity) => trace.push(time, kind, entity));
      const result = sim.run();
      return {
        traceHash: result.traceHash,
        events: result.events,
        trace: keepTrace ? Float64Array.from(trace) : null,
        kinds: kindNames(sim),
        nodes: sim.world.nodeNames.slice(),
      };
    },
  };
}
