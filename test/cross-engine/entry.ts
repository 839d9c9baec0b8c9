/**
 * Entry that esbuild bundles into one script for QuickJS (see quickjs.test.ts). It installs
 * globals the test calls through quickjs-emscripten:
 *
 * - `runFaultline(scenarioJson, seed)`: one run of sim-core, reported as JSON.
 * - `runStore(configJson)`: one run of the leaderless store (sim-core/store), reported as JSON.
 * - `runLeaderStore(configJson)`: one run of the leader-based store, reported as JSON.
 * - `mathBits(fn, wordsJson)`: `Math.log`/`Math.exp` or sim-core's det-math `log`/`exp` applied to
 *   doubles given and returned as [hi, lo] 32-bit words, so no number formatting sits in between.
 */
import { exp, log } from '../../sim-core/random/det-math.ts';
import { runFaultline } from './run.ts';
import { runLeaderStore, runStore } from './store-run.ts';

const FNS: Record<string, (x: number) => number> = {
  'Math.log': Math.log,
  'Math.exp': Math.exp,
  'det.log': log,
  'det.exp': exp,
};

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
const HI = u32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** Applies FNS[name] to each double given as [hi, lo] words; returns the results as words. */
function mathBits(name: string, wordsJson: string): string {
  const fn = FNS[name];
  if (fn === undefined) throw new Error(`unknown function ${name}`);
  const words = JSON.parse(wordsJson) as [number, number][];
  const out: [number, number][] = [];
  for (const [hi, lo] of words) {
    u32[HI] = hi;
    u32[LO] = lo;
    f64[0] = fn(f64[0]);
    out.push([u32[HI], u32[LO]]);
  }
  return JSON.stringify(out);
}

const g = globalThis as unknown as {
  runFaultline: typeof runFaultline;
  runStore: typeof runStore;
  runLeaderStore: typeof runLeaderStore;
  mathBits: typeof mathBits;
};
g.runFaultline = runFaultline;
g.runStore = runStore;
g.runLeaderStore = runLeaderStore;
g.mathBits = mathBits;
