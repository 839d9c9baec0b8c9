import { describe, expect, it } from 'vitest';
import { untilErrors } from '../../scenarios/schema/slos-rules.ts';
import { ALERT_ACTION_KINDS, undoableActionKinds } from '../../sim-core/model/control/actions.ts';
import { linesOf, resolved, withFields } from './scenario-helpers.ts';

const slo = { name: 'avail', client: 'users', objective: { kind: 'availability', target: 0.99 } };
const withSlos = (slos: unknown[], alerts: unknown[] = [], extra: Record<string, unknown> = {}) =>
  withFields({ slos, alerts, ...extra });
const multiple = (n: number) =>
  `a multiple of evaluationPeriodMs (${n}); each window ends on an evaluation, so it spans whole evaluation periods`;

describe('SLOs and alerts: defaults and presets', () => {
  it('fills in the defaults and expands a rule preset from The Site Reliability Workbook', () => {
    const s = resolved({ slos: [slo], alerts: [{ name: 'page', slo: 'avail', rule: 'sre-page-fast' }] });
    expect(s.slos).toEqual([{ ...slo, service: null, windowMs: null }]);
    expect(s.alerts).toEqual([
      {
        name: 'page',
        slo: 'avail',
        rule: { longWindowMs: 3_600_000, shortWindowMs: 300_000, burnRate: 14.4 },
        evaluationPeriodMs: 10_000,
        action: null,
      },
    ]);
    const slow = resolved({ slos: [slo], alerts: [{ name: 'p', slo: 'avail', rule: 'sre-page-slow' }] });
    expect(slow.alerts[0].rule).toEqual({ longWindowMs: 21_600_000, shortWindowMs: 1_800_000, burnRate: 6 });
    expect(resolved({}).slos).toEqual([]);
    expect(resolved({}).alerts).toEqual([]);
  });

  it('gives an action its default delay, and keeps shedding declared off as written', () => {
    const s = resolved({
      services: [
        {
          name: 'api',
          serviceTime: { kind: 'constant', valueMs: 1 },
          shedding: { kind: 'queue-length', maxQueue: 3, enabled: false },
        },
      ],
      slos: [slo],
      alerts: [
        {
          name: 'p',
          slo: 'avail',
          rule: 'sre-page-fast',
          action: { kind: 'enable-shedding', service: 'api' },
        },
      ],
    });
    expect(s.alerts[0].action).toEqual({
      kind: 'enable-shedding',
      service: 'api',
      delayMs: 0,
      until: 'forever',
    });
    expect(s.services[0].shedding).toEqual({ kind: 'queue-length', maxQueue: 3, enabled: false });
  });
});

