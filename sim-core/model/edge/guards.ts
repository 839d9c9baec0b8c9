import type { Edge } from '../edge.ts';
import { breakerGuard } from './breaker.ts';
import { bulkheadGuard } from './bulkhead.ts';
import type { Guard, GuardContext, GuardFactory } from './guard.ts';
import { limitGuard } from './limit.ts';
import { rateLimitGuard } from './rate-limit.ts';

/**
 * The caller-side patterns, outermost first (Resilience4j's decorator order: breaker, rate
 * limiter, adaptive limit, bulkhead). A new pattern is one file with its guard and factory, and
 * one line here.
 */
const GUARDS: readonly GuardFactory[] = [breakerGuard, rateLimitGuard, limitGuard, bulkheadGuard];

/** The guards an edge's policy asks for, in chain order. */
export function createGuards(edge: Edge, ctx: GuardContext): Guard[] {
  const guards: Guard[] = [];
  for (const make of GUARDS) {
    const guard = make(edge, ctx, guards.length);
    if (guard !== null) guards.push(guard);
  }
  return guards;
}
