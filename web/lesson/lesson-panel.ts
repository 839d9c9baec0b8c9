/** The lesson beside the charts: what happens, why, what to watch, what to try next. */
import type { LessonSpec, Scenario } from '../../sim-core/scenario/spec.ts';

const SECTIONS: { key: keyof LessonSpec; title: string }[] = [
  { key: 'what', title: 'What happens' },
  { key: 'why', title: 'Why' },
  { key: 'watch', title: 'What to watch' },
  { key: 'tryNext', title: 'Try next' },
];

export function renderLesson(container: HTMLElement, scenario: Scenario | null): void {
  container.replaceChildren();
  if (scenario === null) return;
  const title = document.createElement('h2');
  title.id = 'lesson-title';
  title.textContent = scenario.title;
  container.append(title);
  const description = document.createElement('p');
  description.className = 'fl-description';
  description.textContent = scenario.description;
  container.append(description);
  if (scenario.lesson === null) return;
  for (const s of SECTIONS) {
    const h = document.createElement('h3');
    h.textContent = s.title;
    const p = document.createElement('p');
    p.textContent = scenario.lesson[s.key];
    p.dataset.lesson = s.key;
    container.append(h, p);
  }
}
