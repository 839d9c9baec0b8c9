/**
 * The playback speed a run actually reaches (simulated ms per wall ms), over the last couple of
 * seconds. The speed asked for is a target; a slow machine or a heavy scenario falls short of it,
 * and the lab says by how much instead of pretending.
 */

/** Speeds are measured over this much wall time. */
export const SPEED_WINDOW_MS = 2000;
/** Below this much measured wall time the figure is too noisy to show. */
export const SPEED_MIN_SPAN_MS = 400;

export class SpeedMeter {
  private readonly points: { wallMs: number; simMs: number }[] = [];

  constructor(private readonly windowMs = SPEED_WINDOW_MS) {}

  /** Forget the past (a pause, a new run, a new speed). */
  reset(): void {
    this.points.length = 0;
  }

  /** The run had reached `simMs` of simulated time at wall time `wallMs`. */
  record(wallMs: number, simMs: number): void {
    this.points.push({ wallMs, simMs });
    while (this.points.length > 2 && wallMs - this.points[1].wallMs >= this.windowMs) this.points.shift();
  }

  /** Simulated ms per wall ms over the window, or null when too little has been measured. */
  reached(): number | null {
    const first = this.points[0];
    const last = this.points[this.points.length - 1];
    if (first === undefined || last === undefined) return null;
    const span = last.wallMs - first.wallMs;
    if (span < SPEED_MIN_SPAN_MS) return null;
    return (last.simMs - first.simMs) / span;
  }
}

/** "9.5x", "30x", "1,200x": a speed as people read it. */
export function formatSpeed(speed: number): string {
  if (speed < 10) return `${speed.toFixed(1)}x`;
  return `${Math.round(speed).toLocaleString('en-US')}x`;
}
