/**
 * Journeys on ONE page, as a learner walks them: a defect that needs two steps in a row (a
 * comparison, then anything else) passed every one-step test. At every step the page's trace
 * hash must be the command's for the settings the page shows (seed field, share link), and the
 * page must never throw. Then the layout at a phone's width and at a laptop's, and the rule that
 * the page talks to its own origin only.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInScenario } from '../../scenarios/index.ts';
import type { ParamSpec } from '../../sim-core/scenario/spec.ts';
import { variantsFor } from '../../web/compare/variants.ts';
import { type Chromium, launchChromium } from './support/chromium.ts';
import { cliTraceHash, ROOT } from './support/cli.ts';
import { nextRun, runFinished, shot, traceHash, type Watched, watch } from './support/lab-page.ts';
import { fragmentOf, SHARED } from './support/links.ts';
import { type StaticServer, startStaticServer } from './support/static-server.ts';

let server: StaticServer;
let browser: Chromium;

beforeAll(async () => {
  server = await startStaticServer(join(ROOT, 'dist', 'web'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The settings the page shows: its seed field, its share link (the overrides), its scenario. */
async function shownSettings(page: Page): Promise<{ id: string; seed: number; sets: string[] }> {
  const link = new URL(await page.getByTestId('share-link').inputValue());
  const params = new URLSearchParams(link.hash.slice(1));
  const seed = Number(await page.getByTestId('seed').inputValue());
  expect(params.get('seed')).toBe(String(seed));
  // The hash on screen belongs to exactly these settings.
  expect(await page.getByTestId('trace-hash').getAttribute('data-seed')).toBe(String(seed));
  expect(await page.getByTestId('trace-hash').getAttribute('data-link')).toBe(link.hash);
  return { id: params.get('id') ?? '', seed, sets: params.getAll('set') };
}

/** The page's hash equals the command's for what the page shows. */
async function expectCommandHash(page: Page, step: string): Promise<string> {
  const hash = await traceHash(page);
  const s = await shownSettings(page);
  expect(hash, step).toBe(await cliTraceHash(s.id, s.seed, s.sets));
  expect(await page.getByTestId('run-failure').isVisible(), step).toBe(false);
  return hash;
}

/** Runs a comparison of the param labelled `label`; every variant's hash is the command's. */
async function compareAndCheck(page: Page, label: string, step: string): Promise<void> {
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('compare-param').selectOption({ label });
  await page.getByTestId('compare-run').click();
  const s = await shownSettings(page);
  const raw = builtInScenario(s.id) as { params: ParamSpec[] };
  const param = raw.params.find((p) => label.startsWith(p.label)) as ParamSpec;
  const variants = variantsFor(param, s.sets);
  const hashes = page.getByTestId('compare-hash');
  await expect
    .poll(async () => (await hashes.allTextContents()).filter((t) => t.includes('trace')).length, {
      timeout: 90_000,
    })
    .toBe(variants.length);
  const texts = await hashes.allTextContents();
  const expected = await Promise.all(variants.map((v) => cliTraceHash(s.id, s.seed, v.overrides)));
  expect(
    texts.map((t) => t.replace(/^.*trace /, '').trim()),
    step,
  ).toEqual(expected);
}

