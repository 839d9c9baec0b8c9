/**
 * The scenario library as the lab shows it: every built-in scenario, in the CLI's order, with
 * what the picker needs. The raw documents stay raw: they are validated when chosen, exactly as
 * `faultline run <id>` validates them.
 */
import { BUILT_IN_SCENARIOS } from '../../scenarios/index.ts';
import type { ScenarioLookup } from '../share/share-link.ts';

export interface LibraryEntry {
  id: string;
  title: string;
  description: string;
  /** Has a lesson (the teaching scenarios); the queueing models have none. */
  lesson: boolean;
  raw: unknown;
}

type Raw = Record<string, unknown>;

export function libraryEntries(raws: readonly unknown[] = BUILT_IN_SCENARIOS): LibraryEntry[] {
  return raws.map((raw) => {
    const r = (raw ?? {}) as Raw;
    return {
      id: String(r['id']),
      title: typeof r['title'] === 'string' ? r['title'] : String(r['id']),
      description: typeof r['description'] === 'string' ? r['description'] : '',
      lesson: typeof r['lesson'] === 'object' && r['lesson'] !== null,
      raw,
    };
  });
}

/** The lookup share links resolve ids with. */
export function libraryLookup(entries: readonly LibraryEntry[]): ScenarioLookup {
  return {
    get: (id) => entries.find((e) => e.id === id)?.raw,
    ids: () => entries.map((e) => e.id),
  };
}

/** The scenario the lab opens with: the first lesson, else the first scenario. */
export function defaultEntry(entries: readonly LibraryEntry[]): LibraryEntry {
  return entries.find((e) => e.lesson) ?? entries[0];
}
