/** The lesson beside the charts: what happens, why, what to watch, what to try next. */
import type { LessonSpec, Scenario } from '../../sim-core/scenario/spec.ts';

const SECTIONS: { key: keyof LessonSpec; title: string }[] = [
  { key: 'what', title: 'What happens' },
  { key: 'why', title: 'Why' },
  { key: 'watch', title: 'What to watch' },
  { key: 'tryNext', title: 'Try next' },
];

/**
 * The lesson in two parts: its title and description above the "Try it" controls (`head`), its
 * sections below them (`body`), so the controls a lesson talks about are in view from the start
 * (they used to sit some 1,600 px down, under the whole text).
 */
export function renderLesson(head: HTMLElement, body: HTMLElement, scenario: Scenario | null): void {
  head.replaceChildren();
  body.replaceChildren();
  if (scenario === null) return;
  const container = head;
  const title = document.createElement('h2');
  title.id = 'lesson-title';
  title.textContent = scenario.title;
  container.append(title);
  const description = document.createElement('p');
  description.className = 'fl-description';
  description.textContent = scenario.description;
  container.append(description);
  const details = body.closest('details');
  if (details !== null) details.hidden = scenario.lesson === null;
  if (scenario.lesson === null) return;
  for (const s of SECTIONS) {
    const h = document.createElement('h3');
    h.textContent = s.title;
    const p = document.createElement('p');
    p.textContent = scenario.lesson[s.key];
    p.dataset.lesson = s.key;
    body.append(h, p);
  }
}
