/**
 * Progress of many runs on stderr: a bar with counts, rate and ETA on a terminal (cli-progress);
 * plain lines in a log (CI, a pipe): one when the first run finishes, then at every tenth of the
 * runs or every 10 s, whichever comes first, and one at the end. Never anything on stdout.
 */

import cliProgress from 'cli-progress';
import { duration } from '../report/format.ts';
import { escapeControls } from '../terminal-text.ts';

export interface Progress {
  /** `completed` runs of the total have finished. */
  update(completed: number): void;
  /** Stops drawing (the bar is cleared on a terminal). */
  stop(): void;
}

export interface ProgressOptions {
  /** What is running, e.g. `sweep three-tier`. */
  label: string;
  total: number;
  workers: number;
  stream?: NodeJS.WriteStream;
  /** Wall clock in ms (injected so tests can drive it). */
  now?: () => number;
}

/** `4.1 runs/s, ETA 12 s`. */
function rateText(completed: number, total: number, elapsedMs: number): string {
  if (completed === 0 || elapsedMs <= 0) return '';
  const perSec = (completed / elapsedMs) * 1000;
  const rate = perSec >= 10 ? perSec.toFixed(0) : perSec.toFixed(1);
  const left = total - completed;
  return `, ${rate} runs/s${left > 0 ? `, ETA ${duration((left / perSec) * 1000)}` : ''}`;
}

/** Plain lines for logs. */
export function lineProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const { total, label } = options;
  let lastAt = started;
  let lastStep = 0;
  let last = -1;
  const line = (completed: number) => {
    const pct = total === 0 ? 100 : Math.floor((completed / total) * 100);
    stream.write(
      `faultline: ${label}: ${completed}/${total} runs (${pct}%)${rateText(completed, total, now() - started)}\n`,
    );
  };
  return {
    update(completed) {
      if (completed === last) return;
      last = completed;
      const step = total === 0 ? 10 : Math.floor((completed / total) * 10);
      const t = now();
      if (completed === 1 || completed === total || step > lastStep || t - lastAt >= 10_000) {
        lastAt = t;
        lastStep = step;
        line(completed);
      }
    },
    stop() {},
  };
}

/** A bar for terminals: `sweep three-tier ████░░░░ 12/60 runs · 4.1 runs/s · ETA 12s · 2 workers`. */
export function barProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.label} {bar} {value}/{total} runs · {rate} runs/s · ETA {eta_formatted} · ${options.workers} ${
        options.workers === 1 ? 'worker' : 'workers'
      }`,
      stream,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  const now = options.now ?? (() => performance.now());
  const started = now();
  bar.start(options.total, 0, { rate: '–' });
  return {
    update(completed) {
      const perSec = (completed / Math.max(1, now() - started)) * 1000;
      bar.update(completed, { rate: perSec >= 10 ? perSec.toFixed(0) : perSec.toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}

/** A bar on a terminal, lines otherwise. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  // The label names the scenario: its id must not reach the terminal as control characters.
  const safe = { ...options, label: escapeControls(options.label) };
  return stream.isTTY === true ? barProgress(safe) : lineProgress(safe);
}
