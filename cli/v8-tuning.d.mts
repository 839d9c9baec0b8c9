/** Types of v8-tuning.mjs (plain JavaScript: the command loads it before tsx is registered). */

/** The V8 flags of the tuning. */
export declare const V8_FLAGS: readonly string[];
/** Whether to tune, given FAULTLINE_V8_TUNING (`1` on, anything else set off) and the default. */
export declare function tuningWanted(setting: string | undefined, byDefault: boolean): boolean;
/** Applies the flags if FAULTLINE_V8_TUNING says so (`1` on, `0` off), else if `byDefault`. */
export declare function applyV8Tuning(byDefault: boolean): boolean;
