import { log } from '../random/det-math.ts';
import type { Rng } from '../random/streams.ts';
import type { ArrivalSpec } from '../scenario/spec.ts';

/**
 * An open-loop arrival process: given the last arrival time, when is the next one? The client
 * asks once at the start (`t` = 0) for the first arrival, then once at each arrival for the next.
 */
export interface ArrivalProcess {
  /** Absolute time of the arrival after `t` (Infinity: none will come). */
  next(t: number, rng: Rng): number;
}

/** An exponential gap in ms for a rate in requests/s; 1 - u is in (0, 1], so the log is finite. */
function expGap(ratePerSec: number, rng: Rng): number {
  return (-1000 / ratePerSec) * log(1 - rng.next());
}

class Poisson implements ArrivalProcess {
  constructor(private readonly rate: number) {}
  next(t: number, rng: Rng): number {
    return t + expGap(this.rate, rng);
  }
}

/**
 * Evenly spaced arrivals: arrival k (k = 0, 1, 2, ...) comes at exactly k x 1000 / rate ms, the
 * first at 0. Each time comes from the counter, not from a running sum of gaps, so rounding never
 * accumulates and a run of d ms holds exactly rate x d / 1000 arrivals whenever that is a whole
 * number. Stateful: each call returns the next arrival of the sequence (`t` is not needed).
 */
class Constant implements ArrivalProcess {
  private k = 0;
  constructor(private readonly rate: number) {}
  next(): number {
    return (this.k++ * 1000) / this.rate;
  }
}

/**
 * Poisson with a rate that alternates between on and off periods. A gap that crosses a period
 * boundary restarts at the boundary with the new rate: exact, because the exponential is memoryless.
 */
class OnOff implements ArrivalProcess {
  private readonly period: number;
  constructor(
    private readonly onRate: number,
    private readonly offRate: number,
    private readonly onMs: number,
    offMs: number,
  ) {
    this.period = onMs + offMs;
  }
  next(t: number, rng: Rng): number {
    if (this.onRate <= 0 && this.offRate <= 0) return Number.POSITIVE_INFINITY;
    for (;;) {
      const phase = t % this.period;
      const on = phase < this.onMs;
      const rate = on ? this.onRate : this.offRate;
      const boundary = t - phase + (on ? this.onMs : this.period);
      const candidate = rate > 0 ? t + expGap(rate, rng) : Number.POSITIVE_INFINITY;
      if (candidate < boundary) return candidate;
      t = boundary;
    }
  }
}

/** Non-homogeneous Poisson with a linear ramp, by thinning (Lewis and Shedler). */
class Ramp implements ArrivalProcess {
  private readonly peak: number;
  constructor(
    private readonly from: number,
    private readonly to: number,
    private readonly overMs: number,
  ) {
    this.peak = Math.max(from, to);
  }
  private rateAt(t: number): number {
    if (t >= this.overMs) return this.to;
    return this.from + ((this.to - this.from) * t) / this.overMs;
  }
  next(t: number, rng: Rng): number {
    if (this.peak <= 0) return Number.POSITIVE_INFINITY;
    for (;;) {
      t += expGap(this.peak, rng);
      if (t >= this.overMs && this.to <= 0) return Number.POSITIVE_INFINITY;
      if (rng.next() * this.peak < this.rateAt(t)) return t;
    }
  }
}

/** The open-loop process for a spec; populations (`closed`, `once`) are driven by the client. */
export function createArrivalProcess(spec: ArrivalSpec): ArrivalProcess | null {
  switch (spec.kind) {
    case 'poisson':
      return new Poisson(spec.ratePerSec);
    case 'constant':
      return new Constant(spec.ratePerSec);
    case 'on-off':
      return new OnOff(spec.ratePerSec, spec.offRatePerSec, spec.onMs, spec.offMs);
    case 'ramp':
      return new Ramp(spec.fromPerSec, spec.toPerSec, spec.overMs);
    case 'closed':
    case 'once':
      return null;
  }
}
