/** Types of v8-tuning.mjs (plain JavaScript: the command loads it before tsx is registered). */

/** The V8 flags of the tuning. */
export declare const V8_FLAGS: readonly string[];
/** Applies the flags if FAULTLINE_V8_TUNING says so (`1` on, `0` off), else if `byDefault`. */
export declare function applyV8Tuning(byDefault: boolean): boolean;
