import type { ControlEvent } from '../../metrics/result.ts';
import type { MetricsSink, TimelineStart } from '../../metrics/sink.ts';
import type { SloTracker } from './slo-tracker.ts';

/**
 * A metrics sink that also feeds the SLOs: every report goes on to `inner` unchanged, and a user
 * request's end (a client's) or an answered attempt (a service's) is counted by the SLOs that
 * measure it. Only a scenario with SLOs gets one, so every other run reports straight to the
 * recorder, as before.
 */
export class SloTap implements MetricsSink {
  constructor(
    private readonly inner: MetricsSink,
    /** The trackers measuring each client, by client index. */
    private readonly byClient: readonly (readonly SloTracker[])[],
    /** The trackers measuring each service, by service index. */
    private readonly byService: readonly (readonly SloTracker[])[],
  ) {}

  clientEnded(c: number, outcome: number, issuedAt: number, t: number): void {
    this.inner.clientEnded(c, outcome, issuedAt, t);
    for (const slo of this.byClient[c]) slo.record(outcome, t - issuedAt, t);
  }

  serviceAnswered(s: number, outcome: number, arrivedAt: number, t: number): void {
    this.inner.serviceAnswered(s, outcome, arrivedAt, t);
    for (const slo of this.byService[s]) slo.record(outcome, t - arrivedAt, t);
  }

  // Everything else goes straight on.
  bindClientEdge(e: number, client: number): void {
    this.inner.bindClientEdge(e, client);
  }
  clientOffered(c: number, t: number): void {
    this.inner.clientOffered(c, t);
  }
  clientAttempt(c: number, t: number): void {
    this.inner.clientAttempt(c, t);
  }
  edgeCall(e: number, t: number): void {
    this.inner.edgeCall(e, t);
  }
  edgeAttempt(e: number, t: number): void {
    this.inner.edgeAttempt(e, t);
  }
  edgeRetry(e: number, t: number): void {
    this.inner.edgeRetry(e, t);
  }
  edgeHedge(e: number, t: number): void {
    this.inner.edgeHedge(e, t);
  }
  edgeRetrySuppressed(e: number, t: number): void {
    this.inner.edgeRetrySuppressed(e, t);
  }
  edgeRefused(e: number, cause: number, t: number): void {
    this.inner.edgeRefused(e, cause, t);
  }
  edgeFallback(e: number, t: number): void {
    this.inner.edgeFallback(e, t);
  }
  edgeCorruptDetected(e: number, t: number): void {
    this.inner.edgeCorruptDetected(e, t);
  }
  edgeEnded(e: number, outcome: number, startedAt: number, t: number): void {
    this.inner.edgeEnded(e, outcome, startedAt, t);
  }
  breakerDeclared(e: number): void {
    this.inner.breakerDeclared(e);
  }
  breakerTransition(e: number, node: string, from: number, to: number, t: number): void {
    this.inner.breakerTransition(e, node, from, to, t);
  }
  limitChanged(e: number, delta: number, value: number, t: number, first: boolean): void {
    this.inner.limitChanged(e, delta, value, t, first);
  }
  probesDeclared(s: number): void {
    this.inner.probesDeclared(s);
  }
  probeSent(s: number, t: number): void {
    this.inner.probeSent(s, t);
  }
  probeEnded(s: number, result: number, sentAt: number): void {
    this.inner.probeEnded(s, result, sentAt);
  }
  serviceRestart(s: number, t: number): void {
    this.inner.serviceRestart(s, t);
  }
  serviceReplicas(s: number, total: number, ready: number, servingWorkers: number, t: number): void {
    this.inner.serviceReplicas(s, total, ready, servingWorkers, t);
  }
  serviceReadyReplicas(s: number, ready: number, t: number): void {
    this.inner.serviceReadyReplicas(s, ready, t);
  }
  timelineStarted(entry: TimelineStart, t: number): number {
    return this.inner.timelineStarted(entry, t);
  }
  timelineEnded(handle: number, t: number): void {
    this.inner.timelineEnded(handle, t);
  }
  controlEvent(event: Omit<ControlEvent, 'atMs'>, t: number): void {
    this.inner.controlEvent(event, t);
  }
  serviceArrival(s: number, t: number): void {
    this.inner.serviceArrival(s, t);
  }
  serviceWorkStarted(s: number, arrivedAt: number, t: number): void {
    this.inner.serviceWorkStarted(s, arrivedAt, t);
  }
  serviceLate(s: number, t: number): void {
    this.inner.serviceLate(s, t);
  }
  serviceShed(s: number, tier: number, t: number): void {
    this.inner.serviceShed(s, tier, t);
  }
  serviceDuplicate(s: number, t: number): void {
    this.inner.serviceDuplicate(s, t);
  }
  serviceDeduplicated(s: number, t: number): void {
    this.inner.serviceDeduplicated(s, t);
  }
  serviceEjection(s: number, t: number): void {
    this.inner.serviceEjection(s, t);
  }
  queueChanged(s: number, delta: number, t: number): void {
    this.inner.queueChanged(s, delta, t);
  }
  busyChanged(s: number, delta: number, t: number): void {
    this.inner.busyChanged(s, delta, t);
  }
  queuePublished(q: number, t: number): void {
    this.inner.queuePublished(q, t);
  }
  queueDelivered(q: number, ageMs: number, t: number): void {
    this.inner.queueDelivered(q, ageMs, t);
  }
  queueRedelivery(q: number, t: number): void {
    this.inner.queueRedelivery(q, t);
  }
  queueDeadLettered(q: number, t: number): void {
    this.inner.queueDeadLettered(q, t);
  }
  queueObserved(q: number, depth: number, oldestMs: number, t: number): void {
    this.inner.queueObserved(q, depth, oldestMs, t);
  }
}
