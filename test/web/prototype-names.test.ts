import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { goldenSignalSeries } from '../../web/charts/signal-series.ts';
import { resultsCsv } from '../../web/share/results-csv.ts';
import { summaryTables } from '../../web/summary/summary-rows.ts';
import { topologyStateAt } from '../../web/view/as-of.ts';
import { callGraph } from '../../web/view/graph.ts';
import {
  clientsNamedLikePrototype,
  PROTOTYPE_NAMES,
  servicesNamedLikePrototype,
} from '../support/prototype-names.ts';
import { parse } from '../support/scenarios.ts';

describe('the lab with clients and services named like Object.prototype', () => {
  const clients = parse(clientsNamedLikePrototype());
  const services = parse(servicesNamedLikePrototype());
  // What the page gets from its worker is a structured clone: an ordinary object with own keys.
  const runs: [string, typeof clients, RunResult][] = [clients, services].flatMap((s) => {
    const r = runScenario(s);
    return [
      [`${s.id}, as run`, s, r],
      [`${s.id}, from the worker`, s, structuredClone(r)],
    ] as [string, typeof clients, RunResult][];
  });

  it.each(runs)('draws every node and edge of the topology with its values (%s)', (_, s, r) => {
    const graph = callGraph(s);
    const state = topologyStateAt(s, r, 750);
    expect(Object.keys(state.nodes)).toEqual(graph.nodes.map((n) => n.id));
    expect(Object.keys(state.edges)).toEqual(graph.edges.map((e) => e.key));
    for (const n of graph.nodes) {
      expect(Object.hasOwn(state.nodes, n.id)).toBe(true);
      expect(state.nodes[n.id].attemptsPerSec, n.id).toBe(10);
    }
    for (const e of graph.edges) expect(state.edges[e.key].attemptsPerSec, e.key).toBe(10);
  });

  it.each(runs)('charts the golden signals of each of them (%s)', (_, s, r) => {
    for (const name of PROTOTYPE_NAMES) {
      const kind = s.id === 'proto-clients' ? 'client' : 'service';
      const g = goldenSignalSeries(r, { kind, name });
      expect(
        g.latency.map((l) => [l.key, l.values]),
        name,
      ).toEqual([
        ['p50', [10, 10]],
        ['p99', [10, 10]],
      ]);
      expect(g.traffic.length, name).toBeGreaterThan(0);
    }
  });

  it.each(runs)('lists each of them in the summary tables and the CSV (%s)', (_, s, r) => {
    const group = s.id === 'proto-clients' ? 'clients' : 'services';
    const table = summaryTables(r).find((t) => t.id === group);
    expect(table?.rows.map((row) => row[0])).toEqual(PROTOTYPE_NAMES);
    const csv = resultsCsv(r);
    for (const name of PROTOTYPE_NAMES) {
      expect(csv, name).toContain(`,${group.slice(0, -1)},${name},`);
    }
  });

  it('does not mistake a missing name for an Object.prototype property', () => {
    const r = runScenario(clients);
    for (const name of PROTOTYPE_NAMES) {
      const g = goldenSignalSeries(r, { kind: 'service', name });
      expect(g.latency, name).toEqual([]);
    }
  });
});
