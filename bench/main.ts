/**
 * `npm run bench`: speed and memory of the engine (not part of the tests: this machine is shared
 * and noisy, so figures are reported, never asserted).
 *
 * Cases: `hold` (the classic hold model: 1e5 pending events, pop one, push one), `mm1` (M/M/1 at
 * rho 0.9, 5 million requests through the normal scenario path with metrics on), `tiers` (the
 * three-tier call graph with network latency and timeouts), `wide` (200 services, 1,000 replicas
 * in all) and `lb` (one service of 10,000 replicas under least-outstanding balancing), both built
 * here (bench/topologies.ts), `lb-10x` (`lb` for 20 s: as many events as `wide` and `mm1-1x`, so
 * the three compare per event at one run length), and `mm1-1x` / `mm1-10x` / `mm1-100x` (the library's `mm1` at 1x,
 * 10x and 100x its duration: peak RSS against run length). With `--json` it prints one object
 * `{ "<case>": { eventsPerSec, requestsPerSec, events, heapMB, rssMB, resultMs } }`.
 *
 * Each case runs in a fresh process, `--runs N` times (default 5), and the run of median speed
 * is reported (the text output shows the range too). Why fresh processes: run in one process
 * after `hold`, `mm1` was up to 20% slower, because V8 had optimised the engine's loop for the
 * other case's handlers; and on a shared machine one run alone is too noisy to report.
 * `--case NAME` runs one case once, in this process (what each child does).
 *
 * `--case queue` times the event queue alone (pop + push in the hold model) at 10, 100, 1,000 and
 * 10,000 pending events (bench/queue-hold.ts); like `lab`, only when asked.
 *
 * `--case lab` measures the lab at speed in headless Chromium instead (bench/lab.ts: `--speed`,
 * `--seconds`, `--lessons`); it is not in the default set, as it needs a browser.
 *
 * `--peers` compares Faultline's M/M/1 with SimPy, SimJS and a bare loop instead
 * (bench/peers/compare.ts): `--runs` rounds, `--requests N` (default 5,000,000), `--simpy-requests
 * M` (default N / 25); each Node peer runs in bench/peers/child.mjs.
 *
 * `--instructions` counts machine instructions per event under Valgrind instead of timing
 * (bench/instructions.ts): the median of three counts, steady to a fraction of a percent where
 * timed runs on this machine vary by a third; `--against DIR` counts the same cases in the
 * checkout at DIR beside this one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { tuningWanted, V8_FLAGS } from '../cli/v8-tuning.mjs';
import { Engine } from '../sim-core/engine/engine.ts';
import { EventQueue } from '../sim-core/engine/event-queue.ts';
import { createSampler } from '../sim-core/random/distributions.ts';
import { RandomStreams } from '../sim-core/random/streams.ts';
import type { Scenario } from '../sim-core/scenario/spec.ts';
import { ObjectHeap } from './object-heap.ts';
import {
  comparePeers,
  findSimPyPython,
  formatPeers,
  type NodeChild,
  SIMPY_INSTALL,
  sourceChild,
} from './peers/compare.ts';
import { benchQueueHold } from './queue-hold.ts';
import {
  benchScenario,
  buildScenario,
  type CaseResult,
  gc,
  heapMB,
  loadScenario,
  rssMB,
} from './scenario-run.ts';
import { lbScenario, wideScenario } from './topologies.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.includes('--case') ? args[args.indexOf('--case') + 1] : undefined;
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;

function benchHold(pending = 100_000, operations = 5_000_000): CaseResult {
  gc();
  const engine = new Engine<undefined>();
  const rng = new RandomStreams(1).stream('bench/hold');
  const exp = createSampler({ kind: 'exponential', meanMs: 1 });
  let left = operations;
  const HOLD = engine.defineKind('hold', (entity) => {
    if (--left > 0) engine.after(exp.sample(rng) * pending, HOLD, entity);
  });
  for (let i = 0; i < pending; i++) engine.at(exp.sample(rng) * pending, HOLD, i);
  let peak = heapMB();
  let peakRss = rssMB();
  const t0 = performance.now();
  while (engine.pending > 0) {
    engine.runUntil(engine.now + pending);
    peak = Math.max(peak, heapMB());
    peakRss = Math.max(peakRss, rssMB());
  }
  const wallMs = performance.now() - t0;
  return {
    eventsPerSec: (engine.processed / wallMs) * 1000,
    requestsPerSec: 0,
    events: engine.processed,
    heapMB: peak,
    rssMB: peakRss,
    resultMs: 0,
    wallMs,
  };
}

/** The library's `mm1` (600 s, 540,000 requests) at `scale` times its duration. */
function mm1Scaled(scale: number): Scenario {
  return loadScenario('mm1', [`durationMs=${600_000 * scale}`]);
}

