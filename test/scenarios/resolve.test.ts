import { describe, expect, it } from 'vitest';
import { builtInScenario } from '../../scenarios/index.ts';
import { droppedNote, resolveScenario } from '../../scenarios/schema/resolve.ts';
import { resolveScenario as labResolve } from '../../web/state/resolve.ts';
import { minimal } from './scenario-helpers.ts';

const retryStorm = () => builtInScenario('retry-storm');

describe('resolving a scenario with overrides', () => {
  it('refuses an override that leaves a hypothesis without its fault, unless asked to drop it', () => {
    const strict = resolveScenario(retryStorm(), ['faults=[]']);
    expect(strict.ok).toBe(false);
    if (!strict.ok) {
      expect(strict.stage).toBe('scenario');
      expect(strict.errors.map((e) => e.path)).toEqual([
        'hypotheses[1].metric',
        'hypotheses[3].metric',
        'params[4].path',
        'hypotheses[0].set',
        'hypotheses[3].set',
      ]);
    }
    const lenient = resolveScenario(retryStorm(), ['faults=[]'], { dropStale: true });
    if (!lenient.ok) throw new Error(JSON.stringify(lenient.errors));
    // hypotheses[0]'s variant failed only because of hypothesis 1: it is kept.
    expect(lenient.dropped).toEqual({
      hypotheses: [
        'with naive retries the outage outlives the slowdown',
        "with a Finagle retry budget goodput is back within 5 s of the slowdown's end",
      ],
      params: ['Slowdown (x service time)'],
    });
    expect(lenient.scenario.hypotheses).toHaveLength(4);
    expect(lenient.scenario.params.map((p) => p.label)).not.toContain('Slowdown (x service time)');
    expect(lenient.scenario.faults).toEqual([]);
  });

  it('drops a hypothesis whose set variant no longer applies (shedding removed)', () => {
    const r = resolveScenario(builtInScenario('load-shedding-priority'), ['services.api.shedding=null'], {
      dropStale: true,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.dropped.hypotheses).toHaveLength(4);
    expect(r.dropped.params).toEqual([
      'Analytics (tier 2) shed threshold, queue length per replica (100 = tier-blind)',
    ]);
  });

  it('drops nothing when the overrides break the scenario itself, or when it was invalid before them', () => {
    const r = resolveScenario(retryStorm(), ['durationMs=20000'], { dropStale: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].path).toBe('faults[0].atMs');

    const broken = {
      ...minimal(),
      hypotheses: [{ name: 'h', metric: 'faults.none.recoveryMs', op: '<', value: 1 }],
    };
    const b = resolveScenario(broken, ['seed=2'], { dropStale: true });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.errors.map((e) => e.path)).toEqual(['hypotheses[0].metric']);
  });

  it('says in one line what it dropped', () => {
    expect(droppedNote({ hypotheses: [], params: [] })).toBeUndefined();
    expect(droppedNote({ hypotheses: ['a'], params: [] })).toBe(
      '1 hypothesis no longer applies to the changed scenario and is left out: hypothesis "a"',
    );
    expect(droppedNote({ hypotheses: ['a', 'b'], params: ['P'] })).toBe(
      '2 hypotheses and 1 parameter no longer apply to the changed scenario and are left out: hypotheses "a", "b"; parameter "P"',
    );
  });

  it('the lab drops them too, like `faultline run`', () => {
    const r = labResolve(retryStorm(), ['faults=[]']);
    expect(r.ok && r.dropped.hypotheses.length).toBe(2);
  });
});
