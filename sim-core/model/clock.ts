/**
 * A node's local clock: local(t) = offset + t * (1 + drift).
 *
 * Timers a node sets are durations on its own clock, so a fast clock (drift > 0) fires its
 * timeouts early in true time and a slow one late. Faults may step the offset or change the
 * drift mid-run; `trueDelay` always uses the current rate.
 */
export class NodeClock {
  constructor(
    /** Local minus true time at true time 0, in ms. */
    public offsetMs = 0,
    /** Rate error as a fraction (ppm / 1e6). */
    public drift = 0,
  ) {}

  /** The node's reading of the clock at true time `t`. */
  localTime(t: number): number {
    return this.offsetMs + t * (1 + this.drift);
  }

  /** True time at which this clock will read `local` (at the current rate). */
  trueTimeAt(local: number): number {
    return (local - this.offsetMs) / (1 + this.drift);
  }

  /** Jumps the clock by `stepMs` (negative: backwards). */
  step(stepMs: number): void {
    this.offsetMs += stepMs;
  }

  /** Changes the rate at true time `t` without a jump: the reading at `t` is kept. */
  setDrift(t: number, drift: number): void {
    const reading = this.localTime(t);
    this.drift = drift;
    this.offsetMs = reading - t * (1 + drift);
  }

  /** True time that passes while this clock advances by `localMs`. */
  trueDelay(localMs: number): number {
    return this.drift === 0 ? localMs : localMs / (1 + this.drift);
  }
}
