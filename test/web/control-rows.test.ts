import { describe, expect, it } from 'vitest';
import type { ControlEvent, RunResult, TimelineEntry } from '../../sim-core/metrics/result.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { FAMILY_STYLE } from '../../web/charts/control-band.ts';
import { topologyStateAt } from '../../web/view/as-of.ts';
import {
  controlFamily,
  controlRows,
  describeEvent,
  eventsNear,
  intervalsAt,
  RUN_ROW,
} from '../../web/view/control-rows.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

const scenario = loadBuiltIn('replica-crash-ejection', ['durationMs=70000', 'hypotheses=[]']);
const base = runScenario(scenario, { seed: 3 });

const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({
  kind: 'crash',
  source: 'monkey',
  service: 'api',
  replica: 0,
  node: 'api/0',
  startMs: 1000,
  endMs: 2000,
  ...over,
});
const event = (over: Partial<ControlEvent>): ControlEvent => ({
  atMs: 5000,
  kind: 'scale',
  service: 'api',
  replica: null,
  source: 'hpa',
  detail: { from: 4, to: 6 },
  ...over,
});

/** The base run with its control plane replaced (the view reads nothing else of it here). */
function withControl(timeline: TimelineEntry[], events: ControlEvent[], replicas?: number[]): RunResult {
  const services = { ...base.series.services };
  if (replicas !== undefined)
    services['api'] = { ...services['api'], replicas, readyReplicas: replicas.map((v) => v - 1) } as never;
  return {
    ...base,
    summary: { ...base.summary, timeline, controlEvents: events },
    series: { ...base.series, services },
  };
}

describe('the control-plane band rows', () => {
  it('has no row for a run without control-plane activity', () => {
    expect(controlRows(withControl([], []))).toEqual([]);
    expect(controlRows(null)).toEqual([]);
  });

  it('puts intervals and events on their service, run-wide events last, lanes per replica', () => {
    const rows = controlRows(
      withControl(
        [entry({ replica: 2, kind: 'partition' }), entry({ service: 'db', node: 'db/0' })],
        [event({ service: null, kind: 'alert-fired', source: 'page' }), event({})],
      ),
    );
    expect(rows.map((r) => r.key)).toEqual(['api', 'db', RUN_ROW]);
    expect(rows[0].lanes).toBe(3);
    expect(rows[0].intervals).toHaveLength(1);
    expect(rows[0].events.map((e) => e.kind)).toEqual(['scale']);
    expect(rows[2].events.map((e) => e.kind)).toEqual(['alert-fired']);
  });

  it('adds a service whose replica count changes, and leaves out one whose count is flat', () => {
    const buckets = base.series.startMs.length;
    const flat = controlRows(withControl([], [], new Array(buckets).fill(4)));
    expect(flat).toEqual([]);
    const grows = new Array(buckets).fill(4).map((v, i) => (i > 10 ? 6 : v));
    const rows = controlRows(withControl([], [], grows));
    expect(rows.map((r) => r.key)).toEqual(['api']);
    expect(rows[0].replicas?.[11]).toBe(6);
    expect(rows[0].ready?.[11]).toBe(5);
  });

  it('finds what is in force and what happened near a moment', () => {
    const [row] = controlRows(
      withControl(
        [
          entry({}),
          entry({ startMs: 1500, endMs: null, kind: 'not-ready' as TimelineEntry['kind'], replica: 1 }),
        ],
        [event({ atMs: 1490 }), event({ atMs: 1700, kind: 'readiness-failed', replica: 1, detail: {} })],
      ),
    );
    expect(intervalsAt(row, 1200).map((e) => e.kind)).toEqual(['crash']);
    expect(intervalsAt(row, 2000).map((e) => e.kind)).toEqual(['not-ready']);
    expect(intervalsAt(row, 999_999).map((e) => e.kind)).toEqual(['not-ready']);
    expect(eventsNear(row, 1650, 100).map((e) => e.atMs)).toEqual([1700]);
    expect(eventsNear(row, 1600, 200).map((e) => e.atMs)).toEqual([1700, 1490]);
    expect(describeEvent(row.events[0])).toBe('scale (hpa): from 4, to 6');
    expect(describeEvent(row.events[1])).toBe('readiness-failed #1 (hpa)');
  });

  it('colours kinds by family and keeps unknown kinds', () => {
    expect(controlFamily('restart')).toBe('down');
    expect(controlFamily('not-ready')).toBe('not-ready');
    expect(controlFamily('alert-fired')).toBe('alert');
    expect(controlFamily('alert-action-ended')).toBe('alert-ended');
    expect(controlFamily('rollout-step')).toBe('rollout');
    expect(controlFamily('analysis-passed')).toBe('rollout');
    expect(controlFamily('analysis-failed')).toBe('rollback');
    expect(controlFamily('rollback')).toBe('rollback');
    expect(controlFamily('something-new')).toBe('other');
    expect(controlFamily('__proto__')).toBe('other');
  });

  it('gives a leader store’s leadership and semi-sync events a family, colour and label each', () => {
    const kinds = ['leader-elected', 'leader-stepped-down', 'semi-sync-fallback', 'semi-sync-restored'];
    expect(kinds.map((k) => FAMILY_STYLE[controlFamily(k)].label)).toEqual([
      'leader elected',
      'leader stepped down',
      'semi-sync fell back to async',
      'semi-sync restored',
    ]);
    const colours = kinds.map((k) => FAMILY_STYLE[controlFamily(k)].color);
    expect(new Set(colours).size).toBe(4);
    // None of them is drawn as a crash, a cut, or the grey of an unknown kind.
    for (const f of ['down', 'cut-off', 'other'] as const)
      expect(colours).not.toContain(FAMILY_STYLE[f].color);
  });
});

describe('the topology follows a replica set that changes', () => {
  it('shows the count of the moment and marks replicas out of rotation, starting or draining', () => {
    const buckets = base.series.startMs.length;
    const counts = new Array(buckets).fill(4).map((_, i) => (i >= 20 ? 6 : 4));
    const result = withControl(
      [
        entry({ kind: 'not-ready' as TimelineEntry['kind'], replica: 1, startMs: 0, endMs: null }),
        entry({ kind: 'provisioning' as TimelineEntry['kind'], replica: 5, startMs: 0, endMs: null }),
      ],
      [],
      counts,
    );
    const bucketMs = scenario.metrics.bucketMs;
    const early = topologyStateAt(scenario, result, 5 * bucketMs).nodes['api'];
    expect(early.replicasNow).toBe(4);
    expect(early.readyNow).toBe(3);
    expect(early.notReady.slice(0, 4)).toEqual([false, true, false, false]);
    expect(early.starting[5]).toBe(true);
    const late = topologyStateAt(scenario, result, 25 * bucketMs).nodes['api'];
    expect(late.replicasNow).toBe(6);
    expect(topologyStateAt(scenario, base, 5 * bucketMs).nodes['api'].replicasNow).toBeNull();
  });
});
