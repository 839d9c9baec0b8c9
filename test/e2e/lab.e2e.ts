/**
 * The built lab in a real headless Chromium: runs, charts, controls, share links, time travel,
 * compare mode, downloads and performance. Each check that a run is reproduced compares its
 * trace hash with the CLI's for the same scenario and seed (cross-runtime determinism).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInScenario, builtInScenarioIds } from '../../scenarios/index.ts';
import type { RunResult } from '../../sim-core/metrics/result.ts';
import { runScenario } from '../../sim-core/run/simulation.ts';
import { FAMILY_STYLE } from '../../web/charts/control-band.ts';
import { encodeShareLink } from '../../web/share/share-link.ts';
import { controlFamily } from '../../web/view/control-rows.ts';
import { overloadedMm1 } from '../support/big-scenarios.ts';
import { loadBuiltIn } from '../support/scenarios.ts';
import { type Chromium, launchChromium } from './support/chromium.ts';
import { cliRunCsv, cliRunJson, cliTraceHash, ROOT } from './support/cli.ts';
import { nextRun, runFinished, SHOTS, shot, traceHash, type Watched, watch } from './support/lab-page.ts';
import { fragmentOf, SHARED, STORM_10_MIN } from './support/links.ts';
import { type StaticServer, startStaticServer } from './support/static-server.ts';

let server: StaticServer;

/** partition-cp-vs-ap with check-quorum and a semi-sync timeout: two followers stall, then the lesson's partition. */
const LEADER_BAND_SETS = [
  'services.kv.store.checkQuorum=true',
  'services.kv.store.replication={"semiSync":3,"timeoutMs":100}',
  `faults=${JSON.stringify([
    { name: 'stall-0', kind: 'disk-stall', service: 'kv', replica: 0, atMs: 1000, durationMs: 800 },
    { name: 'stall-1', kind: 'disk-stall', service: 'kv', replica: 1, atMs: 1000, durationMs: 800 },
    {
      name: 'minority-cut-off',
      kind: 'partition',
      from: ['kv/3', 'kv/0'],
      to: ['kv/1', 'kv/2', 'kv/4'],
      atMs: 3000,
      durationMs: 5000,
    },
  ])}`,
];

/** lww-clock-skew keeping siblings, on 5 replicas with each key on 3 of them. */
const SIBLINGS_RING_SETS = [
  'services.kv.store.conflicts="siblings"',
  'services.kv.replicas=5',
  'services.kv.store.ring={"n":3,"tokensPerReplica":16}',
];
let browser: Chromium;
let page: Page;
const watched: Watched = { errors: [], requests: [] };

/** A fresh page (no state from the previous test) at `path`; its errors and requests are collected. */
async function open(path: string): Promise<Page> {
  await page?.close();
  page = await browser.context.newPage();
  watch(page, watched);
  await page.goto(`${server.url}${path}`);
  return page;
}

