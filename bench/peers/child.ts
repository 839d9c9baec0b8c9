/**
 * A Node peer's child process (started through child.mjs): runs `faultline`, `simjs` or `bare`
 * once on `requests` requests and prints its {@link PeerRun} as JSON. Each loads only what it
 * runs, so that the whole-process time compares start-ups fairly.
 */
import { readFileSync } from 'node:fs';
import { measurePeer, type PeerRun } from './measure.ts';
import { MM1_WORK } from './work.ts';

/** The Node peers this child runs (SimPy runs as `python3 mm1_simpy.py`). */
export const NODE_PEERS = ['faultline', 'simjs', 'bare'] as const;

async function faultline(requests: number): Promise<PeerRun> {
  const { benchScenario, loadScenario } = await import('../scenario-run.ts');
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  // Poisson arrivals for as long as `requests` take on average; no warm-up left out.
  const durationMs = Math.round(requests / MM1_WORK.arrivalsPerMs);
  const r = benchScenario(loadScenario('mm1', [`durationMs=${durationMs}`, 'metrics.warmupMs=0']), 100_000);
  const total = process.cpuUsage();
  return {
    requests: r.completed,
    simWallMs: r.wallMs,
    simCpuMs: r.cpuMs,
    processCpuMs: (total.user + total.system) / 1000,
    meanResponseMs: r.meanLatencyMs,
    version,
  };
}

async function run(name: string, requests: number): Promise<PeerRun> {
  const work = { ...MM1_WORK, requests };
  if (name === 'faultline') return faultline(requests);
  if (name === 'simjs') {
    const { mm1SimJs, SIMJS_VERSION } = await import('./mm1-simjs.ts');
    return { ...measurePeer(() => mm1SimJs(work)), version: SIMJS_VERSION };
  }
  const { mm1Bare } = await import('./mm1-bare.ts');
  return measurePeer(() => mm1Bare(work));
}

const [name, count] = process.argv.slice(2);
const requests = Number(count);
if (!(NODE_PEERS as readonly string[]).includes(name) || !Number.isInteger(requests) || requests < 1) {
  console.error(
    `usage: child.mjs ${NODE_PEERS.join('|')} REQUESTS (a whole number >= 1); found ${name} ${count}`,
  );
  process.exit(2);
}
console.log(JSON.stringify(await run(name, requests)));
