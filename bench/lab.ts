/**
 * `npm run bench -- --case lab`: the lab at speed, in a real headless Chromium (Debian's
 * `chromium`). Each lesson is opened at a playback speed (`--speed`, default 30: simulated
 * seconds per wall second) and played for `--seconds` of wall time (default 8) or to its end;
 * meanwhile the live end of the run (the scrubber's value, to a bucket) and the page's own speed meter (`#speed-reached`, the figure the lab shows its user) is
 * sampled every 100 ms and every animation frame is counted. Reported per lesson: the speed
 * reached (median of the samples, with their range), frames per second, and whether the lab
 * reached the speed it offers (within 10%) or showed on screen, within 15%, the speed it did reach. Figures
 * are reported, never asserted: the machine is shared.
 *
 * `--lessons a,b` picks lessons (default: every library lesson). Needs the built lab
 * (`npm run build:web`; built here when missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInScenarioIds } from '../scenarios/index.ts';
import { launchChromium } from '../test/e2e/support/chromium.ts';
import { startStaticServer } from '../test/e2e/support/static-server.ts';
import { SPEEDS } from '../web/runner/slicing.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface LabOptions {
  speed: number;
  seconds: number;
  lessons: readonly string[];
}

export interface LabLesson {
  lesson: string;
  askedSpeed: number;
  /** Median of the lab's own speed-meter samples (null: it finished before showing one). */
  reachedSpeed: number | null;
  reachedMin: number | null;
  reachedMax: number | null;
  /** Simulated ms over wall ms of the whole measured stretch (the meter's check). */
  overallSpeed: number;
  fps: number;
  /** The longest gap between two frames, in ms. */
  worstFrameMs: number;
  /** The run ended inside the measured stretch. */
  finished: boolean;
  /** What the page said next to the speed picker at the end ('' when it reached the speed). */
  shown: string;
  /**
   * reaches: within 10% of the speed asked; says-reached: short of it, and the figure the page
   * shows is within 15% of the speed measured here; misstates: short of it, and the page shows
   * no figure or a figure more than 15% off; too-short: short of it, but the run ended less
   * than 2.5 s after it started playing, too soon to check the figure shown.
   */
  verdict: 'reaches' | 'says-reached' | 'misstates' | 'too-short';
}

