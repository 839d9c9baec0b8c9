/**
 * `npm run bench -- --peers`: Faultline's M/M/1 against SimPy, SimJS and a bare typed-array loop
 * on identical work, each in a fresh child process, interleaved by round (Faultline, SimPy,
 * SimJS, bare; then again), so that a slow spell of this shared machine hits every peer alike.
 * Ratios are paired by round: each round's Faultline run over the same round's peer run.
 *
 * Three views of speed per peer: the simulation's wall time (`engine`, the headline), its CPU
 * time (`cpu`: every thread of the process during the simulation, so garbage collection and
 * compilation count), and the whole process from spawn to exit (`process`: start-up, module
 * loading and, for the Node peers, transpiling their TypeScript through tsx included).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

import type { PeerRun } from './measure.ts';
import { MM1_WORK, type PeerWork, theoreticalMeanResponseMs } from './work.ts';

/** The peers, in the order each round runs them. */
export const PEERS = ['faultline', 'simpy', 'simjs', 'bare'] as const;
export type PeerName = (typeof PEERS)[number];

/** What `apt-get` installs SimPy as on Debian and Ubuntu. */
export const SIMPY_INSTALL = 'apt-get install -y python3-simpy3';

export interface PeersOptions {
  rounds: number;
  /** Requests for Faultline, SimJS and the bare loop. */
  requests: number;
  /** Requests for SimPy, some 20 times slower: fewer, compared as per-request rates. */
  simpyRequests: number;
  /** Whether the Node children run with the bench's V8 tuning. */
  v8Tuning: boolean;
  /** The Python that imports simpy ({@link findSimPyPython}), or null to leave SimPy out. */
  python: string | null;
  /** What the Node peers run: child.mjs (tsx, by default), or the child bundled by Rolldown. */
  nodeChild: NodeChild;
}

/** The program of the Node peers' processes, and the Node flags it needs. */
export interface NodeChild {
  script: string;
  nodeFlags: readonly string[];
  /** True when `script` is child.ts bundled by Rolldown (`--bundled`), as the command's code is. */
  bundled: boolean;
}

/** child.mjs: child.ts through tsx, which applies the V8 tuning itself when asked. */
export function sourceChild(): NodeChild {
  return { script: fileURLToPath(new URL('./child.mjs', import.meta.url)), nodeFlags: [], bundled: false };
}

/** Median and range of a set of numbers. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

interface Rates {
  engine: number;
  cpu: number;
  process: number;
}

/** A peer's run as the parent saw it: the child's report and the process's wall time. */
export interface PeerRound extends PeerRun {
  processWallMs: number;
}

/** Median and range, rounded to `digits` decimals (whole numbers by default). */
function spread(values: number[], digits = 0): Spread {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const round = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  return { median: round(median), min: round(s[0]), max: round(s[s.length - 1]) };
}

function rates(r: PeerRound): Rates {
  return {
    engine: (r.requests / r.simWallMs) * 1000,
    cpu: (r.requests / r.simCpuMs) * 1000,
    process: (r.requests / r.processWallMs) * 1000,
  };
}

/**
 * The Python that imports simpy, or null: $FAULTLINE_PYTHON when set, else the first of python3
 * and /usr/bin/python3 (Debian's, where python3-simpy3 installs, when another python3 comes first
 * on the PATH).
 */
