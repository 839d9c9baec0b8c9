/** Types of bundle-freshness.mjs (see there). */
export declare const SOURCE_DIRS: readonly string[];
export declare const SOURCE_FILES: readonly string[];
export declare const BUNDLE_DIR: string;
export declare const STAMP_FILE: string;
export declare function sourcesState(root: string): { files: number; newestMs: number };
export declare function bundleStaleness(root: string): string | null;
