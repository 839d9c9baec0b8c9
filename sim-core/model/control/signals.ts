/**
 * What an autoscaler can observe of one service, as running integrals over true time: busy
 * workers, waiting requests, serving replicas (ready or draining) and their workers, and a
 * count of arrivals. The controller reads them only as differences between two of its own
 * evaluations, i.e. means over a trailing window, never the instant's truth.
 */
export class ScalingSignals {
  busy = 0;
  queue = 0;
  serving = 0;
  servingWorkers = 0;
  arrivals = 0;
  /** Integrals (value × ms) up to `lastT`. */
  busyArea = 0;
  queueArea = 0;
  servingArea = 0;
  workersArea = 0;
  private lastT = 0;

  constructor(serving: number, servingWorkers: number) {
    this.serving = serving;
    this.servingWorkers = servingWorkers;
  }

  /** Integrates every value up to `t`. */
  advance(t: number): void {
    const dt = t - this.lastT;
    if (dt <= 0) return;
    this.busyArea += this.busy * dt;
    this.queueArea += this.queue * dt;
    this.servingArea += this.serving * dt;
    this.workersArea += this.servingWorkers * dt;
    this.lastT = t;
  }

  busyChanged(delta: number, t: number): void {
    this.advance(t);
    this.busy += delta;
  }

  queueChanged(delta: number, t: number): void {
    this.advance(t);
    this.queue += delta;
  }

  servingChanged(delta: number, workers: number, t: number): void {
    this.advance(t);
    this.serving += delta;
    this.servingWorkers += workers;
  }

  /** The cumulative readings at `t`, for a window's start or end. */
  snapshot(t: number): SignalSnapshot {
    this.advance(t);
    return {
      atMs: t,
      busyArea: this.busyArea,
      queueArea: this.queueArea,
      servingArea: this.servingArea,
      workersArea: this.workersArea,
      arrivals: this.arrivals,
    };
  }
}

export interface SignalSnapshot {
  readonly atMs: number;
  readonly busyArea: number;
  readonly queueArea: number;
  readonly servingArea: number;
  readonly workersArea: number;
  readonly arrivals: number;
}

/** The per-replica metric over the window from `a` to `b` (0 for an empty window). */
export function windowMetric(
  kind: 'utilisation' | 'queue-depth' | 'requests-per-second',
  a: SignalSnapshot,
  b: SignalSnapshot,
): number {
  const serving = b.servingArea - a.servingArea;
  if (kind === 'utilisation') {
    const workers = b.workersArea - a.workersArea;
    return workers > 0 ? (b.busyArea - a.busyArea) / workers : 0;
  }
  if (serving <= 0) return 0;
  if (kind === 'queue-depth') return (b.queueArea - a.queueArea) / serving;
  // Arrivals per ms of one serving replica, per second.
  return ((b.arrivals - a.arrivals) * 1000) / serving;
}
