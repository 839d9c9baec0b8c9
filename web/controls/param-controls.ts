/**
 * Controls generated from a scenario's declared `params` (pure data; the DOM lives in
 * `param-form.ts`). A param is a `--set` path and the values a learner may pick:
 *
 * - a **select** when the values are not all numbers, or there are few of them (<= 3);
 * - a **slider** that snaps to the declared values when there are 4 or more numbers;
 * - numeric params also get a **number** input for a value of one's own (validated like any
 *   override; an invalid one is reported by field and not run).
 *
 * A control's value becomes the override `path=<JSON>`, the CLI's `--set` syntax.
 */
import type { ParamSpec } from '../../sim-core/scenario/spec.ts';

export type ParamValue = number | string | boolean | null;

export interface ControlOption {
  value: ParamValue;
  /** How the value reads: `none` for null, `on`/`off` for booleans. */
  text: string;
}

export interface ControlSpec {
  /** DOM-safe id derived from the path. */
  id: string;
  path: string;
  label: string;
  kind: 'select' | 'slider';
  options: ControlOption[];
  /** Every declared value is a number: a number input accompanies the control. */
  numeric: boolean;
}

/** At most this many numeric values make a select rather than a slider. */
export const MAX_SELECT_NUMBERS = 3;

export function valueText(value: ParamValue): string {
  if (value === null) return 'none';
  if (value === true) return 'on';
  if (value === false) return 'off';
  return String(value);
}

export function controlId(path: string): string {
  return `param-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function controlsFor(params: readonly ParamSpec[]): ControlSpec[] {
  return params.map((p) => {
    const numeric = p.values.length > 0 && p.values.every((v) => typeof v === 'number');
    return {
      id: controlId(p.path),
      path: p.path,
      label: p.label,
      kind: numeric && p.values.length > MAX_SELECT_NUMBERS ? 'slider' : 'select',
      options: p.values.map((value) => ({ value, text: valueText(value) })),
      numeric,
    };
  });
}

/** The override (`path=value`) that sets a control to `value`. */
export function overrideFor(path: string, value: ParamValue): string {
  return `${path}=${JSON.stringify(value)}`;
}

/** The path an override sets. */
export function overridePath(override: string): string {
  const eq = override.indexOf('=');
  return eq < 0 ? override : override.slice(0, eq);
}

/** `overrides` with the one for `path` replaced by `value` (or removed when `value` is undefined); order kept. */
export function withOverride(
  overrides: readonly string[],
  path: string,
  value: ParamValue | undefined,
): string[] {
  const next: string[] = [];
  let placed = false;
  for (const o of overrides) {
    if (overridePath(o) !== path) next.push(o);
    else if (value !== undefined && !placed) {
      next.push(overrideFor(path, value));
      placed = true;
    }
  }
  if (value !== undefined && !placed) next.push(overrideFor(path, value));
  return next;
}

/** The value an override list sets at `path`, or undefined when none does (or it is not JSON). */
export function overrideValue(overrides: readonly string[], path: string): ParamValue | undefined {
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i];
    if (overridePath(o) !== path) continue;
    const text = o.slice(path.length + 1);
    try {
      const v = JSON.parse(text) as unknown;
      if (v === null || ['number', 'string', 'boolean'].includes(typeof v)) return v as ParamValue;
      return undefined;
    } catch {
      return text;
    }
  }
  return undefined;
}

/**
 * The value at a `--set` path in raw scenario data (array elements by index or by `name`, as
 * `applyOverrides` addresses them); undefined when the path leads nowhere (a default applies).
 */
export function readPath(raw: unknown, path: string): unknown {
  let node: unknown = raw;
  for (const segment of path.split('.')) {
    if (Array.isArray(node)) {
      const index = /^[0-9]+$/.test(segment)
        ? Number(segment)
        : node.findIndex(
            (e) => typeof e === 'object' && e !== null && (e as { name?: unknown }).name === segment,
          );
      node = index >= 0 ? node[index] : undefined;
    } else if (typeof node === 'object' && node !== null) {
      node = Object.hasOwn(node, segment) ? (node as Record<string, unknown>)[segment] : undefined;
    } else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * Which option a control shows: the override's value if one is set, else the scenario's own
 * value at the path when it is one of the options; -1 when neither (the scenario's value is
 * something else, or a default): the control then shows "as in scenario".
 */
export function selectedIndex(spec: ControlSpec, raw: unknown, overrides: readonly string[]): number {
  const set = overrideValue(overrides, spec.path);
  const value = set !== undefined ? set : readPath(raw, spec.path);
  return spec.options.findIndex((o) => o.value === value);
}
