/**
 * Adaptive concurrency limits: ports of Netflix concurrency-limits' `AIMDLimit`, `VegasLimit` and
 * `Gradient2Limit` (concurrency-limits-core, `com.netflix.concurrency.limits.limit`), sample by
 * sample, with the library's update rules, integer truncations and defaults.
 *
 * The owner admits a request while fewer than `limit` are in flight, and reports every completed
 * request as a sample. Like the library's `AbstractLimit`, `limit` is an integer.
 *
 * @module
 */
import type { Rng } from '../random/streams.ts';
import type { AdaptiveLimitSpec } from '../scenario/policy-spec.ts';

/** An adaptive concurrency limit. */
export interface ConcurrencyLimit {
  /** Requests allowed in flight now (an integer >= 1). */
  readonly limit: number;
  /**
   * One completed request: its round-trip time, the requests in flight when it was sent (itself
   * included), and whether it was dropped (timed out, rejected or shed downstream).
   */
  onSample(now: number, rttMs: number, inflight: number, dropped: boolean): void;
}

/**
 * Creates the limit described by `spec`.
 *
 * @param rng Vegas draws its probe jitter from it (one number at creation and one per probe);
 *   AIMD and Gradient2 never draw.
 */
export function createAdaptiveLimit(spec: AdaptiveLimitSpec, rng: Rng): ConcurrencyLimit {
  switch (spec.algorithm) {
    case 'aimd':
      return new AimdLimit(spec);
    case 'vegas':
      return new VegasLimit(spec, rng);
    case 'gradient2':
      return new Gradient2Limit(spec);
  }
}

type Aimd = Extract<AdaptiveLimitSpec, { algorithm: 'aimd' }>;
type Vegas = Extract<AdaptiveLimitSpec, { algorithm: 'vegas' }>;
type Gradient2 = Extract<AdaptiveLimitSpec, { algorithm: 'gradient2' }>;

/**
 * AIMDLimit: on a drop or an rtt above `timeoutMs`, limit = floor(limit * backoffRatio); else, if
 * the limit is in use (inflight * 2 >= limit), limit + 1; always clamped to [minLimit, maxLimit].
 * Increase is gated on use, not on latency: while nothing times out, the limit climbs to
 * `maxLimit` however much queueing the rtt shows.
 */
class AimdLimit implements ConcurrencyLimit {
  limit: number;
  private readonly spec: Aimd;

  constructor(spec: Aimd) {
    this.spec = spec;
    this.limit = spec.initialLimit;
  }

  onSample(_now: number, rttMs: number, inflight: number, dropped: boolean): void {
    const s = this.spec;
    let l = this.limit;
    if (dropped || rttMs > s.timeoutMs) l = Math.trunc(l * s.backoffRatio);
    else if (inflight * 2 >= l) l = l + 1;
    this.limit = Math.min(s.maxLimit, Math.max(s.minLimit, l));
  }
}

/**
 * The library's `Log10RootFunction.create(0)`: max(1, floor(log10(limit))) below 1000 (from a
 * lookup table) and floor(sqrt(limit)) from 1000 up. Integer comparisons give the exact log10
 * floors of the table without any logarithm.
 */
function log10Root(limit: number): number {
  if (limit >= 1000) return Math.floor(Math.sqrt(limit));
  return limit >= 100 ? 2 : 1;
}

/** Library default: probe for a new no-load rtt every ~30 * limit samples. Not in the spec. */
const VEGAS_PROBE_MULTIPLIER = 30;

/**
 * VegasLimit, with its default functions: rtt_noload is the smallest rtt seen, re-probed (set to
 * the current rtt) every `jitter * 30 * limit` samples with jitter uniform in [0.5, 1); the queue
 * estimate is ceil(limit * (1 - rtt_noload / rtt)). With L = log10Root(floor(limit)):
 * a drop: limit - L; otherwise, when the limit is in use (inflight * 2 >= limit): queue <= L:
 * limit + beta * L; queue < alpha * L: limit + L; queue > beta * L: limit - L; else unchanged.
 * The result is clamped to [1, maxLimit] and smoothed: (1 - smoothing) * old + smoothing * new.
 *
 * `spec.alpha` and `spec.beta` are the multipliers of L in the library's default alpha
 * (3 * log10) and beta (6 * log10) functions.
 */
class VegasLimit implements ConcurrencyLimit {
  limit: number;
  private estimate: number;
  private rttNoLoad = 0;
  private probeCount = 0;
  private probeJitter: number;
  private readonly spec: Vegas;
  private readonly rng: Rng;

