// V8 tuning for long simulations: a throughput setting, off by default in the command.
//
// What it does: one simulated request runs through some thirty small functions (caller, server,
// metrics, engine), and V8's default inlining budget (460 bytes of bytecode per callee, 920 per
// optimised function) leaves most of them as calls. A larger budget lets TurboFan inline whole
// event handlers, and type feedback from a function's first call (--no-lazy-feedback-allocation)
// avoids deoptimisations while warming up: a cold 5-million-request M/M/1 run is 25-35% faster.
//
// Why it is not the command's default: compiling those larger functions takes longer, and short
// runs pay for it. The built-in lessons (0.1-1 million events) ran about twice as slow with it
// (three-tier: 510 ms against 290 ms of simulation; retry-storm 640-750 against 290-330 ms).
// So the command tunes only when asked (FAULTLINE_V8_TUNING=1: long runs, big sweeps). The
// benchmark tuned by default until 3 December 2026, when it was measured again (whole-process CPU,
// five interleaved pairs): 0.95x CPU on a 5-million-request M/M/1, but 1.34x (slower) on the bench's
// `tiers`; since then the benchmark, like the command, tunes only with FAULTLINE_V8_TUNING=1.
//
// Results cannot change: inlining never changes what the code computes (a test compares a run's
// JSON with and without it). V8 flags are process-wide, so worker threads started later use them
// too. Browsers take no flags: the lab runs with V8's defaults.
import v8 from 'node:v8';

/** The V8 flags of the tuning. */
export const V8_FLAGS = [
  '--max-inlined-bytecode-size=2000',
  '--max-inlined-bytecode-size-cumulative=10000',
  '--max-inlined-bytecode-size-absolute=20000',
  '--no-lazy-feedback-allocation',
];

/** Whether to tune, given FAULTLINE_V8_TUNING (`1` on, anything else set off) and the default. */
export function tuningWanted(setting, byDefault) {
  return setting === undefined || setting === '' ? byDefault : setting === '1';
}

/**
 * Applies {@link V8_FLAGS} if {@link tuningWanted} says so for FAULTLINE_V8_TUNING; returns
 * whether it did. Call it before any simulation code runs.
 */
export function applyV8Tuning(byDefault) {
  const on = tuningWanted(process.env.FAULTLINE_V8_TUNING, byDefault);
  if (on) for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
  return on;
}
