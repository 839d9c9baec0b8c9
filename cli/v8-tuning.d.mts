/** Types of v8-tuning.mjs (plain JavaScript: the command loads it before tsx is registered). */

/** The V8 flags Faultline's Node entry points set. */
export declare const V8_FLAGS: readonly string[];
/** Commands that run simulations: the ones {@link tuneForCommand} tunes V8 for. */
export declare const SIMULATING_COMMANDS: ReadonlySet<string>;
/** Sets {@link V8_FLAGS} unless FAULTLINE_V8_DEFAULTS=1; returns whether it did. */
export declare function applyV8Tuning(): boolean;
/** The command's tuning: only for commands that run simulations. */
export declare function tuneForCommand(argv: readonly string[]): boolean;
