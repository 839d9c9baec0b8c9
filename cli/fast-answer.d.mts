/** Types of fast-answer.mjs (see there). */
export declare const ANSWERS_FILE: string;
export declare function helpFile(i: number): string;
export declare function asksStoredAnswer(args: readonly string[]): boolean;
export declare function fileStamp(path: string): string | null;
export declare function storedAnswer(
  root: string,
  bundleDir: string,
  args: readonly string[],
  width: number,
): string | null;
export declare function answerFast(root: string, bundleDir: string): Promise<boolean>;
