import { describe, expect, it } from 'vitest';
import { BUILT_IN_SCENARIOS, builtInScenario } from '../../scenarios/index.ts';
import { applyOverrides, parseScenario } from '../../scenarios/schema/index.ts';
import type { ParamSpec } from '../../sim-core/scenario/spec.ts';
import {
  controlId,
  controlsFor,
  overrideFor,
  overrideValue,
  readPath,
  selectedIndex,
  valueText,
  withOverride,
} from '../../web/controls/param-controls.ts';

const param = (values: ParamSpec['values'], path = 'services.api.replicas'): ParamSpec => ({
  path,
  label: 'Label',
  values,
});

describe('controls generated from params', () => {
  it('makes a select for non-numeric values and for three numbers or fewer', () => {
    const [budget, attempts] = controlsFor([
      param([null, 'finagle-default', 'aws-standard'], 'services.api.calls.0.retry.budget'),
      param([1, 2, 4]),
    ]);
    expect(budget).toMatchObject({ kind: 'select', numeric: false });
    expect(budget.options.map((o) => o.text)).toEqual(['none', 'finagle-default', 'aws-standard']);
    expect(attempts).toMatchObject({ kind: 'select', numeric: true });
  });

  it('makes a slider that snaps to the declared values for four numbers or more', () => {
    const [c] = controlsFor([param([100, 100000, 500000, 1000000], 'faults.fast-clock.driftPpm')]);
    expect(c).toMatchObject({ kind: 'slider', numeric: true, id: 'param-faults_fast-clock_driftPpm' });
    expect(c.options.map((o) => o.value)).toEqual([100, 100000, 500000, 1000000]);
  });

  it('names booleans on and off and null none', () => {
    expect([true, false, null, 'fifo', 2.5].map(valueText)).toEqual(['on', 'off', 'none', 'fifo', '2.5']);
  });

  it('turns a value into a --set override the CLI accepts', () => {
    expect(overrideFor('services.api.calls.0.retry.budget', 'finagle-default')).toBe(
      'services.api.calls.0.retry.budget="finagle-default"',
    );
    expect(overrideFor('services.api.calls.0.breaker', null)).toBe('services.api.calls.0.breaker=null');
    expect(overrideFor('x.y', true)).toBe('x.y=true');
  });

  it('replaces, adds and removes one path in an override list, keeping the order', () => {
    const a = withOverride([], 'a.b', 1);
    const b = withOverride(a, 'c', 'x');
    expect(b).toEqual(['a.b=1', 'c="x"']);
    expect(withOverride(b, 'a.b', 2)).toEqual(['a.b=2', 'c="x"']);
    expect(withOverride(b, 'a.b', undefined)).toEqual(['c="x"']);
    expect(overrideValue(b, 'c')).toBe('x');
    expect(overrideValue(b, 'a')).toBeUndefined();
  });

  it('reads a path through arrays by index and by name, like --set', () => {
    const raw = builtInScenario('three-tier');
    expect(readPath(raw, 'services.api.replicas')).toBe(readPath(raw, 'services.1.replicas'));
    expect(readPath(raw, 'services.nope.replicas')).toBeUndefined();
    expect(readPath(raw, 'metrics.nothing.here')).toBeUndefined();
  });

  it('shows the override if set, else the scenario value, else "as in scenario"', () => {
    const raw = { services: [{ name: 'api', replicas: 2 }] };
    const [c] = controlsFor([param([1, 2, 4])]);
    expect(selectedIndex(c, raw, [])).toBe(1);
    expect(selectedIndex(c, raw, ['services.api.replicas=4'])).toBe(2);
    expect(selectedIndex(c, raw, ['services.api.replicas=3'])).toBe(-1);
    expect(selectedIndex(c, { services: [] }, [])).toBe(-1);
  });

  it('gives each control a DOM-safe id', () => {
    expect(controlId('faults.db-slowdown.multiply')).toBe('param-faults_db-slowdown_multiply');
  });

  it('every value of every library param is an override that validates', () => {
    let checked = 0;
    for (const raw of BUILT_IN_SCENARIOS) {
      const parsed = parseScenario(raw);
      if (!parsed.ok) throw new Error(`library scenario invalid: ${(raw as { id: string }).id}`);
      for (const c of controlsFor(parsed.scenario.params)) {
        for (const o of c.options) {
          const set = overrideFor(c.path, o.value);
          const doc = applyOverrides(raw, [set]);
          const result = doc.ok ? parseScenario(doc.value) : doc;
          expect(result.ok, `${parsed.scenario.id}: ${set}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
