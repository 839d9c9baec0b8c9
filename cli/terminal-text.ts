/**
 * Scenario text on a terminal, made inert. A scenario received from someone else can carry
 * control characters in its title or names: ESC sequences that clear the screen, paint a forged
 * green "passed" line, retitle the window or write the clipboard (OSC 52). Every piece of
 * scenario text the command shows goes through {@link escapeControls} (data handed to a report
 * through {@link terminalSafe}; everything written to stderr through `writeStderr`), so a control
 * character is shown as a visible escape (`\x1b`) instead of being obeyed. Printable text and
 * Unicode are kept as they are.
 */

// C0 controls, DEL and C1 controls (C1 includes CSI U+009B and OSC U+009D, which some terminals obey).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

// The same without the line feed, for multi-line text the command composed itself.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

const visible = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `text` with every control character (C0 including tab and newline, DEL, C1) shown as `\xNN`. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, visible);
}

/** {@link escapeControls}, keeping line feeds: for whole messages and reports made of lines. */
export function escapeControlsKeepingLines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, visible);
}

/**
 * A copy of `value` with every string in it, and every object key and Map key, passed through
 * {@link escapeControls}: what a report renders from it cannot reach the terminal as a control
 * sequence. Numbers, booleans and typed arrays are kept; keys stay own data properties (so a
 * name like `__proto__` stays a name).
 */
export function terminalSafe<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value === 'string') return escapeControls(value);
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(copy);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [copy(k), copy(v)]));
  const out: Record<string, unknown> = Object.create(
    Object.getPrototypeOf(value) === null ? null : Object.prototype,
  );
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(out, escapeControls(k), {
      value: copy(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
