/**
 * The same share link in Firefox ESR (another JS engine): the page reports its trace hash to the
 * test's server (`?report=`), which must equal the CLI's, and so Chromium's.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInScenario } from '../../scenarios/index.ts';
import type { ParamSpec } from '../../sim-core/scenario/spec.ts';
import { variantsFor } from '../../web/compare/variants.ts';
import { cliTraceHash, ROOT } from './support/cli.ts';
import { FIREFOX, openInFirefox } from './support/firefox.ts';
import { type JourneySteps, journeyFiles } from './support/journey/page.ts';
import { fragmentOf, SHARED } from './support/links.ts';
import { type StaticServer, startStaticServer } from './support/static-server.ts';

let server: StaticServer;

/** The lessons of the control plane and of replicated state, each checked in Firefox too. */
const FIREFOX_LESSONS = [
  'autoscaling-lag',
  'health-check-death-spiral',
  'zone-outage',
  'slo-alert-shedding',
  'quorum-staleness',
  'lww-clock-skew',
  'lease-split-brain',
  'async-replication-loss',
  'partition-cp-vs-ap',
  'active-passive-failover',
  'canary-rollback',
] as const;

const STEPS: JourneySteps = {
  compare: 'Retry budget (4 values)',
  compareAgain: 'Attempt timeout (ms) (3 values)',
  variants: { 'Retry budget (4 values)': 4, 'Attempt timeout (ms) (3 values)': 3 },
  control: { path: 'services.api.calls.0.retry.budget', text: 'finagle-default' },
  scenario: 'jitter-comparison',
  link: fragmentOf(SHARED),
};

beforeAll(async () => {
  server = await startStaticServer(join(ROOT, 'dist', 'web'), journeyFiles(STEPS));
});

interface Shown {
  step: string;
  hash: string;
  seed: string;
  link: string;
  dataSeed: string | null;
  dataLink: string | null;
  failure: string | null;
  errors: string[];
  userAgent: string;
  compare?: string[];
  label?: string;
  message?: string;
}

/** The command's hash for what a step's page showed (its share link names id, seed, overrides). */
async function commandHash(shown: Shown): Promise<string> {
  const params = new URLSearchParams(new URL(shown.link).hash.slice(1));
  return cliTraceHash(params.get('id') ?? '', Number(shown.seed), params.getAll('set'));
}

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

  it.skipIf(!existsSync(FIREFOX))(
    'runs the control-plane and replicated-store lessons with the CLI’s trace hash',
    async () => {
      const report = `${server.url}/report`;
      for (const id of FIREFOX_LESSONS) {
        const seed = 1;
        const cli = cliTraceHash(id, seed, []);
        const link = fragmentOf({ id, seed, sets: [] });
        const firefox = openInFirefox(`${server.url}/?speed=max&report=${encodeURIComponent(report)}${link}`);
        try {
          const got = (await server.nextReport(150_000).catch((e: Error) => {
            throw new Error(`${id}: ${e.message}; firefox said:\n${firefox.output().slice(-2000)}`);
          })) as { traceHash: string; scenario: string };
          if (got.scenario !== id) console.log(JSON.stringify(got), firefox.output().slice(-3000));
          expect(got.scenario, id).toBe(id);
          expect(got.traceHash, id).toBe(await cli);
        } finally {
          await firefox.close();
        }
      }
    },
    FIREFOX_LESSONS.length * 160_000,
  );

  it.skipIf(!existsSync(FIREFOX))(
    'walks the journey on one page (lesson, compare, back, seed, control, scenario, link, compare) with the CLI’s hash at every step',
    async () => {
      const firefox = openInFirefox(`${server.url}/journey/`);
      const steps: Shown[] = [];
      try {
        for (;;) {
          const got = (await server.nextReport(150_000).catch((e: Error) => {
            throw new Error(
              `${e.message} after ${steps.map((s) => s.step).join(', ')}; firefox said:\n${firefox.output().slice(-2000)}`,
            );
          })) as Shown;
          if (got.step === 'failed') throw new Error(`the journey failed: ${got.message}`);
          if (got.step === 'end') {
            expect(got.errors).toEqual([]);
            break;
          }
          steps.push(got);
        }
      } finally {
        await firefox.close();
      }
      expect(steps.map((s) => s.step)).toEqual([
        'lesson',
        'compare',
        'back',
        'seed 7',
        'control',
        'another scenario',
        'share link',
        'compare again',
      ]);
      expect(steps[0].userAgent).toContain('Firefox');
      for (const s of steps) {
        // The hash on screen belongs to the settings on screen, and is the command's for them.
        expect(s.dataSeed, s.step).toBe(s.seed);
        expect(s.dataLink, s.step).toBe(new URL(s.link).hash);
        expect(s.failure, s.step).toBeNull();
        expect(s.errors, s.step).toEqual([]);
        expect(s.hash, s.step).toBe(await commandHash(s));
        if (s.compare !== undefined) {
          const params = new URLSearchParams(new URL(s.link).hash.slice(1));
          const id = params.get('id') ?? '';
          const raw = builtInScenario(id) as { params: ParamSpec[] };
          const param = raw.params.find((p) => s.label?.startsWith(p.label)) as ParamSpec;
          const expected = await Promise.all(
            variantsFor(param, params.getAll('set')).map((v) =>
              cliTraceHash(id, Number(s.seed), v.overrides),
            ),
          );
          expect(s.compare, s.step).toEqual(expected);
        }
      }
      expect(steps[3].seed).toBe('7');
      expect(steps[6].seed).toBe(String(SHARED.seed));
      console.log(`Firefox journey: ${steps.length} steps, every hash the command's`);
    },
    240_000,
  );
});
