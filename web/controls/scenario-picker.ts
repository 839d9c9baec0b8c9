/** The scenario picker: the whole library (lessons first, then the queueing models), plus a custom one. */
import type { LibraryEntry } from '../state/library.ts';

export const CUSTOM_VALUE = '__custom__';

export function renderScenarioPicker(
  select: HTMLSelectElement,
  entries: readonly LibraryEntry[],
  selectedId: string | null,
  customName: string | null,
): void {
  select.replaceChildren();
  const groups: [string, LibraryEntry[]][] = [
    ['Lessons: failures and patterns', entries.filter((e) => e.lesson)],
    ['Models: queues and systems', entries.filter((e) => !e.lesson)],
  ];
  for (const [label, list] of groups) {
    if (list.length === 0) continue;
    const group = document.createElement('optgroup');
    group.label = label;
    for (const e of list) {
      const option = new Option(`${e.title.split(':')[0]} (${e.id})`, e.id, false, e.id === selectedId);
      option.title = e.description;
      group.append(option);
    }
    select.append(group);
  }
  if (customName !== null) {
    const group = document.createElement('optgroup');
    group.label = 'Your scenario';
    group.append(new Option(customName, CUSTOM_VALUE, false, selectedId === null));
    select.append(group);
  }
}
