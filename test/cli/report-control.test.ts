/** The control plane in `faultline run`'s report: what each control lesson's control loops did. */
import { describe, expect, it } from 'vitest';
import { controlEventCounts } from '../../cli/report/control-plane.ts';
import { width } from '../../cli/report/style.ts';
import { renderReport } from '../../cli/report/terminal.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { loadBuiltIn } from '../support/scenarios.ts';

const report = (id: string, ...sets: string[]) => {
  const r = runScenario(loadBuiltIn(id, ['hypotheses=[]', ...sets]));
  const text = renderReport(r, { colour: false, wallMs: 1 });
  for (const line of text.split('\n')) expect(width(line)).toBeLessThanOrEqual(100);
  return { r, text, lines: text.split('\n') };
};

/** The lines from the one starting with `head` to the first blank one. */
function block(lines: string[], head: string): string[] {
  const from = lines.findIndex((l) => l.startsWith(head));
  expect(from, head).toBeGreaterThanOrEqual(0);
  const to = lines.indexOf('', from);
  return lines.slice(from, to);
}

describe('renderReport: the control plane', () => {
  it('health-check-death-spiral: probes, timeouts, restarts, the fewest replicas ready', () => {
    const { r, lines } = report('health-check-death-spiral');
    const p = r.summary.services.api.probes;
    expect(p).toMatchObject({ sent: 220, failed: 0, timedOut: 97, restarts: 16 });
    expect(block(lines, 'control ').slice(0, 2)).toEqual([
      'control  probes  failed / timed out  restarts  scale up / down  fewest ready  failovers',
      'api         220              0 / 97        16                —        0 of 4          —',
    ]);
    expect(lines.join(' ')).toContain(
      'control events: readiness-failed ×16, liveness-failed ×16, restart ×16, restarted ×12, readiness-passed ×12.',
    );
  });

  it('autoscaling-lag: two scale-ups', () => {
    const { lines } = report('autoscaling-lag');
    expect(block(lines, 'control ')[1]).toBe(
      'api           —                   —         —          +2 / -0             —          —',
    );
  });

  it('canary-rollback: the rollout, its outcome, mitigation and blast radius', () => {
    const { r, lines } = report('canary-rollback', 'services.api.deployment.strategy="canary-analysis"');
    const d = r.summary.deployments[0];
    expect(d).toMatchObject({ strategy: 'canary', outcome: 'rolled-back', abortedBy: 'analysis' });
    const rollout = block(lines, 'rollout ');
    // Aborted by its analysis at 40 s, all traffic back on stable 12 s after the start (30 s).
    expect(rollout.slice(0, 2)).toEqual([
      'rollout  version  strategy  outcome             aborted          mitigate  blast radius  analyses',
      'api      v2       canary    rolled-back 42.0 s  40.0 s analysis    12.0 s    0.49% (88)     0 / 1',
    ]);
    expect(d).toMatchObject({ abortedAtMs: 40_000, endMs: 42_000, timeToMitigateMs: 12_000 });
    expect(d.blastRadius.failed).toBe(88);
  });

  it('active-passive-failover: failovers, the false ones counted apart', () => {
    const { lines } = report('active-passive-failover');
    expect(block(lines, 'control ')[1]).toBe(
      'db            —                   —         —                —        0 of 1  6 (5 false)',
    );
  });

  it('zone-outage: the health checks and the ready replicas of each tier during the outage', () => {
    const { r, lines } = report('zone-outage');
    expect(block(lines, 'control ').slice(1, 3)).toEqual([
      'web         795              0 / 60         0                —        3 of 5          —',
      'api         966              0 / 60         0                —        4 of 6          —',
    ]);
    expect(controlEventCounts(r)).toBe('zone-outage ×1, readiness-failed ×4, readiness-passed ×4');
  });

  it('slo-alert-shedding: the alert says when its action took effect', () => {
    const { lines } = report('slo-alert-shedding');
    expect(block(lines, 'alert ')[1]).toMatch(
      /^page\s+availability\s+37\.0 s–45\.0 s\s+7\.00 s\s+9\.00 s\s+from 39\.0 s$/,
    );
    expect(lines).toContain('control events: alert-fired ×1, alert-action ×1, alert-cleared ×1.');
    // A plain M/M/1 has no control plane: no section.
    expect(report('mm1', 'durationMs=2000', 'metrics.warmupMs=0').text).not.toMatch(
      /control events|fewest ready/,
    );
  });
});
