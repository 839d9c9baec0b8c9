/**
 * The glossary (README "Glossary of metrics", with its subsections) defines every control-plane
 * field of the result: each field the result schema lists under the objects below is named, in
 * backticks, where the glossary defines that object; each control kind the lab knows is in the
 * control timeline's tables, and every kind the control lessons produce is one the lab knows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { KNOWN_CONTROL_KINDS } from '../../web/view/control-rows.ts';
import { CONTROL_PLANE_LESSONS } from '../support/lesson-runs.ts';
import { loadBuiltIn } from '../support/scenarios.ts';
import { REPO_ROOT } from './cli-helpers.ts';

const README = readFileSync(`${REPO_ROOT}README.md`, 'utf8');
const SCHEMA = JSON.parse(readFileSync(`${REPO_ROOT}result.schema.json`, 'utf8')) as JsonSchema;

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

/** The glossary: from its heading to the next top-level section. */
const GLOSSARY = (() => {
  const from = README.indexOf('## Glossary of metrics');
  const to = README.indexOf('\n## ', from + 1);
  return README.slice(from, to);
})();

/** The text of the glossary from `start` up to `end`. */
function region(start: string, end: string): string {
  const from = GLOSSARY.indexOf(start);
  expect(from, start).toBeGreaterThanOrEqual(0);
  const to = GLOSSARY.indexOf(end, from + start.length);
  expect(to, end).toBeGreaterThan(from);
  return GLOSSARY.slice(from, to);
}

/** Backticked spans of `text`. */
const spans = (text: string): string[] => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);

/** The fields named in `text`: every word of a backticked span. */
function named(text: string): Set<string> {
  return new Set(spans(text).flatMap((span) => span.split(/[^A-Za-z0-9-]+/).filter((w) => w !== '')));
}

/** The properties of the schema node at `path` (through arrays, maps and nullable wrappers). */
function fieldsAt(path: string[]): string[] {
  let node: JsonSchema = SCHEMA;
  const unwrap = (n: JsonSchema): JsonSchema =>
    n.anyOf?.find((a) => a.properties || a.additionalProperties) ?? n;
  for (const key of path) {
    node = unwrap(node);
    if (key === '*') node = node.additionalProperties ?? node.items ?? {};
    else node = node.properties?.[key] ?? {};
  }
  node = unwrap(node);
  return Object.keys(node.properties ?? {});
}

/** Each object: its schema path, and the stretch of the glossary that defines it. */
const OBJECTS: { name: string; path: string[]; start: string; end: string; prefix?: string }[] = [
  {
    name: 'summary.services.<s>.probes',
    path: ['summary', 'services', '*', 'probes'],
    start: 'Per service (`summary.services.<name>`)',
    end: 'Every attempt that reaches a service',
    prefix: 'probes.',
  },
  {
    name: 'summary.services.<s>.failover',
    path: ['summary', 'services', '*', 'failover'],
    start: 'Per service (`summary.services.<name>`)',
    end: 'Every attempt that reaches a service',
    prefix: 'failover.',
  },
  {
    name: 'summary.services.<s>.versions.<v>',
    path: ['summary', 'services', '*', 'versions', '*'],
    start: 'Per version\n(`summary.services.<s>.versions.<v>`',
    end: 'its series:',
  },
  {
    name: 'summary.deployments[]',
    path: ['summary', 'deployments', '*'],
    start: 'Per deployment (`summary.deployments[]`',
    end: 'Per version',
  },
  {
    name: 'summary.slos.<name>',
    path: ['summary', 'slos', '*'],
    start: 'Per SLO (`summary.slos.<name>`)',
    end: 'Per alert',
  },
  {
    name: 'summary.alerts.<name>',
    path: ['summary', 'alerts', '*'],
    start: 'Per alert (`summary.alerts.<name>`)',
    end: 'Hypotheses read them',
  },
  {
    name: 'summary.controlEvents[]',
    path: ['summary', 'controlEvents', '*'],
    start: '`summary.controlEvents` lists',
    end: 'The kinds so far',
  },
];

describe('the glossary defines every control-plane field of the result', () => {
  for (const o of OBJECTS) {
    it(`${o.name}: every field`, () => {
      const fields = fieldsAt(o.path);
      expect(fields.length, o.name).toBeGreaterThan(0);
      const text = region(o.start, o.end);
      // With a prefix, each field is named with it (`probes.restarts`, `probes.{sent,...}`).
      const scoped =
        o.prefix === undefined
          ? text
          : spans(text)
              .filter((s) => s.startsWith(o.prefix ?? ''))
              .map((s) => `\`${s}\``)
              .join(' ');
      const words = named(scoped);
      expect(fields.filter((f) => !words.has(f))).toEqual([]);
    });
  }

  it('series.services.<s>.replicas and readyReplicas', () => {
    const series = fieldsAt(['series', 'services', '*']);
    expect(series).toEqual(expect.arrayContaining(['replicas', 'readyReplicas']));
    const text = region('`series.services.<name>.replicas` is', 'An autoscaled');
    expect(text).toContain('`readyReplicas` counts');
  });
});

describe('control kinds', () => {
  const section = (() => {
    const from = README.indexOf('### The control timeline');
    return README.slice(from, README.indexOf('\n## ', from));
  })();
  const kinds = named(section);

  it('each kind the lab colours is defined in "The control timeline"', () => {
    expect(KNOWN_CONTROL_KINDS.filter((k) => !kinds.has(k))).toEqual([]);
  });

  it('each kind the control lessons produce is one the lab colours', () => {
    const lessons = CONTROL_PLANE_LESSONS;
    const seen = new Set<string>();
    for (const id of lessons) {
      const r = runScenario(loadBuiltIn(id, ['hypotheses=[]']));
      for (const e of r.summary.controlEvents) seen.add(e.kind);
      for (const e of r.summary.timeline) seen.add(e.kind);
    }
    expect([...seen].filter((k) => !KNOWN_CONTROL_KINDS.includes(k))).toEqual([]);
  });
});
