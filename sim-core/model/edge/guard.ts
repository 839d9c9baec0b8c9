import type { MetricsSink } from '../../metrics/sink.ts';
import type { RandomStreams } from '../../random/streams.ts';
import type { Call, Job } from '../call.ts';
import type { Edge, Guard } from '../edge.ts';

export type { Guard } from '../edge.ts';

import type { TimerService } from '../timers.ts';

/** `Guard.admit`: the attempt may go on to the next guard (and, after the last, be sent). */
export const ADMIT = -1;
/** `Guard.admit`: the guard holds the call; it resumes or refuses it later through its host. */
export const WAIT = -2;

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
