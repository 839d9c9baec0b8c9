/**
 * Where in a scenario a field may be written: every object of the document whose schema has
 * that field, present or not. `--vary retry.jitter` uses it to say where a retry policy could go
 * when the scenario has none.
 */
import type { PathSegment } from './errors.ts';
import { fieldsAllowedAt } from './issues.ts';
import { isRecord } from './raw.ts';

/** One place a field may go: its path (segments) and whether the document sets it there (not null). */
export interface FieldPlace {
  path: PathSegment[];
  /** Elements named by their `name` where they have one, as `--set` accepts: `services.api.calls.0.retry`. */
  dotted: string;
  set: boolean;
}

/** Every object in `raw` whose schema allows `field`, in document order (walked without recursion). */
export function fieldPlaces(raw: unknown, field: string): FieldPlace[] {
  const places: FieldPlace[] = [];
  const stack: { value: unknown; path: PathSegment[]; dotted: string[] }[] = [
    { value: raw, path: [], dotted: [] },
  ];
  while (stack.length > 0) {
    const { value, path, dotted } = stack.pop() as (typeof stack)[number];
    const children: typeof stack = [];
    if (Array.isArray(value)) {
      value.forEach((e, i) => {
        const name = isRecord(e) && typeof e['name'] === 'string' ? e['name'] : String(i);
        children.push({ value: e, path: [...path, i], dotted: [...dotted, name] });
      });
    } else if (isRecord(value)) {
      if (path.length > 0 && fieldsAllowedAt(raw, path).includes(field)) {
        const at = value[field];
        places.push({
          path: [...path, field],
          dotted: [...dotted, field].join('.'),
          set: at !== undefined && at !== null,
        });
      }
      for (const [key, v] of Object.entries(value)) {
        if (isRecord(v) || Array.isArray(v))
          children.push({ value: v, path: [...path, key], dotted: [...dotted, key] });
      }
    }
    // Reversed onto the stack, so places come out in document order.
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]);
  }
  return places;
}