export function findSimPyPython(): string | null {
  const chosen = process.env['FAULTLINE_PYTHON'];
  const candidates = chosen !== undefined && chosen !== '' ? [chosen] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import simpy'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

function failChild(name: string, status: number | null, stderr: string): never {
  throw new Error(`peer ${name} failed (exit ${status}):\n${stderr}`);
}

/** One run of one peer in a fresh process, timed from spawn to exit. */
function runPeer(name: PeerName, work: PeerWork, python: string | null, node: NodeChild): PeerRound {
  const script = fileURLToPath(new URL('./mm1_simpy.py', import.meta.url));
  const [command, args] =
    name === 'simpy'
      ? [
          python!,
          [
            script,
            String(work.requests),
            String(work.arrivalsPerMs),
            String(work.serviceMeanMs),
            String(work.seed),
          ],
        ]
      : [process.execPath, [...node.nodeFlags, '--expose-gc', node.script, name, String(work.requests)]];
  const t0 = performance.now();
  const child = spawnSync(command, args, { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 });
  const processWallMs = performance.now() - t0;
  if (child.status !== 0) failChild(name, child.status, child.stderr ?? String(child.error));
  return { ...(JSON.parse(child.stdout) as PeerRun), processWallMs };
}

/** The `--json` object of `npm run bench -- --peers` (a stable, additive-only contract). */
export interface PeersReport {
  kind: 'faultline-bench-peers';
  format: 1;
  model: { arrivalsPerMs: number; serviceMeanMs: number; theoreticalMeanResponseMs: number };
  rounds: number;
  v8Tuning: boolean;
  /** True when the Node peers ran bundled by Rolldown (`--bundled`), false through tsx. */
  bundled: boolean;
  /** 1, 5 and 15-minute load averages before the first round and after the last. */
  load: { before: number[]; after: number[] };
  peers: Record<
    PeerName,
    | {
        available: true;
        version: string | null;
        requests: number;
        meanResponseMs: number;
        /** Requests per second of the simulation's wall time. */
        requestsPerSec: Spread;
        /** Requests per second of the simulation's CPU time. */
        cpuRequestsPerSec: Spread;
        /** Requests per second of the whole process, spawn to exit. */
        processRequestsPerSec: Spread;
        /** Wall time of the process outside the simulation (start-up, loading, exit), in ms. */
        outsideSimulationMs: Spread;
      }
    | { available: false; reason: string }
  >;
  /** Faultline's rate over each peer's, paired by round. */
  ratios: Partial<Record<Exclude<PeerName, 'faultline'>, { engine: Spread; cpu: Spread; process: Spread }>>;
}

/** Runs every round and returns the report; `progress` hears each run as it ends. */
export function comparePeers(options: PeersOptions, progress: (line: string) => void): PeersReport {
  const python = options.python;
  const work = (name: PeerName): PeerWork => ({
    ...MM1_WORK,
    requests: name === 'simpy' ? options.simpyRequests : options.requests,
  });
  const active = PEERS.filter((p) => p !== 'simpy' || python !== null);
  const before = loadavg();
  const runs = new Map<PeerName, PeerRound[]>(active.map((p) => [p, []]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const name of active) {
      const r = runPeer(name, work(name), python, options.nodeChild);
      runs.get(name)!.push(r);
      progress(
        `  round ${round}/${options.rounds} ${name.padEnd(9)} ${(((r.requests / r.simWallMs) * 1000) / 1e6).toFixed(3)} M requests/s`,
      );
    }
  }
  const after = loadavg();
  return summarisePeers(runs, {
    rounds: options.rounds,
    v8Tuning: options.v8Tuning,
    bundled: options.nodeChild.bundled,
    before,
    after,
  });
}

/**
 * The report of finished rounds: `runs` holds each peer's runs in round order (a peer left out
 * is reported unavailable); ratios pair Faultline's run of round k with the peer's run of round k.
 */
export function summarisePeers(
  runs: ReadonlyMap<PeerName, readonly PeerRound[]>,
  meta: { rounds: number; v8Tuning: boolean; bundled: boolean; before: number[]; after: number[] },
): PeersReport {
  const round2 = (x: number) => Math.round(x * 100) / 100;
  const peers = {} as PeersReport['peers'];
  for (const name of PEERS) {
    const all = runs.get(name);
    if (all === undefined) {
      peers[name] = {
        available: false,
        reason: `SimPy not found ($FAULTLINE_PYTHON, else python3 and /usr/bin/python3): ${SIMPY_INSTALL}`,
      };
      continue;
    }
    const r = all.map(rates);
    peers[name] = {
      available: true,
      version: all[0].version ?? null,
      requests: all[0].requests,
      meanResponseMs: spread(
        all.map((x) => x.meanResponseMs),
        3,
      ).median,
      requestsPerSec: spread(r.map((x) => x.engine)),
      cpuRequestsPerSec: spread(r.map((x) => x.cpu)),
      processRequestsPerSec: spread(r.map((x) => x.process)),
      outsideSimulationMs: spread(all.map((x) => x.processWallMs - x.simWallMs)),
    };
  }
  const ratios: PeersReport['ratios'] = {};
  const ours = runs.get('faultline')!.map(rates);
  for (const name of ['simpy', 'bare', 'simjs'] as const) {
    const theirs = runs.get(name)?.map(rates);
    if (theirs === undefined) continue;
    const paired = (k: keyof Rates) =>
      spread(
        ours.map((o, i) => o[k] / theirs[i][k]),
        3,
      );
    ratios[name] = { engine: paired('engine'), cpu: paired('cpu'), process: paired('process') };
  }
  return {
    kind: 'faultline-bench-peers',
    format: 1,
    model: {
      arrivalsPerMs: MM1_WORK.arrivalsPerMs,
      serviceMeanMs: MM1_WORK.serviceMeanMs,
      theoreticalMeanResponseMs:
        Math.round(theoreticalMeanResponseMs({ ...MM1_WORK, requests: 0 }) * 1e6) / 1e6,
    },
    rounds: meta.rounds,
    v8Tuning: meta.v8Tuning,
    bundled: meta.bundled,
    load: { before: meta.before.map(round2), after: meta.after.map(round2) },
    peers,
    ratios,
  };
}

function millions(s: Spread): string {
  const f = (x: number) => (x / 1e6).toFixed(x < 1e6 ? 3 : 2);
  return `${f(s.median)} M [${f(s.min)}-${f(s.max)}]`;
}

function times(s: Spread): string {
  const f = (x: number) => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));
  return `${f(s.median)}x [${f(s.min)}-${f(s.max)}]`;
}

