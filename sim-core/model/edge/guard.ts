import type { MetricsSink } from '../../metrics/sink.ts';
import type { RandomStreams } from '../../random/streams.ts';
import type { Call, Job } from '../call.ts';
import type { Edge } from '../edge.ts';
import type { TimerService } from '../timers.ts';

/** {@link Guard.admit}: the attempt may go on to the next guard (and, after the last, be sent). */
export const ADMIT = -1;
/** {@link Guard.admit}: the guard holds the call; it resumes or refuses it later through its host. */
export const WAIT = -2;

/**
 * One caller-side pattern on an edge, as a link in Resilience4j's decorator chain: each attempt
 * asks the edge's guards in order, and a guard admits it, refuses it with a cause, or makes it
 * wait. A guard that admitted an attempt then hears how it went: refused by a later guard, over
 * for its caller (free what it held), its result, or its cancellation.
 */
export interface Guard {
  /** {@link ADMIT}, {@link WAIT}, or the refusal's cause (an outcome code). `local`: the caller's clock. */
  admit(call: Call, local: number): number;
  /** A later guard refused the attempt this one admitted, with `cause`: it was never sent. */
  refusedLater(cause: number, local: number): void;
  /** The attempt is over for its caller (answered, timed out, lost or cancelled); before its result is heard. */
  released(job: Job): void;
  /** The attempt's result reached the caller: its outcome and round trip (true ms). */
  ended(job: Job, outcome: number, rttMs: number, local: number): void;
  /** The attempt was cancelled: its call ended another way (a hedge answered, the deadline passed). */
  cancelled(job: Job, local: number): void;
  /** A wait this guard imposed on `call` ran out: the refusal's cause, or {@link ADMIT} if it holds no such call. */
  waitTimedOut(call: Call): number;
}

/** What a guard may ask of the caller: to go on with a call it held, or to refuse it. */
export interface GuardHost {
  /** The call held by the guard at `index` goes on, through the guards after it. */
  resume(call: Call, index: number): void;
  /** The call held by the guard at `index` is refused with `cause`. */
  refuse(call: Call, cause: number, index: number): void;
}

/** What guards are built with. */
export interface GuardContext {
  readonly metrics: MetricsSink;
  readonly timers: TimerService;
  readonly streams: RandomStreams;
  readonly host: GuardHost;
  /** True time now (for the metrics). */
  now(): number;
  /** The caller node's name (breaker transitions name it). */
  nodeName(node: number): string;
}

/** Makes a pattern's guard for an edge whose policy asks for it; null otherwise. `index`: its place in the chain. */
export type GuardFactory = (edge: Edge, ctx: GuardContext, index: number) => Guard | null;

/** A guard's defaults: it hears nothing and holds nothing. Patterns override what they need. */
export abstract class BaseGuard implements Guard {
  abstract admit(call: Call, local: number): number;
  refusedLater(_cause: number, _local: number): void {}
  released(_job: Job): void {}
  ended(_job: Job, _outcome: number, _rttMs: number, _local: number): void {}
  cancelled(_job: Job, _local: number): void {}
  waitTimedOut(_call: Call): number {
    return ADMIT;
  }
}
