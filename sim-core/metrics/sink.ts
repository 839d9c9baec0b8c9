import type { ControlEvent, TimelineEntry } from './result.ts';

/** A control timeline entry as it starts: what, by whom, on which replica. */
export type TimelineStart = Pick<TimelineEntry, 'kind' | 'source' | 'service' | 'replica' | 'node'>;

/**
 * What the model reports, and nothing else: the request path, the patterns and the queues call
 * these, never the recorder's reading side. {@link MetricsRecorder} is the one implementation
 * in a run; a unit test can hand a part of the model a small fake instead.
 *
 * Indices are the model's own (client, service, aggregated edge group, message queue); times
 * are true times in ms; outcome and cause codes are those of `model/outcome.ts`.
 */
export interface MetricsSink {
  /** A client's edge shares the client's request and attempt flows (declared before the run). */
  bindClientEdge(e: number, client: number): void;

  clientOffered(c: number, t: number): void;
  clientAttempt(c: number, t: number): void;
  clientEnded(c: number, outcome: number, issuedAt: number, t: number): void;

  edgeCall(e: number, t: number): void;
  edgeAttempt(e: number, t: number): void;
  edgeRetry(e: number, t: number): void;
  edgeHedge(e: number, t: number): void;
  edgeRetrySuppressed(e: number, t: number): void;
  edgeRefused(e: number, cause: number, t: number): void;
  edgeFallback(e: number, t: number): void;
  edgeCorruptDetected(e: number, t: number): void;
  edgeEnded(e: number, outcome: number, startedAt: number, t: number): void;
  /** Declares a breaker on edge group `e` (so the summary shows it even if it never trips). */
  breakerDeclared(e: number): void;
  /** A breaker of caller node `node` changed state; states are `model/edge/breaker-state.ts` numbers. */
  breakerTransition(e: number, node: string, from: number, to: number, t: number): void;
  /** An adaptive limit on edge group `e` moved by `delta` (first: its initial value). */
  limitChanged(e: number, delta: number, value: number, t: number, first: boolean): void;

  /** Something starts acting on one replica (a chaos hit); returns the handle its end names. */
  timelineStarted(entry: TimelineStart, t: number): number;
  /** The entry of `handle` stops acting. */
  timelineEnded(handle: number, t: number): void;
  /** A control-plane instant at `t` (the event's `atMs` is set from `t`). */
  controlEvent(event: Omit<ControlEvent, 'atMs'>, t: number): void;

  serviceArrival(s: number, t: number): void;
  serviceAnswered(s: number, outcome: number, arrivedAt: number, t: number): void;
  serviceWorkStarted(s: number, arrivedAt: number, t: number): void;
  serviceLate(s: number, t: number): void;
  serviceShed(s: number, tier: number, t: number): void;
  serviceDuplicate(s: number, t: number): void;
  serviceDeduplicated(s: number, t: number): void;
  serviceEjection(s: number, t: number): void;
  /** Service `s` has probes or health checks (so its summary counts them, even if none is sent). */
  probesDeclared(s: number): void;
  /** A probe or health check of service `s` was sent. */
  probeSent(s: number, t: number): void;
  /** A probe sent at `sentAt` ended: `PROBE_PASSED`, `PROBE_FAILED` or `PROBE_TIMED_OUT` (`model/control/probes.ts`). */
  probeEnded(s: number, result: number, sentAt: number): void;
  /** The orchestrator restarted a replica of service `s`. */
  serviceRestart(s: number, t: number): void;
  queueChanged(s: number, delta: number, t: number): void;
  /**
   * An autoscaled service's replica set changed: replicas that exist, those ready, and the
   * workers of those serving (ready or draining, the utilisation's denominator).
   */
  serviceReplicas(s: number, total: number, ready: number, servingWorkers: number, t: number): void;
  /**
   * Service `s`'s replicas whose Ready condition is true (`model/control/ready-replicas.ts`):
   * up, started, readiness passing, in the set. Called after any of those may have changed;
   * the same count again records nothing.
   */
  serviceReadyReplicas(s: number, ready: number, t: number): void;
  busyChanged(s: number, delta: number, t: number): void;

  queuePublished(q: number, t: number): void;
  queueDelivered(q: number, ageMs: number, t: number): void;
  queueRedelivery(q: number, t: number): void;
  queueDeadLettered(q: number, t: number): void;
  queueObserved(q: number, depth: number, oldestMs: number, t: number): void;
}