/** Parses `--speed`, `--seconds` and `--lessons`; a bad value names the flag and what is allowed. */
export function labOptions(args: readonly string[], fail: (message: string) => never): LabOptions {
  const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const paced = SPEEDS.filter((s): s is Exclude<(typeof SPEEDS)[number], 'max'> => s !== 'max');
  const speedText = value('--speed') ?? '30';
  const speed = Number(speedText);
  if (!paced.some((s) => s === speed)) fail(`--speed: found ${speedText}; allowed: ${paced.join(', ')}`);
  const secondsText = value('--seconds') ?? '8';
  const seconds = Number(secondsText);
  if (!Number.isFinite(seconds) || seconds < 3 || seconds > 600)
    fail(`--seconds: found ${secondsText}; allowed: a number from 3 to 600`);
  const all = builtInScenarioIds();
  const lessons = value('--lessons')?.split(',') ?? all;
  for (const id of lessons) if (!all.includes(id)) fail(`--lessons: found ${id}; allowed: ${all.join(', ')}`);
  return { speed, seconds, lessons };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export async function benchLab(options: LabOptions, progress: (line: string) => void): Promise<LabLesson[]> {
  const dist = join(ROOT, 'dist', 'web');
  if (!existsSync(join(dist, 'index.html'))) {
    progress('building the lab (npm run build:web)');
    const built = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`npm run build:web failed (exit ${built.status})`);
  }
  const server = await startStaticServer(dist);
  const browser = await launchChromium();
  const out: LabLesson[] = [];
  try {
    for (const lesson of options.lessons) {
      const page = await browser.context.newPage();
      await page.addInitScript({
        content:
          'window.__frames = []; (function tick(t) { if (t) window.__frames.push(t); requestAnimationFrame(tick); })();',
      });
      await page.goto(`${server.url}/?speed=${options.speed}#v=1&id=${encodeURIComponent(lesson)}`);
      await page.waitForFunction(() => document.body.dataset['runStatus'] === 'playing', null, {
        timeout: 60_000,
      });
      const probe = `(() => ({ wall: performance.now(), sim: Number(document.querySelector('[data-testid=scrubber]')?.value ?? 0),
        speed: document.querySelector('[data-testid=speed-reached]')?.dataset.speed ?? null,
        text: document.querySelector('[data-testid=speed-reached]')?.textContent ?? '',
        status: document.body.dataset.runStatus }))()`;
      type Sample = { wall: number; sim: number; speed: string | null; text: string; status: string };
      const first = (await page.evaluate(probe)) as Sample;
      const samples: number[] = [];
      // The last sample taken while playing (one taken after the end would add up to a polling
      // interval of wall time with no simulated time).
      let last = first;
      let shownText = first.text;
      let finished = false;
      const stopAt = Date.now() + options.seconds * 1000;
      while (Date.now() < stopAt) {
        await page.waitForTimeout(100);
        const now = (await page.evaluate(probe)) as Sample;
        shownText = now.text;
        if (now.status !== 'playing') {
          finished = true;
          break;
        }
        last = now;
        // The meter needs a couple of seconds of history before its figure means anything.
        if (last.wall - first.wall > 2000 && last.speed !== null) samples.push(Number(last.speed));
      }
      const frames = (await page.evaluate(
        `window.__frames.filter((t) => t >= ${first.wall} && t <= ${last.wall})`,
      )) as number[];
      const gaps = frames.slice(1).map((t, i) => t - frames[i]);
      const spanMs = last.wall - first.wall;
      const reached = samples.length === 0 ? null : median(samples);
      const overall = (last.sim - first.sim) / spanMs;
      const shown = shownText.trim();
      const reaches = (reached ?? overall) >= options.speed * 0.9;
      // The figure on screen ("reaching 29x" while playing, "ran at 31x" at the end), read back.
      const stated = Number(
        /(?:reaching|ran at) ([\d,.]+)x/.exec(shown)?.[1]?.replaceAll(',', '') ?? Number.NaN,
      );
      // Too short a stretch to check a figure against (the run ended within the meter's window).
      const tooShort = spanMs < 2500;
      const honest =
        Number.isFinite(stated) && Math.abs(stated - (reached ?? overall)) <= 0.15 * (reached ?? overall);
      out.push({
        lesson,
        askedSpeed: options.speed,
        reachedSpeed: reached,
        reachedMin: samples.length === 0 ? null : Math.min(...samples),
        reachedMax: samples.length === 0 ? null : Math.max(...samples),
        overallSpeed: overall,
        fps: (frames.length / spanMs) * 1000,
        worstFrameMs: gaps.length === 0 ? 0 : Math.max(...gaps),
        finished,
        shown,
        verdict: reaches ? 'reaches' : honest ? 'says-reached' : tooShort ? 'too-short' : 'misstates',
      });
      progress(formatLabLine(out[out.length - 1]));
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

const x = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)}x`);

export function formatLabLine(r: LabLesson): string {
  const range = r.reachedMin === null ? '' : ` (${x(r.reachedMin)}–${x(r.reachedMax)})`;
  return `${r.lesson.padEnd(26)} asked ${x(r.askedSpeed).padStart(6)}  reached ${x(r.reachedSpeed).padStart(6)}${range.padEnd(16)} overall ${x(r.overallSpeed).padStart(6)}  ${r.fps.toFixed(0).padStart(3)} fps  worst frame ${Math.round(r.worstFrameMs)} ms  ${r.verdict}${r.finished ? ' (ended)' : ''}${r.shown === '' ? '' : `  page: "${r.shown}"`}`;
}
