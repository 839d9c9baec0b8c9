/**
 * `npm run bench -- --instructions`: machine instructions per event of the bench's scenario
 * cases, counted under Valgrind (cachegrind without its cache model) with V8 made deterministic
 * (`--predictable --predictable-gc-schedule`: one thread compiles and collects, on a fixed
 * schedule). Counts of one build mostly agree to tens of parts per million, where wall time on
 * this shared machine varies by a third between runs; one count in a few comes out several
 * percent off, so the bench takes the median of three.
 *
 * What it does not see: cache misses, branch mispredictions and anything that costs time
 * without costing instructions, nor work V8 does on background threads in a normal run. So it
 * compares builds (`--against DIR`: the same cases in another checkout, side by side); the
 * speed itself is what the timed cases and `--peers` measure.
 *
 * Each case runs twice in a fresh process under Valgrind: once whole, once with its scenario
 * parsed and built but not run (`FAULTLINE_BENCH_SETUP_ONLY=1`), so the start-up (Node, imports, parsing,
 * building) is subtracted. Without `--expose-gc`: the full collection the timed children start
 * with made counts differ by 0.2% between runs. The children run the bench bundled per checkout
 * (`dist/bench/main.mjs` and its chunks), not through tsx: tsx loads modules through a second thread, which made
 * counts of one build differ by 1% from run to run; bundled, they agree to a few parts per million.
 * Bundled by Rolldown, like the command (cli/build.mjs says why): it keeps top-level `const`,
 * which V8 folds, so the code counted is shaped as the command's and tsx's are. Until 6 December
 * 2026 esbuild bundled it, turning those into `var`; counts from then on are some 9% lower per
 * event for the same sources, so compare only counts of one bench (`--against` does).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleEntry } from './bundle.ts';

/** V8 flags that make compilation and collection happen at the same points in every run. */
export const PREDICTABLE_V8_FLAGS = ['--predictable', '--predictable-gc-schedule'] as const;

/** What installs Valgrind on Debian, for the message when it is missing. */
export const VALGRIND_INSTALL = 'apt-get install -y valgrind';

/** One case counted in one checkout. */
export interface InstructionCount {
  /** Instructions of the whole child process. */
  instructions: number;
  /** Instructions of the same child with the scenario built but not run. */
  setupInstructions: number;
  events: number;
  requests: number;
  /** (instructions - setupInstructions) / events, the median over the runs. */
  perEvent: number;
  /** The smallest and largest perEvent over the runs. */
  perEventRange: [number, number];
  runs: number;
}