/** The typed-array queue against a heap of objects, on the same hold workload. */
function compareQueues(pending = 100_000, operations = 3_000_000): { typedArray: number; objects: number } {
  const rng = new RandomStreams(2).stream('bench/queues');
  const times = new Float64Array(operations + pending);
  for (let i = 0; i < times.length; i++) times[i] = rng.next() * pending;
  const typed = new EventQueue<undefined>(pending);
  const objects = new ObjectHeap();
  for (let i = 0; i < pending; i++) {
    typed.push(times[i], 0, i, undefined);
    objects.push(times[i], 0, i);
  }
  let t0 = performance.now();
  for (let i = 0; i < operations; i++) {
    const s = typed.pop();
    typed.push(typed.time(s) + times[pending + i], 0, 0, undefined);
  }
  const typedMs = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < operations; i++) {
    const e = objects.pop();
    objects.push(e.time + times[pending + i], 0, 0);
  }
  const objectMs = performance.now() - t0;
  return { typedArray: (operations / typedMs) * 1000, objects: (operations / objectMs) * 1000 };
}

const cases: Record<string, () => CaseResult> = {
  hold: () => benchHold(),
  // 5 million requests at 900/s.
  mm1: () => benchScenario(loadScenario('mm1', ['durationMs=5560000', 'metrics.warmupMs=0']), 100_000),
  tiers: () => benchScenario(loadScenario('three-tier', ['durationMs=1000000']), 10_000),
  wide: () => benchScenario(buildScenario(wideScenario()), 1_000),
  lb: () => benchScenario(buildScenario(lbScenario()), 1_000),
  // lb for 20 s (~800,000 events, as many as mm1-1x and wide): its 2 s are mostly V8 warming up.
  'lb-10x': () => benchScenario(buildScenario(lbScenario(), ['durationMs=20000']), 1_000),
  // Peak RSS against run length: the same M/M/1 for 1x, 10x and 100x the library's duration.
  'mm1-1x': () => benchScenario(mm1Scaled(1), 100_000),
  'mm1-10x': () => benchScenario(mm1Scaled(10), 100_000),
  'mm1-100x': () => benchScenario(mm1Scaled(100), 1_000_000),
};

/** The cases compared per event with `mm1-1x`: at about 1 M events each, one run length. */
const RATIO_CASES = ['wide', 'lb-10x'] as const;

/** A ratio per round: its median and range over the rounds. */
interface Ratio {
  median: number;
  min: number;
  max: number;
  rounds: number;
}

/**
 * `name`'s events/s over `mm1-1x`'s, round by round (run next to one another, so a slow spell of
 * the machine falls on both): null unless both cases ran.
 */
function ratioToMm1x1(every: Record<string, CaseResult[]>, name: string): Ratio | null {
  const a = every[name];
  const b = every['mm1-1x'];
  if (a === undefined || b === undefined) return null;
  const r = a.map((x, i) => x.eventsPerSec / b[i].eventsPerSec).sort((x, y) => x - y);
  const round2 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    median: round2(r[Math.floor((r.length - 1) / 2)]),
    min: round2(r[0]),
    max: round2(r[r.length - 1]),
    rounds: r.length,
  };
}

/** The cases whose peak RSS, side by side, says whether memory grows with run length. */
const RSS_CASES = ['mm1-1x', 'mm1-10x', 'mm1-100x'] as const;

/** The cases `--instructions` counts when `--case` is not given: about 1 M events each (a minute or so apiece). */
const DEFAULT_INSTRUCTION_CASES = ['mm1-1x', 'wide', 'lb-10x'] as const;

const USAGE = `npm run bench [-- options]: speed and memory of the engine, each case in fresh processes
  --case NAME[,NAME...]  only these cases (${Object.keys(cases).join(', ')}), or queues, queue or lab
  --runs N               rounds (default 5), interleaved across the cases; the median run is reported
  --json                 one JSON object instead of lines
  --peers                Faultline's M/M/1 against SimPy, SimJS and a bare loop (--requests N, --simpy-requests M)
  --instructions         instructions per event under Valgrind instead of time (default cases ${DEFAULT_INSTRUCTION_CASES.join(', ')})
  --bundled              the timed children (and with --peers the Node peers) run bundled by Rolldown,
                         as the command's code is, instead of the sources through tsx
  --against DIR          with --instructions: the same cases counted in the checkout at DIR too, and the ratios
                         (--runs N with --instructions: N counts each, the median; default 3)
  FAULTLINE_V8_TUNING=1  the V8 tuning for long runs (off by default)`;