beforeAll(async () => {
  server = await startStaticServer(join(ROOT, 'dist', 'web'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function summaryCell(row: number, column: number, table = 'clients'): Promise<string> {
  return (
    (await page
      .locator(`[data-testid=summary-table] table[data-table=${table}] tbody tr`)
      .nth(row)
      .locator('th, td')
      .nth(column)
      .textContent()) ?? ''
  );
}

/** '' when equal, else the text around the first difference (a whole result is too long to diff). */
function firstDifference(a: string, b: string): string {
  if (a === b) return '';
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i} of ${a.length}/${b.length}: ...${a.slice(Math.max(0, i - 80), i + 40)}... vs ...${b.slice(Math.max(0, i - 80), i + 40)}...`;
}

describe('the lab in Chromium', () => {
  it('runs the first lesson to the end, with charts full of data and the CLI’s trace hash', async () => {
    await open(`/?speed=max`);
    await runFinished(page);
    const id = await page.getByTestId('scenario-picker').inputValue();
    const seed = Number(await page.getByTestId('seed').inputValue());
    const hash = await traceHash(page);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(hash).toBe(await cliTraceHash(id, seed));

    // Lines with points, on every golden-signal panel that has data.
    const points = await page.$$eval('#golden path.fl-line', (paths) =>
      paths.map((p) => (p.getAttribute('d') ?? '').split('L').length),
    );
    expect(points.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...points)).toBeGreaterThan(50);
    expect(await page.locator('#golden .fl-xaxis .tick').count()).toBeGreaterThan(20);
    expect(await page.locator('#golden .fl-yaxis .tick').count()).toBeGreaterThan(8);
    expect(await page.locator('#amplification path.fl-line').count()).toBeGreaterThan(0);
    expect(await page.locator('#topology g.fl-node').count()).toBeGreaterThan(1);
    // Fault windows are shaded on every chart.
    const faults = await page.locator('#golden .fl-faults rect').count();
    expect(faults).toBeGreaterThan(0);
    // The summary table: the numbers a screen reader gets.
    expect(await summaryCell(0, 1)).toMatch(/^[0-9,.]+ req\/s$/);
    expect(await summaryCell(0, 4)).toMatch(/^[0-9,.]+ ms$/);
    await expect.poll(() => page.getByTestId('lesson').textContent()).toContain('What to watch');
    // Hovering a chart shows the exact values of that bucket, with units.
    const latency = page.locator('#golden [data-part=latency] rect.fl-capture');
    await latency.hover({ position: { x: 100, y: 30 } });
    const tip = page.locator('.fl-tooltip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toMatch(/Latency · .* s – .* s.*p50[0-9,.]+ ms.*p99[0-9,.]+ ms/);
    await shot(page, 'lab-first-lesson');
    await shot(page, 'lab-first-lesson-full', true);
  });

  it('toggling a pattern control re-runs and changes the result, as the CLI does', async () => {
    await open(`/?speed=max#v=1&id=retry-storm&seed=1`);
    await runFinished(page);
    const before = await traceHash(page);
    const goodputBefore = await summaryCell(0, 2);
    await page
      .locator('select[data-path="services.api.calls.0.retry.budget"]')
      .selectOption({ label: 'finagle-default' });
    const after = await nextRun(page, before);
    expect(after).not.toBe(before);
    expect(await summaryCell(0, 2)).not.toBe(goodputBefore);
    expect(page.url()).toContain('set=services.api.calls.0.retry.budget');
    expect(await page.getByTestId('cli-command').textContent()).toContain(
      `--set 'services.api.calls.0.retry.budget="finagle-default"'`,
    );
    expect(after).toBe(
      await cliTraceHash('retry-storm', 1, ['services.api.calls.0.retry.budget="finagle-default"']),
    );
    await shot(page, 'lab-retry-budget-on');
  });

  it('runs the SLO alert lesson as the CLI does, and its action-delay control re-runs it', async () => {
    await open(`/?speed=max#v=1&id=slo-alert-shedding&seed=1`);
    await runFinished(page);
    const before = await traceHash(page);
    expect(before).toBe(await cliTraceHash('slo-alert-shedding', 1, []));
    // A numeric control: its exact-value box takes the delay.
    await page.locator('[data-path="alerts.page.action.delayMs"] input.fl-exact').fill('10000');
    await page.locator('[data-path="alerts.page.action.delayMs"] input.fl-exact').dispatchEvent('change');
    const after = await nextRun(page, before);
    expect(after).not.toBe(before);
    expect(after).toBe(await cliTraceHash('slo-alert-shedding', 1, ['alerts.page.action.delayMs=10000']));
    await shot(page, 'lab-slo-alert-delay');
  });

  it('opens a share link (id, overrides, seed) and shows the CLI’s trace hash', async () => {
    const cli = cliTraceHash(SHARED.id, SHARED.seed, SHARED.sets);
    await open(`/?speed=max${fragmentOf(SHARED)}`);
    await runFinished(page);
    expect(await page.getByTestId('seed').inputValue()).toBe(String(SHARED.seed));
    expect(await traceHash(page)).toBe(await cli);
  });

  it('opens a link carrying a whole edited scenario, compressed, and matches the CLI on that file', async () => {
    const doc = structuredClone(builtInScenario('retry-storm')) as Record<string, unknown> & {
      faults: { multiply: number }[];
    };
    doc['id'] = 'my-storm';
    doc.faults[0].multiply = 3;
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-e2e-')), 'my-storm.json');
    writeFileSync(file, JSON.stringify(doc));
    const cli = cliTraceHash(file, 11);
    const fragment = await encodeShareLink({ source: { kind: 'doc', doc }, overrides: [], seed: 11 });
    await open(`/?speed=max#${fragment}`);
    await runFinished(page);
    expect(await page.getByTestId('scenario-picker').locator('option:checked').textContent()).toContain(
      'my-storm',
    );
    expect(await traceHash(page)).toBe(await cli);
  });

  it('stops an overloaded M/M/1 on its memory guard, says why next to the status, and the tab lives on', async () => {
    // 20,000/s into one 1 ms worker for an hour: the tab used to grow to 6 GB and crash.
    const doc = overloadedMm1();
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-e2e-')), 'overloaded.json');
    writeFileSync(file, JSON.stringify(doc));
    const cli = cliTraceHash(file, 1);
    const fragment = await encodeShareLink({ source: { kind: 'doc', doc }, overrides: [], seed: 1 });
    await open(`/?speed=max#${fragment}`);
    await runFinished(page);
    expect(await page.getByTestId('run-status').textContent()).toBe('done');
    const stop = page.getByTestId('run-stop');
    expect(await stop.isVisible()).toBe(true);
    expect(await stop.getAttribute('data-stop-reason')).toBe('max-in-flight');
    expect(await stop.textContent()).toContain(
      'more than 1000000 user requests were in flight at once (budget.maxInFlight)',
    );
    expect(await traceHash(page)).toBe(await cli);
    // The page still answers and offers a replay; it logged no error along the way.
    expect(await page.getByTestId('play').textContent()).toBe('Replay');
    expect(watched.errors).toEqual([]);
  });

  it('rejects invalid link data with a message naming the field, and runs nothing from it', async () => {
    await open(`/?speed=max#v=1&id=retry-storm&seed=abc&colour=red`);
    const notice = page.getByTestId('notice');
    await expect.poll(() => notice.isVisible()).toBe(true);
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('link.seed: found "abc"; allowed: a whole number');
    expect(text).toContain('link.colour');
    await open(`/?speed=max#v=1&id=retry-storm&set=services.api.replicas%3D0`);
    await expect
      .poll(async () => (await page.getByTestId('notice').textContent()) ?? '')
      .toContain('services[0].replicas: found 0');
    await shot(page, 'lab-invalid-link');
  });

  it('time travel: the scrubber moves topology, counters and cursors to any moment, by mouse or keyboard', async () => {
    await open(`/?speed=max#v=1&id=retry-storm&seed=1`);
    await runFinished(page);
    const dbQueue = () => page.locator('#topology g.fl-node[data-node=db] text.fl-node-queue').textContent();
    const scrubber = page.getByTestId('scrubber');
    await scrubber.fill('10000');
    await expect.poll(() => page.getByTestId('counters').textContent()).toMatch(/^t = 10\.0 s/);
    const calm = (await dbQueue()) ?? '';
    await scrubber.fill('35000');
    await expect.poll(() => page.getByTestId('counters').textContent()).toMatch(/^t = 35\.0 s/);
    const storm = (await dbQueue()) ?? '';
    const depth = (s: string) =>
      Number(/(?:queue|q) ([0-9,.]+)/.exec(s)?.[1]?.replace(/,/g, '') ?? Number.NaN);
    expect(depth(calm)).toBeLessThan(5);
    expect(depth(storm)).toBeGreaterThan(50);
    expect(await page.getByTestId('scrub-time').textContent()).toContain('35.0 s');
    // Every chart's cursor sits at the same x (the shared time axis).
    const xs = await page.$$eval('line.fl-cursor', (lines) => lines.map((l) => l.getAttribute('x1')));
    expect(xs.length).toBeGreaterThanOrEqual(6);
    expect(new Set(xs).size).toBe(1);
    expect(await page.locator('rect.fl-veil').count()).toBeGreaterThan(0);
    await shot(page, 'lab-time-travel-35s');
    await scrubber.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByTestId('counters').textContent()).toMatch(/^t = 0\.0 s/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('counters').textContent()).toMatch(/^t = 1\.0 s/);
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('scrub-time').textContent()).toContain('live');
  });

  it('time travel shows which replica a chaos hit cuts off, on the topology and its badge', async () => {
    const result = JSON.parse(await cliRunJson('network-partition', 1)) as RunResult;
    const hit = result.summary.timeline.find((e) => e.kind === 'partition')!;
    const mid = Math.round((hit.startMs + hit.endMs!) / 2);
    const api = `#topology g.fl-node[data-node=${hit.service}]`;
    await open(`/?speed=max#v=1&id=network-partition&seed=1`);
    await runFinished(page);
    const scrubber = page.getByTestId('scrubber');
    await scrubber.fill(String(mid));
    await expect
      .poll(() => page.locator(`${api} g.fl-replica[data-cut-off=true]`).count())
      .toBeGreaterThan(0);
    const cut = await page.$$eval(`${api} g.fl-replica`, (pips) =>
      pips.map((p) => p.getAttribute('data-cut-off')),
    );
    expect(cut[hit.replica]).toBe('true');
    expect(await page.locator(`${api} g.fl-badge text`).allTextContents()).toContainEqual(
      expect.stringMatching(new RegExp(`^chaos: replicas? .*\\b${hit.replica}\\b.* cut off$`)),
    );
    await shot(page, 'lab-chaos-hit');
    // Before the fault, no replica is cut off.
    await scrubber.fill('1000');
    await expect.poll(() => page.locator(`${api} g.fl-replica[data-cut-off=true]`).count()).toBe(0);
  });

  it('draws the control-plane band: a bar per timeline entry on its service row, hidden when there is none', async () => {
    const result = JSON.parse(await cliRunJson('network-partition', 1)) as RunResult;
    const timeline = result.summary.timeline;
    expect(timeline.length).toBeGreaterThan(0);
    await open(`/?speed=max#v=1&id=network-partition&seed=1`);
    await runFinished(page);
    await expect.poll(() => page.locator('#control-card').isHidden()).toBe(false);
    const rows = await page.$$eval('#control g.fl-control-row', (gs) =>
      gs.map((g) => ({
        row: g.getAttribute('data-row'),
        intervals: Number(g.getAttribute('data-intervals')),
      })),
    );
    const services = [...new Set(timeline.map((e) => e.service))];
    expect(rows.map((r) => r.row)).toEqual(services);
    for (const r of rows) expect(r.intervals).toBe(timeline.filter((e) => e.service === r.row).length);
    expect(await page.locator('#control rect.fl-control-interval[data-kind=partition]').count()).toBe(
      timeline.filter((e) => e.kind === 'partition').length,
    );
    await page.locator('#control-card').screenshot({ path: join(SHOTS, 'lab-control-band.png') });
    // A lesson without chaos or control plane has no band.
    await open(`/?speed=max#v=1&id=mm1&seed=1`);
    await runFinished(page);
    expect(await page.locator('#control-card').isHidden()).toBe(true);
  });

  it('shows restarts and readiness flips of a death spiral on the control-plane band, as the result has them', async () => {
    const result = JSON.parse(await cliRunJson('health-check-death-spiral', 1)) as RunResult;
    const kinds = (k: string) => result.summary.timeline.filter((e) => e.kind === k).length;
    expect(kinds('restart')).toBeGreaterThan(0);
    await open(`/?speed=max#v=1&id=health-check-death-spiral&seed=1`);
    await runFinished(page);
    await expect.poll(() => page.locator('#control-card').isHidden()).toBe(false);
    for (const k of ['restart', 'not-ready'])
      expect(await page.locator(`#control rect.fl-control-interval[data-kind=${k}]`).count(), k).toBe(
        kinds(k),
      );
    const events = result.summary.controlEvents.filter((e) => e.atMs <= result.simTimeMs).length;
    expect(await page.locator('#control path.fl-control-event').count()).toBe(events);
    await page.locator('#control-card').screenshot({ path: join(SHOTS, 'lab-control-death-spiral.png') });
  });

  it('follows a replica set that changes: the topology counts replicas of the moment, the band steps', async () => {
    const result = JSON.parse(await cliRunJson('autoscaling-lag', 1)) as RunResult;
    const series = result.series.services['api'] as unknown as { replicas: number[] };
    const buckets = result.series.startMs;
    const before = series.replicas.findIndex((v) => v > 0);
    const grown = series.replicas.findIndex((v) => v > series.replicas[before]);
    expect(grown).toBeGreaterThan(before);
    await open(`/?speed=max#v=1&id=autoscaling-lag&seed=1`);
    await runFinished(page);
    const api = '#topology g.fl-node[data-node=api]';
    const scrubber = page.getByTestId('scrubber');
    const countAt = async (i: number) => {
      await scrubber.fill(String(buckets[i] + result.series.bucketMs / 2));
      await expect
        .poll(() => page.locator(api).locator('text.fl-node-name').getAttribute('data-replicas'))
        .toBe(String(series.replicas[i]));
      return page.locator(`${api} g.fl-replica`).count();
    };
    expect(await countAt(before)).toBe(series.replicas[before]);
    expect(await countAt(grown)).toBe(series.replicas[grown]);
    await page.locator(api).screenshot({ path: join(SHOTS, 'lab-topology-scaled.png') });
    expect(await page.locator('#control path.fl-control-replicas').count()).toBe(1);
    expect(await page.locator('#control path.fl-control-event[data-kind=scale]').count()).toBe(
      result.summary.controlEvents.filter((e) => e.kind === 'scale').length,
    );
    await page.locator('#control-card').screenshot({ path: join(SHOTS, 'lab-control-autoscaling.png') });
  });

  it('groups replicas by zone on the topology: the failed zone framed in red mid-outage, back after it', async () => {
    const result = JSON.parse(await cliRunJson('zone-outage', 1)) as RunResult;
    const outage = result.summary.controlEvents.find((e) => e.kind === 'zone-outage')!;
    expect(outage.detail).toMatchObject({ zone: 'a', mode: 'crash' });
    await open(`/?speed=max#v=1&id=zone-outage&seed=1`);
    await runFinished(page);
    const scrubber = page.getByTestId('scrubber');
    const api = '#topology g.fl-node[data-node=api]';
    const web = '#topology g.fl-node[data-node=web]';
    // Mid-outage (30 s to 60 s): zone a's group is down, its pips crossed out, the others up.
    await scrubber.fill('45000');
    await expect
      .poll(() => page.locator(`${api} g.fl-zone[data-zone=a]`).getAttribute('data-zone-state'))
      .toBe('down');
    for (const node of [api, web]) {
      expect(
        await page
          .locator(`${node} g.fl-zone`)
          .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-zone'))),
      ).toEqual(['a', 'b', 'c']);
      expect(await page.locator(`${node} g.fl-zone[data-zone-state=up]`).count()).toBe(2);
    }
    // Pips in zone order, each naming its slot: api's r lives in zone r mod 3.
    const pips = await page
      .locator(`${api} g.fl-replica`)
      .evaluateAll((gs) =>
        gs.map(
          (g) => `${g.getAttribute('data-zone')}${g.getAttribute('data-slot')} ${g.getAttribute('data-pip')}`,
        ),
      );
    expect(pips).toEqual(['a0 down', 'a3 down', 'b1 up', 'b4 up', 'c2 up', 'c5 up']);
    expect(await page.locator(`${web} g.fl-replica[data-zone=a][data-crashed=true]`).count()).toBe(2);
    expect(await page.locator(`${api} g.fl-badge text`).allTextContents()).toContain('zone a down');
    // Two replicas of six are down: the name counts the ready ones.
    await expect.poll(() => page.locator(`${api} text.fl-node-name`).textContent()).toBe('api ×6 (4 ready)');
    await page.locator('#topology').screenshot({ path: join(SHOTS, 'lab-topology-zone-outage.png') });
    // After the outage and the health checks' recovery, every zone is up again.
    await scrubber.fill('80000');
    await expect.poll(() => page.locator(`${api} g.fl-zone[data-zone-state=up]`).count()).toBe(3);
    expect(await page.locator(`${api} g.fl-badge`).count()).toBe(0);
    // A client in the failed zone: named with its zone, its box dashed in red while it sends nothing.
    await open(`/?speed=max#v=1&id=zone-outage&seed=1&set=${encodeURIComponent('clients.users.zone="a"')}`);
    await runFinished(page);
    const users = '#topology g.fl-node[data-node=users]';
    await page.getByTestId('scrubber').fill('45000');
    await expect.poll(() => page.locator(users).getAttribute('data-zone-state')).toBe('down');
    expect(await page.locator(`${users} text.fl-node-name`).textContent()).toBe('users · zone a');
    expect(await page.locator(`${users} rect.fl-node-box`).getAttribute('stroke-dasharray')).toBe('5 3');
    expect(await page.locator(`${users} g.fl-badge text`).allTextContents()).toEqual(['zone a down']);
    await page.locator('#topology').screenshot({ path: join(SHOTS, 'lab-topology-zone-outage-client.png') });
    await page.getByTestId('scrubber').fill('80000');
    await expect.poll(() => page.locator(users).getAttribute('data-zone-state')).toBe('up');
  });

  it('draws a standby as a hollow pip and the failovers on the control band, as the result has them', async () => {
    const result = JSON.parse(await cliRunJson('active-passive-failover', 1)) as RunResult;
    const count = (k: string) => result.summary.controlEvents.filter((e) => e.kind === k).length;
    expect(count('false-failover')).toBe(5);
    await open(`/?speed=max#v=1&id=active-passive-failover&seed=1`);
    await runFinished(page);
    expect(await traceHash(page)).toBe(result.traceHash);
    await expect.poll(() => page.locator('#control-card').isHidden()).toBe(false);
    for (const k of [
      'failover-detected',
      'false-failover',
      'failover-promoted',
      'failover-demoted',
      'failback',
    ])
      expect(await page.locator(`#control path.fl-control-event[data-kind=${k}]`).count(), k).toBe(count(k));
    expect(await page.locator('#control rect.fl-control-interval[data-kind=standby]').count()).toBe(
      result.summary.timeline.filter((e) => e.kind === 'standby').length,
    );
    // Before the flapping: db/0 serves, db/1 waits as a hollow standby pip.
    const db = '#topology g.fl-node[data-node=db]';
    await page.getByTestId('scrubber').fill('5000');
    await expect
      .poll(() => page.locator(`${db} g.fl-replica`).nth(1).getAttribute('data-pip'))
      .toBe('standby');
    expect(await page.locator(`${db} g.fl-replica`).nth(0).getAttribute('data-pip')).toBe('up');
    expect(await page.locator(db).locator('text.fl-node-name').textContent()).toBe('db ×1 + 1 standby');
    await page.locator(db).screenshot({ path: join(SHOTS, 'lab-topology-standby.png') });
    // After the crash's failover (60.5 s + 1 s promotion): db/1 serves, db/0 is the standby and down.
    await page.getByTestId('scrubber').fill('70000');
    await expect.poll(() => page.locator(`${db} g.fl-replica`).nth(1).getAttribute('data-pip')).toBe('up');
    expect(await page.locator(`${db} g.fl-replica`).nth(0).getAttribute('data-pip')).toBe('down');
    await page.locator('#control-card').screenshot({ path: join(SHOTS, 'lab-control-failover.png') });
  });

  it('shows a canary and its rollback: rollout ticks on the band, the v2 replica outlined, the weight by the name', async () => {
    const link = {
      id: 'canary-rollback',
      seed: 1,
      sets: ['services.api.deployment.strategy="canary-analysis"'],
    };
    const result = JSON.parse(await cliRunJson(link.id, link.seed, link.sets)) as RunResult;
    await open(`/?speed=max${fragmentOf(link)}`);
    await runFinished(page);
    expect(await traceHash(page)).toBe(result.traceHash);
    for (const kind of ['rollout-step', 'analysis-failed', 'rollback', 'rollout-complete'])
      expect(await page.locator(`#control path.fl-control-event[data-kind=${kind}]`).count(), kind).toBe(
        result.summary.controlEvents.filter((e) => e.kind === kind).length,
      );
    // 37.5 s: the canary (slot 4, v2) takes 10% of the requests.
    await page.getByTestId('scrubber').fill('37500');
    const api = '#topology g.fl-node[data-node=api]';
    await expect
      .poll(() => page.locator(`${api} text.fl-node-name`).getAttribute('data-rollout'))
      .toBe('v2 10%');
    expect(await page.locator(`${api} g.fl-replica[data-version=v2]`).count()).toBe(1);
    expect(await page.locator(`${api} g.fl-replica[data-version=stable]`).count()).toBe(4);
    await page.locator(api).screenshot({ path: join(SHOTS, 'lab-topology-canary.png') });
    await page.locator('#control-card').screenshot({ path: join(SHOTS, 'lab-control-canary-rollback.png') });
    // After the rollback: no rollout in progress, no v2 replica left.
    await page.getByTestId('scrubber').fill('60000');
    await expect.poll(() => page.locator(`${api} text.fl-node-name`).getAttribute('data-rollout')).toBe(null);
    expect(await page.locator(`${api} g.fl-replica[data-version=v2]`).count()).toBe(0);
  });

  it('draws a replicated store: consistency paid, lag per replica, the first stale read, the replicas at the cursor', async () => {
    const result = JSON.parse(await cliRunJson('quorum-staleness', 1)) as RunResult;
    const kv = result.series.stores['kv'];
    await open(`/?speed=max#v=1&id=quorum-staleness&seed=1`);
    await runFinished(page);
    await expect.poll(() => page.locator('#store-card').isHidden()).toBe(false);
    const moments = await page.$$eval('#stores g.fl-store-moment', (gs) =>
      gs.map((g) => g.getAttribute('data-label')),
    );
    expect(moments).toContain(kv.staleReadsPerSec.some((v) => v > 0) ? 'first stale read' : 'none');
    const rows = page.locator('[data-testid=store-replicas] table[data-store=kv] tbody tr');
    expect(await rows.count()).toBe(kv.replicas.length);
    await page.getByTestId('scrubber').fill('10000');
    await expect
      .poll(() => page.locator('[data-testid=store-replicas] caption').first().textContent())
      .toContain('10');
    await page.locator('#store-card').screenshot({ path: join(SHOTS, 'lab-store.png') });
  });

  it('draws a leader store: leader and term at the cursor, the new leader marked, check-quorum and semi-sync events on the band', async () => {
    const link = { id: 'partition-cp-vs-ap', seed: 1, sets: LEADER_BAND_SETS };
    const result = JSON.parse(await cliRunJson(link.id, link.seed, link.sets)) as RunResult;
    const kinds = ['leader-elected', 'leader-stepped-down', 'semi-sync-fallback', 'semi-sync-restored'];
    const count = (k: string) => result.summary.controlEvents.filter((e) => e.kind === k).length;
    // kv/3 leads term 1, falls back while two followers stall, is restored, falls back again in the
    // minority and steps down; kv/4 leads term 2 (the run's events, also asserted in the unit tests).
    expect(kinds.map(count)).toEqual([2, 1, 3, 2]);
    await open(`/?speed=max${fragmentOf(link)}`);
    await runFinished(page);
    expect(await traceHash(page)).toBe(result.traceHash);
    await expect.poll(() => page.locator('#control-card').isHidden()).toBe(false);
    for (const k of kinds) {
      const ticks = page.locator(`#control path.fl-control-event[data-kind=${k}]`);
      expect(await ticks.count(), k).toBe(count(k));
      expect(await ticks.first().getAttribute('fill'), k).toBe(FAMILY_STYLE[controlFamily(k)].color);
    }
    const legend = await page.$$eval('#control g.fl-legend-item', (gs) => gs.map((g) => g.textContent));
    for (const label of [
      'leader elected',
      'leader stepped down',
      'semi-sync fell back to async',
      'semi-sync restored',
    ])
      expect(legend).toContain(label);
    await page.locator('#control-card').screenshot({ path: join(SHOTS, 'lab-control-leader-store.png') });
    // The store card: the new leader marked; the replicas at 2 s (kv/3 leads, term 1) and 5 s (kv/4 leads).
    const moments = await page.$$eval('#stores g.fl-store-moment', (gs) =>
      gs.map((g) => g.getAttribute('data-label')),
    );
    expect(moments).toContain('new leader: replica 4');
    const table = '[data-testid=store-replicas] table[data-store=kv]';
    const roleAt = async (ms: number) => {
      await page.getByTestId('scrubber').fill(String(ms));
      await expect.poll(() => page.locator(`${table} caption`).textContent()).toContain(`${ms / 1000}`);
      return page.$$eval(`${table} tbody tr`, (trs) => trs.map((tr) => tr.lastElementChild?.textContent));
    };
    expect(await roleAt(2000)).toEqual(['follower', 'follower', 'follower', 'leader', 'follower']);
    const termAt = (ms: number) => result.series.stores['kv'].term?.[Math.floor(ms / result.series.bucketMs)];
    expect(termAt(2000)).toBe(1);
    expect(await page.locator(`${table} caption`).textContent()).toContain('term 1');
    expect(await roleAt(5000)).toEqual(['follower', 'follower', 'follower', 'follower', 'leader']);
    // The highest term any replica reached: the cut-off follower kv/0 keeps raising its own (no pre-vote).
    expect(termAt(5000)).toBe(12);
    expect(await page.locator(`${table} caption`).textContent()).toContain('term 12');
    await page.setViewportSize({ width: 1280, height: 2200 });
    await page.locator('#store-card').screenshot({ path: join(SHOTS, 'lab-store-leader.png') });
  });

  it('draws a siblings store on a ring: the most siblings per read, its first sibling read, each key’s preference list', async () => {
    const link = { id: 'lww-clock-skew', seed: 1, sets: SIBLINGS_RING_SETS };
    const result = JSON.parse(await cliRunJson(link.id, link.seed, link.sets)) as RunResult;
    const siblingsMax = result.series.stores['kv'].siblingsMax ?? [];
    expect(Math.max(...siblingsMax)).toBe(result.summary.stores['kv'].siblingsMax);
    await open(`/?speed=max${fragmentOf(link)}`);
    await runFinished(page);
    expect(await traceHash(page)).toBe(result.traceHash);
    await expect.poll(() => page.locator('#store-card').isHidden()).toBe(false);
    expect(await page.locator('#stores g[data-siblings=kv]').count()).toBe(1);
    const moments = await page.$$eval('#stores g.fl-store-moment', (gs) =>
      gs.map((g) => g.getAttribute('data-label')),
    );
    expect(moments).toContain('first read with siblings');
    const ring = page.locator('[data-testid=store-replicas] table[data-ring=kv]');
    expect(await ring.locator('tbody tr').count()).toBe(8);
    const first = await ring.locator('tbody tr').first().locator('th, td').allTextContents();
    expect(first).toEqual(['k0', 'kv/1', 'kv/1 → kv/4 → kv/2', 'kv/0, kv/3']);
    const held = await page.$$eval('[data-testid=store-replicas] table[data-store=kv] tbody tr', (trs) =>
      trs.map((tr) => tr.lastElementChild?.textContent),
    );
    expect(held).toEqual(['3 (0)', '3 (2)', '8 (4)', '7 (1)', '9 (3)']);
    // The card is taller than the window: a taller one keeps the sticky run bar off the picture.
    await page.setViewportSize({ width: 1280, height: 2200 });
    await page.locator('#store-card').screenshot({ path: join(SHOTS, 'lab-store-siblings-ring.png') });
  });

  it('compare mode runs every value of a param on the same seed, side by side on shared axes', async () => {
    await open(`/?speed=max#v=1&id=retry-storm&seed=1`);
    await runFinished(page);
    const plain = await traceHash(page);
    await page.getByTestId('tab-compare').click();
    await page.getByTestId('compare-param').selectOption({ label: 'Retry budget (4 values)' });
    await page.getByTestId('compare-run').click();
    const hashes = page.getByTestId('compare-hash');
    await expect
      .poll(async () => (await hashes.allTextContents()).filter((t) => t.includes('trace')).length, {
        timeout: 60_000,
      })
      .toBe(4);
    const texts = await hashes.allTextContents();
    // Variant "none" is the scenario as it is: the same run as the Run tab's.
    expect(texts[0]).toContain(plain);
    expect(new Set(texts).size).toBe(4);
    // Shared axes: every column's latency panel has the same y ticks.
    const ticks = await page.$$eval('.fl-compare-cell', (cells) =>
      cells.map((c) =>
        [...c.querySelectorAll('[data-part=latency] .fl-yaxis .tick text')]
          .map((t) => t.textContent)
          .join(','),
      ),
    );
    expect(new Set(ticks).size).toBe(1);
    expect(await page.locator('[data-testid=compare-out] table tbody tr').count()).toBeGreaterThan(5);
    await shot(page, 'lab-compare-retry-budget', true);
    await page.locator('#tab-run').click();
  });

  it('downloads the results as the CLI’s JSON and CSV, byte for byte', async () => {
    await open(`/?speed=max#v=1&id=retry-storm&seed=1`);
    await runFinished(page);
    const [json, csv] = await Promise.all([cliRunJson('retry-storm', 1), cliRunCsv('retry-storm', 1)]);
    const read = async (testId: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
      const path = await download.path();
      return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
    };
    const j = await read('download-json');
    expect(j.name).toBe('faultline-retry-storm-seed1.json');
    expect(firstDifference(j.text, json)).toBe('');
    const c = await read('download-csv');
    expect(firstDifference(c.text, csv)).toBe('');
  });

  it('edits the scenario as JSON: an invalid edit names the field and is not run, a valid one runs', async () => {
    await open('/?speed=max#v=1&id=retry-storm&seed=1');
    await runFinished(page);
    const before = await traceHash(page);
    await page.locator('#edit-details summary').click();
    const editor = page.locator('#edit-json');
    // The editor is filled by the details element's 'toggle' event, which fires after the click.
    await expect.poll(() => editor.inputValue()).not.toBe('');
    const doc = JSON.parse(await editor.inputValue()) as { services: { replicas: number }[]; id: string };
    doc.services[1].replicas = -3;
    await editor.fill(JSON.stringify(doc));
    await page.locator('#apply-json').click();
    const errors = page.getByTestId('scenario-errors');
    await expect.poll(() => errors.textContent()).toContain('services[1].replicas: found -3');
    // The page says the edit was not run, beside the editor's button too, and shows no hash of
    // the previous run as if it were this one.
    expect(await page.getByTestId('edit-errors').textContent()).toContain('services[1].replicas: found -3');
    expect(await traceHash(page)).toBe('not run');
    expect(await page.getByTestId('run-failure').textContent()).toContain('Not run: the scenario is invalid');
    doc.services[1].replicas = 3;
    doc.id = 'three-db-replicas';
    await editor.fill(JSON.stringify(doc));
    await page.locator('#apply-json').click();
    const after = await nextRun(page, before);
    expect(await page.getByTestId('scenario-picker').locator('option:checked').textContent()).toBe(
      'three-db-replicas (yours)',
    );
    expect(page.url()).toMatch(/#v=1&s=[A-Za-z0-9_-]+&seed=1$/);
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-e2e-')), 'three-db-replicas.json');
    writeFileSync(file, JSON.stringify(doc));
    expect(after).toBe(await cliTraceHash(file, 1));
  });

  it('saves a chart as SVG and PNG', async () => {
    await open('/?speed=max#v=1&id=retry-storm&seed=1');
    await runFinished(page);
    const save = async (selector: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
      return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
    };
    const svg = await save('button[data-save=golden][data-format=svg]');
    expect(svg.name).toBe('faultline-retry-storm-seed1-golden.svg');
    const text = svg.bytes.toString('utf8');
    expect(text.startsWith('<?xml')).toBe(true);
    expect(text).toContain('<svg');
    expect(text).toContain('class="fl-line"');
    expect(text).not.toContain('fl-capture');
    const png = await save('button[data-save=topology][data-format=png]');
    expect(png.name).toBe('faultline-retry-storm-seed1-topology.png');
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.bytes.length).toBeGreaterThan(5000);
    writeFileSync(join(SHOTS, 'export-golden.svg'), svg.bytes);
    writeFileSync(join(SHOTS, 'export-topology.png'), png.bytes);
  });

  it('runs every library scenario to the end with the trace hash Node computes', async () => {
    const ids = builtInScenarioIds();
    const hashes: Record<string, string> = {};
    for (const id of ids) {
      await open(`/?speed=max#v=1&id=${id}`);
      await runFinished(page);
      hashes[id] = await traceHash(page);
      expect(await page.locator('#golden path.fl-line').count(), id).toBeGreaterThan(0);
    }
    await shot(page, 'lab-last-model', true);
    for (const id of ids) {
      const scenario = loadBuiltIn(id);
      expect(hashes[id], id).toBe(runScenario(scenario, { seed: scenario.seed }).traceHash);
    }
  });

  it('made no request outside its origin and logged no console error', () => {
    const outside = watched.requests.filter(
      (u) => !u.startsWith(`${server.url}/`) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(outside).toEqual([]);
    expect(watched.errors).toEqual([]);
  });

  it('runs a 10-minute retry storm at 1,000 requests/s in the worker while the page keeps drawing', async () => {
    const cli = cliTraceHash(STORM_10_MIN.id, STORM_10_MIN.seed, STORM_10_MIN.sets);
    const perf = await browser.context.newPage();
    const errors = watch(perf).errors;
    await perf.addInitScript({
      content: `window.__frames = []; (function tick(t) { if (t) window.__frames.push(t); requestAnimationFrame(tick); })();`,
    });
    await perf.goto(`${server.url}/?speed=max${fragmentOf(STORM_10_MIN)}`);
    // Meanwhile the page answers: a click on the focus picker is handled within a frame or two.
    await perf.waitForFunction(() => document.body.dataset['runStatus'] === 'playing', null, { polling: 20 });
    const t0 = Date.now();
    await perf.getByTestId('focus').selectOption({ index: 1 });
    const inputMs = Date.now() - t0;
    await runFinished(perf, 90_000);
    const stats = await perf.evaluate(`(() => {
      const el = document.querySelector('[data-testid=run-time]');
      const wall = Number(el.dataset.wallMs);
      const frames = window.__frames;
      const end = frames[frames.length - 1];
      const during = frames.filter((t) => t >= end - wall);
      const gaps = during.slice(1).map((t, i) => t - during[i]).sort((a, b) => b - a);
      return { wallMs: wall, events: Number(el.dataset.events), frames: during.length,
        fps: during.length / (wall / 1000), worstFrameMs: Math.round(gaps[0] ?? 0),
        p95FrameMs: Math.round(gaps[Math.floor(gaps.length * 0.05)] ?? 0) };
    })()`);
    const figures: Record<string, number> = {
      ...(stats as Record<string, number>),
      inputMs,
      cores: (await import('node:os')).cpus().length,
    };
    writeFileSync(join(SHOTS, 'performance.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log('10-minute retry storm at 1,000 req/s:', JSON.stringify(figures));
    await shot(perf, 'lab-storm-10min');
    expect(await traceHash(perf)).toBe(await cli);
    expect(figures['events']).toBeGreaterThan(5_000_000);
    expect(figures['wallMs']).toBeLessThan(60_000);
    expect(figures['fps']).toBeGreaterThan(5);
    expect(errors).toEqual([]);
    await perf.close();
  });
});
