/** Driving the lab page: waiting for runs, reading what it shows, collecting console errors. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './cli.ts';

export const SHOTS = join(ROOT, 'test-results', 'e2e');
mkdirSync(SHOTS, { recursive: true });

export interface Watched {
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
}

export function watch(page: Page, w: Watched = { errors: [], requests: [] }): Watched {
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => w.requests.push(r.url()));
  return w;
}

/** Waits until the current run has finished (or failed). */
export async function runFinished(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(
    () => ['done', 'error'].includes(document.body.dataset['runStatus'] ?? ''),
    null,
    { timeout: timeoutMs, polling: 50 },
  );
  const status = await page.evaluate(() => document.body.dataset['runStatus']);
  if (status !== 'done')
    throw new Error(`the run ended with status ${status}: ${await page.locator('#notice').textContent()}`);
}

/** Waits for a run that started after `previousHash` was shown to finish; returns its hash. */
export async function nextRun(page: Page, previousHash: string): Promise<string> {
  await page.waitForFunction(
    (prev) => {
      const hash = document.querySelector('[data-testid=trace-hash]')?.textContent ?? '';
      return document.body.dataset['runStatus'] === 'done' && hash !== prev && hash !== '…';
    },
    previousHash,
    { timeout: 60_000, polling: 50 },
  );
  return traceHash(page);
}

export async function traceHash(page: Page): Promise<string> {
  return ((await page.getByTestId('trace-hash').textContent()) ?? '').trim();
}

export async function shot(page: Page, name: string, fullPage = false): Promise<string> {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