const QUEUES = 'queues';
/** The queue alone at 10 to 10,000 pending events (bench/queue-hold.ts): only when asked. */
const QUEUE = 'queue';
/** The lab in Chromium (bench/lab.ts): run only when asked, it needs a browser. */
const LAB = 'lab';

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

/** One case, once, in a fresh process: its result. */
function runChild(name: string, program: NodeChild): CaseResult {
  const child = spawnSync(
    process.execPath,
    [...program.nodeFlags, '--expose-gc', program.script, '--case', name, '--raw'],
    { encoding: 'utf8', env: process.env },
  );
  if (child.status !== 0) fail(`case ${name} failed (exit ${child.status}):\n${child.stderr}`);
  return JSON.parse(child.stdout) as CaseResult;
}

function printQueues(): void {
  const q = compareQueues();
  console.log(
    `queue  typed-array heap ${(q.typedArray / 1e6).toFixed(2)} M ops/s vs object heap ${(q.objects / 1e6).toFixed(2)} M ops/s (pop+push, 1e5 pending)`,
  );
}

/** A rate as text: millions with two decimals, or thousands below a million. */
function rate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(x >= 1e4 ? 0 : 1)} k`;
}

function format(name: string, r: CaseResult, all: CaseResult[]): string {
  const speeds = all.map((x) => x.requestsPerSec || x.eventsPerSec).sort((a, b) => a - b);
  const unit = r.requestsPerSec > 0 ? 'requests/s' : 'events/s';
  const range =
    all.length > 1
      ? `  (${all.length} runs: ${rate(speeds[0])}-${rate(speeds[speeds.length - 1])} ${unit})`
      : '';
  const result = r.resultMs > 0 ? `  result() ${r.resultMs.toFixed(0)} ms` : '';
  return (
    `${name.padEnd(7)} ${rate(r.eventsPerSec)} events/s  ${r.requestsPerSec > 0 ? rate(r.requestsPerSec) : '-'} requests/s  ` +
    `${r.events} events in ${(r.wallMs / 1000).toFixed(2)} s  peak heap ${r.heapMB.toFixed(0)} MB  peak RSS ${r.rssMB.toFixed(0)} MB${result}${range}`
  );
}

/** Peak RSS of `mm1` at 1x, 10x and 100x its duration: flat memory means ratios near 1. */
function formatRss(all: Record<string, CaseResult[]>): string | null {
  const [short, ...longer] = RSS_CASES.map((name) => all[name]?.map((r) => r.rssMB).sort((a, b) => a - b));
  if (short === undefined) return null;
  const median = (xs: number[]) => xs[Math.floor((xs.length - 1) / 2)];
  const range = (xs: number[]) => `${xs[0].toFixed(0)}-${xs[xs.length - 1].toFixed(0)}`;
  const parts = [`mm1 1x ${median(short).toFixed(0)} MB (${range(short)})`];
  longer.forEach((xs, i) => {
    if (xs === undefined) return;
    const scale = RSS_CASES[i + 1].slice(4);
    parts.push(
      `${scale} ${median(xs).toFixed(0)} MB (${range(xs)}): ${scale} / 1x = ${(median(xs) / median(short)).toFixed(2)}`,
    );
  });
  return parts.length > 1 ? `peak RSS in run length: ${parts.join(', ')}` : null;
}

function flagValue(flag: string): string | undefined {
  return args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined;
}

function wholeFlag(flag: string, byDefault: number): number {
  const text = flagValue(flag);
  if (text === undefined) return byDefault;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`${flag}: found ${text}; allowed: an integer >= 1`);
  return n;
}

if (!Number.isInteger(runs) || runs < 1)
  fail(`--runs: found ${args[args.indexOf('--runs') + 1]}; allowed: an integer >= 1`);
/** `--case a,b,c`: those cases, in rounds; one name alone may also be `queues`, `queue` or `lab`. */
const chosen = only?.split(',');
if (
  chosen !== undefined &&
  !(chosen.length === 1 && (only === QUEUES || only === QUEUE || only === LAB)) &&
  !chosen.every((name) => name in cases)
) {
  fail(
    `--case: found ${only}; allowed: ${[...Object.keys(cases), QUEUES, QUEUE, LAB].join(', ')}, or cases joined by commas`,
  );
}

const tuned = tuningWanted(process.env['FAULTLINE_V8_TUNING'], false);
const bundled = args.includes('--bundled');
if (bundled && (args.includes('--instructions') || only === QUEUES || only === QUEUE || only === LAB)) {
  fail(
    '--bundled: allowed for the timed cases and --peers; --instructions always counts the bundle, and --case queues, queue and lab run their own code',
  );
}
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * What the timed children run: bin.mjs (the sources through tsx, which applies the V8 tuning
 * itself when asked), or with `--bundled` the bench bundled by Rolldown as the command is, with
 * the tuning's flags on its command line.
 */
async function timedChild(): Promise<NodeChild> {
  if (!bundled)
    return { script: fileURLToPath(new URL('./bin.mjs', import.meta.url)), nodeFlags: [], bundled };
  const { bundleBench } = await import('./instructions.ts');
  return { script: await bundleBench(root), nodeFlags: tuned ? V8_FLAGS : [], bundled };
}

/** What the Node peers run: child.mjs (tsx), or with `--bundled` child.ts bundled by Rolldown. */
async function peersChild(): Promise<NodeChild> {
  if (!bundled) return sourceChild();
  const { bundleEntry } = await import('./bundle.ts');
  const script = await bundleEntry(root, 'bench/peers/child.ts', join(root, 'dist', 'bench-peers'));
  return { script, nodeFlags: tuned ? V8_FLAGS : [], bundled };
}

if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
} else if (args.includes('--peers')) {
  const requests = wholeFlag('--requests', 5_000_000);
  const options = {
    rounds: runs,
    requests,
    simpyRequests: wholeFlag('--simpy-requests', Math.max(1, Math.round(requests / 25))),
    v8Tuning: tuned,
    python: findSimPyPython(),
    nodeChild: await peersChild(),
  };
  if (!json && options.python === null) {
    console.log(
      `SimPy is not installed: ${SIMPY_INSTALL} (or pip install simpy; FAULTLINE_PYTHON=/path/to/python picks the interpreter); running the other peers.`,
    );
  }
  const report = comparePeers(options, (line) => {
    if (!json) console.log(line);
  });
  console.log(json ? JSON.stringify(report) : formatPeers(report));
} else if (args.includes('--instructions')) {
  await benchInstructions();
} else if (args.includes('--raw')) {
  // A child: one case, its raw result as JSON.
  console.log(JSON.stringify(cases[only!]()));
} else if (only === QUEUES) {
  printQueues();
} else if (only === QUEUE) {
  const held = benchQueueHold();
  if (json) console.log(JSON.stringify(held));
  else
    for (const r of held)
      console.log(
        `queue  ${r.pending} pending: ${r.nsPerOp.toFixed(1)} ns per pop + push (CPU ${r.cpuNsPerOp.toFixed(1)} ns)`,
      );
} else if (only === LAB) {
  // Loaded only here: it brings the browser driver, which every other child would load for nothing.
  const { benchLab, labOptions } = await import('./lab.ts');
  const lessons = await benchLab(labOptions(args, fail), (line) => {
    if (!json) console.log(line);
  });
  if (json) console.log(JSON.stringify(lessons));
  else {
    const reached = lessons.filter((l) => l.verdict === 'reaches').length;
    const said = lessons.filter((l) => l.verdict === 'says-reached').length;
    const silent = lessons.filter((l) => l.verdict === 'misstates').map((l) => l.lesson);
    const fps = lessons.map((l) => l.fps).sort((a, b) => a - b)[Math.floor((lessons.length - 1) / 2)] ?? 0;
    console.log(
      `lab: ${reached} of ${lessons.length} lessons reach ${lessons[0]?.askedSpeed ?? '?'}x, ${said} show the speed they reach instead, ${lessons.filter((l) => l.verdict === 'too-short').length} end too soon to check, ${silent.length} show a wrong figure or none${silent.length === 0 ? '' : ` (${silent.join(', ')})`}; median ${fps.toFixed(0)} fps`,
    );
  }
} else {
  const results: Record<string, CaseResult> = {};
  const every: Record<string, CaseResult[]> = {};
  const program = await timedChild();
  if (!json) {
    console.log(`V8 tuning for long runs: ${tuned ? 'on' : 'off (FAULTLINE_V8_TUNING=1: on)'}`);
    if (bundled) console.log(`children run ${program.script} (bundled by Rolldown)`);
  }
  const names = Object.keys(cases).filter((name) => chosen === undefined || chosen.includes(name));
  for (const name of names) every[name] = [];
  // Rounds interleaved across cases (round 1 of every case, then round 2, ...): a slow spell of
  // the machine then falls on every case alike, and the ratios per round stay comparable.
  for (let round = 0; round < runs; round++)
    for (const name of names) every[name].push(runChild(name, program));
  for (const name of names) {
    const all = every[name];
    results[name] = [...all].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((all.length - 1) / 2)];
    if (!json) console.log(format(name, results[name], all));
  }
  const ratios = RATIO_CASES.map((name) => ({ name, ratio: ratioToMm1x1(every, name) }));
  if (json) {
    const out: Record<string, Omit<CaseResult, 'wallMs'> & { eventsPerSecVsMm1x1?: Ratio }> = {};
    for (const [k, r] of Object.entries(results)) {
      out[k] = {
        eventsPerSec: Math.round(r.eventsPerSec),
        requestsPerSec: Math.round(r.requestsPerSec),
        events: r.events,
        heapMB: Math.round(r.heapMB * 10) / 10,
        rssMB: Math.round(r.rssMB * 10) / 10,
        resultMs: Math.round(r.resultMs),
      };
    }
    for (const { name, ratio } of ratios) if (ratio !== null) out[name].eventsPerSecVsMm1x1 = ratio;
    console.log(JSON.stringify(out));
  } else {
    for (const { name, ratio } of ratios) {
      if (ratio !== null) {
        console.log(
          `${name} / mm1-1x events/s: ${ratio.median.toFixed(2)} [${ratio.min.toFixed(2)}-${ratio.max.toFixed(2)}] (${ratio.rounds} rounds)`,
        );
      }
    }
    const rss = formatRss(every);
    if (rss !== null) console.log(rss);
    if (only === undefined) printQueues();
  }
}

/** `--instructions [--against DIR] [--case a,b]`: instructions per event, here and in DIR. */
async function benchInstructions(): Promise<void> {
  // Loaded only here: it brings Rolldown, which every timed child would load for nothing.
  const {
    bundleBench,
    countInstructions,
    formatInstructions,
    hasBench,
    PREDICTABLE_V8_FLAGS,
    VALGRIND_INSTALL,
    valgrindVersion,
  } = await import('./instructions.ts');
  const valgrind = valgrindVersion();
  if (valgrind === null) fail(`--instructions needs Valgrind: ${VALGRIND_INSTALL}`);
  const names = chosen ?? [...DEFAULT_INSTRUCTION_CASES];
  if (names.includes('hold'))
    fail('--instructions: found case hold; allowed: the scenario cases (every case but hold)');
  const againstDir = flagValue('--against');
  if (againstDir !== undefined && !hasBench(againstDir)) {
    fail(
      `--against: found ${againstDir}; allowed: the directory of another Faultline checkout (with bench/main.ts)`,
    );
  }
  const here = await bundleBench(fileURLToPath(new URL('..', import.meta.url)));
  const there = againstDir === undefined ? null : await bundleBench(againstDir);
  if (!json) {
    console.log(
      `${valgrind}, node ${process.version} ${PREDICTABLE_V8_FLAGS.join(' ')}: ${names.length} case(s)${there === null ? '' : ' in two checkouts'}, about a minute per case per checkout`,
    );
  }
  // Three counts each unless --runs says otherwise: one count in a few comes out several percent
  // off (V8 still decides something by time), the median of three has not.
  const rounds = args.includes('--runs') ? runs : 3;
  const counts = await countInstructions(there === null ? [here] : [here, there], names, rounds).catch(
    (e: Error) => fail(`--instructions: ${e.message}`),
  );
  const [mine, theirs] = [counts[0], counts[1] ?? null];
  if (json) {
    const out: Record<string, unknown> = {};
    names.forEach((name, i) => {
      out[name] =
        theirs === null
          ? mine[i]
          : {
              ...mine[i],
              against: theirs[i],
              ratio: Math.round((mine[i].perEvent / theirs[i].perEvent) * 1e4) / 1e4,
            };
    });
    console.log(
      JSON.stringify({
        kind: 'faultline-bench-instructions',
        format: 1,
        valgrind,
        node: process.version,
        v8Flags: PREDICTABLE_V8_FLAGS,
        v8Tuning: tuned,
        against: againstDir ?? null,
        cases: out,
      }),
    );
  } else {
    for (const line of formatInstructions(names, mine, theirs)) console.log(line);
  }
}
