/**
 * A token bucket: `ratePerSec` tokens per second refill it continuously up to `burst`.
 *
 * Times are the owner's local clock, which may be stepped back by a clock fault. A step back
 * must not mint tokens: elapsed time is clamped at 0 and the refill time stays at the latest time
 * seen, so when the clock moves forward again the interval already paid for is not paid twice.
 *
 * @module
 */
export class TokenBucket {
  private readonly perMs: number;
  private readonly burst: number;
  private level: number;
  private refilledAt: number;

  /**
   * Starts full at `now`.
   *
   * @throws RangeError when `ratePerSec` or `burst` is negative or not finite.
   */
  constructor(ratePerSec: number, burst: number, now: number) {
    if (!(ratePerSec >= 0 && Number.isFinite(ratePerSec)))
      throw new RangeError(`ratePerSec must be finite and >= 0, got ${ratePerSec}`);
    if (!(burst >= 0 && Number.isFinite(burst)))
      throw new RangeError(`burst must be finite and >= 0, got ${burst}`);
    this.perMs = ratePerSec / 1000;
    this.burst = burst;
    this.level = burst;
    this.refilledAt = now;
  }

  /** Takes `n` tokens at `now` if the bucket holds that many; otherwise takes none. */
  tryTake(now: number, n = 1): boolean {
    this.level = this.levelAt(now);
    if (now > this.refilledAt) this.refilledAt = now;
    if (this.level < n) return false;
    this.level -= n;
    return true;
  }

  /**
   * Tokens available at `now`, without changing any state: reading it (for metrics) must not
   * change later answers, which a refill split at the read could, by a rounding bit.
   */
  tokens(now: number): number {
    return this.levelAt(now);
  }

  private levelAt(now: number): number {
    const d = now - this.refilledAt;
    // `d > 0` is false for a step back and for NaN alike: neither may mint tokens.
    // biome-ignore lint/complexity/useMathMinMax: Math.max(NaN, 0) is NaN, and NaN must give 0 here.
    const elapsed = d > 0 ? d : 0;
    return Math.min(this.burst, this.level + elapsed * this.perMs);
  }
}