/** Valgrind's version line, or null when it is not installed. */
export function valgrindVersion(): string | null {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** True when `dir` holds a Faultline checkout with a bench to count. */
export function hasBench(dir: string): boolean {
  return existsSync(join(resolve(dir), 'bench', 'main.ts'));
}

/**
 * Bundles the bench of the checkout at `dir` into `dir/dist/bench/main.mjs` and its chunks (its
 * packages stay imports, found in `dir/node_modules`); returns the entry's path.
 */
export async function bundleBench(dir: string): Promise<string> {
  const root = resolve(dir);
  return bundleEntry(root, 'bench/main.ts', join(root, 'dist', 'bench'));
}

interface ChildRun {
  instructions: number;
  events: number;
  completed: number;
}

/** Runs `bundle --case name --raw` under Valgrind (only building the case if `setupOnly`); its instruction count and raw result. */
function countChild(bundle: string, name: string, setupOnly: boolean): Promise<ChildRun> {
  const args = [
    '--tool=cachegrind',
    '--cache-sim=no',
    '--cachegrind-out-file=/dev/null',
    process.execPath,
    ...PREDICTABLE_V8_FLAGS,
    bundle,
    '--case',
    name,
    '--raw',
  ];
  return new Promise((done, failed) => {
    const child = spawn('valgrind', args, {
      env: { ...process.env, FAULTLINE_BENCH_SETUP_ONLY: setupOnly ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', failed);
    child.on('close', (code) => {
      // cachegrind's summary line: "==pid== I   refs:      6,272,130,110"
      const refs = /I\s+refs:\s+([\d,]+)/.exec(err);
      if (code !== 0 || refs === null) {
        failed(
          new Error(
            `case ${name}${setupOnly ? ' (setup only)' : ''} in ${bundle} failed (exit ${code}):\n${err.slice(-2000)}`,
          ),
        );
        return;
      }
      const raw = JSON.parse(out) as { events: number; completed?: number };
      done({
        instructions: Number(refs[1].replaceAll(',', '')),
        events: raw.events,
        completed: raw.completed ?? 0,
      });
    });
  });
}

/** Runs `jobs` with at most `limit` at a time, results in order. */
async function pooled<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

/**
 * Counts every case in every bundled bench (`bundles`, from {@link bundleBench}) `runs` times,
 * as many children at a time as the machine has cores; each count is the median run's, with the
 * range of instructions per event over the runs. Result: counts[bundle][case].
 */
export async function countInstructions(
  bundles: readonly string[],
  names: readonly string[],
  runs: number,
): Promise<InstructionCount[][]> {
  const jobs: (() => Promise<ChildRun>)[] = [];
  // Round by round, so that a busy spell of the machine falls on every build alike.
  for (let r = 0; r < runs; r++) {
    for (const bundle of bundles) {
      for (const name of names) {
        jobs.push(() => countChild(bundle, name, false));
        jobs.push(() => countChild(bundle, name, true));
      }
    }
  }
  const done = await pooled(jobs, Math.max(1, availableParallelism()));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  return bundles.map((_bundle, b) =>
    names.map((name, c) => {
      const at = (r: number, setup: number) =>
        done[((r * bundles.length + b) * names.length + c) * 2 + setup];
      const rounds = Array.from({ length: runs }, (_, r) => ({ whole: at(r, 0), setup: at(r, 1) }));
      const events = rounds[0].whole.events;
      if (rounds.some((x) => x.setup.events !== 0)) {
        throw new Error(
          `case ${name}: the bench in ${bundles[b]} ran its case when asked to build it only (it predates FAULTLINE_BENCH_SETUP_ONLY): copy this checkout's bench/scenario-run.ts into it to count it`,
        );
      }
      if (rounds.some((x) => x.whole.events !== events))
        throw new Error(`case ${name}: runs differ in events`);
      const perEvent = rounds.map((x) => (x.whole.instructions - x.setup.instructions) / events);
      return {
        instructions: median(rounds.map((x) => x.whole.instructions)),
        setupInstructions: median(rounds.map((x) => x.setup.instructions)),
        events,
        requests: rounds[0].whole.completed,
        perEvent: median(perEvent),
        perEventRange: [Math.min(...perEvent), Math.max(...perEvent)],
        runs,
      };
    }),
  );
}

/** One line per case: instructions per event, and with `--against`, the ratio to the other build. */
export function formatInstructions(
  names: readonly string[],
  here: readonly InstructionCount[],
  against: readonly InstructionCount[] | null,
): string[] {
  return names.map((name, i) => {
    const h = here[i];
    const g = (x: number) => `${(x / 1e9).toFixed(2)} G`;
    const n = (x: number) => Math.round(x).toLocaleString('en-US');
    const spread = h.runs > 1 ? ` [${n(h.perEventRange[0])}-${n(h.perEventRange[1])}]` : '';
    let line = `${name.padEnd(7)} ${n(h.perEvent)}${spread} instructions/event  (${g(h.instructions - h.setupInstructions)} for ${h.events.toLocaleString('en-US')} events; start-up ${g(h.setupInstructions)} excluded)`;
    if (against !== null) {
      const a = against[i];
      const aSpread = a.runs > 1 ? ` [${n(a.perEventRange[0])}-${n(a.perEventRange[1])}]` : '';
      line += `  against: ${n(a.perEvent)}${aSpread}, here / against = ${(h.perEvent / a.perEvent).toFixed(4)}`;
      if (a.events !== h.events) line += ` (events differ: ${a.events} there)`;
    }
    return line;
  });
}