  constructor(spec: Vegas, rng: Rng) {
    this.spec = spec;
    this.rng = rng;
    this.limit = spec.initialLimit;
    this.estimate = spec.initialLimit;
    this.probeJitter = this.drawJitter();
  }

  onSample(_now: number, rttMs: number, inflight: number, dropped: boolean): void {
    // The library rejects rtt <= 0 (an IllegalArgumentException); here such a sample is ignored.
    if (!(rttMs > 0)) return;
    this.probeCount++;
    if (this.probeJitter * VEGAS_PROBE_MULTIPLIER * this.estimate <= this.probeCount) {
      this.probeJitter = this.drawJitter();
      this.probeCount = 0;
      this.rttNoLoad = rttMs;
      return;
    }
    if (this.rttNoLoad === 0 || rttMs < this.rttNoLoad) {
      this.rttNoLoad = rttMs;
      return;
    }
    this.update(rttMs, inflight, dropped);
  }

  private update(rttMs: number, inflight: number, dropped: boolean): void {
    const s = this.spec;
    const queue = Math.ceil(this.estimate * (1 - this.rttNoLoad / rttMs));
    const whole = Math.trunc(this.estimate);
    const l = log10Root(whole);
    let next: number;
    if (dropped) {
      next = this.estimate - l;
    } else if (inflight * 2 < this.estimate) {
      // Not close to the limit: no evidence either way ("prevent upward drift").
      return;
    } else if (queue <= l) {
      next = this.estimate + s.beta * l;
    } else if (queue < s.alpha * l) {
      next = this.estimate + l;
    } else if (queue > s.beta * l) {
      next = this.estimate - l;
    } else {
      return;
    }
    next = Math.max(1, Math.min(s.maxLimit, next));
    this.estimate = (1 - s.smoothing) * this.estimate + s.smoothing * next;
    this.limit = Math.trunc(this.estimate);
  }

  private drawJitter(): number {
    return 0.5 + 0.5 * this.rng.next();
  }
}

/** Library default warm-up of the long-window average: a plain mean of the first 10 samples. */
const GRADIENT2_WARMUP = 10;

/**
 * Gradient2Limit: the long rtt is an exponential average over `longWindow` samples (factor
 * 2 / (longWindow + 1), after a plain mean of the first 10); the short rtt is the sample itself.
 * When long / short > 2 the long average is cut by 5% (recovery after a long overload). Unless the
 * limit is idle (inflight < limit / 2): gradient = max(0.5, min(1, rttTolerance * long / short)),
 * new = limit * gradient + queueSize, smoothed: limit * (1 - smoothing) + new * smoothing,
 * clamped to [minLimit, maxLimit]. With gradient 1 (rtt within the tolerance of its own slowly
 * rising average) every in-use sample adds `queueSize * smoothing`: the limit creeps up.
 */
class Gradient2Limit implements ConcurrencyLimit {
  limit: number;
  private estimate: number;
  private longRtt = 0;
  private longSum = 0;
  private longCount = 0;
  private readonly factor: number;
  private readonly spec: Gradient2;

  constructor(spec: Gradient2) {
    this.spec = spec;
    this.limit = spec.initialLimit;
    this.estimate = spec.initialLimit;
    this.factor = 2 / (spec.longWindow + 1);
  }

  onSample(_now: number, rttMs: number, inflight: number, _dropped: boolean): void {
    // A zero rtt would make long / short 0/0 (NaN) once the average is 0 too; ignore it.
    if (!(rttMs > 0)) return;
    const s = this.spec;
    const shortRtt = rttMs;
    const longRtt = this.addLong(rttMs);
    if (longRtt / shortRtt > 2) this.longRtt *= 0.95;
    if (inflight < this.estimate / 2) return;
    // The gradient uses the long rtt from before the 5% cut, as in the library.
    const gradient = Math.max(0.5, Math.min(1, (s.rttTolerance * longRtt) / shortRtt));
    let next = this.estimate * gradient + s.queueSize;
    next = this.estimate * (1 - s.smoothing) + next * s.smoothing;
    this.estimate = Math.max(s.minLimit, Math.min(s.maxLimit, next));
    this.limit = Math.trunc(this.estimate);
  }

  /** The library's `ExpAvgMeasurement(longWindow, 10).add`. */
  private addLong(sample: number): number {
    if (this.longCount < GRADIENT2_WARMUP) {
      this.longCount++;
      this.longSum += sample;
      this.longRtt = this.longSum / this.longCount;
    } else {
      this.longRtt = this.longRtt * (1 - this.factor) + sample * this.factor;
    }
    return this.longRtt;
  }
}
