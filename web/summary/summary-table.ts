/** Renders the summary tables under the charts. */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { type SummaryTable, summaryTables } from './summary-rows.ts';

export function renderTable(t: SummaryTable): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'fl-table';
  table.dataset.table = t.id;
  const caption = document.createElement('caption');
  caption.textContent = t.caption;
  const thead = document.createElement('thead');
  const hr = document.createElement('tr');
  for (const h of t.head) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    hr.append(th);
  }
  thead.append(hr);
  const tbody = document.createElement('tbody');
  for (const r of t.rows) {
    const tr = document.createElement('tr');
    r.forEach((cell, i) => {
      const td = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) (td as HTMLTableCellElement).scope = 'row';
      td.textContent = cell;
      tr.append(td);
    });
    tbody.append(tr);
  }
  table.append(caption, thead, tbody);
  return table;
}

export function renderSummary(container: HTMLElement, result: RunResult | null, partial: boolean): void {
  container.replaceChildren();
  if (result === null) return;
  const note = document.createElement('p');
  note.className = 'fl-note';
  note.textContent = partial
    ? `So far (${Math.round(result.simTimeMs / 1000)} s simulated): numbers change until the run ends.`
    : `Whole run: ${result.events.toLocaleString('en-US')} events, ${result.stopMessage}.`;
  container.append(note);
  for (const t of summaryTables(result)) container.append(renderTable(t));
}
