/**
 * What an alert can do when it fires: a registry keyed by action kind. A new action (a rollback
 * of a deployment, a failover) is one entry here and one variant of `AlertActionSpec`; the
 * mapped type below makes the compiler ask for the entry, and validation rejects a kind it does
 * not know, listing the allowed ones. Each entry has an `apply` and, when the action can be taken
 * back, an `undo` (run when the alert clears, for `until: 'cleared'`); a one-shot action (a
 * rollback, a failover) has none, and validation rejects `until: 'cleared'` for it.
 *
 * @module
 */
import type { AlertActionSpec } from '../../scenario/slo-spec.ts';
import type { ServiceRuntime } from '../runtime.ts';

/** What an action may touch. */
export interface ActionContext {
  readonly services: readonly ServiceRuntime[];
  /** The index of a service by name (validation guarantees it exists). */
  serviceIndex(name: string): number;
  /**
   * Forces a failover of the service's first active replica, once per `key` (a later call with
   * the same key does nothing); returns the standby's slot, or -1 (none, or already done).
   */
  forceFailover(service: number, key: object): number;
  /** Aborts the service's rollout in progress (`control/rollout.ts`); false if none was. */
  abortRollout(service: number, source: string): boolean;
}

/** What an action did, for its `alert-action` control event. */
export interface ActionEffect {
  /** The service it acted on, or null. */
  readonly service: string | null;
  /** Names and numbers that say what changed (`action` is added by the caller). */
  readonly detail: Record<string, number | string>;
}

/** One action kind: what it does, and how it is taken back (absent: it cannot be). */
export interface ActionKind<S extends AlertActionSpec> {
  apply(spec: S, context: ActionContext): ActionEffect;
  /** Takes back exactly what `applied` (this action's own apply) changed. */
  undo?(spec: S, context: ActionContext, applied: ActionEffect): ActionEffect;
}

/** One entry per action kind. */
export type ActionRegistry = {
  readonly [K in AlertActionSpec['kind']]: ActionKind<Extract<AlertActionSpec, { kind: K }>>;
};

/** One handler per action kind. */
export const ALERT_ACTIONS: ActionRegistry = {
  /**
   * Turns on the load shedding the service declared with `enabled: false`: from now on its
   * replicas shed new arrivals (queue length, priority) or at dequeue (CoDel), as the spec says.
   * Work already queued stays; turning it on twice changes nothing (`changed: 0`). The undo turns
   * it off again, unless this apply found it on already (then it leaves it: `changed: 0`).
   */
  'enable-shedding': {
    apply: (spec, context) => {
      const svc = context.services[context.serviceIndex(spec.service)];
      const wasOn = svc.shedding !== null;
      svc.shedding = svc.spec.shedding;
      return { service: spec.service, detail: { shedding: sheddingKind(svc), changed: wasOn ? 0 : 1 } };
    },
    undo: (spec, context, applied) => {
      const svc = context.services[context.serviceIndex(spec.service)];
      const changed = applied.detail.changed === 1 && svc.shedding !== null;
      if (changed) svc.shedding = null;
      return { service: spec.service, detail: { shedding: sheddingKind(svc), changed: changed ? 1 : 0 } };
    },
  },
  /**
   * Forces a failover of the service (as an operator's `crm resource move` or Patroni's
   * `switchover` would): its first active replica is failed over to its first live standby, with
   * the usual promotion time and fencing. One-shot: a later firing of the same alert does nothing
   * (`changed: 0`); so does a firing while no standby is alive.
   */
  failover: {
    apply: (spec, context) => {
      const standby = context.forceFailover(context.serviceIndex(spec.service), spec);
      return { service: spec.service, detail: { standby, changed: standby < 0 ? 0 : 1 } };
    },
  },
  /**
   * Aborts the service's rollout in progress, as `kubectl argo rollouts abort` (or
   * `kubectl rollout undo` of a rolling update): traffic back to the stable version after the
   * deployment's `rollbackMs`. One-shot: a rollback is not undone when the alert clears. No
   * rollout in progress: nothing changes (`changed: 0`).
   */
  rollback: {
    apply: (spec, context) => ({
      service: spec.service,
      detail: { changed: context.abortRollout(context.serviceIndex(spec.service), 'alert') ? 1 : 0 },
    }),
  },
};

function sheddingKind(svc: ServiceRuntime): string {
  return svc.spec.shedding === null ? 'none' : svc.spec.shedding.kind;
}

/** The action kinds, for messages. */
export const ALERT_ACTION_KINDS: readonly string[] = Object.keys(ALERT_ACTIONS);

/** The kinds whose action can be undone (allowed with `until: 'cleared'`), in registry order. */
export function undoableActionKinds(
  registry: Readonly<Record<string, { readonly undo?: unknown }>> = ALERT_ACTIONS,
): string[] {
  return Object.entries(registry)
    .filter(([, kind]) => kind.undo !== undefined)
    .map(([name]) => name);
}

function kindOf(spec: AlertActionSpec): ActionKind<AlertActionSpec> {
  return ALERT_ACTIONS[spec.kind] as ActionKind<AlertActionSpec>;
}

/** Applies an action through its kind's handler. */
export function applyAction(spec: AlertActionSpec, context: ActionContext): ActionEffect {
  return kindOf(spec).apply(spec, context);
}

/** Takes an applied action back; validation guarantees its kind has an undo. */
export function undoAction(
  spec: AlertActionSpec,
  context: ActionContext,
  applied: ActionEffect,
): ActionEffect {
  const undo = kindOf(spec).undo;
  if (undo === undefined) throw new Error(`alert action ${JSON.stringify(spec.kind)} cannot be undone`);
  return undo(spec, context, applied);
}