describe('a learner’s journey on one page, in Chromium', () => {
  it('lesson -> compare -> back -> new seed -> control -> another scenario -> share link -> compare again', async () => {
    const page = await browser.context.newPage();
    const w: Watched = watch(page, { errors: [], requests: [] });
    try {
      await page.goto(`${server.url}/?speed=max#v=1&id=retry-storm&seed=1`);
      await runFinished(page);
      const first = await expectCommandHash(page, 'the lesson');

      await compareAndCheck(page, 'Retry budget (4 values)', 'compare');
      await shot(page, 'journey-compare');

      await page.locator('#tab-run').click();
      expect(await traceHash(page)).toBe(first);

      // A new seed: this is where the page used to throw "Proxy has been released".
      await page.getByTestId('seed').fill('7');
      await page.getByTestId('seed').dispatchEvent('change');
      const seeded = await nextRun(page, first);
      await expectCommandHash(page, 'seed 7');
      await page.getByTestId('new-seed').click();
      const renewed = await nextRun(page, seeded);
      await expectCommandHash(page, 'a new seed');

      await page
        .locator('select[data-path="services.api.calls.0.retry.budget"]')
        .selectOption({ label: 'finagle-default' });
      const budget = await nextRun(page, renewed);
      await expectCommandHash(page, 'a control');
      // The run before the change stays on the charts as a faded ghost.
      expect(await page.locator('#golden path.fl-ghost').count()).toBeGreaterThan(0);
      await shot(page, 'journey-ghost');

      await page.getByTestId('scenario-picker').selectOption('jitter-comparison');
      const jitter = await nextRun(page, budget);
      await expectCommandHash(page, 'another scenario');

      await page.evaluate((f) => {
        location.hash = f;
      }, fragmentOf(SHARED));
      await nextRun(page, jitter);
      expect(await page.getByTestId('seed').inputValue()).toBe(String(SHARED.seed));
      await expectCommandHash(page, 'a share link');

      await compareAndCheck(page, 'Attempt timeout (ms) (3 values)', 'compare again');
      await page.locator('#tab-run').click();
      await page.getByTestId('seed').fill('3');
      await page.getByTestId('seed').dispatchEvent('change');
      await runFinished(page);
      await expectCommandHash(page, 'after the second comparison');
      expect(w.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a refused setting is said where the result would be, with no hash of another run', async () => {
    const page = await browser.context.newPage();
    const w: Watched = watch(page, { errors: [], requests: [] });
    try {
      await page.goto(`${server.url}/?speed=max#v=1&id=retry-storm&seed=1`);
      await runFinished(page);
      await page.getByTestId('seed').fill('seven');
      await page.getByTestId('seed').dispatchEvent('change');
      await expect.poll(() => page.getByTestId('run-failure').isVisible()).toBe(true);
      expect(await page.getByTestId('run-failure').textContent()).toContain('Not run: the seed');
      expect(await traceHash(page)).toBe('not run');
      expect(await page.locator('#golden path.fl-line').count()).toBe(0);
      await page.getByTestId('seed').fill('2');
      await page.getByTestId('seed').dispatchEvent('change');
      await runFinished(page);
      await expectCommandHash(page, 'seed 2 after a refused seed');
      expect(w.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('the layout', () => {
  it('at a phone’s 390x844: no sideways scroll, charts at least 300 px wide, controls reachable', async () => {
    const page = await browser.context.newPage();
    const w = watch(page, { errors: [], requests: [] });
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${server.url}/?speed=max#v=1&id=retry-storm&seed=1`);
      await runFinished(page);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        charts: [...document.querySelectorAll<SVGSVGElement>('#run-view svg.fl-chart')]
          .filter((s) => s.getBoundingClientRect().height > 0)
          .map((s) => [s.id, Math.round(s.getBoundingClientRect().width)] as const),
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      expect(widths.charts.length).toBeGreaterThanOrEqual(4);
      for (const [id, width] of widths.charts) expect(width, id).toBeGreaterThanOrEqual(300);
      // Every lesson control can be reached and used.
      const control = page.locator('select[data-path="services.api.calls.0.retry.budget"]');
      await control.scrollIntoViewIfNeeded();
      const box = await control.boundingBox();
      expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, 'layout-phone');
      await shot(page, 'layout-phone-full', true);
      expect(w.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('at 1280x800 the lesson’s first control is in view without scrolling', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${server.url}/?speed=max#v=1&id=retry-storm&seed=1`);
      await runFinished(page);
      const first = page.locator('#param-form select, #param-form input').first();
      const box = await first.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.y ?? 9999) + (box?.height ?? 0)).toBeLessThanOrEqual(800);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await shot(page, 'layout-1280');
      // After the storm nothing succeeds: the latency tooltip says so instead of going blank.
      const latency = page.locator('#golden [data-part=latency] rect.fl-capture');
      const width = Number(await latency.getAttribute('width'));
      await latency.hover({ position: { x: width * (100 / 120), y: 30 } });
      await expect
        .poll(() => page.locator('.fl-tooltip').textContent())
        .toContain('no successful requests in this bucket');
      // A hovered selected tab keeps a readable label.
      await page.locator('#tab-run').hover();
      const tab = await page
        .locator('#tab-run')
        .evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
      expect(tab[0]).not.toBe(tab[1]);
      expect(tab[0]).toBe('rgb(255, 255, 255)');
    } finally {
      await page.close();
    }
  });
});

describe('the page talks to its own origin only', () => {
  it('a crafted ?report= link to another loopback port sends nothing there', async () => {
    const other = await startStaticServer(join(ROOT, 'dist', 'web'));
    const page = await browser.context.newPage();
    const w = watch(page, { errors: [], requests: [] });
    try {
      const target = `${other.url}/admin/delete?all=1`;
      await page.goto(`${server.url}/?speed=max&report=${encodeURIComponent(target)}#v=1&id=mm1`);
      await runFinished(page);
      await new Promise((r) => setTimeout(r, 500));
      expect(other.requests).toEqual([]);
      const origin = new URL(server.url).origin;
      expect(
        w.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')),
      ).toEqual([]);
      const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
      expect(csp).toContain("connect-src 'self';");
      // Even a script that ignored the rule could not reach it: the CSP blocks the request.
      const blocked = await page.evaluate(
        (url) =>
          fetch(url, { method: 'POST', body: 'x' }).then(
            () => 'sent',
            () => 'blocked',
          ),
        target,
      );
      expect(blocked).toBe('blocked');
      expect(other.requests).toEqual([]);
    } finally {
      await page.close();
      await other.close();
    }
  });
});
