/**
 * The same share link in Firefox ESR (another JS engine): the page reports its trace hash to the
 * test's server (`?report=`), which must equal the CLI's, and so Chromium's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTraceHash, ROOT } from './support/cli.ts';
import { FIREFOX, openInFirefox } from './support/firefox.ts';
import { fragmentOf, SHARED } from './support/links.ts';
import { type StaticServer, startStaticServer } from './support/static-server.ts';

let server: StaticServer;

beforeAll(async () => {
  server = await startStaticServer(join(ROOT, 'dist', 'web'));
});

afterAll(async () => {
  await server?.close();
});

describe('the lab in Firefox ESR', () => {
  it.skipIf(!existsSync(FIREFOX))('reproduces a shared run with the CLI’s trace hash', async () => {
    const cli = cliTraceHash(SHARED.id, SHARED.seed, SHARED.sets);
    const report = `${server.url}/report`;
    const url = `${server.url}/?speed=max&report=${encodeURIComponent(report)}${fragmentOf(SHARED)}`;
    const firefox = openInFirefox(url);
    try {
      const got = (await server.nextReport(75_000).catch((e: Error) => {
        throw new Error(`${e.message}; firefox said:\n${firefox.output().slice(-2000)}`);
      })) as { traceHash: string; seed: number; scenario: string; userAgent: string; wallMs: number };
      console.log(`Firefox: ${got.userAgent}: ${got.traceHash} in ${got.wallMs} ms`);
      expect(got.userAgent).toContain('Firefox');
      expect(got).toMatchObject({ scenario: SHARED.id, seed: SHARED.seed });
      expect(got.traceHash).toBe(await cli);
      // Firefox fetched only from our server.
      expect(server.requests.every((p) => p.startsWith('/'))).toBe(true);
    } finally {
      await firefox.close();
    }
  });
});
