// V8 tuning for the simulation's hot path, applied by every Node entry point (the `faultline`
// command, its worker threads, `npm run bench`) before any simulation code is compiled.
//
// Why: one simulated request runs through some thirty small functions (caller, server, metrics,
// engine). V8's default inlining budget (460 bytes of bytecode per callee, 920 per optimised
// function) stops well short of that, so most of them stay real calls. A larger budget lets
// TurboFan inline a whole event handler: M/M/1 runs 25-35% faster on the benchmark (README,
// "Performance"). Results cannot change: inlining never changes what the code computes, and
// the trace hashes and baselines are the same with and without these flags (a test checks).
//
// V8 flags are process-wide, so worker threads started later use them too. The browser lab
// cannot set them and runs with the engine's defaults. FAULTLINE_V8_DEFAULTS=1 skips the tuning
// (to measure what it buys, or to rule it out).
import v8 from 'node:v8';

/** The V8 flags Faultline's Node entry points set. */
export const V8_FLAGS = [
  '--max-inlined-bytecode-size=2000',
  '--max-inlined-bytecode-size-cumulative=10000',
  '--max-inlined-bytecode-size-absolute=20000',
];

export const v8Tuned = process.env.FAULTLINE_V8_DEFAULTS !== '1';
if (v8Tuned) for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
