/**
 * The lab on a run whose client or service is named like an Object.prototype property
 * (`__proto__`, `constructor`, ...): it runs, shows the name, and logs no error.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOTYPE_NAMES } from '../support/prototype-names.ts';
import { type Chromium, launchChromium } from './support/chromium.ts';
import { ROOT } from './support/cli.ts';
import { runFinished, watch } from './support/lab-page.ts';
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

/** mm1 for 20 s, with the service (or the client) renamed by the link's overrides. */
function linkNaming(role: 'client' | 'service', name: string): string {
  const p = new URLSearchParams({ v: '1', id: 'mm1', seed: '1' });
  p.append('set', 'durationMs=20000');
  if (role === 'service') {
    p.append('set', `services.server.name=${name}`);
    p.append('set', `clients.users.target=${name}`);
  } else {
    p.append('set', `clients.users.name=${name}`);
  }
  return `/?speed=max#${p.toString()}`;
}

describe('the lab with names of Object.prototype', () => {
  const cases = [
    ...PROTOTYPE_NAMES.map((name) => ['service', name] as const),
    ['client', '__proto__'] as const,
    ['client', 'constructor'] as const,
  ];
  it.each(cases)('runs a %s named %s and shows it', async (role, name) => {
    const page = await browser.context.newPage();
    const watched = watch(page);
    try {
      await page.goto(`${server.url}${linkNaming(role, name)}`);
      await runFinished(page);
      // A row of its own in the key numbers (not only inside an edge's `caller->target`).
      // The table is drawn after the run's end is announced: wait for its row, not for a fixed moment.
      await expect
        .poll(
          async () => (await page.locator('#summary tr > :first-child').allInnerTexts()).map((t) => t.trim()),
          { timeout: 10_000 },
        )
        .toContain(name);
      // Its golden signals, drawn.
      await page.getByTestId('focus').selectOption(`${role}:${name}`);
      await page.waitForTimeout(200);
      expect(await page.locator('#golden path.fl-line').count()).toBeGreaterThan(0);
      expect(watched.errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