describe('SLOs and alerts: errors name the field and what is allowed', () => {
  it('rejects an action kind it does not know, listing the registry', () => {
    expect(ALERT_ACTION_KINDS).toEqual(['enable-shedding', 'failover', 'rollback']);
    const alert = {
      name: 'a',
      slo: 'avail',
      rule: 'sre-page-fast',
      action: { kind: 'page-oncall', service: 'api' },
    };
    expect(linesOf(withSlos([slo], [alert]))).toEqual([
      'alerts[0].action.kind: found "page-oncall"; allowed: "enable-shedding", "failover", "rollback"',
    ]);
  });

  it("allows until: 'cleared' only for kinds with an undo, naming them", () => {
    expect(undoableActionKinds()).toEqual(['enable-shedding']);
    const at = (...rest: (string | number)[]) => ['alerts[0]', ...rest].join('.');
    const action = { kind: 'enable-shedding', service: 'api', until: 'cleared' };
    expect(untilErrors(action, at)).toEqual([]);
    // The one-shot kinds (a rollback, a failover) have no undo.
    expect(untilErrors({ kind: 'rollback', until: 'forever' }, at)).toEqual([]);
    for (const kind of ['rollback', 'failover'])
      expect(untilErrors({ kind, until: 'cleared' }, at).map((e) => `${e.path}: ${e.message}`)).toEqual([
        `alerts[0].action.until: found "cleared"; allowed: "forever" ("${kind}" cannot be undone; "cleared" is allowed for "enable-shedding")`,
      ]);
    // With two undoable kinds, both are named.
    const registry = { 'enable-shedding': { undo: () => null }, drain: { undo: () => null }, rollback: {} };
    expect(untilErrors({ kind: 'rollback', until: 'cleared' }, at, registry).map((e) => e.message)).toEqual([
      'found "cleared"; allowed: "forever" ("rollback" cannot be undone; "cleared" is allowed for "enable-shedding", "drain")',
    ]);
    const alert = { name: 'a', slo: 'avail', rule: 'sre-page-fast', action: { ...action, until: 'later' } };
    const services = [
      {
        name: 'api',
        serviceTime: { kind: 'constant', valueMs: 1 },
        shedding: { kind: 'queue-length', maxQueue: 3, enabled: false },
      },
    ];
    expect(linesOf(withSlos([slo], [alert], { services }))).toEqual([
      'alerts[0].action.until: found "later"; allowed: "forever", "cleared"',
    ]);
  });

  it('rejects an unknown preset with a suggestion', () => {
    expect(linesOf(withSlos([slo], [{ name: 'a', slo: 'avail', rule: 'sre-page-fst' }]))).toEqual([
      'alerts[0].rule: found "sre-page-fst"; allowed: an alert rule preset ("sre-page-fast", "sre-page-slow") or an object; did you mean "sre-page-fast"?',
    ]);
  });

  it('checks the SLO name, the window order and that windows are whole evaluation periods', () => {
    const alert = {
      name: 'a',
      slo: 'avil',
      rule: { longWindowMs: 1000, shortWindowMs: 1000, burnRate: 2 },
      evaluationPeriodMs: 300,
    };
    expect(linesOf(withSlos([slo], [alert]))).toEqual([
      'alerts[0].slo: found "avil"; allowed: an SLO name: "avail"',
      'alerts[0].rule.shortWindowMs: found 1000; allowed: a window < longWindowMs (1000)',
      `alerts[0].rule.longWindowMs: found 1000; allowed: ${multiple(300)}`,
      `alerts[0].rule.shortWindowMs: found 1000; allowed: ${multiple(300)}`,
    ]);
    const preset = { name: 'a', slo: 'avail', rule: 'sre-page-fast', evaluationPeriodMs: 7000 };
    expect(linesOf(withSlos([slo], [preset]))).toEqual([
      `alerts[0].rule: found "sre-page-fast" (longWindowMs 3600000); allowed: ${multiple(7000)}`,
      `alerts[0].rule: found "sre-page-fast" (shortWindowMs 300000); allowed: ${multiple(7000)}`,
    ]);
  });

  it('wants exactly one existing client or service per SLO, unique names, and a target below 1', () => {
    const slos = [
      { ...slo, service: 'api' },
      { ...slo, client: null },
      { ...slo, name: 'x', client: 'nope' },
    ];
    expect(linesOf(withSlos(slos))).toEqual([
      'slos[1].name: duplicate SLO name "avail", already used by slos[0]; give each SLO a unique name',
      'slos[0]: SLO has both client and service; allowed: either client or service',
      'slos[1]: SLO has neither client nor service; allowed: either client or service',
      'slos[2].client: found "nope"; allowed: a client name: "users"',
    ]);
    expect(linesOf(withSlos([{ ...slo, objective: { kind: 'availability', target: 1 } }]))).toEqual([
      'slos[0].objective.target: found 1; allowed: a number > 0 and < 1',
    ]);
    const twice = { name: 'a', slo: 'avail', rule: 'sre-page-fast' };
    expect(linesOf(withSlos([slo], [twice, twice]))).toEqual([
      'alerts[1].name: duplicate alert name "a", already used by alerts[0]; give each alert a unique name',
    ]);
  });

  it('turns on only shedding that is declared and off', () => {
    const alert = {
      name: 'a',
      slo: 'avail',
      rule: 'sre-page-fast',
      action: { kind: 'enable-shedding', service: 'api' },
    };
    expect(linesOf(withSlos([slo], [alert]))).toEqual([
      'alerts[0].action.service: found "api"; allowed: a service whose shedding is declared with "enabled": false: (none defined) ("api": it declares no shedding)',
    ]);
    const on = [{ name: 'api', serviceTime: { kind: 'constant', valueMs: 1 }, shedding: { kind: 'codel' } }];
    expect(linesOf(withSlos([slo], [alert], { services: on }))).toEqual([
      'alerts[0].action.service: found "api"; allowed: a service whose shedding is declared with "enabled": false: (none defined) ("api": its shedding is on from the start)',
    ]);
    const missing = { ...alert, action: { kind: 'enable-shedding', service: 'db' } };
    expect(linesOf(withSlos([slo], [missing]))).toEqual([
      'alerts[0].action.service: found "db"; allowed: a service name: "api"',
    ]);
  });

  it('lets hypotheses name SLOs and alerts that exist', () => {
    const hypotheses = [
      { name: 'h', metric: 'slos.nope.sli', op: '>', value: 0 },
      { name: 'h2', metric: 'alerts.nope.firings', op: '>', value: 0 },
      { name: 'h3', metric: 'slos.avail.errorBudgetSpent', op: '<', value: 1 },
    ];
    expect(linesOf(withSlos([slo], [], { hypotheses }))).toEqual([
      'hypotheses[0].metric: found "slos.nope.sli" (no SLO has that name); allowed: "slos.<name>.<metric>" with an SLO name: "avail"',
      'hypotheses[1].metric: found "alerts.nope.firings" (no alert has that name); allowed: "alerts.<name>.<metric>" with an alert name: (none defined)',
    ]);
  });
});
