// V8 tuning for the simulation's hot path, applied by the Node entry points (the `faultline`
// commands that simulate, with their worker threads, and `npm run bench`) before any simulation
// code is compiled.
//
// Why: one simulated request runs through some thirty small functions (caller, server, metrics,
// engine). V8's default inlining budget (460 bytes of bytecode per callee, 920 per optimised
// function) stops well short of that, so most of them stay real calls. A larger budget lets
// TurboFan inline a whole event handler: M/M/1 runs 25-35% faster on the benchmark (README,
// "Performance"). Results cannot change: inlining never changes what the code computes, and
// the trace hashes and baselines are the same with and without these flags (a test checks).
//
// And --no-lazy-feedback-allocation: V8 normally starts recording type feedback only after a
// function's first few calls, so paths a run takes early and rarely (the first bucket change, a
// first rare branch) are compiled without feedback and deoptimise when they come back, each time
// recompiling a large inlined handler. With feedback from the first call, M/M/1 warms up sooner:
// about +5% on a cold 5-million-request run.
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
  '--no-lazy-feedback-allocation',
];

/** Commands that run simulations: the ones {@link tuneForCommand} tunes V8 for. */
export const SIMULATING_COMMANDS = new Set(['run', 'sweep', 'check', 'compare', 'export']);

/** Sets {@link V8_FLAGS} unless FAULTLINE_V8_DEFAULTS=1; returns whether it did. */
export function applyV8Tuning() {
  if (process.env.FAULTLINE_V8_DEFAULTS === '1') return false;
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
  return true;
}

/**
 * The command's tuning: only for commands that run simulations. The others (list, show,
 * validate, schema, merge, help) skip it: it makes V8 compile their start-up code harder too,
 * about 0.1 s on every start.
 */
export function tuneForCommand(argv) {
  const command = argv.find((arg) => !arg.startsWith('-'));
  return command !== undefined && SIMULATING_COMMANDS.has(command) ? applyV8Tuning() : false;
}
