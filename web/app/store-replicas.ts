/**
 * The replicas of each store at the viewed moment, as a table under the store charts: applied
 * version (writes applied), replication lag, and for a leader-based store which replica leads
 * and in which term. Text, so the numbers are readable without hovering.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { formatTime } from '../charts/format.ts';
import { bucketAt } from '../view/as-of.ts';
import { storeReplicasAt, storeViews } from '../view/store-view.ts';

export function renderStoreReplicas(box: HTMLElement, result: RunResult | null, tMs: number): void {
  const doc = box.ownerDocument;
  box.replaceChildren();
  if (result === null) return;
  const b = bucketAt(result.series, tMs);
  for (const view of storeViews(result)) {
    const { term, replicas } = storeReplicasAt(view, b);
    const table = doc.createElement('table');
    table.className = 'fl-table';
    table.dataset.store = view.name;
    const caption = doc.createElement('caption');
    caption.textContent = `${view.name} at ${formatTime(tMs)}${term === null ? '' : ` · term ${term}`}`;
    table.append(caption);
    const head = doc.createElement('tr');
    for (const h of ['replica', 'applied writes', 'lag', 'role']) {
      const th = doc.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.append(th);
    }
    const thead = doc.createElement('thead');
    thead.append(head);
    const body = doc.createElement('tbody');
    for (const r of replicas) {
      const tr = doc.createElement('tr');
      tr.dataset.replica = String(r.replica);
      const cells = [
        `${view.name}/${r.replica}`,
        r.appliedVersion === null ? '–' : String(r.appliedVersion),
        r.lagMs === null ? '–' : `${Math.round(r.lagMs).toLocaleString('en-US')} ms`,
        r.leader ? 'leader' : view.series.leader === undefined ? '' : 'follower',
      ];
      for (const text of cells) {
        const td = doc.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(thead, body);
    box.append(table);
  }
}
