/**
 * The replicas of each store at the viewed moment, as a table under the store charts: applied
 * version (writes applied), replication lag, and for a leader-based store which replica leads
 * and in which term. Text, so the numbers are readable without hovering.
 */
import type { RunResult } from '../../sim-core/metrics/result.ts';
import type { Scenario } from '../../sim-core/scenario/spec.ts';
import { formatTime } from '../charts/format.ts';
import { renderTable } from '../summary/summary-table.ts';
import { bucketAt } from '../view/as-of.ts';
import { type StoreRingView, storeRingViews } from '../view/store-ring.ts';
import { storeReplicasAt, storeViews } from '../view/store-view.ts';

/** A ring store's preference lists (the hottest keys) and each replica's share of the keys. */
function ringTable(ring: StoreRingView): HTMLTableElement {
  const name = (r: number) => `${ring.store}/${r}`;
  const table = renderTable({
    id: `store-ring-${ring.store}`,
    caption: `${ring.store} ring: each key on ${ring.n} of ${ring.replicas} replicas (${ring.tokensPerReplica} tokens each), the hottest ${ring.lists.length} of ${ring.keys} keys`,
    head: ['key', 'owner', `preference list (first ${ring.n} hold it)`, 'stand-ins'],
    rows: ring.lists.map((l) => [
      `k${l.key}`,
      name(l.holders[0]),
      l.holders.map(name).join(' → '),
      l.standIns.map(name).join(', '),
    ]),
  });
  table.dataset.ring = ring.store;
  table.classList.add('fl-table-text');
  return table;
}

export function renderStoreReplicas(
  box: HTMLElement,
  result: RunResult | null,
  tMs: number,
  scenario: Scenario | null = null,
): void {
  box.replaceChildren();
  if (result === null) return;
  const b = bucketAt(result.series, tMs);
  const rings = storeRingViews(scenario);
  for (const view of storeViews(result)) {
    const ring = rings.find((r) => r.store === view.name);
    const { term, replicas } = storeReplicasAt(view, b);
    const header = ['replica', 'applied writes', 'lag', 'role'];
    if (ring !== undefined) header.push('keys held (owned)');
    const rows = replicas.map((r) => {
      const cells = [
        `${view.name}/${r.replica}`,
        r.appliedVersion === null ? '–' : String(r.appliedVersion),
        r.lagMs === null ? '–' : `${Math.round(r.lagMs).toLocaleString('en-US')} ms`,
        r.leader ? 'leader' : view.series.leader === undefined ? '' : 'follower',
      ];
      const share = ring?.shares[r.replica];
      if (share !== undefined) cells.push(`${share.holds} (${share.owns})`);
      return cells;
    });
    const caption = `${view.name} at ${formatTime(tMs)}${term === null ? '' : ` · term ${term}`}`;
    const table = renderTable({ id: `store-replicas-${view.name}`, caption, head: header, rows });
    table.dataset.store = view.name;
    table.querySelectorAll('tbody tr').forEach((tr, i) => {
      (tr as HTMLElement).dataset.replica = String(replicas[i].replica);
    });
    box.append(table);
    if (ring !== undefined) box.append(ringTable(ring));
  }
}