/** The report as text: a row per peer, then the ratios. */
export function formatPeers(report: PeersReport): string {
  const lines = [
    `peers: M/M/1 at rho 0.9 (arrivals ${report.model.arrivalsPerMs}/ms, exponential service, mean ${report.model.serviceMeanMs} ms), ` +
      `${report.rounds} rounds interleaved, each run a fresh process; Node peers with V8 tuning ${report.v8Tuning ? 'on' : 'off'}, ${report.bundled ? 'bundled by Rolldown' : 'through tsx'}`,
    `load average before ${report.load.before.join(', ')}; after ${report.load.after.join(', ')}`,
    'requests/s, median [range] over rounds: engine = the simulation alone (wall), cpu = its CPU time, process = spawn to exit;',
    'outside sim = median wall time of the process outside the simulation (start-up, loading, exit)',
    `${'peer'.padEnd(17)}${'requests'.padStart(10)}  ${'engine'.padEnd(24)}${'cpu'.padEnd(24)}${'process'.padEnd(24)}${'outside sim'.padEnd(16)}mean response`,
  ];
  for (const name of PEERS) {
    const p = report.peers[name];
    if (!p.available) {
      lines.push(`${name.padEnd(17)}  not run: ${p.reason}`);
      continue;
    }
    const label = p.version === null ? name : `${name} ${p.version}`;
    lines.push(
      `${label.padEnd(17)}${p.requests.toLocaleString('en-US').padStart(10)}  ${millions(p.requestsPerSec).padEnd(24)}` +
        `${millions(p.cpuRequestsPerSec).padEnd(24)}${millions(p.processRequestsPerSec).padEnd(24)}` +
        `${`${p.outsideSimulationMs.median} ms`.padEnd(16)}${p.meanResponseMs.toFixed(2)} ms`,
    );
  }
  lines.push(
    `(theory: mean response ${report.model.theoreticalMeanResponseMs.toFixed(2)} ms; SimPy does fewer requests, compared per request)`,
  );
  lines.push('Faultline / peer, paired by round, median [range]:');
  for (const [name, r] of Object.entries(report.ratios)) {
    lines.push(
      `  faultline / ${name.padEnd(6)} engine ${times(r.engine).padEnd(22)} cpu ${times(r.cpu).padEnd(22)} process ${times(r.process)}`,
    );
  }
  return lines.join('\n');
}
