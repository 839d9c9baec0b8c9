/**
 * Every preset and fault field the README names is one the parser accepts, and every preset and
 * fault kind the parser accepts is in the README: the tables are read from README.md itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInScenario } from '../../scenarios/index.ts';
import { applyOverrides, parseScenario, scenarioJsonSchema } from '../../scenarios/schema/index.ts';
import {
  ADAPTIVE_LIMIT_PRESETS,
  ALERT_RULE_PRESETS,
  AUTOSCALING_POLICY_PRESETS,
  BREAKER_PRESETS,
  BULKHEAD_PRESETS,
  OUTLIER_PRESETS,
  PROBE_PRESETS,
  RESTART_POLICY_PRESETS,
  RETRY_BUDGET_PRESETS,
  RETRY_PRESETS,
  ROLLOUT_STRATEGY_PRESETS,
} from '../../sim-core/patterns/presets.ts';
import { REPO_ROOT } from './cli-helpers.ts';

const README = readFileSync(`${REPO_ROOT}README.md`, 'utf8');

/** The rows of the first table after `heading`, as cells. */
function tableAfter(heading: string): string[][] {
  const from = README.indexOf(heading);
  expect(from, heading).toBeGreaterThanOrEqual(0);
  const lines = README.slice(from).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** The code spans of a cell that are plain names (`errors`, `retry.budget`, `aimd-default`). */
function names(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((n) => /^[A-Za-z0-9.-]+$/.test(n));
}

/** Where a preset of each field goes in a scenario, as `--set` overrides. */
const PLACES: Record<string, (name: string) => string[]> = {
  breaker: (n) => [`clients.0.breaker="${n}"`],
  retry: (n) => [`clients.0.retry="${n}"`],
  'retry.budget': (n) => [`clients.0.retry={"maxAttempts":2,"budget":"${n}"}`],
  bulkhead: (n) => [`clients.0.bulkhead="${n}"`],
  outlierDetection: (n) => [`services.0.outlierDetection="${n}"`],
  adaptiveLimit: (n) => [`clients.0.adaptiveLimit="${n}"`],
  'autoscaling.policy': (n) => [
    `services.0.autoscaling={"minReplicas":1,"maxReplicas":2,"metric":{"kind":"utilisation","target":0.5},"policy":"${n}"}`,
  ],
  'probes.readiness': (n) => [`services.0.probes={"readiness":"${n}"}`],
  'probes.liveness': (n) => [`services.0.probes={"liveness":"${n}"}`],
  'probes.startup': (n) => [`services.0.probes={"startup":"${n}"}`],
  restartPolicy: (n) => [`services.0.restartPolicy="${n}"`],
  'deployment.strategy': (n) => [
    'services.0.versions=[{"name":"v2"}]',
    `services.0.deployment={"version":"v2","atMs":0,"strategy":"${n}"}`,
  ],
  rule: (n) => [
    'slos=[{"name":"s","client":"users","objective":{"kind":"availability","target":0.99}}]',
    `alerts=[{"name":"a","slo":"s","rule":"${n}"}]`,
  ],
};

const PRESETS: Record<string, Record<string, unknown>> = {
  breaker: BREAKER_PRESETS,
  retry: RETRY_PRESETS,
  'retry.budget': RETRY_BUDGET_PRESETS,
  bulkhead: BULKHEAD_PRESETS,
  outlierDetection: OUTLIER_PRESETS,
  adaptiveLimit: ADAPTIVE_LIMIT_PRESETS,
  'autoscaling.policy': AUTOSCALING_POLICY_PRESETS,
  'probes.readiness': PROBE_PRESETS,
  'probes.liveness': PROBE_PRESETS,
  'probes.startup': PROBE_PRESETS,
  restartPolicy: RESTART_POLICY_PRESETS,
  rule: ALERT_RULE_PRESETS,
  'deployment.strategy': ROLLOUT_STRATEGY_PRESETS,
};

describe('the README names what the parser accepts', () => {
  const presetRows = tableAfter('### Presets');
  const listed = presetRows.flatMap((row) =>
    names(row[0]).flatMap((preset) => names(row[1]).map((field) => ({ preset, field }))),
  );

  it('the presets table is read (a change to its layout must not empty this test)', () => {
    expect(listed.length).toBeGreaterThanOrEqual(10);
    expect(listed).toContainEqual({ preset: 'vegas-default', field: 'adaptiveLimit' });
  });

  it.each(listed.map((l) => [l.preset, l.field]))('preset %s parses as %s', (preset, field) => {
    expect(Object.keys(PLACES), `a place for ${field}`).toContain(field);
    const overridden = applyOverrides(builtInScenario('mm1'), PLACES[field](preset));
    expect(overridden.ok).toBe(true);
    const parsed = parseScenario(overridden.ok ? overridden.value : null);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('every preset the parser knows is in the table, with its field', () => {
    for (const [field, presets] of Object.entries(PRESETS)) {
      for (const preset of Object.keys(presets)) {
        expect(listed, `${preset} as ${field}`).toContainEqual({ preset, field });
      }
    }
  });

  it('the fault table lists every kind with exactly the fields the schema gives it', () => {
    const rows = tableAfter('## Failures you can inject');
    const schema = scenarioJsonSchema() as {
      properties: { faults: { items: { oneOf: { properties: Record<string, { const?: string }> }[] } } };
    };
    const kinds = new Map<string, string[]>();
    for (const variant of schema.properties.faults.items.oneOf) {
      const fields = Object.keys(variant.properties).filter(
        (f) => !['kind', 'name', 'atMs', 'durationMs'].includes(f),
      );
      kinds.set(String(variant.properties['kind'].const), fields.sort());
    }
    const readme = new Map(rows.map((row) => [names(row[0])[0], names(row[1]).sort()]));
    expect([...readme.keys()].sort()).toEqual([...kinds.keys()].sort());
    for (const [kind, fields] of kinds) expect(readme.get(kind), kind).toEqual(fields);
    expect(readme.get('errors')).toContain('probability');
  });
});
