import type { MetricsSink } from '../../metrics/sink.ts';
import type { Edge } from '../edge.ts';
import { DEGRADED } from '../outcome.ts';

/**
 * A failed call's fallback: a static one always answers (degraded), a cached one only if the
 * edge's last good answer is fresh enough (`maxAgeMs`); otherwise the failure stands.
 */
export function fallbackOutcome(edge: Edge, outcome: number, now: number, metrics: MetricsSink): number {
  const fallback = edge.policy.fallback!;
  if (fallback.kind === 'static' || now - edge.lastGoodAt <= fallback.maxAgeMs) {
    metrics.edgeFallback(edge.group, now);
    return DEGRADED;
  }
  return outcome;
}
