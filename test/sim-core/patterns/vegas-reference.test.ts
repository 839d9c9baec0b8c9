import { describe, expect, it } from 'vitest';
import { createAdaptiveLimit } from '../../../sim-core/patterns/adaptive-limit.ts';
import { ADAPTIVE_LIMIT_PRESETS } from '../../../sim-core/patterns/presets.ts';
import { log } from '../../../sim-core/random/det-math.ts';
import { RandomStreams, type Rng } from '../../../sim-core/random/streams.ts';

/**
 * Netflix concurrency-limits' `VegasLimit` (concurrency-limits-core,
 * `com.netflix.concurrency.limits.limit.VegasLimit`, with `AbstractLimit` and
 * `functions.Log10RootFunction`) written out as the library states it, independently of
 * `sim-core/patterns/adaptive-limit.ts`: round-trip times as integer nanoseconds (Java `long`),
 * the limit as a `double` estimate cast to `int`, alpha / beta / threshold / increase / decrease
 * as the builder's default functions of `log10Root(int limit)`.
 */
class ReferenceVegas {
  estimatedLimit: number;
  private rttNoLoad = 0;
  private probeCount = 0;
  private probeJitter: number;

  constructor(
    initialLimit: number,
    private readonly maxLimit: number,
    private readonly smoothing: number,
    private readonly nextDouble: () => number,
  ) {
    this.estimatedLimit = initialLimit;
    this.probeJitter = this.jitter();
  }

  /** `ThreadLocalRandom.nextDouble(0.5, 1)`. */
  private jitter(): number {
    return 0.5 + 0.5 * this.nextDouble();
  }

  /** `Log10RootFunction.create(0)`: the lookup max(1, (int) log10(t)) below 1000, else (int) sqrt(t). */
  private static log10Root(t: number): number {
    if (t >= 1000) return Math.trunc(Math.sqrt(t));
    return Math.max(1, Math.trunc(Math.log10(t)));
  }

  /** `AbstractLimit.getLimit()` after `onSample`: `(int) estimatedLimit`. */
  get limit(): number {
    return Math.trunc(this.estimatedLimit);
  }

  onSample(rttNanos: number, inflight: number, didDrop: boolean): void {
    this.probeCount++;
    if (this.probeJitter * 30 * this.estimatedLimit <= this.probeCount) {
      this.probeJitter = this.jitter();
      this.probeCount = 0;
      this.rttNoLoad = rttNanos;
      return;
    }
    if (this.rttNoLoad === 0 || rttNanos < this.rttNoLoad) {
      this.rttNoLoad = rttNanos;
      return;
    }
    const whole = Math.trunc(this.estimatedLimit);
    const queueSize = Math.ceil(this.estimatedLimit * (1 - this.rttNoLoad / rttNanos));
    const lg = ReferenceVegas.log10Root(whole);
    let newLimit: number;
    if (didDrop) newLimit = this.estimatedLimit - lg;
    else if (inflight * 2 < this.estimatedLimit) return;
    else {
      const alpha = 3 * lg;
      const beta = 6 * lg;
      const threshold = lg;
      if (queueSize <= threshold) newLimit = this.estimatedLimit + beta;
      else if (queueSize < alpha) newLimit = this.estimatedLimit + lg;
      else if (queueSize > beta) newLimit = this.estimatedLimit - lg;
      else return;
    }
    newLimit = Math.max(1, Math.min(this.maxLimit, newLimit));
    this.estimatedLimit = (1 - this.smoothing) * this.estimatedLimit + this.smoothing * newLimit;
  }
}

/** Two handles on one sequence of uniforms: the port and the reference each get the same draws. */
function twinRngs(seed: number): [Rng, () => number] {
  const a = new RandomStreams(seed).stream('jitter');
  const b = new RandomStreams(seed).stream('jitter');
  return [a, () => b.next()];
}

/**
 * Healthy round-trip times, in whole microseconds: 3 ms of network and fixed work plus an
 * exponential 7 ms of service, so the typical rtt is ~3x the smallest one ever seen, as on a
 * 50%-busy service with exponential service times (the adaptive-concurrency lesson's API).
 */
function healthyRtts(seed: number, n: number): number[] {
  const rng = new RandomStreams(seed).stream('rtt');
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let u = rng.next();
    while (u === 0) u = rng.next();
    out.push(3000 + Math.round(-7000 * log(u)));
  }
  return out;
}

describe("Vegas against the library's VegasLimit", () => {
  const preset = ADAPTIVE_LIMIT_PRESETS['vegas-default'];
  if (preset.algorithm !== 'vegas') throw new Error('vegas-default is not a Vegas preset');

  it('vegas-default is the builder default: initial 20, max 1000, smoothing 1, alpha 3 x log10, beta 6 x log10', () => {
    expect(preset).toEqual({
      algorithm: 'vegas',
      initialLimit: 20,
      maxLimit: 1000,
      alpha: 3,
      beta: 6,
      smoothing: 1,
    });
  });

  for (const seed of [1, 2, 3]) {
    it(`gives the same limit after every one of 20,000 healthy samples (seed ${seed}), and pins it well below the load`, () => {
      const [portRng, refRng] = twinRngs(seed);
      const port = createAdaptiveLimit(preset, portRng);
      const ref = new ReferenceVegas(preset.initialLimit, preset.maxLimit, preset.smoothing, refRng);
      const rtts = healthyRtts(seed, 20_000);
      const limits: number[] = [];
      for (let i = 0; i < rtts.length; i++) {
        // The limit is in use (a 50%-busy service with 16 workers keeps ~8 requests in flight,
        // more than the limit / 2 gate), and nothing is dropped: a healthy system.
        const inflight = port.limit;
        port.onSample(i, rtts[i] / 1000, inflight, false);
        ref.onSample(rtts[i] * 1000, inflight, false);
        expect(port.limit, `sample ${i}`).toBe(ref.limit);
        limits.push(port.limit);
      }
      // The library's own pathology, not the port's: the minimum rtt is taken as the no-load rtt,
      // so an ordinary rtt reads as a queue of ~0.7 x limit, above beta = 6 from a limit of ~9 on.
      const late = limits.slice(10_000).sort((x, y) => x - y);
      const median = late[late.length >> 1];
      expect(median).toBeGreaterThanOrEqual(6);
      expect(median).toBeLessThanOrEqual(12);
      expect(late[late.length - 1]).toBeLessThan(preset.initialLimit + 20);
    });
  }
});
