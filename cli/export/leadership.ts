/**
 * A leader store's leadership as the trace shows it: each term a replica led, from its election to
 * its step-down (a later term heard, check-quorum, a crash) or the run's end, and within it the
 * spans its lease held (Raft thesis §6.4.1: on the leader's own clock, so a slow clock stretches
 * them in true time). Fed by the run probe's `storeLeadership` / `storeLease` hooks; a lease span
 * is extended while renewals come before it ends, and cut at the end of its term.
 */

/** One lease span of a leader, in true time. */
export interface LeaseSpan {
  fromMs: number;
  /** Where the lease ends: its last renewal's end, or its term's end if that came first. */
  untilMs: number;
}

/** One term a replica led. */
export interface LeadershipSpan {
  /** Creation order: the deterministic tie-breaker. */
  seq: number;
  /** Service index and replica slot. */
  service: number;
  replica: number;
  term: number;
  fromMs: number;
  /** null while it still leads (closed at the run's end by {@link LeadershipRecorder.finish}). */
  toMs: number | null;
  leases: LeaseSpan[];
}

export class LeadershipRecorder {
  readonly spans: LeadershipSpan[] = [];
  private readonly open = new Map<string, LeadershipSpan>();

  leadership(service: number, replica: number, term: number, leading: boolean, nowMs: number): void {
    const key = `${service}/${replica}`;
    const current = this.open.get(key);
    if (current !== undefined) {
      this.close(current, nowMs);
      this.open.delete(key);
    }
    if (!leading) return;
    const span: LeadershipSpan = {
      seq: this.spans.length,
      service,
      replica,
      term,
      fromMs: nowMs,
      toMs: null,
      leases: [],
    };
    this.spans.push(span);
    this.open.set(key, span);
  }

  lease(service: number, replica: number, term: number, untilMs: number, nowMs: number): void {
    const span = this.open.get(`${service}/${replica}`);
    if (span === undefined || span.term !== term) return;
    const last = span.leases.at(-1);
    if (last !== undefined && last.untilMs >= nowMs) last.untilMs = Math.max(last.untilMs, untilMs);
    else span.leases.push({ fromMs: nowMs, untilMs });
  }

  /** Closes the terms still led at `endMs`. */
  finish(endMs: number): LeadershipSpan[] {
    for (const span of this.open.values()) this.close(span, endMs);
    this.open.clear();
    return this.spans;
  }

  private close(span: LeadershipSpan, toMs: number): void {
    span.toMs = toMs;
    for (const l of span.leases) l.untilMs = Math.min(l.untilMs, toMs);
  }
}
