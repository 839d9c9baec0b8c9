import { TokenBucket } from '../../patterns/token-bucket.ts';
import type { Call } from '../call.ts';
import { RATE_LIMITED } from '../outcome.ts';
import { ADMIT, BaseGuard, type GuardFactory } from './guard.ts';

/** A token-bucket rate limiter on the caller's clock: an attempt takes a token or is refused. */
export class RateLimitGuard extends BaseGuard {
  constructor(readonly bucket: TokenBucket) {
    super();
  }

  admit(_call: Call, local: number): number {
    return this.bucket.tryTake(local) ? ADMIT : RATE_LIMITED;
  }
}

export const rateLimitGuard: GuardFactory = (edge, ctx) => {
  const spec = edge.policy.rateLimit;
  if (spec === null) return null;
  return new RateLimitGuard(
    new TokenBucket(spec.ratePerSec, spec.burst, ctx.timers.localNow(edge.callerNode)),
  );
};
